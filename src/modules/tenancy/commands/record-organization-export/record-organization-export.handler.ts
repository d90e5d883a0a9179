import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { organizationNotFound } from '@domain/tenancy/errors';
import { OrganizationRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { RecordOrganizationExportCommand } from './record-organization-export.command';

@CommandHandler(RecordOrganizationExportCommand)
export class RecordOrganizationExportHandler implements ICommandHandler<RecordOrganizationExportCommand, void> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordOrganizationExportCommand): Promise<void> {
    const organization = await this.organizations.findById(c.organizationId);
    if (!organization) throw organizationNotFound();
    organization.recordExport(c.exportedBy, this.clock.now(), c.linkTtlSeconds);
    await this.organizations.save(organization);
  }
}
