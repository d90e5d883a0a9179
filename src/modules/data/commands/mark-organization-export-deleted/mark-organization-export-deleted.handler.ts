import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { MarkOrganizationExportDeletedCommand } from './mark-organization-export-deleted.command';

@CommandHandler(MarkOrganizationExportDeletedCommand)
export class MarkOrganizationExportDeletedHandler implements ICommandHandler<MarkOrganizationExportDeletedCommand, { deleted: boolean }> {
  constructor(
    private readonly exports: OrganizationExportRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkOrganizationExportDeletedCommand): Promise<{ deleted: boolean }> {
    const found = await this.exports.findById(c.organizationId, c.exportId);
    if (!found?.markDeleted(c.reason, this.clock.now())) return { deleted: false };
    await this.exports.save(found);
    return { deleted: true };
  }
}
