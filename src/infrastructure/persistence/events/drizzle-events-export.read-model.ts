import { Injectable } from '@nestjs/common';
import { EventsExportReadModel, EVENTS_EXPORT_KINDS, type EventsExportKind } from '@domain/events/ports/events-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import { notifications, webhookEndpoints } from './events.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<EventsExportKind, ExportTable> = {
  webhook_endpoint: {
    table: webhookEndpoints,
    organization: webhookEndpoints.organizationId,
    keys: [webhookEndpoints.id],
    omit: ['secretSealed', 'previousSecretSealed'],
  },
  notification: { table: notifications, organization: notifications.organizationId, keys: [notifications.id] },
};

@Injectable()
export class DrizzleEventsExportReadModel extends EventsExportReadModel {
  readonly kinds = EVENTS_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'events', kind, organizationId, after, limit);
  }
}
