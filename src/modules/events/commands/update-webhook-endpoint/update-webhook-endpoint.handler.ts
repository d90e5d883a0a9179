import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { webhookEndpointNotFound } from '@domain/events/errors';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { Clock } from '@domain/shared/clock';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command';

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand, void> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: UpdateWebhookEndpointCommand): Promise<void> {
    const endpoint = await this.endpoints.findById(c.organizationId, c.endpointId);
    if (!endpoint) throw webhookEndpointNotFound();
    endpoint.update({ url: c.url, description: c.description, eventTypes: c.eventTypes, enabled: c.enabled }, this.clock.now());
    await this.endpoints.save(endpoint);
  }
}
