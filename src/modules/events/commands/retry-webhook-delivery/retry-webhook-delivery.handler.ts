import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { webhookDeliveryNotFound } from '@domain/events/errors';
import { WebhookDeliveryStore } from '@domain/events/ports/webhook-repositories.port';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { DELIVER_WEBHOOK_QUEUE, type DeliverWebhookJobData } from '../../events-queues';
import { RetryWebhookDeliveryCommand } from './retry-webhook-delivery.command';

/** One more attempt, now, whatever the delivery's state (a manual retry does not disable the endpoint). */
@CommandHandler(RetryWebhookDeliveryCommand)
export class RetryWebhookDeliveryHandler implements ICommandHandler<RetryWebhookDeliveryCommand, void> {
  constructor(
    private readonly deliveries: WebhookDeliveryStore,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RetryWebhookDeliveryCommand): Promise<void> {
    const delivery = await this.deliveries.find(c.organizationId, c.deliveryId);
    if (!delivery || delivery.endpointId !== c.endpointId) throw webhookDeliveryNotFound();
    await this.deliveries.markPending(c.organizationId, c.deliveryId, this.clock.now());
    const data: DeliverWebhookJobData = { organizationId: c.organizationId, deliveryId: c.deliveryId, mode: 'once' };
    await this.jobs.send(DELIVER_WEBHOOK_QUEUE, data);
  }
}
