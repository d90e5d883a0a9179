import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { OrganizationExportStatus } from '@domain/data/organization-export.aggregate';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { CompleteOrganizationExportCommand } from './complete-organization-export.command';

@CommandHandler(CompleteOrganizationExportCommand)
export class CompleteOrganizationExportHandler implements ICommandHandler<
  CompleteOrganizationExportCommand,
  { completed: boolean; status: OrganizationExportStatus | null }
> {
  constructor(
    private readonly exports: OrganizationExportRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: CompleteOrganizationExportCommand): Promise<{ completed: boolean; status: OrganizationExportStatus | null }> {
    const found = await this.exports.findById(c.organizationId, c.exportId);
    if (!found) return { completed: false, status: null };
    const completed = found.complete({ rows: c.rows, sizeBytes: c.sizeBytes, sha256: c.sha256 }, this.clock.now());
    if (completed) await this.exports.save(found);
    return { completed, status: found.status };
  }
}
