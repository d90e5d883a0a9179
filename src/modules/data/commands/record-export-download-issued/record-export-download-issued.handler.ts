import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { RecordExportDownloadIssuedCommand } from './record-export-download-issued.command';

@CommandHandler(RecordExportDownloadIssuedCommand)
export class RecordExportDownloadIssuedHandler implements ICommandHandler<RecordExportDownloadIssuedCommand, { issued: boolean }> {
  constructor(private readonly exports: OrganizationExportRepository) {}

  async execute({ props: c }: RecordExportDownloadIssuedCommand): Promise<{ issued: boolean }> {
    const found = await this.exports.findById(c.organizationId, c.exportId);
    // Deleted between the read and this command: the link points at nothing, and is not handed out.
    if (!found?.downloadable) return { issued: false };
    found.recordDownloadIssued(c.expiresAt);
    await this.exports.save(found);
    return { issued: true };
  }
}
