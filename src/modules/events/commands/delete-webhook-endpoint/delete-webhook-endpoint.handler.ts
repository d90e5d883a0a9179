import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command';
import { existingWebhookEndpoint } from '@domain/events/existing-webhook-endpoint';

/** Deletes the endpoint and its deliveries; pending attempts find nothing and stop. */
@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand, void> {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  async execute({ props: c }: DeleteWebhookEndpointCommand): Promise<void> {
    const endpoint = await existingWebhookEndpoint(this.endpoints, c.organizationId, c.endpointId);
    endpoint.delete();
    await this.endpoints.remove(endpoint);
  }
}
