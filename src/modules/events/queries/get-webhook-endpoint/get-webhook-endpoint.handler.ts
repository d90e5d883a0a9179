import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { webhookEndpointNotFound } from '@domain/events/errors';
import { WebhookEndpointRepository, type WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';
import { GetWebhookEndpointQuery } from './get-webhook-endpoint.query';

@QueryHandler(GetWebhookEndpointQuery)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpointQuery, WebhookEndpointView> {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  async execute({ props: q }: GetWebhookEndpointQuery): Promise<WebhookEndpointView> {
    const view = await this.endpoints.view(q.organizationId, q.endpointId);
    if (!view) throw webhookEndpointNotFound();
    return view;
  }
}
