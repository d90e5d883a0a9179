export interface JobOptions {
  /** Stable id: a second send with the same id is ignored (idempotent enqueue). */
  id?: string;
  /** At most one queued job per key. */
  singletonKey?: string;
  startAfterSeconds?: number;
  retryLimit?: number;
}

/**
 * `retryCount` of `retryLimit`: a handler on its last attempt can record the failure for good.
 * `signal` aborts when this process no longer holds the job (its claim lapsed and another
 * process may run it, or the process is shutting down): a long handler stops its work then.
 */
export type JobHandler<T> = (data: T, job: { id: string; retryCount: number; retryLimit: number; signal?: AbortSignal }) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue run at once in this process (1 by default). */
  concurrency?: number;
}

/** Durable jobs. `send` inside a unit of work joins its transaction. */
export abstract class JobQueue {
  abstract send<T extends object>(queue: string, data: T, options?: JobOptions): Promise<void>;
  abstract work<T extends object>(queue: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  abstract schedule(queue: string, cron: string, data?: object): Promise<void>;
  /**
   * Makes a queue exist before any transaction sends to it. With `onePendingPerKey`, a send
   * whose `singletonKey` already has a job waiting is dropped (coalescing).
   */
  abstract declare(queue: string, options?: { onePendingPerKey?: boolean; retryLimit?: number }): Promise<void>;
}
