import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AudioChannelSplitter } from '@domain/recording/ports/audio-channel-splitter.port';
import { AudioInspector } from '@domain/recording/ports/audio-inspector.port';
import { AudioSegmenter } from '@domain/recording/ports/audio-segmenter.port';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import { RecordingMediaSource } from '@domain/recording/ports/recording-media.port';
import { RecordingReadModel } from '@domain/recording/ports/recording-read-model.port';
import { ConversationRepository, RecordingDirectory, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import { CallSummarizer } from '@domain/recording/ports/call-summarizer.port';
import { Transcriber } from '@domain/recording/ports/transcriber.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { StreamingAudioInspector } from '@infrastructure/audio/streaming-audio.inspector';
import { WavAudioChannelSplitter } from '@infrastructure/audio/wav-audio-channel.splitter';
import { WavTimeSegmenter } from '@infrastructure/audio/wav-time-segmenter';
import { AppConfig } from '@infrastructure/config/app-config';
import { DrizzleRecordingReadModel } from '@infrastructure/persistence/recording/drizzle-recording.read-model';
import {
  DrizzleConversationRepository,
  DrizzleRecordingDirectory,
  DrizzleRecordingRepository,
} from '@infrastructure/persistence/recording/drizzle-recording.repositories';
import { LocalDiskObjectStorage } from '@infrastructure/storage/local-disk.storage';
import { LocalObjectController } from '@infrastructure/storage/local-object.controller';
import { SupabaseObjectStorage } from '@infrastructure/storage/supabase.storage';
import { OpenAiCompatibleCallSummarizer } from '@infrastructure/scoring/openai-compatible.call-summarizer';
import { OpenAiCompatibleTranscriber } from '@infrastructure/transcription/openai-compatible.transcriber';
import { TwilioRecordingMediaSource } from '@infrastructure/twilio/twilio-recording-media.source';
import { TelephonyModule } from '../telephony';
import { MarkRecordingDeletedAtTwilioHandler } from './commands/mark-recording-deleted-at-twilio/mark-recording-deleted-at-twilio.handler';
import { MarkRecordingDeletedHandler } from './commands/mark-recording-deleted/mark-recording-deleted.handler';
import { MarkRecordingImportFailedHandler } from './commands/mark-recording-import-failed/mark-recording-import-failed.handler';
import { MarkRecordingStoredHandler } from './commands/mark-recording-stored/mark-recording-stored.handler';
import { NoteRecordingVerificationFailedHandler } from './commands/note-recording-verification-failed/note-recording-verification-failed.handler';
import { ClaimTranscriptionHandler } from './commands/claim-transcription/claim-transcription.handler';
import { RecordTranscriptHandler } from './commands/record-transcript/record-transcript.handler';
import { ReleaseTranscriptionHandler } from './commands/release-transcription/release-transcription.handler';
import { GetRecordingTranscriptHandler } from './queries/get-recording-transcript/get-recording-transcript.handler';
import { ReceiveRecordingHandler } from './commands/receive-recording/receive-recording.handler';
import { RecordPlaybackIssuedHandler } from './commands/record-playback-issued/record-playback-issued.handler';
import { RetryRecordingImportHandler } from './commands/retry-recording-import/retry-recording-import.handler';
import { SetLegalHoldHandler } from './commands/set-legal-hold/set-legal-hold.handler';
import { StartRecordingImportAttemptHandler } from './commands/start-recording-import-attempt/start-recording-import-attempt.handler';
import { WriteConversationHandler } from './commands/write-conversation/write-conversation.handler';
import { ConversationsController } from './http/conversations.controller';
import { RecordingWebhookController } from './http/recording-webhook.controller';
import { RecordingsController } from './http/recordings.controller';
import { ImportRecordingJob } from './jobs/import-recording.job';
import { RecordingRetentionJob } from './jobs/recording-retention.job';
import { TranscribeRecordingJob } from './jobs/transcribe-recording.job';
import { GetConversationHandler } from './queries/get-conversation/get-conversation.handler';
import { GetRecordingHandler } from './queries/get-recording/get-recording.handler';
import { ListCallRecordingsHandler } from './queries/list-call-recordings/list-call-recordings.handler';
import { AudioUploadsService } from './audio-uploads.service';
import { StoreUploadedRecordingHandler } from './commands/store-uploaded-recording/store-uploaded-recording.handler';
import { FindUploadByHashHandler } from './queries/find-upload-by-hash/find-upload-by-hash.handler';
import { RecordingAccessService } from './recording-access.service';
import { RecordingTranscriptsService } from './recording-transcripts.service';
import { IMPORT_RECORDING_QUEUE, IMPORT_RETRY_LIMIT, RECORDING_RETENTION_QUEUE, TRANSCRIBE_RECORDING_QUEUE } from './recording-queues';
import { RecordingExportReadModel } from '@domain/recording/ports/recording-export-read-model.port';
import { DrizzleRecordingExportReadModel } from '@infrastructure/persistence/recording/drizzle-recording-export.read-model';
import { ExportRecordingRowsHandler } from './queries/export-recording-rows/export-recording-rows.handler';
import { RecordingExportService } from './recording-export.service';
import { RecordingPersonalDataEraser } from '@domain/recording/ports/recording-personal-data-eraser.port';
import { DrizzleRecordingPersonalDataEraser } from '@infrastructure/persistence/recording/drizzle-recording-personal-data.eraser';
import { FindRecordingsOfCallsHandler } from './queries/find-recordings-of-calls/find-recordings-of-calls.handler';
import { DeleteConversationsHandler } from './commands/delete-conversations/delete-conversations.handler';

@Module({
  imports: [TelephonyModule],
  controllers: [RecordingsController, ConversationsController, RecordingWebhookController, LocalObjectController],
  providers: [
    { provide: RecordingExportReadModel, useClass: DrizzleRecordingExportReadModel },
    ExportRecordingRowsHandler,
    RecordingExportService,
    { provide: RecordingPersonalDataEraser, useClass: DrizzleRecordingPersonalDataEraser },
    FindRecordingsOfCallsHandler,
    DeleteConversationsHandler,
    { provide: RecordingRepository, useClass: DrizzleRecordingRepository },
    { provide: ConversationRepository, useClass: DrizzleConversationRepository },
    { provide: RecordingDirectory, useClass: DrizzleRecordingDirectory },
    { provide: RecordingReadModel, useClass: DrizzleRecordingReadModel },
    { provide: RecordingMediaSource, useClass: TwilioRecordingMediaSource },
    { provide: Transcriber, useClass: OpenAiCompatibleTranscriber },
    { provide: CallSummarizer, useClass: OpenAiCompatibleCallSummarizer },
    { provide: AudioChannelSplitter, useClass: WavAudioChannelSplitter },
    { provide: AudioInspector, useClass: StreamingAudioInspector },
    { provide: AudioSegmenter, useClass: WavTimeSegmenter },
    LocalDiskObjectStorage,
    {
      // Supabase Storage when configured; local disk (served by LocalObjectController) otherwise.
      provide: ObjectStorage,
      inject: [AppConfig, LocalDiskObjectStorage],
      useFactory: (config: AppConfig, local: LocalDiskObjectStorage): ObjectStorage =>
        config.supabase ? new SupabaseObjectStorage(config) : local,
    },
    {
      provide: RecordingSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RecordingSettings => ({
        storageBackend: config.supabase ? 'supabase' : 'local',
        playbackUrlTtlSeconds: config.playbackUrlTtlSeconds,
        publicBaseUrl: config.publicBaseUrl,
        transcriptionMaxUploadBytes: config.transcriptionMaxUploadBytes,
      }),
    },
    RecordingAccessService,
    RecordingTranscriptsService,
    AudioUploadsService,
    StoreUploadedRecordingHandler,
    FindUploadByHashHandler,
    ImportRecordingJob,
    TranscribeRecordingJob,
    RecordingRetentionJob,
    ReceiveRecordingHandler,
    MarkRecordingStoredHandler,
    MarkRecordingImportFailedHandler,
    StartRecordingImportAttemptHandler,
    NoteRecordingVerificationFailedHandler,
    MarkRecordingDeletedAtTwilioHandler,
    RetryRecordingImportHandler,
    RecordPlaybackIssuedHandler,
    SetLegalHoldHandler,
    MarkRecordingDeletedHandler,
    WriteConversationHandler,
    ClaimTranscriptionHandler,
    RecordTranscriptHandler,
    ReleaseTranscriptionHandler,
    GetRecordingTranscriptHandler,
    GetRecordingHandler,
    ListCallRecordingsHandler,
    GetConversationHandler,
  ],
  // ObjectStorage: the data context writes organization export archives into the same store.
  exports: [AudioUploadsService, RecordingTranscriptsService, RecordingAccessService, RecordingExportService, ObjectStorage],
})
export class RecordingModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly importJob: ImportRecordingJob,
    private readonly transcribeJob: TranscribeRecordingJob,
    private readonly retention: RecordingRetentionJob,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.declare(IMPORT_RECORDING_QUEUE, { retryLimit: IMPORT_RETRY_LIMIT });
    await this.jobs.declare(TRANSCRIBE_RECORDING_QUEUE, { retryLimit: IMPORT_RETRY_LIMIT });
    await this.jobs.work<{ organizationId: string; recordingId: string }>(
      IMPORT_RECORDING_QUEUE,
      (data, job) => this.importJob.run(data, job),
      {
        concurrency: this.config.recordingImportConcurrency,
      },
    );
    await this.jobs.work<{ organizationId: string; recordingId: string }>(TRANSCRIBE_RECORDING_QUEUE, (data, job) =>
      this.transcribeJob.run(data, job),
    );
    await this.jobs.work(RECORDING_RETENTION_QUEUE, async () => {
      await this.retention.run();
    });
    await this.jobs.schedule(RECORDING_RETENTION_QUEUE, '17 3 * * *');
  }
}
