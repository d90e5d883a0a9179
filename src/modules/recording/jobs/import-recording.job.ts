import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { contentLengthProblem, mediaTypeProblem, RecordingVerificationError, twilioMediaProblem } from '@domain/recording/audio-inspection';
import { AudioInspector } from '@domain/recording/ports/audio-inspector.port';
import { ObjectNotFoundError, ObjectStorage, type StoredObject } from '@domain/recording/ports/object-storage.port';
import { RecordingMediaSource, type MediaCredentials } from '@domain/recording/ports/recording-media.port';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import type { Recording } from '@domain/recording/recording.aggregate';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { TwilioCredentialsService } from '../../telephony';
import { GetOrganizationQuery } from '../../tenancy';
import { MarkRecordingDeletedAtTwilioCommand } from '../commands/mark-recording-deleted-at-twilio/mark-recording-deleted-at-twilio.command';
import { MarkRecordingImportFailedCommand } from '../commands/mark-recording-import-failed/mark-recording-import-failed.command';
import { MarkRecordingStoredCommand } from '../commands/mark-recording-stored/mark-recording-stored.command';
import { NoteRecordingVerificationFailedCommand } from '../commands/note-recording-verification-failed/note-recording-verification-failed.command';
import { StartRecordingImportAttemptCommand } from '../commands/start-recording-import-attempt/start-recording-import-attempt.command';
import { AudioCheckStream } from '../audio-check.stream';

export interface ImportRecordingJobData {
  organizationId: string;
  recordingId: string;
}

/**
 * Copies a recording from Twilio into our storage, then deletes Twilio's copy. Every step
 * can be re-run after a crash: the object key is fixed (a re-run overwrites, never adds).
 * The download must be the audio Twilio's callback described (media type, Content-Length,
 * container, channels, duration), and our copy must read back with the download's SHA-256,
 * before the recording counts as stored; Twilio's copy is deleted only after that. A copy that
 * fails a check is a failed attempt with its reason on the custody trail, and is retried.
 */
@Injectable()
export class ImportRecordingJob {
  private readonly logger = new Logger(ImportRecordingJob.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly recordings: RecordingRepository,
    private readonly storage: ObjectStorage,
    private readonly media: RecordingMediaSource,
    private readonly credentials: TwilioCredentialsService,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly settings: RecordingSettings,
    private readonly inspector: AudioInspector,
  ) {}

  /**
   * `attempt.signal` aborts when this process no longer holds the job (its claim lapsed, or the
   * process is stopping): the transfer stops, and nothing is recorded about the attempt, which
   * goes on elsewhere.
   */
  async run(data: ImportRecordingJobData, attempt: { retryCount: number; retryLimit: number; signal?: AbortSignal }): Promise<void> {
    try {
      await this.import(data, attempt.signal);
    } catch (error) {
      if (attempt.signal?.aborted) throw attempt.signal.reason ?? error;
      const last = attempt.retryCount >= attempt.retryLimit;
      this.logger.warn({ recordingId: data.recordingId, attempt: attempt.retryCount + 1, last, err: error }, 'recording import failed');
      if (error instanceof RecordingVerificationError) {
        // On the custody trail, attempt by attempt: what was wrong with the bytes.
        await this.commands
          .execute(
            new NoteRecordingVerificationFailedCommand({
              organizationId: data.organizationId,
              recordingId: data.recordingId,
              reason: error.message,
              attempt: attempt.retryCount + 1,
            }),
          )
          .catch((noteError: unknown) =>
            this.logger.error({ recordingId: data.recordingId, err: noteError }, 'could not record the failed verification'),
          );
      }
      if (!last) throw error;
      await this.commands.execute(
        new MarkRecordingImportFailedCommand({
          organizationId: data.organizationId,
          recordingId: data.recordingId,
          reason: (error as Error).message,
          attempts: attempt.retryCount + 1,
        }),
      );
    }
  }

  private async import({ organizationId, recordingId }: ImportRecordingJobData, signal?: AbortSignal): Promise<void> {
    let recording = await this.load(organizationId, recordingId);
    if (!recording || !recording.snapshot().workspaceId || !recording.snapshot().twilioRecordingSid) return;
    const { workspaceId, twilioRecordingSid } = recording.snapshot() as { workspaceId: string; twilioRecordingSid: string };
    const twilio = await this.credentials.forWorkspace(organizationId, workspaceId);
    const credentials = { accountSid: twilio.accountSid, authToken: twilio.authToken };

    // The copy this run wrote and read back with the download's hash, if it wrote one.
    let verified: { objectKey: string; sha256: string } | null = null;
    if (recording.needsImport) {
      await this.commands.execute(new StartRecordingImportAttemptCommand({ organizationId, recordingId }));
      const stored = await this.fetchAndStore(recording, credentials, twilioRecordingSid, signal);
      signal?.throwIfAborted();
      await this.commands.execute(
        new MarkRecordingStoredCommand({ organizationId, recordingId, stored: { backend: this.settings.storageBackend, ...stored } }),
      );
      verified = stored;
      recording = await this.load(organizationId, recordingId);
    }

    if (recording?.canDeleteAtTwilio && (await this.deleteTwilioCopy(organizationId))) {
      const s = recording.snapshot();
      // The only irreversible step: our copy must hash to what was downloaded. Read back
      // again unless this very run has just done so for this very copy.
      if (verified?.objectKey !== s.objectKey || verified.sha256 !== s.sha256) await this.readBack(s.objectKey!, s.sizeBytes!, s.sha256!);
      signal?.throwIfAborted();
      await this.media.delete(credentials, twilioRecordingSid);
      await this.commands.execute(new MarkRecordingDeletedAtTwilioCommand({ organizationId, recordingId }));
    }
  }

  /**
   * Streams Twilio's media into storage through the audio check (media type, Content-Length,
   * container, channels and duration against the callback), then reads the stored object back:
   * its SHA-256 must be the download's. Anything else is a RecordingVerificationError, and
   * nothing is left at the key.
   */
  private async fetchAndStore(recording: Recording, credentials: MediaCredentials, recordingSid: string, signal?: AbortSignal) {
    const media = await this.media.open(credentials, recordingSid);
    // A job no longer held stops its transfer: the download ends, and with it the upload.
    const stop = () => media.body.destroy(signal?.reason instanceof Error ? signal.reason : new Error('The import was stopped'));
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      return await this.transfer(recording, media);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  /** fetchAndStore's work, once Twilio has answered. */
  private async transfer(recording: Recording, media: Awaited<ReturnType<RecordingMediaSource['open']>>) {
    const s = recording.snapshot();
    const notAudio = mediaTypeProblem(media.contentType);
    if (notAudio) {
      media.body.destroy();
      throw new RecordingVerificationError(notAudio);
    }
    const reported = { format: media.extension, channels: s.channels, durationSeconds: s.durationSeconds };
    const key = recording.objectKeyFor(media.extension);
    const check = AudioCheckStream.over(
      media.body,
      new AudioCheckStream(this.inspector.inspect(media.extension), {
        refuse: (reason) => new RecordingVerificationError(reason),
        announced:
          media.contentLength === null
            ? null
            : { bytes: media.contentLength, problem: (received) => contentLengthProblem(media.contentLength, received) },
        verdict: (inspection) =>
          twilioMediaProblem(reported, { contentType: media.contentType, contentLength: media.contentLength, inspection }),
      }),
    );
    let stored: StoredObject;
    try {
      stored = await this.storage.put(key, check, { contentType: media.contentType, overwrite: true, expectedSize: media.contentLength });
    } catch (error) {
      if (!check.refusal) throw error;
      await this.discard(key);
      throw check.refusal;
    }
    try {
      if (stored.size !== check.bytes || stored.sha256 !== check.sha256) {
        throw new RecordingVerificationError(
          `Storage reports ${stored.size} bytes with SHA-256 ${stored.sha256} at ${key}; ${check.bytes} bytes with SHA-256 ${check.sha256} were downloaded`,
        );
      }
      await this.readBack(key, check.bytes, check.sha256);
    } catch (error) {
      if (error instanceof RecordingVerificationError) await this.discard(key);
      throw error;
    }
    return { objectKey: key, contentType: stored.contentType, sizeBytes: check.bytes, sha256: check.sha256 };
  }

  /** Reads the stored object through and hashes it: it must be exactly the bytes downloaded. */
  private async readBack(key: string, size: number, sha256: string): Promise<void> {
    let body: Readable;
    try {
      ({ body } = await this.storage.get(key));
    } catch (error) {
      if (error instanceof ObjectNotFoundError) throw new RecordingVerificationError(`The stored copy at ${key} is missing`);
      throw error;
    }
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of body) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
    }
    const got = hash.digest('hex');
    if (read !== size || got !== sha256) {
      throw new RecordingVerificationError(
        `The stored copy at ${key} reads back as ${read} bytes with SHA-256 ${got}, not the ${size} bytes with SHA-256 ${sha256} downloaded`,
      );
    }
  }

  /** A copy that failed its checks is not kept (the recording is still pending: it is no one's verified copy). */
  private async discard(key: string): Promise<void> {
    try {
      await this.storage.remove(key);
    } catch (error) {
      this.logger.warn({ key, err: error }, 'could not remove a copy that failed verification');
    }
  }

  private async deleteTwilioCopy(organizationId: string): Promise<boolean> {
    const org = await this.queries.execute(new GetOrganizationQuery({ organizationId }));
    return org?.settings.deleteTwilioRecordingAfterImport ?? true;
  }

  private load(organizationId: string, recordingId: string): Promise<Recording | null> {
    return this.unitOfWork.run({ organizationId }, () => this.recordings.findById(organizationId, recordingId));
  }
}
