import type { Logger } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { JobHandler } from '@domain/shared/ports/job-queue.port';

export interface QueueWorkerOptions {
  concurrency: number;
  pollingIntervalMs: number;
  /** A running job stays claimed this long after its last heartbeat. */
  leaseSeconds: number;
  heartbeatMs: number;
}

/** The job is no longer this process's: its claim lapsed (another process may run it), or the process is stopping. */
export class JobClaimLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobClaimLostError';
  }
}

interface Running {
  job: PgBoss.JobWithMetadata<object>;
  controller: AbortController;
  done: Promise<void>;
  /** Completed, failed or given up: nothing more is reported for it. */
  settled: boolean;
}

/**
 * Runs one queue's jobs in this process, up to `concurrency` at once. pg-boss 10 has no
 * heartbeat, and its own worker fails a job once the job's expiry has passed in the process
 * that runs it, while the handler goes on. So jobs are fetched here and each running job
 * renews its claim: its pg-boss expiry is pushed to `leaseSeconds` after every heartbeat.
 * A process that dies stops renewing, and pg-boss's maintenance (as often as the heartbeat)
 * fails the job, which is then retried by any process after the queue's retry delay.
 *
 * Fetching: while slots are free and jobs wait, at once; when the queue is empty, every
 * `pollingIntervalMs`; one fetch asks for as many jobs as slots are free.
 */
export class PgBossQueueWorker {
  private readonly running = new Set<Running>();
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
    private readonly queue: string,
    private readonly handler: JobHandler<object>,
    private readonly options: QueueWorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Stops fetching and waits up to `graceMs` for the running jobs. Those still running are
   * failed (so another process retries them after the retry delay, not after the lease) and
   * their handlers are aborted.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    const pending = [...this.running];
    if (pending.length === 0) return;
    await Promise.race([Promise.allSettled(pending.map((r) => r.done)), delay(graceMs)]);
    for (const r of this.running) {
      if (r.settled) continue;
      r.settled = true;
      r.controller.abort(new JobClaimLostError(`The process stopped while job ${r.job.id} of ${this.queue} was running`));
      await this.boss.fail(this.queue, r.job.id, { message: 'the process stopped while the job was running' }).catch(() => undefined);
    }
  }

  get active(): number {
    return this.running.size;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const free = this.options.concurrency - this.running.size;
      if (free <= 0) {
        await this.pause(null);
        continue;
      }
      // pg-boss answers [] when the fetch fails (the database is down): polling goes on.
      const jobs = await this.boss.fetch<object>(this.queue, { batchSize: free, includeMetadata: true }).catch(() => []);
      for (const job of jobs ?? []) this.launch(job);
      if (jobs && jobs.length === free) continue;
      await this.pause(this.options.pollingIntervalMs);
    }
  }

  /** Until a running job ends, stop() is called, or `ms` passes (null: no timer). */
  private pause(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms);
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private launch(job: PgBoss.JobWithMetadata<object>): void {
    const running: Running = { job, controller: new AbortController(), done: Promise.resolve(), settled: false };
    this.running.add(running);
    running.done = this.execute(running).finally(() => {
      this.running.delete(running);
      this.wake?.();
    });
  }

  private async execute(running: Running): Promise<void> {
    const { job, controller } = running;
    let renewedAt = Date.now();
    const renew = async (): Promise<void> => {
      try {
        if (await this.renew(job.id)) {
          renewedAt = Date.now();
          return;
        }
        controller.abort(new JobClaimLostError(`Job ${job.id} of ${this.queue} is no longer held by this process (its claim lapsed)`));
      } catch (error) {
        // The database is unreachable: once the claim has lapsed another process may take the job.
        if (Date.now() - renewedAt > this.options.leaseSeconds * 1000) {
          controller.abort(
            new JobClaimLostError(`Job ${job.id} of ${this.queue} could not renew its claim for ${this.options.leaseSeconds} s`),
          );
        } else {
          this.logger.warn({ err: error, queue: this.queue, jobId: job.id }, 'job heartbeat failed');
        }
      }
    };
    // At once: the job may carry a longer expiry (its queue's, or a previous run's).
    await renew();
    const heartbeat = setInterval(() => void renew(), this.options.heartbeatMs);
    try {
      if (controller.signal.aborted) return;
      await this.handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit, signal: controller.signal });
      if (running.settled || controller.signal.aborted) return;
      running.settled = true;
      await this.boss.complete(this.queue, job.id);
    } catch (error) {
      if (running.settled || controller.signal.aborted) return;
      running.settled = true;
      this.logger.warn({ err: error, queue: this.queue, jobId: job.id }, 'job failed');
      await this.boss
        .fail(this.queue, job.id, { message: (error as Error).message })
        .catch((e: unknown) => this.logger.error({ err: e, queue: this.queue }, 'could not record a failed job'));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Pushes the job's expiry to `leaseSeconds` from now. pg-boss expires an active job when
   * `started_on + expire_in` has passed; false when the job is no longer active (it expired
   * and went back to the queue, or was cancelled).
   */
  private async renew(id: string): Promise<boolean> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        `update ${this.schema}.job set expire_in = (now() - started_on) + make_interval(secs => $3) where name = $1 and id = $2 and state = 'active' returning id`,
        [this.queue, id, this.options.leaseSeconds],
      );
    return rows.length > 0;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
