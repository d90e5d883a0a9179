import { Command } from '@nestjs/cqrs';
import type { ErasureRequest, ErasureScope, ErasureStep } from '@domain/privacy/erasure-request.aggregate';

/** What the erasure job needs to go on: the next step, and what it works on. */
export interface ErasureWork {
  nextStep: ErasureStep | null;
  /** The clear phone number; null once the erasure completed. */
  subject: string | null;
  scope: ErasureScope | null;
  erasable: { callIds: string[]; recordingIds: string[] } | null;
}

export function workOf(request: ErasureRequest): ErasureWork {
  if (request.isCompleted) return { nextStep: null, subject: null, scope: request.snapshot.progress.scope, erasable: null };
  const located = request.snapshot.progress.scope !== null;
  return {
    nextStep: request.nextStep,
    subject: request.subject,
    scope: request.snapshot.progress.scope,
    erasable: located ? request.erasable : null,
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
 * done commit together, so a crash leaves either all of a step or none of it. Recordings (storage and Twilio)
 * and stored answers (platform scope) are done by the job first, each with its receipt; this
 * then only marks them done. Answers what is left.
 */
export class RunErasureStepCommand extends Command<ErasureWork> {
  constructor(readonly props: RunErasureStepProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
