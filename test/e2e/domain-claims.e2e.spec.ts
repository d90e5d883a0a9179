import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { RecheckDomainsJob } from '@modules/tenancy';
import { FakeDnsServer } from '../fakes/fake-dns-server';
import { signToken, startTestApp, type TestApp, type TestUser } from '../support/test-app';

function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });
  expect(res.headers['content-type']).toContain('application/problem+json');
}

/** A signed-in user whose token says whether the identity provider verified the email ('absent': says nothing). */
async function person(email: string, emailVerified: boolean | 'absent' = true, id: string = randomUUID()): Promise<TestUser> {
  const claims: Record<string, unknown> = { sub: id, email };
  if (emailVerified !== 'absent') claims.email_verified = emailVerified;
  return { id, email, token: await signToken(claims) };
}

describe('email domains: claimed, verified through DNS, then joining', () => {
  let t: TestApp;
  let dns: FakeDnsServer;

  beforeAll(async () => {
    dns = await FakeDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address } });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.close();
  });

  const memberships = async (user: TestUser) => {
    const me = await t.request('GET', '/v1/me', { token: user.token });
    expect(me.statusCode).toBe(200);
    return me.json().memberships as { organizationId: string; role: string }[];
  };
  const createOrganization = async (owner: TestUser, name: string, domain?: string) => {
    const res = await t.request('POST', '/v1/organizations', { token: owner.token }, domain ? { name, domain } : { name });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  /** Claims `domain` for the organization and publishes its TXT record. */
  const claimAndPublish = async (orgId: string, owner: TestUser, domain: string) => {
    const claim = await t.request('PUT', `/v1/organizations/${orgId}/domain`, { token: owner.token }, { domain });
    expect(claim.statusCode).toBe(200);
    const { name, value } = claim.json().verification;
    dns.setTxt(name, value);
    return claim.json();
  };

  it('lets a squatter claim a domain without capturing anyone, and lets the real owner verify it through DNS', async () => {
    const squatter = await person('mallory@evil.test');
    const squatOrg = await createOrganization(squatter, 'Squat Inc', 'bigbank.test');
    const pending = await t.request('GET', `/v1/organizations/${squatOrg}/domain`, { token: squatter.token });
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toMatchObject({
      domain: 'bigbank.test',
      status: 'pending',
      verifiedAt: null,
      verification: {
        type: 'TXT',
        name: '_switchboard.bigbank.test',
        value: expect.stringMatching(/^switchboard-domain-verification=[0-9a-f]{32}$/),
      },
    });
    expect((await t.request('GET', `/v1/organizations/${squatOrg}`, { token: squatter.token })).json()).toMatchObject({
      domain: 'bigbank.test',
      domainVerified: false,
    });

    // A pending claim captures nobody.
    const early = await person('alice@bigbank.test');
    expect(await memberships(early)).toEqual([]);
    // The squatter cannot publish a record for a domain it does not control.
    expectProblem(
      await t.request('POST', `/v1/organizations/${squatOrg}/domain/verify`, { token: squatter.token }),
      422,
      'organization.domain_not_verified',
    );

    // The real owner is not blocked by the pending claim.
    const cio = await person('cio@bigbank.test');
    const bankOrg = await createOrganization(cio, 'Big Bank');
    const claim = await claimAndPublish(bankOrg, cio, 'bigbank.test');
    expect(claim.verification.value).not.toBe(pending.json().verification.value);
    const verified = await t.request('POST', `/v1/organizations/${bankOrg}/domain/verify`, { token: cio.token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ domain: 'bigbank.test', status: 'verified', verifiedAt: expect.any(String) });
    expect((await t.request('GET', `/v1/organizations/${bankOrg}`, { token: cio.token })).json()).toMatchObject({
      domain: 'bigbank.test',
      domainVerified: true,
    });

    // New users of the domain join the verified organization, and only that one.
    const bob = await person('bob@BigBank.test');
    expect(await memberships(bob)).toEqual([expect.objectContaining({ organizationId: bankOrg, role: 'member' })]);
    // The squatter can neither verify now nor take the domain from the owner.
    expectProblem(
      await t.request('POST', `/v1/organizations/${squatOrg}/domain/verify`, { token: squatter.token }),
      409,
      'organization.domain_taken',
    );
    const third = await person('eve@evil.test');
    const thirdOrg = await createOrganization(third, 'Copycat');
    expectProblem(
      await t.request('PUT', `/v1/organizations/${thirdOrg}/domain`, { token: third.token }, { domain: 'bigbank.test' }),
      409,
      'organization.domain_taken',
    );
    expectProblem(
      await t.request('POST', '/v1/organizations', { token: third.token }, { name: 'Copycat 2', domain: 'bigbank.test' }),
      409,
      'organization.domain_taken',
    );
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${thirdOrg}`, { token: third.token }, { domain: 'bigbank.test' }),
      409,
      'organization.domain_taken',
    );

    // Every step is on the audit trail.
    const actions = (await t.rows('select action from audit_logs where organization_id = $1 order by id', [bankOrg])).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['organization.domain_claimed', 'organization.domain_verified']));
  });

  it('refuses to claim a public email domain such as gmail.com (PUT, create and PATCH)', async () => {
    const owner = await person('someone@gmail.com');
    const orgId = await createOrganization(owner, 'Gmail Fans');
    for (const domain of ['gmail.com', 'GMAIL.com', 'outlook.com', 'yahoo.com']) {
      expectProblem(
        await t.request('PUT', `/v1/organizations/${orgId}/domain`, { token: owner.token }, { domain }),
        422,
        'organization.public_email_domain',
      );
    }
    expectProblem(
      await t.request('POST', '/v1/organizations', { token: owner.token }, { name: 'G', domain: 'gmail.com' }),
      422,
      'organization.public_email_domain',
    );
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}`, { token: owner.token }, { domain: 'gmail.com' }),
      422,
      'organization.public_email_domain',
    );
    expectProblem(
      await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token }),
      404,
      'organization.domain_not_claimed',
    );
    expectProblem(
      await t.request('PUT', `/v1/organizations/${orgId}/domain`, { token: owner.token }, { domain: 'not a domain' }),
      422,
      'organization.invalid_domain',
    );
  });

  it('joins only users whose email the token says is verified', async () => {
    const owner = await person('owner@verified-only.test');
    const orgId = await createOrganization(owner, 'Verified Only');
    await claimAndPublish(orgId, owner, 'verified-only.test');
    expect((await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token })).statusCode).toBe(200);

    const unverified = await person('carol@verified-only.test', false);
    expect(await memberships(unverified)).toEqual([]);
    const silent = await person('dave@verified-only.test', 'absent');
    expect(await memberships(silent)).toEqual([]);
    // Once the provider has verified the address, the same person joins.
    const later = await person('carol@verified-only.test', true, unverified.id);
    expect(await memberships(later)).toEqual([expect.objectContaining({ organizationId: orgId, role: 'member' })]);
  });

  it('re-checks verified domains periodically and un-verifies one whose TXT record is gone', async () => {
    const owner = await person('it@rechecked.test');
    const orgId = await createOrganization(owner, 'Rechecked');
    const claim = await claimAndPublish(orgId, owner, 'rechecked.test');
    expect((await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token })).statusCode).toBe(200);
    const job = t.app.get(RecheckDomainsJob);

    // Still published: stays verified.
    await job.run();
    expect((await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token })).json().status).toBe('verified');
    // A DNS failure proves nothing: stays verified.
    dns.fail = 'servfail';
    try {
      await job.run();
    } finally {
      dns.fail = null;
    }
    expect((await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token })).json().status).toBe('verified');

    dns.removeTxt(claim.verification.name);
    await job.run();
    const after = await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token });
    expect(after.json()).toMatchObject({ status: 'pending', verifiedAt: null });
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { token: owner.token })).json().domainVerified).toBe(false);
    expect(await memberships(await person('newcomer@rechecked.test'))).toEqual([]);
    const [row] = await t.rows(
      `select actor_type, changes from audit_logs where organization_id = $1 and action = 'organization.domain_unverified'`,
      [orgId],
    );
    expect(row).toMatchObject({ actor_type: 'system', changes: { before: { status: 'verified' }, after: { status: 'pending' } } });

    // Publishing the record again and verifying restores it.
    dns.setTxt(claim.verification.name, claim.verification.value);
    expect((await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token })).json().status).toBe('verified');
  });

  it('runs the re-check as a pg-boss job', async () => {
    const owner = await person('it@queued.test');
    const orgId = await createOrganization(owner, 'Queued');
    const claim = await claimAndPublish(orgId, owner, 'queued.test');
    expect((await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token })).statusCode).toBe(200);
    dns.removeTxt(claim.verification.name);
    const { PgBossJobQueue } = await import('@infrastructure/jobs/pg-boss-job-queue');
    const { RECHECK_DOMAINS_QUEUE } = await import('@modules/tenancy');
    await t.app.get(PgBossJobQueue).send(RECHECK_DOMAINS_QUEUE, {});
    expect(await t.drain(RECHECK_DOMAINS_QUEUE)).toBe(1);
    expect((await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token })).json().status).toBe('pending');
  });

  it('answers 502 when DNS does not answer a verification', async () => {
    const owner = await person('it@dns-down.test');
    const orgId = await createOrganization(owner, 'DNS down');
    await claimAndPublish(orgId, owner, 'dns-down.test');
    dns.fail = 'servfail';
    try {
      expectProblem(
        await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token }),
        502,
        'organization.dns_unavailable',
      );
    } finally {
      dns.fail = null;
    }
    expect((await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token })).json().status).toBe('pending');
  });

  it('releases a domain: DELETE, PATCH null, or another PUT; a released domain captures nobody', async () => {
    const owner = await person('it@released.test');
    const orgId = await createOrganization(owner, 'Released');
    await claimAndPublish(orgId, owner, 'released.test');
    expect((await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: owner.token })).statusCode).toBe(200);

    // The same domain again changes nothing.
    const again = await t.request('PUT', `/v1/organizations/${orgId}/domain`, { token: owner.token }, { domain: 'released.test' });
    expect(again.json().status).toBe('verified');

    expect((await t.request('DELETE', `/v1/organizations/${orgId}/domain`, { token: owner.token })).statusCode).toBe(204);
    expectProblem(
      await t.request('GET', `/v1/organizations/${orgId}/domain`, { token: owner.token }),
      404,
      'organization.domain_not_claimed',
    );
    expectProblem(
      await t.request('DELETE', `/v1/organizations/${orgId}/domain`, { token: owner.token }),
      404,
      'organization.domain_not_claimed',
    );
    expect(await memberships(await person('late@released.test'))).toEqual([]);

    // Another organization may now verify it.
    const other = await person('boss@released.test');
    const otherOrg = await createOrganization(other, 'Released Again');
    const claim = await t.request('PUT', `/v1/organizations/${otherOrg}/domain`, { token: other.token }, { domain: 'released.test' });
    dns.setTxt(claim.json().verification.name, claim.json().verification.value);
    expect((await t.request('POST', `/v1/organizations/${otherOrg}/domain/verify`, { token: other.token })).statusCode).toBe(200);

    const patched = await t.request('PATCH', `/v1/organizations/${otherOrg}`, { token: other.token }, { domain: null });
    expect(patched.json()).toMatchObject({ domain: null, domainVerified: false });
    const actions = (await t.rows('select action from audit_logs where organization_id = $1', [orgId])).map((r) => r.action);
    expect(actions).toContain('organization.domain_released');
  });

  it('lets only owners and admins (organizations:write) claim, verify and release', async () => {
    const owner = await person('owner@perms.test');
    const orgId = await createOrganization(owner, 'Perms');
    const member = await person('member@elsewhere.test');
    await memberships(member);
    expect(
      (await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: member.id, role: 'reviewer' }))
        .statusCode,
    ).toBe(201);
    expectProblem(
      await t.request('PUT', `/v1/organizations/${orgId}/domain`, { token: member.token }, { domain: 'perms.test' }),
      403,
      'auth.forbidden',
    );
    expectProblem(await t.request('POST', `/v1/organizations/${orgId}/domain/verify`, { token: member.token }), 403, 'auth.forbidden');
    expectProblem(await t.request('DELETE', `/v1/organizations/${orgId}/domain`, { token: member.token }), 403, 'auth.forbidden');
  });
});

describe('invitations: POST /members for an email not seen yet', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const memberships = async (user: TestUser) =>
    (await t.request('GET', '/v1/me', { token: user.token })).json().memberships as { organizationId: string; role: string }[];

  it('creates an invitation that admins see, taken up with its role at the first sign-in with the verified email, not an unverified one', async () => {
    const { orgId, owner } = await t.organization('Inviting');
    const invited = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'New.Hire@corp.test', role: 'agent' },
    );
    expect(invited.statusCode).toBe(202);
    expect(invited.json()).toMatchObject({
      id: expect.any(String),
      email: 'new.hire@corp.test',
      role: 'agent',
      status: 'pending',
      invitedBy: owner.id,
      expiresAt: expect.any(String),
    });

    const listed = await t.request('GET', `/v1/organizations/${orgId}/invitations`, { token: owner.token });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data).toEqual([expect.objectContaining({ id: invited.json().id, status: 'pending' })]);

    // Not a member: invitations are for admins.
    const reviewer = await person('reviewer@corp.test');
    await memberships(reviewer);
    await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: reviewer.id, role: 'reviewer' });
    expectProblem(await t.request('GET', `/v1/organizations/${orgId}/invitations`, { token: reviewer.token }), 403, 'auth.forbidden');

    // Somebody signing in with that address, unverified, gets nothing.
    const impostor = await person('new.hire@corp.test', false);
    expect(await memberships(impostor)).toEqual([]);
    const silent = await person('new.hire@corp.test', 'absent');
    expect(await memberships(silent)).toEqual([]);

    const hire = await person('new.hire@corp.test', true);
    expect(await memberships(hire)).toEqual([expect.objectContaining({ organizationId: orgId, role: 'agent' })]);
    const after = await t.request('GET', `/v1/organizations/${orgId}/invitations`, { token: owner.token });
    expect(after.json().data).toEqual([
      expect.objectContaining({ id: invited.json().id, status: 'accepted', acceptedBy: hire.id, acceptedAt: expect.any(String) }),
    ]);

    // Taken once: another verified account with that address later gets nothing.
    expect(await memberships(await person('new.hire@corp.test', true))).toEqual([]);

    const actions = (await t.rows('select action from audit_logs where organization_id = $1', [orgId])).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
  });

  it('adds a known user with a verified email at once (201), and invites one whose email is unverified (202)', async () => {
    const { orgId, owner } = await t.organization('Direct');
    const known = await person('known@direct.test');
    await memberships(known);
    const added = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'known@direct.test', role: 'member' },
    );
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: known.id, role: 'member' });

    const unverified = await person('unverified@direct.test', false);
    await memberships(unverified);
    const invited = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'unverified@direct.test', role: 'member' },
    );
    expect(invited.statusCode).toBe(202);
    expect(await memberships(unverified)).toEqual([]);
    // The same account once its address is verified.
    expect(await memberships(await person('unverified@direct.test', true, unverified.id))).toEqual([
      expect.objectContaining({ organizationId: orgId }),
    ]);
  });

  it('refuses a second open invitation for the same address, and an owner invitation from an admin', async () => {
    const { orgId, owner } = await t.organization('Twice');
    expect(
      (await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { email: 'twice@corp.test', role: 'member' }))
        .statusCode,
    ).toBe(202);
    expectProblem(
      await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { email: 'TWICE@corp.test', role: 'admin' }),
      409,
      'invitation.already_exists',
    );

    const admin = await person('admin@twice.test');
    await memberships(admin);
    await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: admin.id, role: 'admin' });
    expectProblem(
      await t.request('POST', `/v1/organizations/${orgId}/members`, { token: admin.token }, { email: 'boss@corp.test', role: 'owner' }),
      403,
      'member.owner_required',
    );
  });

  it('revokes an invitation: it is not taken up, and cannot be revoked twice', async () => {
    const { orgId, owner } = await t.organization('Revoking');
    const invited = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'revoked@corp.test', role: 'member' },
    );
    const id = invited.json().id;
    expect((await t.request('DELETE', `/v1/organizations/${orgId}/invitations/${id}`, { token: owner.token })).statusCode).toBe(204);
    expectProblem(
      await t.request('DELETE', `/v1/organizations/${orgId}/invitations/${id}`, { token: owner.token }),
      409,
      'invitation.not_pending',
    );
    expectProblem(
      await t.request('DELETE', `/v1/organizations/${orgId}/invitations/${randomUUID()}`, { token: owner.token }),
      404,
      'invitation.not_found',
    );
    expect(await memberships(await person('revoked@corp.test'))).toEqual([]);
    const [row] = await t.rows(`select status from organization_invitations where id = $1`, [id]);
    expect(row!.status).toBe('revoked');
    const actions = (await t.rows('select action from audit_logs where organization_id = $1', [orgId])).map((r) => r.action);
    expect(actions).toContain('invitation.revoked');
  });

  it('lets an invitation expire: not taken up, shown as expired, and replaceable by a new one', async () => {
    const { orgId, owner } = await t.organization('Expiring');
    const expire = (id: string) =>
      t.rows(`update organization_invitations set expires_at = now() - interval '1 minute' where id = $1`, [id]);

    const missed = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'missed@corp.test', role: 'member' },
    );
    await expire(missed.json().id);
    expect(await memberships(await person('missed@corp.test'))).toEqual([]);

    const first = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'late@corp.test', role: 'member' },
    );
    await expire(first.json().id);
    const listed = await t.request('GET', `/v1/organizations/${orgId}/invitations`, { token: owner.token });
    expect(listed.json().data).toEqual([
      expect.objectContaining({ id: missed.json().id, status: 'expired' }),
      expect.objectContaining({ id: first.json().id, status: 'expired' }),
    ]);
    const renewed = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'late@corp.test', role: 'admin' },
    );
    expect(renewed.statusCode).toBe(202);
    expect(await memberships(await person('late@corp.test'))).toEqual([expect.objectContaining({ organizationId: orgId, role: 'admin' })]);
    const actions = (
      await t.rows('select action from audit_logs where organization_id = $1 and resource_id = $2', [orgId, first.json().id])
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.expired']));
  });
});
