import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ObjectStorage } from '@modules/recording';
import { DeleteOrganizationExportsCommand, type DeletedOrganizationExport } from './delete-organization-exports.command';

/**
 * Each archive's object is removed before its export is marked deleted, so a failure can only
 * leave an export not yet marked whose object is already gone: a second run removes nothing more
 * (removing a missing object is not an error) and marks it. The exports are locked for the
 * transaction, so a concurrent completion waits and then finds them deleted (its job then removes
 * the object it wrote). The removals are storage calls made while the transaction is open, unlike
 * the rest of the service: the caller (an erasure) needs to know, when the command returns, that
 * the objects are gone; an organization has few archives.
 */
@CommandHandler(DeleteOrganizationExportsCommand)
export class DeleteOrganizationExportsHandler implements ICommandHandler<DeleteOrganizationExportsCommand, DeletedOrganizationExport[]> {
  constructor(
    private readonly exports: OrganizationExportRepository,
    private readonly storage: ObjectStorage,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: DeleteOrganizationExportsCommand): Promise<DeletedOrganizationExport[]> {
    const deleted: DeletedOrganizationExport[] = [];
    for (const archive of await this.exports.undeletedOf(c.organizationId)) {
      await this.storage.remove(archive.objectKey);
      archive.markDeleted(c.reason, this.clock.now());
      await this.exports.save(archive);
      deleted.push({ exportId: archive.id, objectKey: archive.objectKey, status: archive.status });
    }
    return deleted;
  }
}
