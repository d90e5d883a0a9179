import { OrganizationCommand } from '../../../shared';

export interface DeleteWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class DeleteWebhookEndpointCommand extends OrganizationCommand<DeleteWebhookEndpointProps> {}
