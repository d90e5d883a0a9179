import { OrganizationCommand } from '../../../shared';
import type { ErasureWork } from '../run-erasure-step/run-erasure-step.command';

export interface RecordErasureAttemptProps {
  readonly organizationId: string;
  readonly erasureRequestId: string;
  /** `started` when the job picks the request up; the error when an attempt failed (the job retries). */
  readonly outcome: { started: true } | { failed: string };
}

/** Counts the job's attempts and keeps the last error, for `GET /erasure-requests/{id}`. Answers what is left to do. */
export class RecordErasureAttemptCommand extends OrganizationCommand<RecordErasureAttemptProps, ErasureWork> {}
