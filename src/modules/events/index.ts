export { EventsModule, PRUNE_LIVE_EVENTS_QUEUE } from './events.module';
export { LiveEventHub } from './live-event-hub.service';
export { DELIVER_WEBHOOK_QUEUE, NOTIFY_QUEUE } from './events-queues';
export { ExportEventsRowsQuery } from './queries/export-events-rows/export-events-rows.query';
export { RedactEventCopiesCommand } from './commands/redact-event-copies/redact-event-copies.command';
