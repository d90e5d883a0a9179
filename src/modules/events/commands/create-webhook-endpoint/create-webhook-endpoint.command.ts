import { OrganizationCommand } from '../../../shared';

export interface CreateWebhookEndpointProps {
  readonly organizationId: string;
  readonly url: string;
  readonly description: string | null;
  readonly eventTypes: string[];
  readonly enabled: boolean;
}

export class CreateWebhookEndpointCommand extends OrganizationCommand<CreateWebhookEndpointProps, { endpointId: string; secret: string }> {}
