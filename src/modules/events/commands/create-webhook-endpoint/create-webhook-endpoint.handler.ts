import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { WebhookEndpoint } from '@domain/events/webhook-endpoint.aggregate';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { newWebhookSecret, webhookSecretContext } from '../../webhook-secrets';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command';

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand, { endpointId: string; secret: string }> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: CreateWebhookEndpointCommand): Promise<{ endpointId: string; secret: string }> {
    const id = newId();
    const secret = newWebhookSecret();
    const endpoint = WebhookEndpoint.create({
      id,
      organizationId: c.organizationId,
      url: c.url,
      description: c.description,
      eventTypes: c.eventTypes,
      enabled: c.enabled,
      secretSealed: this.secrets.seal(secret, webhookSecretContext(id)),
      now: this.clock.now(),
    });
    await this.endpoints.save(endpoint);
    return { endpointId: id, secret };
  }
}
