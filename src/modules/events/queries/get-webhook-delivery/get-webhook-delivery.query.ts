import { OrganizationQuery } from '../../../shared';
import type { WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';

export interface GetWebhookDeliveryProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly deliveryId: string;
}

export class GetWebhookDeliveryQuery extends OrganizationQuery<GetWebhookDeliveryProps, WebhookDeliveryView> {}
