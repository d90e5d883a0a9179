import { OrganizationQuery } from '../../../shared';
import type { WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';

export interface GetWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class GetWebhookEndpointQuery extends OrganizationQuery<GetWebhookEndpointProps, WebhookEndpointView> {}
