import { Command } from '@nestjs/cqrs';

export interface RotateWebhookSecretProps {
  readonly organizationId: string;
  readonly endpointId: string;
  /** How long the replaced secret keeps signing; the configured overlap when absent. */
  readonly overlapSeconds?: number;
}

export class RotateWebhookSecretCommand extends Command<{ secret: string; previousSecretExpiresAt: Date }> {
  constructor(readonly props: RotateWebhookSecretProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
