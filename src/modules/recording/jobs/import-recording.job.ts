import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '../../../domain/recording/ports/object-storage.port';
import { RecordingMediaSource } from '../../../domain/recording/ports/recording-media.port';
import { RecordingRepository } from '../../../domain/recording/ports/recording-repositories.port';
import { RecordingSettings } from '../../../domain/recording/ports/recording-settings.port';
import type { Recording } from '../../../domain/recording/recording.aggregate';
import { UnitOfWork } from '../../../domain/shared/ports/unit-of-work.port';
import type { OrganizationView } from '../../../domain/tenancy/ports/tenancy-read-model.port';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { TwilioCredentialsService } from '../../telephony';
import { GetOrganizationQuery } from '../../tenancy';
import { MarkRecordingDeletedAtTwilioCommand } from '../commands/mark-recording-deleted-at-twilio/mark-recording-deleted-at-twilio.command';
import { MarkRecordingImportFailedCommand } from '../commands/mark-recording-import-failed/mark-recording-import-failed.command';
import { MarkRecordingStoredCommand } from '../commands/mark-recording-stored/mark-recording-stored.command';

export interface ImportRecordingJobData {
  organizationId: string;
  recordingId: string;
}

/**
 * Copies a recording from Twilio into our storage, then deletes Twilio's copy. Every step
 * can be re-run after a crash: the object key is fixed (a re-run overwrites, never adds), and
 * Twilio's copy is deleted only once ours has been read back with the recorded size.
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
  ) {}

  async run(data: ImportRecordingJobData, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    try {
      await this.import(data);
    } catch (error) {
      const last = attempt.retryCount >= attempt.retryLimit;
      this.logger.warn({ recordingId: data.recordingId, attempt: attempt.retryCount + 1, last, err: error }, 'recording import failed');
      if (!last) throw error;
      await this.commands.execute(
        new MarkRecordingImportFailedCommand(data.organizationId, data.recordingId, (error as Error).message, attempt.retryCount + 1),
      );
    }
  }

  private async import({ organizationId, recordingId }: ImportRecordingJobData): Promise<void> {
    let recording = await this.load(organizationId, recordingId);
    if (!recording || !recording.snapshot().workspaceId || !recording.snapshot().twilioRecordingSid) return;
    const { workspaceId, twilioRecordingSid } = recording.snapshot() as { workspaceId: string; twilioRecordingSid: string };
    const twilio = await this.credentials.forWorkspace(organizationId, workspaceId);
    const credentials = { accountSid: twilio.accountSid, authToken: twilio.authToken };

    if (recording.needsImport) {
      const media = await this.media.open(credentials, twilioRecordingSid);
      const key = recording.objectKeyFor(media.extension);
      const stored = await this.storage.put(key, media.body, { contentType: media.contentType, overwrite: true, expectedSize: media.contentLength });
      if (media.contentLength !== null && stored.size !== media.contentLength) {
        throw new Error(`Twilio announced ${media.contentLength} bytes but ${stored.size} arrived`);
      }
      await this.verify(key, stored.size);
      await this.commands.execute(
        new MarkRecordingStoredCommand(organizationId, recordingId, {
          backend: this.settings.storageBackend,
          objectKey: key,
          contentType: stored.contentType,
          sizeBytes: stored.size,
          sha256: stored.sha256,
        }),
      );
      recording = await this.load(organizationId, recordingId);
    }

    if (recording?.canDeleteAtTwilio && (await this.deleteTwilioCopy(organizationId))) {
      const s = recording.snapshot();
      // Read our copy back once more right before the only irreversible step.
      await this.verify(s.objectKey!, s.sizeBytes!);
      await this.media.delete(credentials, twilioRecordingSid);
      await this.commands.execute(new MarkRecordingDeletedAtTwilioCommand(organizationId, recordingId));
    }
  }

  private async verify(key: string, size: number): Promise<void> {
    const info = await this.storage.info(key);
    if (!info || info.size !== size) throw new Error(`The stored copy at ${key} could not be verified (${info ? `${info.size} bytes` : 'missing'}, expected ${size})`);
  }

  private async deleteTwilioCopy(organizationId: string): Promise<boolean> {
    const org = await this.queries.execute<OrganizationView | null>(new GetOrganizationQuery(organizationId));
    return org?.settings.deleteTwilioRecordingAfterImport ?? true;
  }

  private load(organizationId: string, recordingId: string): Promise<Recording | null> {
    return this.unitOfWork.run({ organizationId }, () => this.recordings.findById(organizationId, recordingId));
  }
}
