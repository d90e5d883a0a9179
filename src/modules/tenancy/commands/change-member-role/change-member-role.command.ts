import { OrganizationCommand } from '../../../shared';
import type { OrganizationRole } from '@domain/tenancy/roles';

export interface ChangeMemberRoleProps {
  readonly organizationId: string;
  readonly userId: string;
  readonly role: OrganizationRole;
  readonly actorRole: OrganizationRole | null;
}

export class ChangeMemberRoleCommand extends OrganizationCommand<ChangeMemberRoleProps> {}
