/** The data context's settings, read once from the configuration. */
export abstract class DataSettings {
  /** Where archives are written (`supabase` or `local`), recorded with each export. */
  abstract readonly storageBackend: string;
  /** Archives older than this are deleted by the daily retention job. */
  abstract readonly archiveRetentionDays: number;
  /** How long a download link to an archive stays valid. */
  abstract readonly downloadUrlTtlSeconds: number;
}
