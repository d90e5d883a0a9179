/** Durable jobs of the data context. */
/** Writes one requested export's archive into storage (job id: the export id, so one job per export). */
export const WRITE_EXPORT_ARCHIVE_QUEUE = 'data.write-export-archive';
/** Attempts of an archive's job before the export is marked failed. */
export const WRITE_EXPORT_ARCHIVE_RETRY_LIMIT = 3;
/** Daily: deletes archives older than EXPORT_ARCHIVE_RETENTION_DAYS. */
export const EXPORT_ARCHIVE_RETENTION_QUEUE = 'data.export-archive-retention';

export interface WriteExportArchiveJobData {
  organizationId: string;
  exportId: string;
}
