import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { webhookDeliveryNotFound } from '@domain/events/errors';
import { WebhookDeliveryStore, type WebhookDeliveryView } from '@domain/events/ports/webhook-repositories.port';
import { GetWebhookDeliveryQuery } from './get-webhook-delivery.query';

@QueryHandler(GetWebhookDeliveryQuery)
export class GetWebhookDeliveryHandler implements IQueryHandler<GetWebhookDeliveryQuery, WebhookDeliveryView> {
  constructor(private readonly deliveries: WebhookDeliveryStore) {}

  async execute({ props: q }: GetWebhookDeliveryQuery): Promise<WebhookDeliveryView> {
    const found = await this.deliveries.find(q.organizationId, q.deliveryId);
    if (!found || found.endpointId !== q.endpointId) throw webhookDeliveryNotFound();
    const { body: _body, ...view } = found;
    return view;
  }
}
