/** Erasure requests: one job per request, retried with backoff until every step is done. */
export const ERASE_PERSONAL_DATA_QUEUE = 'privacy.erase-personal-data';
/** Attempts before an erasure stays `running` with its last error, for someone to look at. */
export const ERASURE_RETRY_LIMIT = 10;
