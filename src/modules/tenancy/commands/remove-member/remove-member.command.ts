import { OrganizationCommand } from '../../../shared';
import type { OrganizationRole } from '@domain/tenancy/roles';

export interface RemoveMemberProps {
  readonly organizationId: string;
  readonly userId: string;
  readonly actorRole: OrganizationRole | null;
}

export class RemoveMemberCommand extends OrganizationCommand<RemoveMemberProps> {}
