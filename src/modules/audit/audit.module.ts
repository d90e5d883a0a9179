import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditChainStore, AuditLogWriter } from '@domain/audit/ports/audit-log.port';
import { AuditExportReadModel, AuditReadModel } from '@domain/audit/ports/audit-read-model.port';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { DrizzleAuditPersonalDataVault } from '@infrastructure/persistence/audit/drizzle-audit-personal-data.vault';
import { ShredPersonalDataHandler } from './commands/shred-personal-data/shred-personal-data.handler';
import { DrizzleAuditExportReadModel } from '@infrastructure/persistence/audit/drizzle-audit-export.read-model';
import { DrizzleAuditReadModel } from '@infrastructure/persistence/audit/drizzle-audit.read-model';
import { DrizzleAuditChainStore, DrizzleAuditLogWriter } from '@infrastructure/persistence/audit/drizzle-audit.repositories';
import { TransactionalCommandBus } from '../shared';
import { SealAuditChainCommand } from './commands/seal-audit-chain/seal-audit-chain.command';
import { SealAuditChainHandler } from './commands/seal-audit-chain/seal-audit-chain.handler';
import { RecordAuditTrailSubscriber, SEAL_AUDIT_CHAIN_QUEUE } from './reactions/record-audit-trail.subscriber';
import { AuditLogsController } from './http/audit-logs.controller';
import { ExportAuditLogsHandler } from './queries/export-audit-logs/export-audit-logs.handler';
import { ListAuditLogsHandler } from './queries/list-audit-logs/list-audit-logs.handler';
import { VerifyAuditChainHandler } from './queries/verify-audit-chain/verify-audit-chain.handler';
import { AuditRowsExportReadModel } from '@domain/audit/ports/audit-rows-export-read-model.port';
import { DrizzleAuditRowsExportReadModel } from '@infrastructure/persistence/audit/drizzle-audit-rows-export.read-model';
import { ExportAuditRowsHandler } from './queries/export-audit-rows/export-audit-rows.handler';

@Module({
  controllers: [AuditLogsController],
  providers: [
    { provide: AuditRowsExportReadModel, useClass: DrizzleAuditRowsExportReadModel },
    ExportAuditRowsHandler,
    { provide: AuditLogWriter, useClass: DrizzleAuditLogWriter },
    { provide: AuditChainStore, useClass: DrizzleAuditChainStore },
    { provide: AuditReadModel, useClass: DrizzleAuditReadModel },
    { provide: AuditExportReadModel, useClass: DrizzleAuditExportReadModel },
    { provide: PersonalDataVault, useClass: DrizzleAuditPersonalDataVault },
    ShredPersonalDataHandler,
    RecordAuditTrailSubscriber,
    SealAuditChainHandler,
    ListAuditLogsHandler,
    ExportAuditLogsHandler,
    VerifyAuditChainHandler,
  ],
})
export class AuditModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<{ organizationId: string }>(SEAL_AUDIT_CHAIN_QUEUE, async ({ organizationId }) => {
      // Seal in batches until the backlog is gone.
      while ((await this.commands.execute(new SealAuditChainCommand({ organizationId }))) > 0);
    });
  }
}
