import { Injectable, type OnModuleInit } from '@nestjs/common';
import { liveEventRecordOf } from '@domain/events/live-event';
import { WebhookDeliveryStore, WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { webhookBodyOf } from '@domain/events/webhook-delivery';
import type { DomainEvent } from '@domain/shared/domain-event';
import { newId } from '@domain/shared/ids';
import { DomainEventSubscriptions } from '@domain/shared/ports/domain-event-subscriptions.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { DELIVER_WEBHOOK_QUEUE, type DeliverWebhookJobData } from '../events-queues';

/**
 * Every event, for each enabled endpoint of its organization that wants its type: a delivery
 * row and its first job, in the transaction of the change. Nothing is sent before commit, and a
 * crash after commit cannot lose a delivery: the job is in the database with the change.
 */
@Injectable()
export class EnqueueWebhookDeliveriesSubscriber implements OnModuleInit {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryStore,
    private readonly jobs: JobQueue,
  ) {}

  /** The queue is declared by EventsModule, one queue after the other (see there). */
  onModuleInit(): void {
    this.subscriptions.onEventInTransaction('*', 'webhooks', (event) => this.handle(event));
  }

  async handle(event: DomainEvent): Promise<void> {
    const endpoints = (await this.endpoints.enabledOf(event.organizationId)).filter((e) => e.wants(event.type));
    if (endpoints.length === 0) return;
    const body = webhookBodyOf(liveEventRecordOf(event));
    for (const endpoint of endpoints) {
      const deliveryId = newId();
      const created = await this.deliveries.create({
        id: deliveryId,
        organizationId: event.organizationId,
        endpointId: endpoint.id,
        eventId: event.eventId,
        eventType: event.type,
        body,
        createdAt: event.occurredAt,
      });
      const data: DeliverWebhookJobData = { organizationId: event.organizationId, deliveryId, mode: 'auto' };
      if (created) await this.jobs.send(DELIVER_WEBHOOK_QUEUE, data, { id: deliveryId });
    }
  }
}
