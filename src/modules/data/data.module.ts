import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DataReadModel } from '@domain/data/ports/data-read-model.port';
import { DataSettings } from '@domain/data/ports/data-settings.port';
import { OrganizationExportDirectory, OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { AppConfig } from '@infrastructure/config/app-config';
import { DrizzleDataReadModel } from '@infrastructure/persistence/data/drizzle-data.read-model';
import {
  DrizzleOrganizationExportDirectory,
  DrizzleOrganizationExportRepository,
} from '@infrastructure/persistence/data/drizzle-data.repositories';
import { AnalysisModule } from '@modules/analysis';
import { AuditModule } from '@modules/audit';
import { EventsModule } from '@modules/events';
import { EXPORT_LINK_TTL_SECONDS, RecordingModule } from '@modules/recording';
import { TelephonyModule } from '@modules/telephony';
import { TenancyModule } from '@modules/tenancy';
import { CompleteOrganizationExportHandler } from './commands/complete-organization-export/complete-organization-export.handler';
import { DeleteOrganizationExportsHandler } from './commands/delete-organization-exports/delete-organization-exports.handler';
import { FailOrganizationExportHandler } from './commands/fail-organization-export/fail-organization-export.handler';
import { MarkOrganizationExportDeletedHandler } from './commands/mark-organization-export-deleted/mark-organization-export-deleted.handler';
import { RecordExportDownloadIssuedHandler } from './commands/record-export-download-issued/record-export-download-issued.handler';
import { RequestOrganizationExportHandler } from './commands/request-organization-export/request-organization-export.handler';
import {
  EXPORT_ARCHIVE_RETENTION_QUEUE,
  WRITE_EXPORT_ARCHIVE_QUEUE,
  WRITE_EXPORT_ARCHIVE_RETRY_LIMIT,
  type WriteExportArchiveJobData,
} from './data-queues';
import { OrganizationExportController } from './http/organization-export.controller';
import { OrganizationExportsController } from './http/organization-exports.controller';
import { ExportArchiveRetentionJob } from './jobs/export-archive-retention.job';
import { WriteExportArchiveJob } from './jobs/write-export-archive.job';
import { OrganizationExportArchivesService } from './organization-export-archives.service';
import { OrganizationExportService } from './organization-export.service';
import { GetOrganizationExportHandler } from './queries/get-organization-export/get-organization-export.handler';
import { ListOrganizationExportsHandler } from './queries/list-organization-exports/list-organization-exports.handler';

/**
 * Data lifecycle across contexts: the organization export, streamed (`GET /export`) or written as
 * an archive into storage by a job (`POST /exports`), and the archives' deletion (retention,
 * erasure). It composes the contexts' published export queries, and nothing depends on it.
 */
@Module({
  imports: [TenancyModule, TelephonyModule, RecordingModule, AnalysisModule, EventsModule, AuditModule],
  controllers: [OrganizationExportController, OrganizationExportsController],
  providers: [
    OrganizationExportService,
    OrganizationExportArchivesService,
    { provide: OrganizationExportRepository, useClass: DrizzleOrganizationExportRepository },
    { provide: OrganizationExportDirectory, useClass: DrizzleOrganizationExportDirectory },
    { provide: DataReadModel, useClass: DrizzleDataReadModel },
    {
      provide: DataSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): DataSettings => ({
        storageBackend: config.supabase ? 'supabase' : 'local',
        archiveRetentionDays: config.exportArchiveRetentionDays,
        downloadUrlTtlSeconds: EXPORT_LINK_TTL_SECONDS,
      }),
    },
    RequestOrganizationExportHandler,
    CompleteOrganizationExportHandler,
    FailOrganizationExportHandler,
    MarkOrganizationExportDeletedHandler,
    RecordExportDownloadIssuedHandler,
    DeleteOrganizationExportsHandler,
    GetOrganizationExportHandler,
    ListOrganizationExportsHandler,
    WriteExportArchiveJob,
    ExportArchiveRetentionJob,
  ],
})
export class DataModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly writeArchive: WriteExportArchiveJob,
    private readonly retention: ExportArchiveRetentionJob,
  ) {}

  /** Declared before any transaction sends to them (one after the other: see EventsModule). */
  async onModuleInit(): Promise<void> {
    await this.jobs.declare(WRITE_EXPORT_ARCHIVE_QUEUE, { retryLimit: WRITE_EXPORT_ARCHIVE_RETRY_LIMIT });
    await this.jobs.declare(EXPORT_ARCHIVE_RETENTION_QUEUE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<WriteExportArchiveJobData>(WRITE_EXPORT_ARCHIVE_QUEUE, (data, job) => this.writeArchive.run(data, job));
    await this.jobs.work(EXPORT_ARCHIVE_RETENTION_QUEUE, async () => {
      await this.retention.run();
    });
    await this.jobs.schedule(EXPORT_ARCHIVE_RETENTION_QUEUE, '29 4 * * *');
  }
}
