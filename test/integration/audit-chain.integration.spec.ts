import { startTestApp, type TestApp } from '../support/test-app';

/** Tampering needs the triggers off: only a superuser with direct database access can do it. */
async function tamper(t: TestApp, statement: string, values: unknown[]): Promise<void> {
  await t.rows('alter table audit_logs disable trigger audit_logs_append_only');
  await t.rows('alter table audit_log_seals disable trigger audit_log_seals_append_only');
  try {
    await t.rows(statement, values);
  } finally {
    await t.rows('alter table audit_logs enable trigger audit_logs_append_only');
    await t.rows('alter table audit_log_seals enable trigger audit_log_seals_append_only');
  }
}

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function organizationWithHistory() {
    const org = await t.organization();
    for (let i = 0; i < 4; i++)
      await t.request('POST', `/v1/organizations/${org.orgId}/workspaces`, { apiKey: org.apiKey }, { name: `ws ${i}` });
    await t.sealAudit();
    const verify = await t.request('GET', `/v1/organizations/${org.orgId}/audit-logs/verify`, { apiKey: org.apiKey });
    expect(verify.json()).toMatchObject({ valid: true, unsealed: 0, brokenAt: null });
    const links = await t.rows('select sequence, audit_log_id from audit_log_seals where organization_id = $1 order by sequence', [
      org.orgId,
    ]);
    return { ...org, links: links as { sequence: number; audit_log_id: string }[] };
  }

  it('records who did what, from where, and lists it with filters', async () => {
    const { orgId, owner, apiKey } = await t.organization();
    const created = await t.request(
      'POST',
      `/v1/organizations/${orgId}/workspaces`,
      { token: owner.token },
      { name: 'Audited' },
      {
        'user-agent': 'audit-test/1.0',
        'x-request-id': 'req-audit-1',
      },
    );
    const wsId = created.json().id;
    const list = await t.request('GET', `/v1/organizations/${orgId}/audit-logs?resourceType=workspace&resourceId=${wsId}`, { apiKey });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({
        action: 'workspace.created',
        actorType: 'user',
        actorId: owner.id,
        resourceType: 'workspace',
        resourceId: wsId,
        changes: { after: { name: 'Audited' } },
        userAgent: 'audit-test/1.0',
        requestId: 'req-audit-1',
      }),
    ]);
    const byAction = await t.request('GET', `/v1/organizations/${orgId}/audit-logs?action=api_key.created`, { apiKey });
    expect(byAction.json().data.every((r: { action: string }) => r.action === 'api_key.created')).toBe(true);
    // Secrets never reach the trail.
    const all = await t.rows('select changes from audit_logs where organization_id = $1', [orgId]);
    expect(JSON.stringify(all)).not.toMatch(/sb_live_[0-9A-Za-z]{32}_/);
  });

  it('seals rows into a chain that verifies', async () => {
    const { links } = await organizationWithHistory();
    expect(links.map((l) => Number(l.sequence))).toEqual(links.map((_, i) => i + 1));
  });

  it('names an edited row', async () => {
    const { orgId, apiKey, links } = await organizationWithHistory();
    const victim = links[2]!;
    await tamper(t, `update audit_logs set changes = '{"after":{"name":"forged"}}' where id = $1`, [victim.audit_log_id]);
    const verify = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey });
    expect(verify.json()).toMatchObject({
      valid: false,
      brokenAt: { sequence: Number(victim.sequence), auditLogId: victim.audit_log_id, reason: 'audit row was altered' },
    });
  });

  it('names a deleted row', async () => {
    const { orgId, apiKey, links } = await organizationWithHistory();
    const victim = links[1]!;
    await tamper(t, 'delete from audit_logs where id = $1', [victim.audit_log_id]);
    const verify = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey });
    expect(verify.json()).toMatchObject({ valid: false, brokenAt: { sequence: Number(victim.sequence), reason: 'audit row is missing' } });
  });

  it('names reordered rows', async () => {
    const { orgId, apiKey, links } = await organizationWithHistory();
    const [x, y] = [links[1]!, links[3]!];
    // Swap the places of two links in the chain.
    await tamper(t, 'update audit_log_seals set sequence = -1 where audit_log_id = $1', [x.audit_log_id]);
    await tamper(t, 'update audit_log_seals set sequence = $2 where audit_log_id = $1', [y.audit_log_id, x.sequence]);
    await tamper(t, 'update audit_log_seals set sequence = $2 where audit_log_id = $1', [x.audit_log_id, y.sequence]);
    const verify = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey });
    expect(verify.json()).toMatchObject({ valid: false, brokenAt: { sequence: Number(x.sequence) } });
  });

  it('names a link removed from the middle of the chain', async () => {
    const { orgId, apiKey, links } = await organizationWithHistory();
    await tamper(t, 'delete from audit_log_seals where organization_id = $1 and sequence = $2', [orgId, links[2]!.sequence]);
    const verify = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey });
    expect(verify.json()).toMatchObject({
      valid: false,
      brokenAt: { sequence: Number(links[3]!.sequence), reason: `sequence ${links[2]!.sequence} is missing` },
    });
  });

  it('reports rows not sealed yet as the unsealed tail', async () => {
    const { orgId, apiKey } = await t.organization();
    await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'pending' });
    const verify = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey });
    expect(verify.json().unsealed).toBeGreaterThan(0);
    expect(verify.json().valid).toBe(true);
  });

  it('is for owners and admins only', async () => {
    const { orgId, owner } = await t.organization();
    const member = await t.user();
    await t.request('GET', '/v1/me', { token: member.token });
    await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: member.id, role: 'reviewer' });
    const r = await t.request('GET', `/v1/organizations/${orgId}/audit-logs`, { token: member.token });
    expect(r.statusCode).toBe(403);
  });
});
