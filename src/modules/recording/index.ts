export { RecordingModule } from './recording.module';
export { IMPORT_RECORDING_QUEUE, TRANSCRIBE_RECORDING_QUEUE, RECORDING_RETENTION_QUEUE } from './recording-queues';
export { RecordingRetentionJob } from './jobs/recording-retention.job';
