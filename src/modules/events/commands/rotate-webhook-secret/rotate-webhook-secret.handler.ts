import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { WebhookSettings } from '@domain/events/ports/webhook-transport.port';
import { Clock } from '@domain/shared/clock';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { newWebhookSecret, webhookSecretContext } from '../../webhook-secrets';
import { RotateWebhookSecretCommand } from './rotate-webhook-secret.command';
import { existingWebhookEndpoint } from '@domain/events/existing-webhook-endpoint';

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<
  RotateWebhookSecretCommand,
  { secret: string; previousSecretExpiresAt: Date }
> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly secrets: SecretBox,
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RotateWebhookSecretCommand): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
    const endpoint = await existingWebhookEndpoint(this.endpoints, c.organizationId, c.endpointId);
    const now = this.clock.now();
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(now.getTime() + (c.overlapSeconds ?? this.settings.secretOverlapSeconds) * 1000);
    endpoint.rotateSecret(this.secrets.seal(secret, webhookSecretContext(endpoint.id)), previousSecretExpiresAt, now);
    await this.endpoints.save(endpoint);
    return { secret, previousSecretExpiresAt };
  }
}
