import type { Origin } from '../actor';

/** The origin of the work in progress: the request's caller, or the system for jobs. */
export abstract class ExecutionOrigin {
  abstract current(): Origin;
}
