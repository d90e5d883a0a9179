export { RecordingModule } from './recording.module';
export { IMPORT_RECORDING_QUEUE, TRANSCRIBE_RECORDING_QUEUE, RECORDING_RETENTION_QUEUE } from './recording-queues';
export { RecordingRetentionJob } from './jobs/recording-retention.job';
export { AudioUploadsService, type StoredUpload } from './audio-uploads.service';
export { RecordingTranscriptsService, type MergedTranscript } from './recording-transcripts.service';
export { RecordingAccessService } from './recording-access.service';
export { GetConversationQuery } from './queries/get-conversation/get-conversation.query';
export { GetRecordingQuery } from './queries/get-recording/get-recording.query';
export { ListCallRecordingsQuery } from './queries/list-call-recordings/list-call-recordings.query';
