import { INVITATION_TTL_DAYS, Invitation } from './invitation.aggregate';

const now = new Date('2026-01-01T00:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

const invite = (role: 'member' | 'owner' = 'member', inviterRole: 'owner' | 'admin' | null = 'admin') =>
  Invitation.issue({ organizationId: 'org', email: ' Ana@Acme.COM ', role, invitedBy: 'u-admin', inviterRole, now });

describe('Invitation', () => {
  it('is pending for its lifetime, for a lowercased address, and recorded', () => {
    const invitation = invite();
    expect(invitation.email).toBe('ana@acme.com');
    expect(invitation.snapshot().expiresAt).toEqual(days(INVITATION_TTL_DAYS));
    expect(invitation.statusAt(days(INVITATION_TTL_DAYS - 1))).toBe('pending');
    expect(invitation.statusAt(days(INVITATION_TTL_DAYS))).toBe('expired');
    expect(invitation.pullEvents().map((e) => [e.type, e.payload])).toEqual([
      ['invitation.created', { email: 'ana@acme.com', role: 'member' }],
    ]);
  });

  it('lets only owners invite owners, and refuses what is not an address', () => {
    expect(() => invite('owner', 'admin')).toThrow(expect.objectContaining({ code: 'member.owner_required' }));
    expect(() => invite('owner', null)).toThrow(expect.objectContaining({ code: 'member.owner_required' }));
    expect(invite('owner', 'owner').role).toBe('owner');
    expect(() =>
      Invitation.issue({ organizationId: 'o', email: 'nobody', role: 'member', invitedBy: null, inviterRole: null, now }),
    ).toThrow(expect.objectContaining({ code: 'invitation.invalid_email' }));
  });

  it('is accepted once, by one user, before it expires', () => {
    const invitation = invite();
    invitation.pullEvents();
    invitation.accept('u-ana', days(1));
    expect(invitation.snapshot()).toMatchObject({ status: 'accepted', acceptedBy: 'u-ana', acceptedAt: days(1) });
    expect(invitation.pullEvents().map((e) => e.type)).toEqual(['invitation.accepted']);
    expect(() => invitation.accept('u-other', days(2))).toThrow(expect.objectContaining({ code: 'invitation.not_pending' }));
    expect(() => invite().accept('u-ana', days(INVITATION_TTL_DAYS + 1))).toThrow(
      expect.objectContaining({ code: 'invitation.not_pending' }),
    );
  });

  it('is revoked only while pending (expired included), and then nobody takes it up', () => {
    const invitation = invite();
    invitation.revoke(days(1));
    expect(invitation.statusAt(days(1))).toBe('revoked');
    expect(() => invitation.revoke(days(1))).toThrow(expect.objectContaining({ code: 'invitation.not_pending' }));
    expect(() => invitation.accept('u-ana', days(1))).toThrow(expect.objectContaining({ code: 'invitation.not_pending' }));
    const stale = invite();
    stale.revoke(days(INVITATION_TTL_DAYS + 1));
    expect(stale.statusAt(days(INVITATION_TTL_DAYS + 1))).toBe('revoked');
  });

  it('is marked expired (to make room for a new one) only once it has expired', () => {
    const invitation = invite();
    invitation.pullEvents();
    invitation.markExpired(days(1));
    expect(invitation.snapshot().status).toBe('pending');
    invitation.markExpired(days(INVITATION_TTL_DAYS + 1));
    invitation.markExpired(days(INVITATION_TTL_DAYS + 2));
    expect(invitation.snapshot().status).toBe('expired');
    expect(invitation.pullEvents().map((e) => e.type)).toEqual(['invitation.expired']);
  });
});
