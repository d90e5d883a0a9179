import { Command } from '@nestjs/cqrs';
import type { Actor } from '@domain/shared/actor';

export interface RequestOrganizationExportProps {
  readonly organizationId: string;
  readonly requestedBy: Actor;
}

/** Records a pending export (`organization_export.requested`) and queues the job that writes its archive, in one transaction. */
export class RequestOrganizationExportCommand extends Command<{ exportId: string }> {
  constructor(readonly props: RequestOrganizationExportProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
