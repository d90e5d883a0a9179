import { StatefulAggregate } from '../shared/aggregate-root';
import { ConflictError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import {
  RecordingAbsent,
  RecordingDeleted,
  RecordingDeletedAtTwilio,
  RecordingImportFailed,
  RecordingImportRetried,
  RecordingLegalHoldChanged,
  RecordingPlaybackIssued,
  RecordingReceived,
  RecordingStored,
  RecordingVerificationFailed,
  type RecordingEventPayload,
} from './events/recording.events';

export const RECORDING_STATUSES = ['pending', 'stored', 'failed', 'absent', 'deleted'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
/** Why a recording's audio was deleted: someone asked, its retention ran out, or a person's data was erased. */
export type RecordingDeletionReason = 'requested' | 'retention' | 'erasure';

export interface RecordingState {
  id: string;
  organizationId: string;
  workspaceId: string | null;
  callId: string | null;
  twilioRecordingSid: string | null;
  twilioAccountSid: string | null;
  /** Twilio's media URL without extension; null for uploads. */
  mediaUrl: string | null;
  source: string;
  channels: number;
  durationSeconds: number | null;
  startedAt: Date | null;
  status: RecordingStatus;
  twilioErrorCode: string | null;
  failureReason: string | null;
  importAttempts: number;
  storageBackend: string | null;
  objectKey: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  storedAt: Date | null;
  twilioDeletedAt: Date | null;
  legalHold: boolean;
  deletedAt: Date | null;
  createdAt: Date;
}

/** A copy of the audio written to our storage and read back: where it is, its type, size and hash. */
export interface StoredCopy {
  backend: string;
  objectKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** An uploaded file once stored, with what its container says. */
export interface UploadedFile extends StoredCopy {
  fileName: string | null;
  /** As the container says; 1 when it was not parsed. */
  channels: number;
  durationSeconds: number | null;
}

function storedCopyFields(copy: StoredCopy, now: Date) {
  return {
    storageBackend: copy.backend,
    objectKey: copy.objectKey,
    contentType: copy.contentType,
    sizeBytes: copy.sizeBytes,
    sha256: copy.sha256,
    storedAt: now,
  };
}

/**
 * A call's audio: received from Twilio as `pending`, copied into our storage and verified
 * (`stored`), then Twilio's copy removed. The row outlives the audio: a deleted recording
 * keeps its metadata and hash.
 */
export class Recording extends StatefulAggregate<RecordingState> {
  static receive(input: {
    organizationId: string;
    workspaceId: string;
    callId: string | null;
    twilioRecordingSid: string;
    twilioAccountSid: string;
    mediaUrl: string | null;
    source: string;
    channels: number;
    durationSeconds: number | null;
    startedAt: Date | null;
    outcome: { kind: 'completed' } | { kind: 'absent' | 'failed'; errorCode: string | null };
    now: Date;
  }): Recording {
    const status: RecordingStatus = input.outcome.kind === 'completed' ? 'pending' : input.outcome.kind === 'absent' ? 'absent' : 'failed';
    const r = new Recording({
      id: newId(),
      organizationId: input.organizationId,
      workspaceId: input.workspaceId,
      callId: input.callId,
      twilioRecordingSid: input.twilioRecordingSid,
      twilioAccountSid: input.twilioAccountSid,
      mediaUrl: input.mediaUrl,
      source: input.source,
      channels: input.channels,
      durationSeconds: input.durationSeconds,
      startedAt: input.startedAt,
      status,
      twilioErrorCode: input.outcome.kind === 'completed' ? null : input.outcome.errorCode,
      failureReason:
        input.outcome.kind === 'failed'
          ? `Twilio reported the recording failed${input.outcome.errorCode ? ` (error ${input.outcome.errorCode})` : ''}`
          : null,
      importAttempts: 0,
      storageBackend: null,
      objectKey: null,
      contentType: null,
      sizeBytes: null,
      sha256: null,
      storedAt: null,
      twilioDeletedAt: null,
      legalHold: false,
      deletedAt: null,
      createdAt: input.now,
    });
    const after = {
      status,
      recordingSid: input.twilioRecordingSid,
      channels: input.channels,
      durationSeconds: input.durationSeconds,
      source: input.source,
      twilioErrorCode: r.state.twilioErrorCode,
    };
    r.record(
      status === 'absent'
        ? new RecordingAbsent(r.organizationId, r.id, r.payload(), { after })
        : new RecordingReceived(r.organizationId, r.id, r.payload(), { after }),
    );
    return r;
  }

  /** Audio uploaded for analysis, already streamed into storage, inspected and hashed. */
  static uploaded(input: UploadedFile & { id: string; organizationId: string; now: Date }): Recording {
    const r = new Recording({
      id: input.id,
      organizationId: input.organizationId,
      workspaceId: null,
      callId: null,
      twilioRecordingSid: null,
      twilioAccountSid: null,
      mediaUrl: null,
      source: 'upload',
      channels: input.channels,
      durationSeconds: input.durationSeconds,
      startedAt: input.now,
      status: 'stored',
      twilioErrorCode: null,
      failureReason: null,
      importAttempts: 0,
      ...storedCopyFields(input, input.now),
      twilioDeletedAt: null,
      legalHold: false,
      deletedAt: null,
      createdAt: input.now,
    });
    r.record(
      new RecordingStored(
        r.organizationId,
        r.id,
        { ...r.payload(), sha256: input.sha256, sizeBytes: input.sizeBytes, objectKey: input.objectKey },
        {
          after: {
            status: 'stored',
            source: 'upload',
            fileName: input.fileName,
            sha256: input.sha256,
            sizeBytes: input.sizeBytes,
            objectKey: input.objectKey,
            backend: input.backend,
            channels: input.channels,
            durationSeconds: input.durationSeconds,
          },
        },
      ),
    );
    return r;
  }

  static restore(state: RecordingState): Recording {
    return new Recording({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get status(): RecordingStatus {
    return this.state.status;
  }
  get legalHold(): boolean {
    return this.state.legalHold;
  }

  /** Where the audio lives in our storage: deterministic, so a re-run overwrites rather than duplicates. */
  objectKeyFor(extension: string): string {
    const owner = this.state.callId ? `calls/${this.state.callId}` : 'uploads';
    return `${this.organizationId}/${owner}/${this.id}.${extension}`;
  }

  get needsImport(): boolean {
    return this.state.status === 'pending';
  }

  /** The stored copy was written and read back with this size and hash. */
  markStored(input: StoredCopy & { now: Date }): boolean {
    if (this.state.status === 'stored' && this.state.sha256 === input.sha256) return false;
    if (this.state.status !== 'pending')
      throw new ConflictError('recording.invalid_state', `A ${this.state.status} recording cannot be stored`);
    Object.assign(this.state, { status: 'stored', ...storedCopyFields(input, input.now), failureReason: null });
    this.record(
      new RecordingStored(
        this.organizationId,
        this.id,
        { ...this.payload(), sha256: input.sha256, sizeBytes: input.sizeBytes, objectKey: input.objectKey },
        {
          before: { status: 'pending' },
          after: {
            status: 'stored',
            sha256: input.sha256,
            sizeBytes: input.sizeBytes,
            objectKey: input.objectKey,
            backend: input.backend,
            attempts: this.state.importAttempts,
          },
        },
      ),
    );
    return true;
  }

  /** An import attempt begins: every attempt counts, those a crash cut short included. */
  startImportAttempt(): void {
    if (this.state.status !== 'pending') return;
    this.state.importAttempts += 1;
  }

  markImportFailed(reason: string, attempts: number): void {
    if (this.state.status !== 'pending') return;
    this.state.status = 'failed';
    this.state.importAttempts = Math.max(this.state.importAttempts, attempts);
    this.state.failureReason = reason.slice(0, 1000);
    this.record(
      new RecordingImportFailed(this.organizationId, this.id, this.payload(), {
        before: { status: 'pending' },
        after: { status: 'failed', reason: this.state.failureReason, attempts: this.state.importAttempts },
      }),
    );
  }

  /**
   * An attempt's bytes failed verification: what Twilio sent was not the recording it reported,
   * or storage did not give back what it was sent. Nothing counts as stored and Twilio's copy
   * stays; the job tries again (after its last attempt the import fails with this reason).
   */
  noteVerificationFailed(reason: string, attempt: number): void {
    const status = this.state.status;
    if (status !== 'pending' && status !== 'stored') return;
    const trimmed = reason.slice(0, 1000);
    const stage = status === 'pending' ? 'import' : 'before_twilio_delete';
    this.record(
      new RecordingVerificationFailed(
        this.organizationId,
        this.id,
        { ...this.payload(), reason: trimmed },
        { after: { status, stage, attempt, reason: trimmed } },
      ),
    );
  }

  /** An admin asks for another try after the last attempt failed. */
  retryImport(): void {
    if (this.state.status !== 'failed' || !this.state.mediaUrl) {
      throw new ConflictError('recording.not_retryable', 'Only a recording whose import failed can be retried');
    }
    // The count goes on: it says how often the recording was fetched, before and after the retry.
    this.state.status = 'pending';
    this.record(
      new RecordingImportRetried(this.organizationId, this.id, this.payload(), {
        before: { status: 'failed' },
        after: { status: 'pending' },
      }),
    );
  }

  get canDeleteAtTwilio(): boolean {
    return this.state.status === 'stored' && this.state.twilioDeletedAt === null && this.state.twilioRecordingSid !== null;
  }

  markDeletedAtTwilio(now: Date): void {
    if (this.state.twilioDeletedAt) return;
    if (this.state.status !== 'stored' && this.state.status !== 'deleted') {
      throw new ConflictError('recording.not_verified', "Twilio's copy is deleted only after ours is verified");
    }
    this.state.twilioDeletedAt = now;
    this.record(
      new RecordingDeletedAtTwilio(this.organizationId, this.id, this.payload(), { after: { twilioDeletedAt: now.toISOString() } }),
    );
  }

  issuePlayback(expiresAt: Date): void {
    if (this.state.status !== 'stored')
      throw new ConflictError('recording.not_available', `The recording is ${this.state.status}, not playable`);
    this.record(
      new RecordingPlaybackIssued(
        this.organizationId,
        this.id,
        { ...this.payload(), expiresAt: expiresAt.toISOString() },
        { after: { expiresAt: expiresAt.toISOString() } },
      ),
    );
  }

  setLegalHold(hold: boolean, reason: string | null): void {
    if (this.state.legalHold === hold) return;
    this.state.legalHold = hold;
    this.record(
      new RecordingLegalHoldChanged(
        this.organizationId,
        this.id,
        { ...this.payload(), legalHold: hold },
        { before: { legalHold: !hold }, after: { legalHold: hold, reason } },
      ),
    );
  }

  /** The audio is gone from our storage (and Twilio's); the row keeps its metadata and hash. */
  markDeleted(reason: RecordingDeletionReason, now: Date): void {
    if (this.state.status === 'deleted') return;
    if (this.state.legalHold) throw new ConflictError('recording.legal_hold', 'The recording is under legal hold');
    const before = this.state.status;
    this.state.status = 'deleted';
    this.state.deletedAt = now;
    this.record(
      new RecordingDeleted(
        this.organizationId,
        this.id,
        { ...this.payload(), reason },
        { before: { status: before }, after: { status: 'deleted', reason } },
      ),
    );
  }

  private payload(): RecordingEventPayload {
    return { workspaceId: this.state.workspaceId, callId: this.state.callId, recordingSid: this.state.twilioRecordingSid };
  }
}
