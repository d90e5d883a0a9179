import { OrganizationQuery } from '../../../shared';
import type { WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';

export interface ListWebhookEndpointsProps {
  readonly organizationId: string;
  readonly beforeId: string | undefined;
  readonly limit: number;
}

export class ListWebhookEndpointsQuery extends OrganizationQuery<ListWebhookEndpointsProps, WebhookEndpointView[]> {}
