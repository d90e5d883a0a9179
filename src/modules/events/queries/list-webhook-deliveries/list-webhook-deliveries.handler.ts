import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { webhookEndpointNotFound } from '@domain/events/errors';
import { WebhookDeliveryStore, WebhookEndpointRepository, type WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery, WebhookDeliveryView[]> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryStore,
  ) {}

  async execute({ props: q }: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryView[]> {
    if (!(await this.endpoints.view(q.organizationId, q.endpointId))) throw webhookEndpointNotFound();
    return this.deliveries.list(q.organizationId, q.endpointId, q.beforeId, q.limit);
  }
}
