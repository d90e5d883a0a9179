import { Command } from '@nestjs/cqrs';
import type { ExportDeletionReason } from '@domain/data/events/data.events';

export interface MarkOrganizationExportDeletedProps {
  readonly organizationId: string;
  readonly exportId: string;
  readonly reason: ExportDeletionReason;
}

/** The archive's object was removed (by the caller, before): `deleted`, with `organization_export.deleted`. */
export class MarkOrganizationExportDeletedCommand extends Command<{ deleted: boolean }> {
  constructor(readonly props: MarkOrganizationExportDeletedProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
