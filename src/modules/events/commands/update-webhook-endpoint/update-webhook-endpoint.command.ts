import { OrganizationCommand } from '../../../shared';

export interface UpdateWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly url?: string;
  readonly description?: string | null;
  readonly eventTypes?: string[];
  readonly enabled?: boolean;
}

export class UpdateWebhookEndpointCommand extends OrganizationCommand<UpdateWebhookEndpointProps> {}
