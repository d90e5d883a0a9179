import { Injectable, Logger } from '@nestjs/common';
import { DataSettings } from '@domain/data/ports/data-settings.port';
import { OrganizationExportDirectory } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { OrganizationExportArchivesService } from '../organization-export-archives.service';

const BATCH = 500;

/**
 * Daily: deletes the archives of exports created more than `EXPORT_ARCHIVE_RETENTION_DAYS` ago
 * (pending and failed ones too: whatever a stuck or failed job may have left at the key goes),
 * each through its organization: object removed, export `deleted`, `organization_export.deleted`
 * with `reason: 'retention'`. An archive that cannot be deleted now is tried again the next day.
 */
@Injectable()
export class ExportArchiveRetentionJob {
  private readonly logger = new Logger(ExportArchiveRetentionJob.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: OrganizationExportDirectory,
    private readonly archives: OrganizationExportArchivesService,
    private readonly settings: DataSettings,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<{ deleted: number }> {
    const before = new Date(this.clock.now().getTime() - this.settings.archiveRetentionDays * 86_400_000);
    let deleted = 0;
    for (;;) {
      const expired = await this.unitOfWork.run({ organizationId: null }, () => this.directory.createdBefore(before, BATCH));
      let failed = 0;
      for (const e of expired) {
        try {
          if (await this.archives.deleteForRetention(e.organizationId, e.exportId)) deleted += 1;
        } catch (error) {
          failed += 1;
          this.logger.warn({ err: error, exportId: e.exportId }, 'retention could not delete an export archive');
        }
      }
      // A full batch means more may be waiting, unless this one went nowhere.
      if (expired.length < BATCH || failed === expired.length) return { deleted };
    }
  }
}
