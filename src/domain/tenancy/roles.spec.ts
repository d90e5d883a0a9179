import { ORGANIZATION_ROLES, PERMISSIONS, roleGrants, seesEveryWorkspace, WORKSPACE_DUTIES } from './roles';

describe('roles', () => {
  it('gives owners everything, and only owners deletion', () => {
    for (const p of PERMISSIONS) expect(roleGrants('owner', p)).toBe(true);
    expect(ORGANIZATION_ROLES.filter((r) => roleGrants(r, 'organizations:delete'))).toEqual(['owner']);
  });

  it('keeps the audit trail and API keys to owners and admins', () => {
    expect(ORGANIZATION_ROLES.filter((r) => roleGrants(r, 'audit:read'))).toEqual(['owner', 'admin']);
    expect(ORGANIZATION_ROLES.filter((r) => roleGrants(r, 'api_keys:write'))).toEqual(['owner', 'admin']);
  });

  it('lets every member read the organization', () => {
    expect(ORGANIZATION_ROLES.every((r) => roleGrants(r, 'organizations:read'))).toBe(true);
  });
});

describe('workspace visibility', () => {
  it('shows every workspace to owners and admins, for any duty', () => {
    for (const duty of WORKSPACE_DUTIES) {
      expect(ORGANIZATION_ROLES.filter((r) => seesEveryWorkspace(r, duty))).toEqual(
        duty === 'calls' ? ['owner', 'admin', 'reviewer'] : ['owner', 'admin'],
      );
    }
  });

  it('keeps agents and members to their own workspaces', () => {
    for (const duty of WORKSPACE_DUTIES) {
      expect(seesEveryWorkspace('agent', duty)).toBe(false);
      expect(seesEveryWorkspace('member', duty)).toBe(false);
    }
  });
});
