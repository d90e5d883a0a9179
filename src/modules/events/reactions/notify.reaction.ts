import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AnalysisAssigned, AnalysisReviewed } from '@domain/analysis/events/analysis.events';
import { WebhookEndpointDisabled } from '@domain/events/events/webhook.events';
import { RecordingImportFailed } from '@domain/recording/events/recording.events';
import { DomainEventSubscriptions, type EventJob } from '@domain/shared/ports/domain-event-subscriptions.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { TransactionalCommandBus } from '../../shared';
import { CreateNotificationsCommand } from '../commands/create-notifications/create-notifications.command';
import { NOTIFY_QUEUE } from '../events-queues';

/** The events that concern people become their notifications (a job per event, sent with it). */
@Injectable()
export class NotifyReaction implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
  ) {}

  /** The queue is declared by EventsModule, one queue after the other (see there). */
  onModuleInit(): void {
    this.subscriptions.enqueueOn(AnalysisAssigned, NOTIFY_QUEUE);
    this.subscriptions.enqueueOn(AnalysisReviewed, NOTIFY_QUEUE);
    this.subscriptions.enqueueOn(RecordingImportFailed, NOTIFY_QUEUE);
    this.subscriptions.enqueueOn(WebhookEndpointDisabled, NOTIFY_QUEUE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<EventJob>(NOTIFY_QUEUE, (event) => this.handle(event));
  }

  async handle(event: EventJob): Promise<void> {
    await this.commands.execute(
      new CreateNotificationsCommand({
        organizationId: event.organizationId,
        eventId: event.eventId,
        type: event.type,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
        payload: event.payload as Record<string, unknown>,
      }),
    );
  }
}
