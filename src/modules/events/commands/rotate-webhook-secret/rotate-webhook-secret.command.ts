import { OrganizationCommand } from '../../../shared';

export interface RotateWebhookSecretProps {
  readonly organizationId: string;
  readonly endpointId: string;
  /** How long the replaced secret keeps signing; the configured overlap when absent. */
  readonly overlapSeconds?: number;
}

export class RotateWebhookSecretCommand extends OrganizationCommand<
  RotateWebhookSecretProps,
  { secret: string; previousSecretExpiresAt: Date }
> {}
