import { OrganizationCommand } from '../../../shared';
import type { ExportDeletionReason } from '@domain/data/events/data.events';

export interface MarkOrganizationExportDeletedProps {
  readonly organizationId: string;
  readonly exportId: string;
  readonly reason: ExportDeletionReason;
}

/** The archive's object was removed (by the caller, before): `deleted`, with `organization_export.deleted`. */
export class MarkOrganizationExportDeletedCommand extends OrganizationCommand<MarkOrganizationExportDeletedProps, { deleted: boolean }> {}
