/** Durable jobs of the recording context. */
export const IMPORT_RECORDING_QUEUE = 'recording.import';
export const TRANSCRIBE_RECORDING_QUEUE = 'recording.transcribe';
export const RECORDING_RETENTION_QUEUE = 'recording.retention';
export const IMPORT_RETRY_LIMIT = 5;
