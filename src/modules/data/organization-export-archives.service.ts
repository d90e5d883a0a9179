import { Injectable } from '@nestjs/common';
import type { OrganizationExportView } from '@domain/data/ports/data-read-model.port';
import { DataSettings } from '@domain/data/ports/data-settings.port';
import { exportArchiveKey } from '@domain/data/organization-export.aggregate';
import { Clock } from '@domain/shared/clock';
import { ObjectStorage } from '@modules/recording';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { MarkOrganizationExportDeletedCommand } from './commands/mark-organization-export-deleted/mark-organization-export-deleted.command';
import { RecordExportDownloadIssuedCommand } from './commands/record-export-download-issued/record-export-download-issued.command';
import { GetOrganizationExportQuery } from './queries/get-organization-export/get-organization-export.query';

export type OrganizationExportWithLink = OrganizationExportView & { downloadUrl: string | null; downloadUrlExpiresAt: Date | null };

/**
 * The archives in storage, touched outside any transaction and then recorded with a command:
 * a download link is signed, then put on the audit trail; an object is removed, then its export
 * marked deleted.
 */
@Injectable()
export class OrganizationExportArchivesService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly storage: ObjectStorage,
    private readonly settings: DataSettings,
    private readonly clock: Clock,
  ) {}

  /** The export; when completed, with a link to its archive valid `downloadUrlTtlSeconds` (audited: `organization_export.download_issued`). */
  async withDownloadLink(organizationId: string, exportId: string): Promise<OrganizationExportWithLink> {
    const view = await this.queries.execute(new GetOrganizationExportQuery({ organizationId, exportId }));
    if (view.status !== 'completed') return { ...view, downloadUrl: null, downloadUrlExpiresAt: null };
    const ttl = this.settings.downloadUrlTtlSeconds;
    const expiresAt = new Date(this.clock.now().getTime() + ttl * 1000);
    const url = await this.storage.signedUrl(exportArchiveKey(organizationId, exportId), ttl);
    const { issued } = await this.commands.execute(new RecordExportDownloadIssuedCommand({ organizationId, exportId, expiresAt }));
    if (!issued) {
      // Deleted while the link was being signed: no link.
      const now = await this.queries.execute(new GetOrganizationExportQuery({ organizationId, exportId }));
      return { ...now, downloadUrl: null, downloadUrlExpiresAt: null };
    }
    return { ...view, downloadUrl: url, downloadUrlExpiresAt: expiresAt };
  }

  /** Removes the archive's object, then marks the export deleted (`organization_export.deleted`, `reason: 'retention'`). */
  async deleteForRetention(organizationId: string, exportId: string): Promise<boolean> {
    const view = await this.queries.execute(new GetOrganizationExportQuery({ organizationId, exportId }));
    if (view.status === 'deleted') return false;
    await this.storage.remove(exportArchiveKey(organizationId, exportId));
    const { deleted } = await this.commands.execute(
      new MarkOrganizationExportDeletedCommand({ organizationId, exportId, reason: 'retention' }),
    );
    return deleted;
  }
}
