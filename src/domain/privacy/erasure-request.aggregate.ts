import type { Actor } from '../shared/actor';
import { AggregateRoot } from '../shared/aggregate-root';
import { ConflictError } from '../shared/domain-error';
import { ErasureCompleted, ErasureRequested } from './events/privacy.events';
import { phoneNumberVariants } from './phone-number-variants';

/**
 * The steps of an erasure, in order, per kind of subject. Each is done once: a crashed erasure
 * resumes at the first step not done, and a step repeated after a crash finds nothing left.
 */
export const ERASURE_STEPS = {
  phone_number: [
    'locate',
    'recordings',
    'conversations',
    'analyses',
    'calls',
    'twilio_call_records',
    'event_copies',
    'stored_answers',
    'exports',
    'audit',
  ],
  user: [
    'locate',
    'agents',
    'workspace_memberships',
    'membership',
    'invitations',
    'reviews',
    'event_copies',
    'stored_answers',
    'exports',
    'profile',
    'audit',
  ],
} as const;
export type ErasureSubjectType = keyof typeof ERASURE_STEPS;
export type ErasureStep = (typeof ERASURE_STEPS)[ErasureSubjectType][number];
/** Every step name, for the API's description. */
export const ALL_ERASURE_STEPS: readonly ErasureStep[] = [...new Set([...ERASURE_STEPS.phone_number, ...ERASURE_STEPS.user])];

export type ErasureStatus = 'pending' | 'running' | 'completed';
export type ErasureOutcome = 'erased' | 'partially_erased';

/** What `locate` found for a phone number: the calls it took part in and their recordings, those under legal hold apart. */
export interface ErasureScope {
  kind: 'phone_number';
  callIds: string[];
  recordingIds: string[];
  /** Recordings under legal hold, and their calls: kept whole, with the number, until the hold is lifted. */
  heldRecordingIds: string[];
  heldCallIds: string[];
}

/** What `locate` found for a user; their email and name are dropped when the erasure completes. */
export interface UserErasureScope {
  kind: 'user';
  email: string | null;
  fullName: string | null;
  workspaceIds: string[];
  agentWorkspaceIds: string[];
}

/** A resource whose personal data an erasure removed: its free text in the audit trail goes with it. */
export interface ErasedResource {
  type: string;
  id: string;
}

export interface ErasureProgress {
  stepsDone: ErasureStep[];
  scope: ErasureScope | UserErasureScope | null;
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
 * A request to erase a person's data from the organization, found by phone number (a caller) or
 * by user id (a member). Runs as a job, step by step; keeps the clear subject only as long as it
 * is needed to search for it.
 */
export class ErasureRequest extends AggregateRoot {
  private constructor(private state: ErasureRequestState) {
    super();
  }

  /** `subject`: the E.164 number, or the user's id. `masked`: what people may read of it. */
  static request(props: {
    id: string;
    organizationId: string;
    subjectType: ErasureSubjectType;
    subject: string;
    masked: string;
    fingerprint: string;
    requestedBy: Actor;
    now: Date;
  }): ErasureRequest {
    const request = new ErasureRequest({
      id: props.id,
      organizationId: props.organizationId,
      subjectType: props.subjectType,
      subject: props.subject,
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
        { subjectType: props.subjectType, subject: props.masked },
        { after: { status: 'pending', subjectType: props.subjectType, subject: props.masked } },
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

  get subjectType(): ErasureSubjectType {
    return this.state.subjectType;
  }

  /** The clear subject (a number, or a user id), for the steps that search for it. */
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
    const scope = this.state.progress.scope;
    if (scope?.kind !== 'phone_number') throw new ConflictError('erasure_request.not_located', 'The erasure has not located its calls');
    return scope;
  }

  get userScope(): UserErasureScope {
    const scope = this.state.progress.scope;
    if (scope?.kind !== 'user') throw new ConflictError('erasure_request.not_located', 'The erasure has not located its member');
    return scope;
  }

  /** What to search for in free text and stored copies: every spelling of the number, or the user's email and name. */
  get needles(): string[] {
    if (this.state.subjectType === 'phone_number') return phoneNumberVariants(this.subject);
    const { email, fullName } = this.userScope;
    // A very short name would match unrelated text.
    return [email, fullName && fullName.trim().length >= 5 ? fullName.trim() : null].filter((n): n is string => !!n);
  }

  /** The first step not done yet; null when every step is done. */
  get nextStep(): ErasureStep | null {
    return ERASURE_STEPS[this.state.subjectType].find((s) => !this.state.progress.stepsDone.includes(s)) ?? null;
  }

  startAttempt(now: Date): void {
    this.state.status = this.state.status === 'completed' ? 'completed' : 'running';
    this.state.attempts += 1;
    this.state.updatedAt = now;
  }

  located(scope: ErasureScope | UserErasureScope, now: Date): void {
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
    const scope = this.state.progress.scope!;
    const held = scope.kind === 'phone_number' ? scope.heldRecordingIds.length : 0;
    const outcome: ErasureOutcome = held > 0 ? 'partially_erased' : 'erased';
    this.state = {
      ...this.state,
      status: 'completed',
      subject: null,
      // The user's email and name were kept only to search for them.
      progress: { ...this.state.progress, scope: scope.kind === 'user' ? { ...scope, email: null, fullName: null } : scope, outcome },
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
            ...(scope.kind === 'phone_number'
              ? { calls: scope.callIds.length, recordings: scope.recordingIds.length, keptUnderLegalHold: held }
              : { workspaces: scope.workspaceIds.length, agentSeats: scope.agentWorkspaceIds.length }),
          },
        },
      ),
    );
  }
}
