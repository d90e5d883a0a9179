import { OrganizationCommand } from '../../../shared';
import type { ErasureRequest, ErasureStep } from '@domain/privacy/erasure-request.aggregate';

/** What the erasure job needs to go on: the next step, and what it works on. */
export interface ErasureWork {
  nextStep: ErasureStep | null;
  /** What to search for in stored copies (the number's spellings, the user's email and name); empty once completed. */
  needles: string[];
  /** An erasure by phone number, once located: the recordings it deletes, and those a legal hold keeps. */
  recordings: { erasable: string[]; held: string[] } | null;
  /** An erasure by phone number, once located: the calls whose records it deletes at Twilio. */
  callIds: string[];
  /** An erasure by user: whose profile goes. */
  userId: string | null;
}

export function workOf(request: ErasureRequest): ErasureWork {
  const located = request.snapshot.progress.scope !== null && !request.isCompleted;
  const byPhone = request.subjectType === 'phone_number';
  return {
    nextStep: request.nextStep,
    needles: located ? request.needles : [],
    recordings: located && byPhone ? { erasable: request.erasable.recordingIds, held: request.scope.heldRecordingIds } : null,
    callIds: located && byPhone ? request.erasable.callIds : [],
    userId: !byPhone && !request.isCompleted ? request.subject : null,
  };
}

export interface RunErasureStepProps {
  readonly organizationId: string;
  readonly erasureRequestId: string;
  /** The step the job means to run: refused unless it is the request's next one. */
  readonly step: ErasureStep;
}

/**
 * Runs one step of an erasure in one transaction: the change, its receipts and the step marked
 * done commit together, so a crash leaves either all of a step or none of it. Recordings (storage and Twilio),
 * Twilio's call records, stored answers and profiles (platform scope) are done by the job first, each with its receipt; this
 * then only marks them done. Answers what is left.
 */
export class RunErasureStepCommand extends OrganizationCommand<RunErasureStepProps, ErasureWork> {}
