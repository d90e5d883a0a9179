import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { FailOrganizationExportCommand } from './fail-organization-export.command';

@CommandHandler(FailOrganizationExportCommand)
export class FailOrganizationExportHandler implements ICommandHandler<FailOrganizationExportCommand, void> {
  constructor(
    private readonly exports: OrganizationExportRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: FailOrganizationExportCommand): Promise<void> {
    const found = await this.exports.findById(c.organizationId, c.exportId);
    if (found?.fail(c.reason, this.clock.now())) await this.exports.save(found);
  }
}
