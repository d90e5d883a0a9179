import { OrganizationCommand } from '../../../shared';
import type { OrganizationRole } from '@domain/tenancy/roles';

/** A member added at once, or an invitation for an address with no verified user yet. */
export type AddMemberResult = { kind: 'member'; userId: string } | { kind: 'invitation'; invitationId: string };

export interface AddMemberProps {
  readonly organizationId: string;
  readonly user: { userId: string } | { email: string };
  readonly role: OrganizationRole;
  /** Role of whoever adds; null for API keys. Only owners make owners. */
  readonly actorRole: OrganizationRole | null;
  /** The user who adds (kept on invitations); null for API keys. */
  readonly actorUserId?: string | null;
}

export class AddMemberCommand extends OrganizationCommand<AddMemberProps, AddMemberResult> {}
