import { OrganizationCommand } from '../../../shared';

export interface FailOrganizationExportProps {
  readonly organizationId: string;
  readonly exportId: string;
  readonly reason: string;
}

/** The archive job's last attempt failed: `failed`, with the reason (a no-op unless the export is pending). */
export class FailOrganizationExportCommand extends OrganizationCommand<FailOrganizationExportProps> {}
