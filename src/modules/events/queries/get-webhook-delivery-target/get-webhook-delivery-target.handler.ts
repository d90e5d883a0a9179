import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WebhookDeliveryStore, WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { Clock } from '@domain/shared/clock';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { webhookSecretContext } from '../../webhook-secrets';
import { GetWebhookDeliveryTargetQuery, type WebhookDeliveryTarget } from './get-webhook-delivery-target.query';

@QueryHandler(GetWebhookDeliveryTargetQuery)
export class GetWebhookDeliveryTargetHandler implements IQueryHandler<GetWebhookDeliveryTargetQuery, WebhookDeliveryTarget | null> {
  constructor(
    private readonly deliveries: WebhookDeliveryStore,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute({ props: q }: GetWebhookDeliveryTargetQuery): Promise<WebhookDeliveryTarget | null> {
    const delivery = await this.deliveries.find(q.organizationId, q.deliveryId);
    if (!delivery) return null;
    const endpoint = await this.endpoints.findById(q.organizationId, delivery.endpointId);
    if (!endpoint) return null;
    const s = endpoint.snapshot();
    const context = webhookSecretContext(s.id);
    const secrets = [this.secrets.open(s.secretSealed, context)];
    // During a rotation's overlap both secrets sign, so a receiver still on the old one keeps verifying.
    if (s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt > this.clock.now()) {
      secrets.push(this.secrets.open(s.previousSecretSealed, context));
    }
    return {
      status: delivery.status,
      endpointEnabled: s.enabled,
      url: s.url,
      messageId: `msg_${delivery.eventId}`,
      body: delivery.body,
      secrets,
      waitsFor: await this.deliveries.earlierPendingOfSameResource(q.organizationId, q.deliveryId),
    };
  }
}
