import type { OrganizationRole } from '../roles';

export interface MemberForErasure {
  email: string | null;
  fullName: string | null;
  role: OrganizationRole;
  /** Owners other than this member: erasing the last owner would leave the organization without one. */
  otherOwners: number;
  workspaceIds: string[];
}

/** What erasure needs of tenancy about one member. */
export abstract class MemberPersonalDataEraser {
  abstract memberForErasure(organizationId: string, userId: string): Promise<MemberForErasure | null>;
  /** Deletes the organization's invitations to this address; answers their ids. */
  abstract deleteInvitationsTo(organizationId: string, email: string): Promise<string[]>;
  /**
   * Platform scope: blanks the profile's email, name, avatar and phone unless the user still
   * belongs to another organization (whose data it also is).
   */
  abstract forgetProfileIfUnaffiliated(userId: string): Promise<'forgotten' | 'kept' | 'none'>;
}
