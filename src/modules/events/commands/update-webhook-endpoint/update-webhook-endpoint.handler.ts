import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { Clock } from '@domain/shared/clock';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command';
import { changeWebhookEndpoint } from '@domain/events/existing-webhook-endpoint';

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand, void> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: UpdateWebhookEndpointCommand): Promise<void> {
    await changeWebhookEndpoint(this.endpoints, c.organizationId, c.endpointId, (endpoint) =>
      endpoint.update({ url: c.url, description: c.description, eventTypes: c.eventTypes, enabled: c.enabled }, this.clock.now()),
    );
  }
}
