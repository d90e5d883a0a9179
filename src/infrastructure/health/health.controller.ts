import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problem';
import { PgBossJobQueue } from '../jobs/pg-boss-job-queue';
import { Database } from '../persistence/database';
import { hasAccessCheck, type StorageAccessCheck } from '../storage/storage-access';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);
  /** Undefined until looked up; null when the application has no object storage. */
  private storage: StorageAccessCheck | null | undefined;
  /** The reasons last logged for not being ready (logged again only when they change). */
  private lastDown: string | null = null;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: Database,
    private readonly jobs: PgBossJobQueue,
    private readonly modules: ModuleRef,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database, the job queue and object storage answer' })
  @ApiProblems({ 503: ['service.not_ready'] })
  @HealthCheck()
  async ready() {
    const storage = this.objectStorage();
    try {
      const result = await this.health.check([
        () => this.check('database', () => this.database.query('select 1')),
        () => this.check('jobs', () => this.jobs.ping()),
        // The bucket answers to the service key (Supabase), or the objects' directory is writable (local disk).
        ...(storage ? [() => this.check('storage', () => storage.checkAccess())] : []),
      ]);
      this.lastDown = null;
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const down = Object.entries((error.getResponse() as HealthCheckResult).error ?? {});
      // The answer is public: it names what is down; why (a bucket, a key problem) goes to the log.
      const reasons = down.map(([name, result]) => `${name}: ${String(result?.message ?? 'down')}`).join('; ');
      if (reasons !== this.lastDown) this.logger.warn(`Not ready: ${reasons}`);
      this.lastDown = reasons;
      throw new ProblemException(503, 'service.not_ready', `Not ready: ${down.map(([name]) => name).join(', ')} down`, {
        headers: { 'retry-after': '5' },
      });
    }
  }

  /** The application's ObjectStorage (provided by the recording module, not exported to this one). */
  private objectStorage(): StorageAccessCheck | null {
    if (this.storage === undefined) {
      let found: unknown = null;
      try {
        found = this.modules.get(ObjectStorage, { strict: false });
      } catch {
        found = null;
      }
      this.storage = hasAccessCheck(found) ? found : null;
    }
    return this.storage;
  }

  private async check(key: string, probe: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    try {
      await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref())]);
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
