import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the recording context contributes to an organization's export, in export order. */
export const RECORDING_EXPORT_KINDS = ['recording', 'conversation'] as const;
export type RecordingExportKind = (typeof RECORDING_EXPORT_KINDS)[number];

/**
 * Recordings and conversations (transcripts).
 * Keyset pages of the recording context's own tables for one organization.
 */
export abstract class RecordingExportReadModel extends ExportRowsReadModel {}
