import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { webhookEndpointNotFound } from '@domain/events/errors';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command';

/** Deletes the endpoint and its deliveries; pending attempts find nothing and stop. */
@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand, void> {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  async execute({ props: c }: DeleteWebhookEndpointCommand): Promise<void> {
    const endpoint = await this.endpoints.findById(c.organizationId, c.endpointId);
    if (!endpoint) throw webhookEndpointNotFound();
    endpoint.delete();
    await this.endpoints.remove(endpoint);
  }
}
