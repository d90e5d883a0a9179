import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { LiveEventSettings } from '@domain/events/ports/live-event-settings.port';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import { NotificationRecipients, NotificationRepository } from '@domain/events/ports/notification-repository.port';
import { WebhookDeliveryStore, WebhookEndpointRepository } from '@domain/events/ports/webhook-repositories.port';
import { WebhookSettings, WebhookTransport } from '@domain/events/ports/webhook-transport.port';
import { Clock } from '@domain/shared/clock';
import { CommitNotifications } from '@domain/shared/ports/commit-notifications.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { AppConfig } from '@infrastructure/config/app-config';
import { PgCommitNotifications } from '@infrastructure/events/commit-notifications';
import {
  DrizzleLiveEventStore,
  DrizzleNotificationRepository,
  DrizzleWebhookDeliveryStore,
  DrizzleWebhookEndpointRepository,
} from '@infrastructure/persistence/events/drizzle-events.repositories';
import { StandardWebhooksTransport } from '@infrastructure/webhooks/standard-webhooks.transport';
import { TransactionalCommandBus } from '../shared';
import { PruneLiveEventsCommand } from './commands/prune-live-events/prune-live-events.command';
import { PruneLiveEventsHandler } from './commands/prune-live-events/prune-live-events.handler';
import { RecordLiveEventSubscriber } from './reactions/record-live-event.subscriber';
import { CreateWebhookEndpointHandler } from './commands/create-webhook-endpoint/create-webhook-endpoint.handler';
import { DeleteWebhookEndpointHandler } from './commands/delete-webhook-endpoint/delete-webhook-endpoint.handler';
import { PingWebhookEndpointHandler } from './commands/ping-webhook-endpoint/ping-webhook-endpoint.handler';
import { RecordWebhookAttemptHandler } from './commands/record-webhook-attempt/record-webhook-attempt.handler';
import { RetryWebhookDeliveryHandler } from './commands/retry-webhook-delivery/retry-webhook-delivery.handler';
import { RotateWebhookSecretHandler } from './commands/rotate-webhook-secret/rotate-webhook-secret.handler';
import { UpdateWebhookEndpointHandler } from './commands/update-webhook-endpoint/update-webhook-endpoint.handler';
import { CreateNotificationsHandler } from './commands/create-notifications/create-notifications.handler';
import { MarkNotificationReadHandler } from './commands/mark-notification-read/mark-notification-read.handler';
import { EventsController } from './http/events.controller';
import { NotificationsController } from './http/notifications.controller';
import { ListMyNotificationsHandler } from './queries/list-my-notifications/list-my-notifications.handler';
import { NotifyReaction } from './reactions/notify.reaction';
import { TenancyNotificationRecipients } from './tenancy-notification-recipients.adapter';
import { WebhookEndpointsController } from './http/webhook-endpoints.controller';
import { DeliverWebhookJob } from './jobs/deliver-webhook.job';
import { EnqueueWebhookDeliveriesSubscriber } from './reactions/enqueue-webhook-deliveries.subscriber';
import { GetWebhookDeliveryTargetHandler } from './queries/get-webhook-delivery-target/get-webhook-delivery-target.handler';
import { GetWebhookDeliveryHandler } from './queries/get-webhook-delivery/get-webhook-delivery.handler';
import { GetWebhookEndpointHandler } from './queries/get-webhook-endpoint/get-webhook-endpoint.handler';
import { ListWebhookDeliveriesHandler } from './queries/list-webhook-deliveries/list-webhook-deliveries.handler';
import { ListWebhookEndpointsHandler } from './queries/list-webhook-endpoints/list-webhook-endpoints.handler';
import { DELIVER_WEBHOOK_QUEUE, DELIVER_WEBHOOK_RETRY_LIMIT, NOTIFY_QUEUE, type DeliverWebhookJobData } from './events-queues';
import { LiveEventHub } from './live-event-hub.service';
import { GetLastLiveEventPositionHandler } from './queries/get-last-live-event-position/get-last-live-event-position.handler';
import { ListLiveEventsHandler } from './queries/list-live-events/list-live-events.handler';
import { EventsExportReadModel } from '@domain/events/ports/events-export-read-model.port';
import { DrizzleEventsExportReadModel } from '@infrastructure/persistence/events/drizzle-events-export.read-model';
import { ExportEventsRowsHandler } from './queries/export-events-rows/export-events-rows.handler';
import { EventCopiesEraser } from '@domain/events/ports/event-copies-eraser.port';
import { DrizzleEventCopiesEraser } from '@infrastructure/persistence/events/drizzle-events-copies.eraser';
import { RedactEventCopiesHandler } from './commands/redact-event-copies/redact-event-copies.handler';

export const PRUNE_LIVE_EVENTS_QUEUE = 'events.prune-live-events';

@Module({
  controllers: [EventsController, WebhookEndpointsController, NotificationsController],
  providers: [
    { provide: EventCopiesEraser, useClass: DrizzleEventCopiesEraser },
    RedactEventCopiesHandler,
    { provide: EventsExportReadModel, useClass: DrizzleEventsExportReadModel },
    ExportEventsRowsHandler,
    { provide: LiveEventStore, useClass: DrizzleLiveEventStore },
    { provide: CommitNotifications, useClass: PgCommitNotifications },
    { provide: LiveEventSettings, inject: [AppConfig], useFactory: (config: AppConfig): LiveEventSettings => ({ ...config.liveEvents }) },
    RecordLiveEventSubscriber,
    LiveEventHub,
    ListLiveEventsHandler,
    GetLastLiveEventPositionHandler,
    PruneLiveEventsHandler,
    { provide: WebhookEndpointRepository, useClass: DrizzleWebhookEndpointRepository },
    { provide: WebhookDeliveryStore, useClass: DrizzleWebhookDeliveryStore },
    { provide: WebhookTransport, useClass: StandardWebhooksTransport },
    {
      provide: WebhookSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): WebhookSettings => ({
        retryScheduleSeconds: config.webhooks.retryScheduleSeconds,
        timeoutMs: config.webhooks.timeoutMs,
        secretOverlapSeconds: config.webhooks.secretOverlapSeconds,
      }),
    },
    EnqueueWebhookDeliveriesSubscriber,
    DeliverWebhookJob,
    CreateWebhookEndpointHandler,
    UpdateWebhookEndpointHandler,
    DeleteWebhookEndpointHandler,
    RotateWebhookSecretHandler,
    RecordWebhookAttemptHandler,
    RetryWebhookDeliveryHandler,
    PingWebhookEndpointHandler,
    ListWebhookEndpointsHandler,
    GetWebhookEndpointHandler,
    ListWebhookDeliveriesHandler,
    GetWebhookDeliveryHandler,
    GetWebhookDeliveryTargetHandler,
    { provide: NotificationRepository, useClass: DrizzleNotificationRepository },
    // Tenancy's published read port, for recipients by role.
    { provide: NotificationRecipients, useClass: TenancyNotificationRecipients },
    NotifyReaction,
    CreateNotificationsHandler,
    MarkNotificationReadHandler,
    ListMyNotificationsHandler,
  ],
  exports: [LiveEventHub],
})
export class EventsModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
    private readonly settings: LiveEventSettings,
    private readonly clock: Clock,
    private readonly deliverWebhook: DeliverWebhookJob,
    private readonly config: AppConfig,
  ) {}

  /**
   * Every queue of the context, declared one after the other: Nest runs a module's providers'
   * onModuleInit hooks at once, and two pg-boss queues created at once on PostgreSQL can deadlock
   * (each creation also grants on every table of the pgboss schema).
   */
  async onModuleInit(): Promise<void> {
    await this.jobs.declare(DELIVER_WEBHOOK_QUEUE, { retryLimit: DELIVER_WEBHOOK_RETRY_LIMIT });
    await this.jobs.declare(NOTIFY_QUEUE);
    await this.jobs.declare(PRUNE_LIVE_EVENTS_QUEUE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(PRUNE_LIVE_EVENTS_QUEUE, async () => {
      const before = new Date(this.clock.now().getTime() - this.settings.retentionHours * 3_600_000);
      await this.commands.execute<number>(new PruneLiveEventsCommand({ before }));
    });
    await this.jobs.schedule(PRUNE_LIVE_EVENTS_QUEUE, '41 * * * *');
    await this.jobs.work<DeliverWebhookJobData>(DELIVER_WEBHOOK_QUEUE, (data) => this.deliverWebhook.run(data), {
      concurrency: this.config.webhooks.concurrency,
    });
  }
}
