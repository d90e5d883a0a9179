import { Injectable } from '@nestjs/common';
import {
  RecordingExportReadModel,
  RECORDING_EXPORT_KINDS,
  type RecordingExportKind,
} from '@domain/recording/ports/recording-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import { conversations, recordings } from './recording.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<RecordingExportKind, ExportTable> = {
  recording: { table: recordings, organization: recordings.organizationId, keys: [recordings.id] },
  conversation: { table: conversations, organization: conversations.organizationId, keys: [conversations.id] },
};

@Injectable()
export class DrizzleRecordingExportReadModel extends RecordingExportReadModel {
  readonly kinds = RECORDING_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'recording', kind, organizationId, after, limit);
  }
}
