import { OrganizationCommand } from '../../../shared';
import type { OrganizationExportStatus } from '@domain/data/organization-export.aggregate';

export interface CompleteOrganizationExportProps {
  readonly organizationId: string;
  readonly exportId: string;
  readonly rows: number;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/**
 * The archive is stored: `completed` with its rows, size and SHA-256. Answers the export's status
 * afterwards and whether this command completed it (false for a second run, or an export deleted
 * while its job ran, whose object the job then removes).
 */
export class CompleteOrganizationExportCommand extends OrganizationCommand<
  CompleteOrganizationExportProps,
  { completed: boolean; status: OrganizationExportStatus | null }
> {}
