import { OrganizationQuery } from '../../../shared';
import type { WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';

export interface ListWebhookDeliveriesProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly beforeId: string | undefined;
  readonly limit: number;
}

export class ListWebhookDeliveriesQuery extends OrganizationQuery<ListWebhookDeliveriesProps, WebhookDeliveryView[]> {}
