import { Injectable } from '@nestjs/common';
import { ConflictError } from '@domain/shared/domain-error';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import { RecordingMediaSource } from '@domain/recording/ports/recording-media.port';
import { type RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import { Clock } from '@domain/shared/clock';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { TwilioCredentialsService } from '../telephony';
import { MarkRecordingDeletedAtTwilioCommand } from './commands/mark-recording-deleted-at-twilio/mark-recording-deleted-at-twilio.command';
import { MarkRecordingDeletedCommand } from './commands/mark-recording-deleted/mark-recording-deleted.command';
import { RecordPlaybackIssuedCommand } from './commands/record-playback-issued/record-playback-issued.command';
import { GetRecordingQuery } from './queries/get-recording/get-recording.query';
import { recordingNotFound } from '@domain/recording/errors';
import type { RecordingDeletionReason } from '@domain/recording/recording.aggregate';

/** Where a deletion found the recording's copies, and what became of them. */
export interface RecordingDeletionReport {
  storage: 'deleted' | 'already_deleted' | 'none';
  /** Twilio's answer to the DELETE, or why none was sent. */
  twilio: 'deleted' | 'already_gone' | 'already_deleted' | 'absent' | 'none';
}

/**
 * Playback and deletion: each touches storage or Twilio outside any transaction, then records
 * what happened with a command, so the audit trail holds every URL issued and every deletion.
 */
@Injectable()
export class RecordingAccessService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly storage: ObjectStorage,
    private readonly media: RecordingMediaSource,
    private readonly credentials: TwilioCredentialsService,
    private readonly settings: RecordingSettings,
    private readonly clock: Clock,
  ) {}

  async playbackUrl(organizationId: string, recordingId: string): Promise<{ url: string; expiresAt: Date }> {
    const recording = await this.get(organizationId, recordingId);
    if (recording.status !== 'stored' || !recording.objectKey) {
      throw new ConflictError('recording.not_available', `The recording is ${recording.status}, not playable`);
    }
    const ttl = Math.min(this.settings.playbackUrlTtlSeconds, 300);
    const expiresAt = new Date(this.clock.now().getTime() + ttl * 1000);
    const url = await this.storage.signedUrl(recording.objectKey, ttl);
    await this.commands.execute(new RecordPlaybackIssuedCommand({ organizationId, recordingId, expiresAt }));
    return { url, expiresAt };
  }

  /**
   * Removes our object and Twilio's copy; the row stays, marked deleted, with its hash. Answers
   * what happened where, for erasure receipts. Twilio's copy is deleted after our row is marked:
   * if Twilio fails, the retention sweep sends the deletion again.
   */
  async delete(organizationId: string, recordingId: string, reason: RecordingDeletionReason): Promise<RecordingDeletionReport> {
    const recording = await this.get(organizationId, recordingId);
    if (recording.status === 'deleted' && (recording.twilioDeletedAt || !recording.twilioRecordingSid)) {
      return { storage: 'already_deleted', twilio: recording.twilioRecordingSid ? 'already_deleted' : 'none' };
    }
    if (recording.legalHold) throw new ConflictError('recording.legal_hold', 'The recording is under legal hold');
    const storage = recording.status === 'deleted' ? 'already_deleted' : recording.objectKey ? 'deleted' : 'none';
    if (recording.objectKey) await this.storage.remove(recording.objectKey);
    const twilioCopyLeft = recording.twilioRecordingSid && !recording.twilioDeletedAt && recording.status !== 'absent';
    await this.commands.execute(new MarkRecordingDeletedCommand({ organizationId, recordingId, reason }));
    if (!twilioCopyLeft || !recording.workspaceId) return { storage, twilio: recording.status === 'absent' ? 'absent' : 'none' };
    const twilio = await this.credentials.forWorkspace(organizationId, recording.workspaceId);
    const answer = await this.media.delete({ accountSid: twilio.accountSid, authToken: twilio.authToken }, recording.twilioRecordingSid!);
    await this.commands.execute(new MarkRecordingDeletedAtTwilioCommand({ organizationId, recordingId }));
    return { storage, twilio: answer };
  }

  async get(organizationId: string, recordingId: string): Promise<RecordingView> {
    const recording = await this.queries.execute(new GetRecordingQuery({ organizationId, recordingId }));
    if (!recording) throw recordingNotFound();
    return recording;
  }
}
