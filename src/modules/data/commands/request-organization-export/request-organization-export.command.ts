import { OrganizationCommand } from '../../../shared';
import type { Actor } from '@domain/shared/actor';

export interface RequestOrganizationExportProps {
  readonly organizationId: string;
  readonly requestedBy: Actor;
}

/** Records a pending export (`organization_export.requested`) and queues the job that writes its archive, in one transaction. */
export class RequestOrganizationExportCommand extends OrganizationCommand<RequestOrganizationExportProps, { exportId: string }> {}
