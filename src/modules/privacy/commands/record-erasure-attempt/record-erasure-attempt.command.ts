import { Command } from '@nestjs/cqrs';
import type { ErasureWork } from '../run-erasure-step/run-erasure-step.command';

export interface RecordErasureAttemptProps {
  readonly organizationId: string;
  readonly erasureRequestId: string;
  /** `started` when the job picks the request up; the error when an attempt failed (the job retries). */
  readonly outcome: { started: true } | { failed: string };
}

/** Counts the job's attempts and keeps the last error, for `GET /erasure-requests/{id}`. Answers what is left to do. */
export class RecordErasureAttemptCommand extends Command<ErasureWork> {
  constructor(readonly props: RecordErasureAttemptProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
