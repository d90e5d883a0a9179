import { StatefulAggregate } from '../shared/aggregate-root';
import { ConflictError, ForbiddenError } from '../shared/domain-error';
import { MemberAdded, MemberRemoved, MemberRoleChanged } from './events/tenancy.events';
import type { OrganizationRole } from './roles';

export interface OrganizationMemberState {
  organizationId: string;
  userId: string;
  role: OrganizationRole;
  createdAt: Date;
}

/**
 * One person's membership of one organization. The last-owner rule needs the number of
 * other owners, which the caller reads under a lock and passes in.
 */
export class OrganizationMember extends StatefulAggregate<OrganizationMemberState> {
  private removed = false;

  static add(input: { organizationId: string; userId: string; role: OrganizationRole; now: Date }): OrganizationMember {
    const member = new OrganizationMember({ ...input, createdAt: input.now });
    member.record(
      new MemberAdded(input.organizationId, input.userId, { userId: input.userId, role: input.role }, { after: { role: input.role } }),
    );
    return member;
  }

  static restore(state: OrganizationMemberState): OrganizationMember {
    return new OrganizationMember({ ...state });
  }

  get organizationId(): string {
    return this.state.organizationId;
  }
  get userId(): string {
    return this.state.userId;
  }
  get role(): OrganizationRole {
    return this.state.role;
  }
  get isRemoved(): boolean {
    return this.removed;
  }

  /**
   * @param otherOwners owners of the organization besides this member
   * @param actorRole the role of whoever makes the change (owners alone grant or take away ownership)
   */
  changeRole(role: OrganizationRole, otherOwners: number, actorRole: OrganizationRole | null): void {
    if (role === this.state.role) return;
    if ((role === 'owner' || this.state.role === 'owner') && actorRole !== null && actorRole !== 'owner') {
      throw new ForbiddenError('member.owner_required', 'Only an owner can grant or take away the owner role');
    }
    if (this.state.role === 'owner' && otherOwners === 0) {
      throw new ConflictError('member.last_owner', 'The last owner of an organization cannot be demoted');
    }
    const before = this.state.role;
    this.state.role = role;
    this.record(
      new MemberRoleChanged(this.organizationId, this.userId, { userId: this.userId, role }, { before: { role: before }, after: { role } }),
    );
  }

  remove(otherOwners: number, actorRole: OrganizationRole | null): void {
    if (this.state.role === 'owner' && actorRole !== null && actorRole !== 'owner') {
      throw new ForbiddenError('member.owner_required', 'Only an owner can remove an owner');
    }
    if (this.state.role === 'owner' && otherOwners === 0) {
      throw new ConflictError('member.last_owner', 'The last owner of an organization cannot be removed');
    }
    this.removed = true;
    this.record(new MemberRemoved(this.organizationId, this.userId, { userId: this.userId }, { before: { role: this.state.role } }));
  }
}
