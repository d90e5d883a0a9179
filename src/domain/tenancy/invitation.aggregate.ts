import { StatefulAggregate } from '../shared/aggregate-root';
import { ForbiddenError, InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { emailDomainOf } from './email-domain';
import { invitationNotPending } from './errors';
import { InvitationAccepted, InvitationCreated, InvitationExpired, InvitationRevoked } from './events/tenancy.events';
import type { OrganizationRole } from './roles';

/** How long an invitation waits for its first verified sign-in. */
export const INVITATION_TTL_DAYS = 14;

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationState {
  id: string;
  organizationId: string;
  /** Lowercased. */
  email: string;
  role: OrganizationRole;
  /** The user who invited; null for an API key. */
  invitedBy: string | null;
  /** As stored: a pending invitation past `expiresAt` reads as expired (see {@link statusAt}). */
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

/**
 * A pending membership for an address not seen yet (or not verified yet). The first person to
 * sign in with that address, verified by the identity provider, before it expires, becomes a
 * member with its role. Only owners invite owners.
 */
export class Invitation extends StatefulAggregate<InvitationState> {
  static issue(input: {
    organizationId: string;
    email: string;
    role: OrganizationRole;
    invitedBy: string | null;
    /** Role of whoever invites; null for API keys. */
    inviterRole: OrganizationRole | null;
    now: Date;
  }): Invitation {
    const email = input.email.trim().toLowerCase();
    if (emailDomainOf(email) === null || email.length > 320)
      throw new InvalidError('invitation.invalid_email', `"${input.email}" is not an email address`);
    if (input.role === 'owner' && input.inviterRole !== 'owner')
      throw new ForbiddenError('member.owner_required', 'Only an owner can invite an owner');
    const invitation = new Invitation({
      id: newId(),
      organizationId: input.organizationId,
      email,
      role: input.role,
      invitedBy: input.invitedBy,
      status: 'pending',
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    });
    invitation.record(
      new InvitationCreated(
        invitation.organizationId,
        invitation.id,
        { email, role: input.role },
        { after: { email, role: input.role, expiresAt: invitation.state.expiresAt.toISOString() } },
      ),
    );
    return invitation;
  }

  static restore(state: InvitationState): Invitation {
    return new Invitation({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get email(): string {
    return this.state.email;
  }
  get role(): OrganizationRole {
    return this.state.role;
  }

  /** What a reader sees: a pending invitation past its expiry is expired. */
  statusAt(now: Date): InvitationStatus {
    return statusAt(this.state, now);
  }

  /** Taken up at a sign-in with this verified address. */
  accept(userId: string, now: Date): void {
    const status = this.statusAt(now);
    if (status !== 'pending') throw invitationNotPending(status);
    this.state.status = 'accepted';
    this.state.acceptedAt = now;
    this.state.acceptedBy = userId;
    this.record(
      new InvitationAccepted(
        this.organizationId,
        this.id,
        { email: this.email, role: this.role, userId },
        { before: { status: 'pending' }, after: { status: 'accepted', acceptedBy: userId } },
      ),
    );
  }

  /** Revoking one that has expired is allowed (and changes nothing a user could use). */
  revoke(now: Date): void {
    if (this.state.status !== 'pending') throw invitationNotPending(this.state.status);
    this.state.revokedAt = now;
    this.leavePending('revoked', InvitationRevoked);
  }

  /** Makes room for a new invitation of the same address once this one has expired. */
  markExpired(now: Date): void {
    if (this.statusAt(now) !== 'expired' || this.state.status === 'expired') return;
    this.leavePending('expired', InvitationExpired);
  }

  /** A pending invitation that will never be accepted: revoked, or past its expiry. */
  private leavePending(status: 'revoked' | 'expired', Event: typeof InvitationRevoked | typeof InvitationExpired): void {
    this.state.status = status;
    this.record(new Event(this.organizationId, this.id, { email: this.email }, { before: { status: 'pending' }, after: { status } }));
  }
}

export function statusAt(state: Pick<InvitationState, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return state.status === 'pending' && state.expiresAt.getTime() <= now.getTime() ? 'expired' : state.status;
}
