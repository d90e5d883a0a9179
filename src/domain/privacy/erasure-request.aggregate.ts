import type { Actor } from '../shared/actor';
import { AggregateRoot } from '../shared/aggregate-root';
import { ConflictError } from '../shared/domain-error';
import { ErasureCompleted, ErasureRequested } from './events/privacy.events';

/**
 * The steps of an erasure by phone number, in order. Each is done once: a crashed erasure resumes
 * at the first step not done, and a step repeated after a crash finds nothing left to change.
 */
export const ERASURE_STEPS = [
  'locate',
  'recordings',
  'conversations',
  'analyses',
  'calls',
  'event_copies',
  'stored_answers',
  'exports',
  'audit',
] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

export type ErasureStatus = 'pending' | 'running' | 'completed';
export type ErasureOutcome = 'erased' | 'partially_erased';
export type ErasureSubjectType = 'phone_number';

/** What `locate` found: the calls the number took part in and their recordings, those under legal hold apart. */
export interface ErasureScope {
  callIds: string[];
  recordingIds: string[];
  /** Recordings under legal hold, and their calls: kept whole, with the number, until the hold is lifted. */
  heldRecordingIds: string[];
  heldCallIds: string[];
}

/** A resource whose personal data an erasure removed: its free text in the audit trail goes with it. */
export interface ErasedResource {
  type: string;
  id: string;
}

export interface ErasureProgress {
  stepsDone: ErasureStep[];
  scope: ErasureScope | null;
  erased: ErasedResource[];
  outcome: ErasureOutcome | null;
}

export interface ErasureRequestState {
  id: string;
  organizationId: string;
  subjectType: ErasureSubjectType;
  /** The clear subject, while the erasure runs; null once it completed. */
  subject: string | null;
  subjectMasked: string;
  subjectFingerprint: string;
  status: ErasureStatus;
  requestedBy: Actor;
  progress: ErasureProgress;
  attempts: number;
  lastError: string | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const MAX_ERROR = 500;

/**
 * A request to erase a person's data from the organization. Runs as a job, step by step; keeps
 * the clear subject only as long as it is needed to search for it.
 */
export class ErasureRequest extends AggregateRoot {
  private constructor(private state: ErasureRequestState) {
    super();
  }

  static request(props: {
    id: string;
    organizationId: string;
    phoneNumber: string;
    masked: string;
    fingerprint: string;
    requestedBy: Actor;
    now: Date;
  }): ErasureRequest {
    const request = new ErasureRequest({
      id: props.id,
      organizationId: props.organizationId,
      subjectType: 'phone_number',
      subject: props.phoneNumber,
      subjectMasked: props.masked,
      subjectFingerprint: props.fingerprint,
      status: 'pending',
      requestedBy: props.requestedBy,
      progress: { stepsDone: [], scope: null, erased: [], outcome: null },
      attempts: 0,
      lastError: null,
      completedAt: null,
      createdAt: props.now,
      updatedAt: props.now,
    });
    request.record(
      new ErasureRequested(
        props.organizationId,
        props.id,
        { subjectType: 'phone_number', subject: props.masked },
        { after: { status: 'pending', subjectType: 'phone_number', subject: props.masked } },
      ),
    );
    return request;
  }

  static restore(state: ErasureRequestState): ErasureRequest {
    return new ErasureRequest(state);
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get snapshot(): Readonly<ErasureRequestState> {
    return this.state;
  }
  get isCompleted(): boolean {
    return this.state.status === 'completed';
  }

  /** The clear subject, for the steps that search for it. */
  get subject(): string {
    if (this.state.subject === null) throw new ConflictError('erasure_request.completed', 'The erasure is complete: its subject is gone');
    return this.state.subject;
  }

  get erased(): readonly ErasedResource[] {
    return this.state.progress.erased;
  }

  /** The calls and recordings the erasure may change: those under legal hold are left whole. */
  get erasable(): { callIds: string[]; recordingIds: string[] } {
    const { callIds, recordingIds, heldCallIds, heldRecordingIds } = this.scope;
    return {
      callIds: callIds.filter((id) => !heldCallIds.includes(id)),
      recordingIds: recordingIds.filter((id) => !heldRecordingIds.includes(id)),
    };
  }

  get scope(): ErasureScope {
    if (!this.state.progress.scope) throw new ConflictError('erasure_request.not_located', 'The erasure has not located its data yet');
    return this.state.progress.scope;
  }

  /** The first step not done yet; null when every step is done. */
  get nextStep(): ErasureStep | null {
    return ERASURE_STEPS.find((s) => !this.state.progress.stepsDone.includes(s)) ?? null;
  }

  startAttempt(now: Date): void {
    this.state.status = this.state.status === 'completed' ? 'completed' : 'running';
    this.state.attempts += 1;
    this.state.updatedAt = now;
  }

  located(scope: ErasureScope, now: Date): void {
    this.state.progress = { ...this.state.progress, scope };
    this.stepDone('locate', [], now);
  }

  stepDone(step: ErasureStep, erased: readonly ErasedResource[], now: Date): void {
    if (this.state.progress.stepsDone.includes(step)) return;
    if (this.nextStep !== step) throw new ConflictError('erasure_request.out_of_order', `Step ${step} comes after ${this.nextStep}`);
    this.state.progress = {
      ...this.state.progress,
      stepsDone: [...this.state.progress.stepsDone, step],
      erased: [...this.state.progress.erased, ...erased],
    };
    this.state.updatedAt = now;
  }

  failed(reason: string, now: Date): void {
    this.state.lastError = reason.slice(0, MAX_ERROR);
    this.state.updatedAt = now;
  }

  /** Every step done: the clear subject is dropped; a legal hold that kept something makes it partial. */
  complete(now: Date): void {
    if (this.state.status === 'completed') return;
    if (this.nextStep !== null) throw new ConflictError('erasure_request.unfinished', `Step ${this.nextStep} is not done`);
    const outcome: ErasureOutcome = this.scope.heldRecordingIds.length > 0 ? 'partially_erased' : 'erased';
    this.state = {
      ...this.state,
      status: 'completed',
      subject: null,
      progress: { ...this.state.progress, outcome },
      lastError: null,
      completedAt: now,
      updatedAt: now,
    };
    this.record(
      new ErasureCompleted(
        this.state.organizationId,
        this.state.id,
        { subjectType: this.state.subjectType, subject: this.state.subjectMasked, outcome },
        {
          before: { status: 'running' },
          after: {
            status: 'completed',
            outcome,
            calls: this.scope.callIds.length,
            recordings: this.scope.recordingIds.length,
            keptUnderLegalHold: this.scope.heldRecordingIds.length,
          },
        },
      ),
    );
  }
}
