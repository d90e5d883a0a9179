import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  WebhookDeliveryStore,
  WebhookEndpointRepository,
  type WebhookDeliveryStatus,
} from '@domain/events/ports/webhook-repositories.port';
import { WebhookSettings } from '@domain/events/ports/webhook-transport.port';
import { nextRetryDelay } from '@domain/events/webhook-delivery';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { DELIVER_WEBHOOK_QUEUE, type DeliverWebhookJobData } from '../../events-queues';
import { RecordWebhookAttemptCommand } from './record-webhook-attempt.command';

/**
 * Records what one attempt got. A failed event delivery is tried again after the next delay of
 * the schedule (the job is sent in this transaction); past the last, the delivery has failed
 * and its endpoint is disabled (an audit row and a `webhook_endpoint.disabled` event).
 */
@CommandHandler(RecordWebhookAttemptCommand)
export class RecordWebhookAttemptHandler implements ICommandHandler<RecordWebhookAttemptCommand, WebhookDeliveryStatus | null> {
  constructor(
    private readonly deliveries: WebhookDeliveryStore,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly jobs: JobQueue,
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordWebhookAttemptCommand): Promise<WebhookDeliveryStatus | null> {
    const delivery = await this.deliveries.find(c.organizationId, c.deliveryId);
    if (!delivery) return null;
    if (delivery.status !== 'pending') return delivery.status;
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    const { result } = c;
    const seen = {
      at: now,
      responseStatus: result.status,
      responseTimeMs: result.timeMs,
      error: result.ok ? null : result.error.slice(0, 500),
    };
    if (result.ok) {
      await this.deliveries.recordAttempt(c.organizationId, c.deliveryId, { ...seen, status: 'succeeded', nextAttemptAt: null });
      await this.releaseNextOfSameResource(c.organizationId, c.deliveryId);
      return 'succeeded';
    }
    const delay = c.mode === 'auto' ? nextRetryDelay(attempts, this.settings.retryScheduleSeconds) : null;
    if (delay !== null) {
      await this.deliveries.recordAttempt(c.organizationId, c.deliveryId, {
        ...seen,
        status: 'pending',
        nextAttemptAt: new Date(now.getTime() + delay * 1000),
      });
      const data: DeliverWebhookJobData = { organizationId: c.organizationId, deliveryId: c.deliveryId, mode: 'auto' };
      await this.jobs.send(DELIVER_WEBHOOK_QUEUE, data, { startAfterSeconds: delay });
      return 'pending';
    }
    await this.deliveries.recordAttempt(c.organizationId, c.deliveryId, { ...seen, status: 'failed', nextAttemptAt: null });
    await this.releaseNextOfSameResource(c.organizationId, c.deliveryId);
    if (c.mode === 'auto') {
      const endpoint = await this.endpoints.findById(c.organizationId, delivery.endpointId);
      if (endpoint) {
        endpoint.disableForFailures(`${attempts} attempts failed; the last: ${seen.error}`, c.deliveryId, now);
        await this.endpoints.save(endpoint);
      }
    }
    return 'failed';
  }

  /** The delivery waiting behind this one (same endpoint, same resource) goes now, in this transaction. */
  private async releaseNextOfSameResource(organizationId: string, deliveryId: string): Promise<void> {
    const next = await this.deliveries.nextPendingOfSameResource(organizationId, deliveryId);
    if (!next) return;
    const data: DeliverWebhookJobData = { organizationId, deliveryId: next, mode: 'auto' };
    await this.jobs.send(DELIVER_WEBHOOK_QUEUE, data);
  }
}
