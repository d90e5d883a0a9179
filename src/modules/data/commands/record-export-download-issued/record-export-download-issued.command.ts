import { OrganizationCommand } from '../../../shared';

export interface RecordExportDownloadIssuedProps {
  readonly organizationId: string;
  readonly exportId: string;
  readonly expiresAt: Date;
}

/**
 * Puts the download link just signed for an archive on the audit trail
 * (`organization_export.download_issued`); `issued: false` when the archive went meanwhile (the link is then not handed out).
 */
export class RecordExportDownloadIssuedCommand extends OrganizationCommand<RecordExportDownloadIssuedProps, { issued: boolean }> {}
