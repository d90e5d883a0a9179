import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { LocalDiskObjectStorage } from '@infrastructure/storage/local-disk.storage';
import { PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { DeleteOrganizationExportsCommand, EXPORT_ARCHIVE_RETENTION_QUEUE, WRITE_EXPORT_ARCHIVE_QUEUE } from '@modules/data';
import { ObjectStorage } from '@modules/recording';
import { TransactionalCommandBus } from '@modules/shared';
import { FakeSupabaseStorage } from '../fakes/fake-supabase-storage';
import { pcmWav } from '../support/audio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { telephonyWorkspace, type TelephonyWorkspace } from '../support/twilio';

jest.setTimeout(300_000);

const NDJSON = { accept: 'application/x-ndjson' };
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Line {
  kind: string;
  data: Record<string, unknown>;
}

interface ExportBody {
  id: string;
  status: string;
  rows: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  failureReason: string | null;
  createdAt: string;
  completedAt: string | null;
  deletedAt: string | null;
  downloadUrl?: string | null;
  downloadUrlExpiresAt?: string | null;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function parse(body: string): Line[] {
  return body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

function countByKind(lines: Line[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  return counts;
}

/** Kinds in the order they come, each run once. */
function runs(lines: Line[]): string[] {
  return lines.map((l) => l.kind).filter((k, i, all) => i === 0 || all[i - 1] !== k);
}

function multipart(file: Buffer, filename: string): { payload: Buffer; contentType: string } {
  const boundary = `----export-jobs-${sha256(filename).slice(0, 16)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('organization export as a job (POST /exports)', () => {
  let t: TestApp;
  let a: TelephonyWorkspace;
  let b: { orgId: string; owner: TestUser; apiKey: string };
  const exportsUrl = (orgId = a.orgId) => `/v1/organizations/${orgId}/exports`;
  const keyOf = (orgId: string, exportId: string) => `${orgId}/exports/${exportId}.ndjson`;

  /** The archives on disk for an organization (the local store: `DATA_DIR/objects/{orgId}/exports`). */
  async function archivesOnDisk(orgId: string): Promise<string[]> {
    const dir = path.join(t.app.get(LocalDiskObjectStorage).root, orgId, 'exports');
    const names = await readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.ndjson')).sort();
  }

  async function requestExport(
    orgId = a.orgId,
    as: { token: string } | { apiKey: string } = { token: a.owner.token },
  ): Promise<ExportBody> {
    const res = await t.request('POST', exportsUrl(orgId), as);
    expect(res.statusCode).toBe(202);
    const body = res.json() as ExportBody;
    expect(res.headers.location).toBe(`/v1/organizations/${orgId}/exports/${body.id}`);
    return body;
  }

  async function getExport(exportId: string, orgId = a.orgId): Promise<ExportBody> {
    const res = await t.request('GET', `${exportsUrl(orgId)}/${exportId}`, { token: a.owner.token });
    expect(res.statusCode).toBe(200);
    return res.json() as ExportBody;
  }

  async function download(url: string): Promise<Buffer> {
    const res = await t.app.inject({ method: 'GET', url: url.replace(t.config.publicBaseUrl, '') });
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  }

  async function orgUser(role: string): Promise<TestUser> {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    const added = await t.request('POST', `/v1/organizations/${a.orgId}/members`, { apiKey: a.apiKey }, { userId: user.id, role });
    expect(added.statusCode).toBe(201);
    return user;
  }

  async function auditActions(orgId: string, resourceId: string): Promise<Array<{ action: string; actor_type: string; changes: unknown }>> {
    return (await t.rows(`select action, actor_type, changes from audit_logs where organization_id = $1 and resource_id = $2 order by id`, [
      orgId,
      resourceId,
    ])) as Array<{ action: string; actor_type: string; changes: unknown }>;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    a = await telephonyWorkspace(t);
    // A recording with its analysis, so the archive holds more than tenancy's rows.
    const { payload, contentType } = multipart(pcmWav({ frames: 800, sample: (i) => ((i * 7) % 2000) - 1000 }), 'call.wav');
    const upload = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${a.orgId}/analyses`,
      headers: { 'x-api-key': a.apiKey, 'content-type': contentType },
      payload,
    });
    expect(upload.statusCode).toBe(201);
    await t.drain(PROCESS_ANALYSIS_QUEUE);
    b = await t.organization('Other');
  }, 200_000);

  afterAll(async () => {
    await t?.close();
  });

  it('writes the NDJSON GET /export streams into storage, records rows, size and SHA-256, and signs a download link', async () => {
    const requested = await requestExport();
    expect(requested).toMatchObject({ status: 'pending', rows: null, sizeBytes: null, sha256: null, completedAt: null });
    // Nothing to download before the job ran.
    expect(await getExport(requested.id)).toMatchObject({ status: 'pending', downloadUrl: null, downloadUrlExpiresAt: null });

    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(1);
    const done = await getExport(requested.id);
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    expect(done.rows).toBeGreaterThan(10);
    expect(typeof done.downloadUrl).toBe('string');
    const ttl = new Date(done.downloadUrlExpiresAt!).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(55 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);

    // The archive is in storage at its key; the bytes at the link are the ones recorded.
    expect(await archivesOnDisk(a.orgId)).toEqual([`${requested.id}.ndjson`]);
    const info = await t.app.get(ObjectStorage).info(keyOf(a.orgId, requested.id));
    expect(info).toMatchObject({ size: done.sizeBytes, contentType: 'application/x-ndjson' });
    const bytes = await download(done.downloadUrl!);
    expect(bytes.length).toBe(done.sizeBytes);
    expect(sha256(bytes)).toBe(done.sha256);
    const archived = parse(bytes.toString('utf8'));
    expect(bytes.toString('utf8').endsWith('\n')).toBe(true);
    expect(archived).toHaveLength(done.rows!);

    // The same export as GET /export: the same kinds in the same order, the same rows of each,
    // except the audit rows written since the archive (its completion, the link, the GET itself).
    const live = await t.request('GET', `/v1/organizations/${a.orgId}/export`, { token: a.owner.token }, undefined, NDJSON);
    expect(live.statusCode).toBe(200);
    const streamed = parse(live.body);
    expect(runs(archived)).toEqual(runs(streamed));
    const archivedCounts = countByKind(archived);
    const streamedCounts = countByKind(streamed);
    for (const [kind, n] of streamedCounts) if (kind !== 'audit_log') expect([kind, archivedCounts.get(kind)]).toEqual([kind, n]);
    for (const kind of ['organization', 'member', 'workspace', 'twilio_account', 'phone_number', 'agent', 'recording', 'analysis']) {
      expect([kind, (archivedCounts.get(kind) ?? 0) > 0]).toEqual([kind, true]);
    }
    const idsOf = (lines: Line[]) =>
      lines.filter((l) => l.kind !== 'audit_log').map((l) => JSON.stringify([l.kind, l.data.id, l.data.userId]));
    expect(idsOf(archived)).toEqual(idsOf(streamed));
    const archivedAudit = new Set(archived.filter((l) => l.kind === 'audit_log').map((l) => l.data.id as string));
    const streamedAudit = streamed.filter((l) => l.kind === 'audit_log');
    expect(streamedAudit.filter((l) => archivedAudit.has(l.data.id as string))).toHaveLength(archivedAudit.size);
    expect(
      streamedAudit
        .filter((l) => !archivedAudit.has(l.data.id as string))
        .map((l) => l.data.action)
        .sort(),
    ).toEqual(['organization.exported', 'organization_export.completed', 'organization_export.download_issued']);
    // The request is in the archive's own audit rows; nothing of another organization is.
    expect(archived.some((l) => l.kind === 'audit_log' && l.data.action === 'organization_export.requested')).toBe(true);
    expect(bytes.toString('utf8').includes(b.orgId)).toBe(false);

    // On the audit trail: the request (by the owner), its completion (by the job), each link handed out.
    const audit = await auditActions(a.orgId, requested.id);
    expect(audit.map((r) => [r.action, r.actor_type])).toEqual([
      ['organization_export.requested', 'user'],
      ['organization_export.completed', 'system'],
      ['organization_export.download_issued', 'user'],
    ]);
    expect((audit[1]!.changes as { after: Record<string, unknown> }).after).toMatchObject({
      status: 'completed',
      rows: done.rows,
      sha256: done.sha256,
    });
  });

  it('stores one archive however often the job runs, and overwrites what a crashed attempt left', async () => {
    const requested = await requestExport(a.orgId, { apiKey: a.apiKey });
    // A crashed attempt left half an archive at the key.
    await t.app.get(ObjectStorage).put(keyOf(a.orgId, requested.id), Readable.from([Buffer.from('{"kind":"organization"')]), {
      contentType: 'application/x-ndjson',
      overwrite: true,
    });
    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(1);
    const first = await getExport(requested.id);
    expect(first.status).toBe('completed');
    const bytes = await download(first.downloadUrl!);
    expect(sha256(bytes)).toBe(first.sha256);
    expect(parse(bytes.toString('utf8'))).toHaveLength(first.rows!);

    // The same job again (its id is the export's: not queued twice), then a second job for the export.
    const jobs = t.app.get(JobQueue);
    await jobs.send(WRITE_EXPORT_ARCHIVE_QUEUE, { organizationId: a.orgId, exportId: requested.id }, { id: requested.id });
    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(0);
    await jobs.send(WRITE_EXPORT_ARCHIVE_QUEUE, { organizationId: a.orgId, exportId: requested.id });
    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(1);

    const again = await getExport(requested.id);
    expect({ ...again, downloadUrl: null, downloadUrlExpiresAt: null }).toEqual({
      ...first,
      downloadUrl: null,
      downloadUrlExpiresAt: null,
    });
    expect(sha256(await download(again.downloadUrl!))).toBe(first.sha256);
    expect((await archivesOnDisk(a.orgId)).filter((n) => n.startsWith(requested.id))).toEqual([`${requested.id}.ndjson`]);
    expect((await auditActions(a.orgId, requested.id)).filter((r) => r.action === 'organization_export.completed')).toHaveLength(1);
  });

  it('lists the exports newest first, a page at a time', async () => {
    const newest = await requestExport();
    const firstPage = await t.request('GET', `${exportsUrl()}?limit=2`, { apiKey: a.apiKey });
    expect(firstPage.statusCode).toBe(200);
    const page = firstPage.json() as { data: ExportBody[]; nextCursor: string | null };
    expect(page.data).toHaveLength(2);
    expect(page.data[0]!.id).toBe(newest.id);
    expect(page.data[0]).not.toHaveProperty('downloadUrl');
    expect(page.nextCursor).not.toBeNull();
    const rest = await t.request('GET', `${exportsUrl()}?limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`, { apiKey: a.apiKey });
    expect(rest.statusCode).toBe(200);
    const all = [...page.data, ...(rest.json() as { data: ExportBody[] }).data].map((e) => e.id);
    expect(all).toEqual([...all].sort().reverse());
    expect(new Set(all).size).toBe(3);
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
  });

  it('is for owners, admins and keys with data:export: 403 for members and agents, 404 for outsiders and unknown exports', async () => {
    const [someExport] = (await t.request('GET', exportsUrl(), { apiKey: a.apiKey })).json().data as ExportBody[];
    const admin = await orgUser('admin');
    expect((await t.request('GET', `${exportsUrl()}/${someExport!.id}`, { token: admin.token })).statusCode).toBe(200);
    for (const role of ['member', 'agent', 'reviewer']) {
      const user = await orgUser(role);
      for (const [method, url] of [
        ['POST', exportsUrl()],
        ['GET', exportsUrl()],
        ['GET', `${exportsUrl()}/${someExport!.id}`],
      ] as const) {
        const res = await t.request(method, url, { token: user.token });
        expect([role, method, url, res.statusCode, res.json().code]).toEqual([role, method, url, 403, 'auth.forbidden']);
      }
    }
    // A key without the scope.
    const scoped = await t.request(
      'POST',
      `/v1/organizations/${a.orgId}/api-keys`,
      { token: a.owner.token },
      { name: 'reader', scopes: ['calls:read'] },
    );
    expect(scoped.statusCode).toBe(201);
    expect((await t.request('POST', exportsUrl(), { apiKey: scoped.json().key as string })).statusCode).toBe(403);

    // Another organization: its callers never reach these exports, and its own path does not show them.
    for (const as of [{ token: b.owner.token }, { apiKey: b.apiKey }]) {
      for (const [method, url] of [
        ['POST', exportsUrl()],
        ['GET', exportsUrl()],
        ['GET', `${exportsUrl()}/${someExport!.id}`],
      ] as const) {
        const res = await t.request(method, url, as);
        expect([method, url, res.statusCode, res.json().code]).toEqual([method, url, 404, 'organization.not_found']);
      }
      const underOwn = await t.request('GET', `${exportsUrl(b.orgId)}/${someExport!.id}`, as);
      expect([underOwn.statusCode, underOwn.json().code]).toEqual([404, 'export.not_found']);
    }
    const listedByB = await t.request('GET', exportsUrl(b.orgId), { apiKey: b.apiKey });
    expect(listedByB.json().data).toEqual([]);
    const unknown = await t.request('GET', `${exportsUrl()}/0190f1f2-0000-7000-8000-000000000000`, { token: a.owner.token });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'export.not_found']);
  });

  it('deletes archives older than EXPORT_ARCHIVE_RETENTION_DAYS: object removed, status deleted, organization_export.deleted', async () => {
    const old = await requestExport();
    const fresh = await requestExport();
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    expect((await getExport(old.id)).status).toBe('completed');
    await t.rows(`update organization_exports set created_at = now() - interval '8 days' where id = $1`, [old.id]);

    await t.app.get(JobQueue).send(EXPORT_ARCHIVE_RETENTION_QUEUE, {});
    expect(await t.drain(EXPORT_ARCHIVE_RETENTION_QUEUE)).toBe(1);

    const gone = await getExport(old.id);
    expect(gone).toMatchObject({ status: 'deleted', downloadUrl: null, downloadUrlExpiresAt: null });
    expect(gone.deletedAt).not.toBeNull();
    expect(await t.app.get(ObjectStorage).info(keyOf(a.orgId, old.id))).toBeNull();
    expect(await archivesOnDisk(a.orgId)).not.toContain(`${old.id}.ndjson`);
    const deleted = (await auditActions(a.orgId, old.id)).filter((r) => r.action === 'organization_export.deleted');
    expect(deleted).toHaveLength(1);
    expect((deleted[0]!.changes as { after: Record<string, unknown> }).after).toEqual({ status: 'deleted', reason: 'retention' });

    // The fresh one stays; a second run deletes nothing more.
    expect((await getExport(fresh.id)).status).toBe('completed');
    expect(await t.app.get(ObjectStorage).info(keyOf(a.orgId, fresh.id))).not.toBeNull();
    await t.app.get(JobQueue).send(EXPORT_ARCHIVE_RETENTION_QUEUE, {});
    await t.drain(EXPORT_ARCHIVE_RETENTION_QUEUE);
    expect((await auditActions(a.orgId, old.id)).filter((r) => r.action === 'organization_export.deleted')).toHaveLength(1);
  });

  it('DeleteOrganizationExportsCommand removes every archive of the organization left, and nothing of another', async () => {
    const ofB = await requestExport(b.orgId, { apiKey: b.apiKey });
    const pending = await requestExport();
    await t.rows(`update pgboss.job set state = 'completed' where id = $1`, [pending.id]);
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    const before = (await t.rows(
      `select id, status from organization_exports where organization_id = $1 and status <> 'deleted' order by id`,
      [a.orgId],
    )) as Array<{ id: string; status: string }>;
    expect(before.map((r) => r.status)).toContain('completed');
    expect(before.find((r) => r.id === pending.id)?.status).toBe('pending');

    const bus = t.app.get(TransactionalCommandBus);
    const removed = await bus.execute(new DeleteOrganizationExportsCommand({ organizationId: a.orgId, reason: 'erasure' }));
    expect(removed).toEqual(before.map((r) => ({ exportId: r.id, objectKey: keyOf(a.orgId, r.id), status: 'deleted' })));
    expect(await archivesOnDisk(a.orgId)).toEqual([]);
    for (const r of before) {
      expect(await t.app.get(ObjectStorage).info(keyOf(a.orgId, r.id))).toBeNull();
      const deleted = (await auditActions(a.orgId, r.id)).filter((x) => x.action === 'organization_export.deleted');
      expect(deleted.map((x) => (x.changes as { after: Record<string, unknown> }).after)).toEqual([
        { status: 'deleted', reason: 'erasure' },
      ]);
    }
    const statuses = await t.rows(`select distinct status from organization_exports where organization_id = $1`, [a.orgId]);
    expect(statuses).toEqual([{ status: 'deleted' }]);
    // Again: nothing left to delete.
    expect(await bus.execute(new DeleteOrganizationExportsCommand({ organizationId: a.orgId, reason: 'erasure' }))).toEqual([]);
    // The pending export's job, run late, writes nothing.
    await t.app.get(JobQueue).send(WRITE_EXPORT_ARCHIVE_QUEUE, { organizationId: a.orgId, exportId: pending.id });
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    expect(await archivesOnDisk(a.orgId)).toEqual([]);

    // The other organization's archive is untouched.
    const theirs = await t.request('GET', `${exportsUrl(b.orgId)}/${ofB.id}`, { apiKey: b.apiKey });
    expect(theirs.json()).toMatchObject({ status: 'completed' });
    expect(await archivesOnDisk(b.orgId)).toEqual([`${ofB.id}.ndjson`]);
  });
});

describe('export archive job memory', () => {
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('writes an archive of 100,000 rows with flat memory', async () => {
    t = await startTestApp();
    const { orgId, apiKey } = await t.organization('Big');
    for (let offset = 0; offset < 100_000; offset += 20_000) {
      await t.rows(
        `insert into audit_logs (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id)
         select $1::uuid, gen_random_uuid(), gen_random_uuid(), now(), 'system', null, 'test.row_written', 'test', 'r-' || g,
           jsonb_build_object('after', jsonb_build_object('n', g, 'note', 'row ' || g)), null, 'jest', null
         from generate_series($2::int, $3::int) g`,
        [orgId, offset + 1, offset + 20_000],
      );
    }
    const res = await t.request('POST', `/v1/organizations/${orgId}/exports`, { apiKey });
    expect(res.statusCode).toBe(202);
    const exportId = res.json().id as string;
    const [{ n: auditRows }] = (await t.rows('select count(*)::int as n from audit_logs where organization_id = $1', [orgId])) as [
      { n: number },
    ];

    collectGarbage();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let ticks = 0;
    const sampler = setInterval(() => {
      if (++ticks % 10 === 0) {
        collectGarbage();
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
    }, 20);
    const started = Date.now();
    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(1);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);

    const done = (await t.request('GET', `/v1/organizations/${orgId}/exports/${exportId}`, { apiKey })).json() as ExportBody;
    expect(done.status).toBe('completed');
    // Read back as a stream: line count, audit lines and hash.
    const { body } = await t.app.get(ObjectStorage).get(`${orgId}/exports/${exportId}.ndjson`);
    const hash = createHash('sha256');
    let lines = 0;
    let auditLines = 0;
    let tail = '';
    for await (const chunk of body) {
      hash.update(chunk as Buffer);
      const parts = (tail + (chunk as Buffer).toString('utf8')).split('\n');
      tail = parts.pop()!;
      for (const line of parts) {
        lines += 1;
        if (line.startsWith('{"kind":"audit_log"')) auditLines += 1;
      }
    }
    expect(tail).toBe('');
    expect(hash.digest('hex')).toBe(done.sha256);
    expect(lines).toBe(done.rows);
    // Every audit row committed before the job ran, its own request included.
    expect(auditLines).toBe(auditRows);
    const rssMb = (peakRss - baseline.rss) / 1024 / 1024;
    const heapMb = (peakHeap - baseline.heapUsed) / 1024 / 1024;
    process.stdout.write(
      `export archive job: ${lines} lines, ${(done.sizeBytes! / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} rows/s; ` +
        `RSS growth ${rssMb.toFixed(1)} MB, live heap growth ${heapMb.toFixed(1)} MB (baseline RSS ${(baseline.rss / 1024 / 1024).toFixed(0)} MB)\n`,
    );
    expect(lines).toBeGreaterThan(100_000);
    expect(rssMb).toBeLessThan(60);
    expect(heapMb).toBeLessThan(60);
  });
});

describe('export archives in Supabase Storage', () => {
  let fake: FakeSupabaseStorage;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeSupabaseStorage.start();
    t = await startTestApp({ env: { SUPABASE_URL: fake.url, SUPABASE_SERVICE_ROLE_KEY: fake.serviceKey, STORAGE_BUCKET: fake.bucket } });
  });

  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('writes the archive to the bucket, signs a link Supabase serves, and erasure removes it', async () => {
    const { orgId, apiKey } = await t.organization('Cloud');
    const requested = await t.request('POST', `/v1/organizations/${orgId}/exports`, { apiKey });
    expect(requested.statusCode).toBe(202);
    const exportId = requested.json().id as string;
    expect(await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE)).toBe(1);
    const done = (await t.request('GET', `/v1/organizations/${orgId}/exports/${exportId}`, { apiKey })).json() as ExportBody;
    expect(done.status).toBe('completed');
    expect(done.downloadUrl!.startsWith(fake.url)).toBe(true);
    const fetched = await fetch(done.downloadUrl!);
    expect(fetched.status).toBe(200);
    const bytes = Buffer.from(await fetched.arrayBuffer());
    expect(bytes.length).toBe(done.sizeBytes);
    expect(sha256(bytes)).toBe(done.sha256);
    expect(parse(bytes.toString('utf8'))).toHaveLength(done.rows!);
    expect(await t.rows('select storage_backend from organization_exports where id = $1', [exportId])).toEqual([
      { storage_backend: 'supabase' },
    ]);

    const removed = await t.app
      .get(TransactionalCommandBus)
      .execute(new DeleteOrganizationExportsCommand({ organizationId: orgId, reason: 'erasure' }));
    expect(removed).toEqual([{ exportId, objectKey: `${orgId}/exports/${exportId}.ndjson`, status: 'deleted' }]);
    expect(await t.app.get(ObjectStorage).info(`${orgId}/exports/${exportId}.ndjson`)).toBeNull();
    expect((await fetch(done.downloadUrl!)).status).toBeGreaterThanOrEqual(400);
  });
});
