import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { JobQueue, type JobHandler, type JobOptions, type WorkOptions } from '@domain/shared/ports/job-queue.port';
import { Database, executeRaw } from '../persistence/database';
import { TransactionContext } from '../persistence/transaction-context';
import { PgBossQueueWorker } from './pg-boss-queue.worker';

export const PGBOSS_SCHEMA = 'pgboss';

export interface PgBossJobQueueOptions {
  connectionString: string | null;
  workers: boolean;
  pollingIntervalSeconds: number;
  /**
   * A running job stays claimed this long after its last heartbeat: a process that dies holds
   * its jobs for about this long (plus one heartbeat and the retry delay) before another
   * process retries them.
   */
  leaseSeconds: number;
  /** How often a running job renews its claim, and how often expired claims are looked for. */
  heartbeatSeconds: number;
}

export const DEFAULT_JOB_LEASE = { leaseSeconds: 30, heartbeatSeconds: 10 } as const;

/** How long shutdown waits for running jobs before failing them back to the queue. */
const STOP_GRACE_MS = 5_000;

/**
 * pg-boss on either database. On PostgreSQL it has its own pool; on PGlite it runs its SQL
 * in-process. A `send` inside a unit of work goes through that transaction, so the job
 * exists only if the change commits.
 */
@Injectable()
export class PgBossJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Set<string>();
  private queueSetup: Promise<void> = Promise.resolve();
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly workers: PgBossQueueWorker[] = [];
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private readonly options: PgBossJobQueueOptions;

  constructor(
    private readonly database: Database,
    private readonly context: TransactionContext,
    options: Omit<PgBossJobQueueOptions, 'leaseSeconds' | 'heartbeatSeconds'> & Partial<PgBossJobQueueOptions>,
  ) {
    super();
    this.options = { ...DEFAULT_JOB_LEASE, ...options };
  }

  /** Starts pg-boss (installing its schema on first run) and lets the tenant role enqueue. */
  start(): Promise<PgBoss> {
    this.starting ??= (async () => {
      // Without workers (CLI, tests) this process only enqueues: no maintenance or cron timers.
      // Maintenance fails jobs whose claim lapsed (their process died): as often as claims are renewed.
      const background = {
        supervise: this.options.workers,
        schedule: this.options.workers,
        maintenanceIntervalSeconds: this.options.heartbeatSeconds,
      };
      const boss = this.options.connectionString
        ? new PgBoss({
            connectionString: this.options.connectionString,
            schema: PGBOSS_SCHEMA,
            max: 4,
            application_name: 'switchboard-jobs',
            ...background,
          })
        : new PgBoss({
            schema: PGBOSS_SCHEMA,
            ...background,
            db: { executeSql: (text: string, values?: unknown[]) => this.database.query(text, values ?? []) },
          } as PgBoss.ConstructorOptions);
      boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
      await boss.start();
      await this.database.query(
        `grant usage on schema ${PGBOSS_SCHEMA} to app_tenant; grant select, insert on all tables in schema ${PGBOSS_SCHEMA} to app_tenant`,
      );
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  /**
   * Queues are created one at a time: Nest runs a module's start-up hooks concurrently, and two
   * pg-boss createQueue calls at once deadlock on PostgreSQL (each adds a partition).
   */
  ensureQueue(queue: string, policy: PgBoss.QueuePolicy = 'standard', retryLimit = 5): Promise<void> {
    if (this.queues.has(queue)) return Promise.resolve();
    const run = this.queueSetup.then(() => this.createOrUpdateQueue(queue, policy, retryLimit));
    this.queueSetup = run.catch(() => undefined);
    return run;
  }

  private async createOrUpdateQueue(queue: string, policy: PgBoss.QueuePolicy, retryLimit: number): Promise<void> {
    if (this.queues.has(queue)) return;
    const boss = await this.start();
    const existing = await boss.getQueue(queue);
    // A job's expiry until its first heartbeat (taken at once when it starts): the lease.
    const expireInSeconds = this.options.leaseSeconds;
    if (!existing) {
      await boss.createQueue(queue, { name: queue, policy, retryLimit, retryDelay: 2, retryBackoff: true, expireInSeconds });
      // New partitions need the grant too.
      await this.database.query(`grant select, insert on all tables in schema ${PGBOSS_SCHEMA} to app_tenant`);
    } else if (existing.expireInSeconds !== expireInSeconds) {
      // pg-boss resets an unnamed policy to standard.
      await boss.updateQueue(queue, { name: queue, policy: existing.policy ?? policy, expireInSeconds });
    }
    this.queues.add(queue);
  }

  async send<T extends object>(queue: string, data: T, options: JobOptions = {}): Promise<void> {
    const boss = this.boss ?? (await this.start());
    if (!this.queues.has(queue)) {
      if (this.context.current()) throw new Error(`Queue ${queue} was not declared at start-up`);
      await this.ensureQueue(queue);
    }
    const unit = this.context.current();
    const sendOptions: PgBoss.SendOptions = {};
    if (options.id !== undefined) sendOptions.id = options.id;
    if (options.singletonKey !== undefined) sendOptions.singletonKey = options.singletonKey;
    if (options.startAfterSeconds !== undefined) sendOptions.startAfter = new Date(Date.now() + options.startAfterSeconds * 1000);
    if (options.retryLimit !== undefined) sendOptions.retryLimit = options.retryLimit;
    if (unit) sendOptions.db = { executeSql: (text: string, values?: unknown[]) => executeRaw(unit.tx, text, values ?? []) };
    await boss.send(queue, data, sendOptions);
  }

  async work<T extends object>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    await this.ensureQueue(queue);
    this.handlers.set(queue, handler as JobHandler<object>);
    if (!this.options.workers) return;
    const boss = await this.start();
    const worker = new PgBossQueueWorker(
      boss,
      PGBOSS_SCHEMA,
      queue,
      handler as JobHandler<object>,
      {
        concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
        pollingIntervalMs: this.options.pollingIntervalSeconds * 1000,
        leaseSeconds: this.options.leaseSeconds,
        heartbeatMs: this.options.heartbeatSeconds * 1000,
      },
      this.logger,
    );
    this.workers.push(worker);
    worker.start();
  }

  async schedule(queue: string, cron: string, data: object = {}): Promise<void> {
    await this.ensureQueue(queue);
    if (!this.options.workers) return;
    const boss = await this.start();
    await boss.schedule(queue, cron, data);
  }

  /**
   * Runs every job that is due on `queue` now, in this process, and returns how many ran.
   * For the CLI and tests, where no worker polls.
   */
  async drain(queue: string): Promise<number> {
    const boss = await this.start();
    const handler = this.handlers.get(queue);
    if (!handler) throw new Error(`No handler for queue ${queue}`);
    let ran = 0;
    for (;;) {
      const jobs = await boss.fetch<object>(queue, { batchSize: 10, ignoreStartAfter: true, includeMetadata: true });
      if (!jobs || jobs.length === 0) return ran;
      for (const job of jobs) {
        ran += 1;
        try {
          await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
          await boss.complete(queue, job.id);
        } catch (error) {
          // As a worker would: the job is retried (here, at once) until its retry limit.
          this.logger.warn({ err: error, queue }, 'job failed');
          await boss.fail(queue, job.id, { message: (error as Error).message });
        }
      }
    }
  }

  async declare(queue: string, options: { onePendingPerKey?: boolean; retryLimit?: number } = {}): Promise<void> {
    await this.ensureQueue(queue, options.onePendingPerKey ? 'short' : 'standard', options.retryLimit);
  }

  /** Readiness: pg-boss is started and its schema answers. */
  async ping(): Promise<void> {
    if (!this.boss) throw new Error('job queue not started');
    await this.database.query(`select 1 from ${PGBOSS_SCHEMA}.version limit 1`);
  }

  async onApplicationShutdown(): Promise<void> {
    // Running jobs get a grace period; those still running then go back to the queue at once.
    await Promise.all(this.workers.map((w) => w.stop(STOP_GRACE_MS)));
    if (this.boss) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => undefined);
  }
}
