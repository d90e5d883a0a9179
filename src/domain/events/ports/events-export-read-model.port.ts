import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the events context contributes to an organization's export, in export order. */
export const EVENTS_EXPORT_KINDS = ['webhook_endpoint', 'notification'] as const;
export type EventsExportKind = (typeof EVENTS_EXPORT_KINDS)[number];

/**
 * Webhook endpoints (never their signing secrets) and notifications.
 * Keyset pages of the events context's own tables for one organization.
 */
export abstract class EventsExportReadModel extends ExportRowsReadModel {}
