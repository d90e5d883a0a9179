import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WebhookEndpointRepository, type WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';
import { ListWebhookEndpointsQuery } from './list-webhook-endpoints.query';

@QueryHandler(ListWebhookEndpointsQuery)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpointsQuery, WebhookEndpointView[]> {
  constructor(private readonly endpoints: WebhookEndpointRepository) {}

  execute({ props: q }: ListWebhookEndpointsQuery): Promise<WebhookEndpointView[]> {
    return this.endpoints.list(q.organizationId, q.beforeId, q.limit);
  }
}
