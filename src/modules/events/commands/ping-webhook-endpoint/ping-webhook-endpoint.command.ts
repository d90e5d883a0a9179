import { OrganizationCommand } from '../../../shared';

export interface PingWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class PingWebhookEndpointCommand extends OrganizationCommand<PingWebhookEndpointProps, { deliveryId: string }> {}
