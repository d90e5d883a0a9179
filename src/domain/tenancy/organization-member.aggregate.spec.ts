import { DomainError } from '../shared/domain-error';
import { OrganizationMember } from './organization-member.aggregate';

const member = (role: 'owner' | 'admin' | 'member') =>
  OrganizationMember.restore({ organizationId: 'org', userId: 'u1', role, createdAt: new Date() });

describe('OrganizationMember', () => {
  it('records member.added with the role', () => {
    const m = OrganizationMember.add({ organizationId: 'org', userId: 'u1', role: 'agent', now: new Date() });
    expect(m.pullEvents().map((e) => [e.type, e.changes])).toEqual([['member.added', { after: { role: 'agent' } }]]);
  });

  it('refuses to demote or remove the last owner', () => {
    expect(() => member('owner').changeRole('admin', 0, 'owner')).toThrow(expect.objectContaining({ code: 'member.last_owner' }));
    expect(() => member('owner').remove(0, 'owner')).toThrow(expect.objectContaining({ code: 'member.last_owner' }));
  });

  it('lets an owner go when another owner remains', () => {
    const m = member('owner');
    m.changeRole('admin', 1, 'owner');
    expect(m.role).toBe('admin');
    expect(m.pullEvents()[0]!.changes).toEqual({ before: { role: 'owner' }, after: { role: 'admin' } });
  });

  it('only lets owners grant or take away ownership', () => {
    expect(() => member('member').changeRole('owner', 1, 'admin')).toThrow(DomainError);
    expect(() => member('owner').remove(2, 'admin')).toThrow(expect.objectContaining({ code: 'member.owner_required' }));
    expect(() => member('member').changeRole('owner', 1, 'owner')).not.toThrow();
  });

  it('records nothing when the role does not change', () => {
    const m = member('admin');
    m.changeRole('admin', 0, 'owner');
    expect(m.pullEvents()).toEqual([]);
  });
});
