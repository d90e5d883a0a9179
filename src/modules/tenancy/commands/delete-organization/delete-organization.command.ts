import { OrganizationCommand } from '../../../shared';

export interface DeleteOrganizationProps {
  readonly organizationId: string;
}

/** Soft delete: the organization disappears for everyone; its audit trail stays. */
export class DeleteOrganizationCommand extends OrganizationCommand<DeleteOrganizationProps> {}
