import { OrganizationCommand } from '../../../shared';
import type { Actor } from '@domain/shared/actor';

export interface RecordOrganizationExportProps {
  readonly organizationId: string;
  /** Who asks for the export. */
  readonly exportedBy: Actor;
  /** How long the export's recording links stay valid. */
  readonly linkTtlSeconds: number;
}

/** Puts `organization.exported` on the audit trail; the export streams only after it committed. */
export class RecordOrganizationExportCommand extends OrganizationCommand<RecordOrganizationExportProps> {}
