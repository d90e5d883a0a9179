import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { Clock, SystemClock } from '@domain/shared/clock';
import { DomainEventSubscriptions } from '@domain/shared/ports/domain-event-subscriptions.port';
import { ExecutionOrigin } from '@domain/shared/ports/execution-origin.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { AesGcmSecretBox } from './crypto/aes-gcm-secret-box';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { RandomApiKeySecrets } from './auth/api-key-secrets';
import { SupabaseJwtVerifier } from './auth/supabase-jwt.verifier';
import { OrganizationAccessResolver } from './auth/organization-access.resolver';
import { AppConfig } from './config/app-config';
import { DomainEventPublisher } from './events/domain-event-publisher';
import { HealthController } from './health/health.controller';
import { CommandJournal } from '@domain/shared/ports/command-journal.port';
import { DatabaseThrottlerStorage } from './auth/database-throttler.storage';
import { IdempotencyJournal } from './http/idempotency-journal';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { CursorCodec } from './http/pagination';
import { ProblemFilter } from './http/problem.filter';
import { RequestContext } from './http/request-context';
import { PgBossJobQueue } from './jobs/pg-boss-job-queue';
import { loggerOptions } from './logging/logger-options';
import { Database } from './persistence/database';
import { DrizzleUnitOfWork } from './persistence/drizzle-unit-of-work';
import { TransactionContext } from './persistence/transaction-context';

export interface InfrastructureOptions {
  config: AppConfig;
  /** An open, migrated database (the application closes it on shutdown). */
  database: Database;
  clock?: Clock;
}

/** Binds every shared port to its adapter, and the HTTP kit (auth, errors, idempotency). */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    const { config, database } = options;
    return {
      module: InfrastructureModule,
      imports: [
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (req: { id?: string }) => String(req.id ?? '') },
        }),
        LoggerModule.forRoot(loggerOptions(config)),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          // Named `default` so the headers carry no suffix (RateLimit-Limit, not RateLimit-Limit-<name>).
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
          skipIf: () => config.rateLimitPerMinute === 0,
          // In the database, every replica counts against the same budget.
          ...(config.rateLimitStore === 'database' ? { storage: new DatabaseThrottlerStorage(database) } : {}),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Database, useValue: database },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        TransactionContext,
        RequestContext,
        { provide: ExecutionOrigin, useExisting: RequestContext },
        {
          provide: PgBossJobQueue,
          inject: [Database, TransactionContext],
          useFactory: (db: Database, tx: TransactionContext) =>
            new PgBossJobQueue(db, tx, {
              connectionString: config.databaseUrl,
              workers: config.jobsEnabled,
              pollingIntervalSeconds: 1,
              ...config.jobLease,
            }),
        },
        { provide: JobQueue, useExisting: PgBossJobQueue },
        DomainEventPublisher,
        { provide: DomainEventSubscriptions, useExisting: DomainEventPublisher },
        DrizzleUnitOfWork,
        { provide: UnitOfWork, useExisting: DrizzleUnitOfWork },
        CursorCodec,
        RandomApiKeySecrets,
        SupabaseJwtVerifier,
        ApiKeyAuthenticator,
        OrganizationAccessResolver,
        { provide: SecretBox, useClass: AesGcmSecretBox },
        { provide: APP_FILTER, useClass: ProblemFilter },
        IdempotencyJournal,
        { provide: CommandJournal, useExisting: IdempotencyJournal },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        AppConfig,
        Database,
        Clock,
        TransactionContext,
        RequestContext,
        ExecutionOrigin,
        PgBossJobQueue,
        JobQueue,
        DomainEventSubscriptions,
        UnitOfWork,
        CursorCodec,
        RandomApiKeySecrets,
        SupabaseJwtVerifier,
        ApiKeyAuthenticator,
        OrganizationAccessResolver,
        SecretBox,
        CommandJournal,
      ],
    };
  }
}
