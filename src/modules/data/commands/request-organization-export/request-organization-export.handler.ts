import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationExport } from '@domain/data/organization-export.aggregate';
import { DataSettings } from '@domain/data/ports/data-settings.port';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { WRITE_EXPORT_ARCHIVE_QUEUE, type WriteExportArchiveJobData } from '../../data-queues';
import { RequestOrganizationExportCommand } from './request-organization-export.command';

@CommandHandler(RequestOrganizationExportCommand)
export class RequestOrganizationExportHandler implements ICommandHandler<RequestOrganizationExportCommand, { exportId: string }> {
  constructor(
    private readonly exports: OrganizationExportRepository,
    private readonly jobs: JobQueue,
    private readonly settings: DataSettings,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RequestOrganizationExportCommand): Promise<{ exportId: string }> {
    const requested = OrganizationExport.request({
      id: newId(),
      organizationId: c.organizationId,
      requestedBy: c.requestedBy,
      storageBackend: this.settings.storageBackend,
      now: this.clock.now(),
    });
    await this.exports.save(requested);
    // In this transaction: the job exists only if the export does. Its id is the export's, so it is queued once.
    const job: WriteExportArchiveJobData = { organizationId: c.organizationId, exportId: requested.id };
    await this.jobs.send(WRITE_EXPORT_ARCHIVE_QUEUE, job, { id: requested.id });
    return { exportId: requested.id };
  }
}
