import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookDeliveryStore, WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { PING_EVENT_TYPE } from '@domain/events/webhook-delivery';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { DELIVER_WEBHOOK_QUEUE, type DeliverWebhookJobData } from '../../events-queues';
import { PingWebhookEndpointCommand } from './ping-webhook-endpoint.command';
import { existingWebhookEndpoint } from '@domain/events/existing-webhook-endpoint';

/** A signed `webhook.ping` delivery, attempted once: a receiver can be tested before real events flow. */
@CommandHandler(PingWebhookEndpointCommand)
export class PingWebhookEndpointHandler implements ICommandHandler<PingWebhookEndpointCommand, { deliveryId: string }> {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryStore,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: PingWebhookEndpointCommand): Promise<{ deliveryId: string }> {
    await existingWebhookEndpoint(this.endpoints, c.organizationId, c.endpointId);
    const now = this.clock.now();
    const deliveryId = newId();
    const eventId = newId();
    const body = JSON.stringify({
      type: PING_EVENT_TYPE,
      timestamp: now.toISOString(),
      data: { id: eventId, organizationId: c.organizationId, endpointId: c.endpointId },
    });
    await this.deliveries.create({
      id: deliveryId,
      organizationId: c.organizationId,
      endpointId: c.endpointId,
      eventId,
      eventType: PING_EVENT_TYPE,
      body,
      createdAt: now,
    });
    const data: DeliverWebhookJobData = { organizationId: c.organizationId, deliveryId, mode: 'once' };
    await this.jobs.send(DELIVER_WEBHOOK_QUEUE, data);
    return { deliveryId };
  }
}
