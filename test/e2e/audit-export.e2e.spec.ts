import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chainHash, GENESIS_HASH, type AuditEntry } from '@domain/audit/audit-entry';
import { newId } from '@domain/shared/ids';
import { runAuditVerify, verifyAuditExportFile } from '@infrastructure/audit/audit-export-file.verifier';
import { SealAuditChainCommand } from '@modules/audit';
import { TransactionalCommandBus } from '@modules/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { TMP_DIR } from '../support/test-environment';

jest.setTimeout(600_000);

/**
 * A full collection, so garbage (which V8 may leave lying while it has room) is not counted as
 * memory the export holds: before the baseline, and between samples.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const DIR = path.join(TMP_DIR, `audit-export-${randomUUID().slice(0, 8)}`);

function entry(organizationId: string, i: number, at: Date): AuditEntry {
  return {
    id: newId(),
    organizationId,
    eventId: randomUUID(),
    occurredAt: at,
    actorType: i % 3 === 0 ? 'system' : 'user',
    actorId: i % 3 === 0 ? null : randomUUID(),
    action: 'test.row_written',
    resourceType: 'test',
    resourceId: `r-${i}`,
    changes: { after: { n: i, note: i % 7 === 0 ? 'a "quoted", comma\nand a line break' : `row ${i}`, nested: { z: 1, a: [1, 'x'] } } },
    ip: i % 2 === 0 ? '203.0.113.7' : null,
    userAgent: i % 5 === 0 ? '' : 'jest',
    requestId: null,
  };
}

/** Writes audit rows straight into the tables; `seal: 'job'` lets the service's sealer chain them, `'direct'` chains them here. */
async function insertAuditRows(
  t: TestApp,
  organizationId: string,
  n: number,
  options: { seal: 'job' | 'direct' | 'none'; start?: Date; stepMs?: number },
): Promise<AuditEntry[] | null> {
  const start = options.start ?? new Date();
  const keep = n <= 20_000;
  const all: AuditEntry[] = [];
  const last =
    options.seal === 'direct'
      ? ((
          await t.rows('select sequence, hash from audit_log_seals where organization_id = $1 order by sequence desc limit 1', [
            organizationId,
          ])
        )[0] as { sequence: string; hash: string } | undefined)
      : undefined;
  let sequence = last ? Number(last.sequence) : 0;
  let previous = last ? last.hash : GENESIS_HASH;
  const BATCH = 2000;
  for (let offset = 0; offset < n; offset += BATCH) {
    const batch: AuditEntry[] = [];
    for (let i = offset; i < Math.min(n, offset + BATCH); i++)
      batch.push(entry(organizationId, i, new Date(start.getTime() + i * (options.stepMs ?? 1000))));
    if (keep) all.push(...batch);
    await t.rows(
      `insert into audit_logs (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id)
       select organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id
       from jsonb_to_recordset($1::jsonb) as x(organization_id uuid, id uuid, event_id uuid, occurred_at timestamptz, actor_type text, actor_id text, action text,
         resource_type text, resource_id text, changes jsonb, ip text, user_agent text, request_id text)`,
      [
        JSON.stringify(
          batch.map((e) => ({
            organization_id: e.organizationId,
            id: e.id,
            event_id: e.eventId,
            occurred_at: e.occurredAt.toISOString(),
            actor_type: e.actorType,
            actor_id: e.actorId,
            action: e.action,
            resource_type: e.resourceType,
            resource_id: e.resourceId,
            changes: e.changes,
            ip: e.ip,
            user_agent: e.userAgent,
            request_id: e.requestId,
          })),
        ),
      ],
    );
    if (options.seal === 'direct') {
      const links = batch.map((e) => {
        sequence += 1;
        const hash = chainHash(previous, sequence, e);
        const link = { organization_id: organizationId, sequence, audit_log_id: e.id, previous_hash: previous, hash };
        previous = hash;
        return link;
      });
      await t.rows(
        `insert into audit_log_seals (organization_id, sequence, audit_log_id, previous_hash, hash)
         select organization_id, sequence, audit_log_id, previous_hash, hash from jsonb_to_recordset($1::jsonb) as x(organization_id uuid, sequence bigint, audit_log_id uuid, previous_hash text, hash text)`,
        [JSON.stringify(links)],
      );
    } else {
      await t.rows(
        `insert into audit_log_unsealed (organization_id, audit_log_id) select $1::uuid, id from jsonb_to_recordset($2::jsonb) as x(id uuid)`,
        [organizationId, JSON.stringify(batch.map((e) => ({ id: e.id })))],
      );
    }
  }
  if (options.seal === 'job') await seal(t, organizationId);
  return keep ? all : null;
}

/** What the seal job does, run here (the job is queued only by the service's own writes). */
async function seal(t: TestApp, organizationId: string): Promise<void> {
  const commands = t.app.get(TransactionalCommandBus);
  while ((await commands.execute(new SealAuditChainCommand({ organizationId }))) > 0);
}

function save(name: string, body: string): string {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, name);
  writeFileSync(file, body);
  return file;
}

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return runAuditVerify(
    args,
    (s) => (out += s),
    (s) => (err += s),
  ).then((code) => ({ code, out, err }));
}

describe('GET /audit-logs/export and audit verify', () => {
  let t: TestApp;
  let orgId: string;
  let apiKey: string;
  let other: { orgId: string; apiKey: string };
  // After the organizations' own rows, one second apart: occurrence follows the chain, as in real use.
  const start = new Date(Date.now() + 60_000);

  beforeAll(async () => {
    t = await startTestApp();
    ({ orgId, apiKey } = await t.organization('Exporter'));
    const o = await t.organization('Foreign');
    other = { orgId: o.orgId, apiKey: o.apiKey };
    await t.sealAudit();
    await insertAuditRows(t, orgId, 3000, { seal: 'job', start });
    await insertAuditRows(t, other.orgId, 200, { seal: 'job', start });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('streams every row with its link as NDJSON, which verifies offline (in process and as a child process)', async () => {
    const res = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export`, { apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.trim().split('\n');
    const rows = lines.map(
      (l) =>
        JSON.parse(l) as { id: string; organizationId: string; sequence: number | null; hash: string | null; previousHash: string | null },
    );
    expect(rows.length).toBeGreaterThan(3000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.every((r) => r.organizationId === orgId)).toBe(true);
    expect(rows[0]).toMatchObject({ sequence: 1, previousHash: GENESIS_HASH });
    const count = await t.rows('select count(*)::int as n from audit_logs where organization_id = $1', [orgId]);
    expect(rows.length).toBe(count[0]!.n);

    const file = save('full.ndjson', res.body);
    const verdict = await verifyAuditExportFile(file);
    expect(verdict).toMatchObject({ valid: true, rows: rows.length, firstSequence: 1, startsFrom: GENESIS_HASH, brokenAt: null });
    expect(verdict.checked + verdict.unsealed).toBe(rows.length);
    // The same chain as the service's own check.
    const report = (await t.request('GET', `/v1/organizations/${orgId}/audit-logs/verify`, { apiKey })).json();
    expect(report).toMatchObject({ valid: true, lastSequence: verdict.lastSequence });

    const { code, out } = await cli(['--json', file]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, rows: rows.length });

    const child = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/cli.ts', 'audit', 'verify', file], {
      cwd: path.resolve(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, // no DATABASE_URL, no secrets: none is needed
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^VALID: \d+ row\(s\) read \(ndjson\)/);
  });

  it('the unsealed tail is exported last, without a link, and named by verify', async () => {
    await insertAuditRows(t, orgId, 5, { seal: 'none', start: new Date(start.getTime() + 3600_000) });
    const res = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export`, { apiKey });
    const rows = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; sequence: number | null });
    expect(rows.slice(-5).every((r) => r.sequence === null)).toBe(true);
    const verdict = await verifyAuditExportFile(save('tail.ndjson', res.body));
    expect(verdict).toMatchObject({ valid: true, unsealed: 5, firstUnsealed: { line: rows.length - 4, id: rows[rows.length - 5]!.id } });
    await seal(t, orgId);
  });

  it('one changed field makes verify fail at that row, with its line and id; exit code 1', async () => {
    const res = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export?format=ndjson`, { apiKey });
    const lines = res.body.trim().split('\n');
    const target = 1234;
    const row = JSON.parse(lines[target - 1]!) as { id: string; sequence: number; resourceId: string };
    lines[target - 1] = JSON.stringify({ ...row, resourceId: `${row.resourceId}x` });
    const file = save('tampered.ndjson', `${lines.join('\n')}\n`);
    const { code, out } = await cli([file]);
    expect(code).toBe(1);
    expect(out).toContain(`first broken link: line ${target}, row ${row.id}, sequence ${row.sequence}: audit row was altered`);

    // A removed line: the next one names the missing sequence.
    const cut = [...res.body.trim().split('\n')];
    cut.splice(99, 1);
    const verdict = await verifyAuditExportFile(save('cut.ndjson', `${cut.join('\n')}\n`));
    expect(verdict.valid).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ line: 100, reason: 'sequence 100 is missing' });
  });

  it('CSV: the same rows, verified offline; a changed field fails at its line', async () => {
    const res = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export?format=csv`, { apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body.startsWith('sequence,previousHash,hash,id,organizationId,')).toBe(true);
    const file = save('full.csv', res.body);
    const verdict = await verifyAuditExportFile(file);
    expect(verdict).toMatchObject({ valid: true, format: 'csv', firstSequence: 1, brokenAt: null });
    expect(verdict.rows).toBeGreaterThan(3000);

    // Tamper with the IP of a row that has one (field 14) in record 11 (line numbers count embedded line breaks).
    const records = res.body.split('\r\n');
    const index = records.findIndex((r, i) => i > 10 && r.includes('"203.0.113.7"'));
    records[index] = records[index]!.replace('"203.0.113.7"', '"203.0.113.8"');
    const physicalLine = records.slice(0, index).join('\r\n').split('\n').length + 1;
    const tampered = await verifyAuditExportFile(save('tampered.csv', records.join('\r\n')));
    expect(tampered.valid).toBe(false);
    expect(tampered.brokenAt).toMatchObject({ line: physicalLine, reason: 'audit row was altered' });
  });

  it('from/to: a contiguous stretch of the chain, verified from its first link', async () => {
    const from = new Date(start.getTime() + 600_000).toISOString(); // row 600
    const to = new Date(start.getTime() + 1_200_000).toISOString(); // row 1200
    const res = await t.request(
      'GET',
      `/v1/organizations/${orgId}/audit-logs/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { apiKey },
    );
    expect(res.statusCode).toBe(200);
    const rows = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { occurredAt: string; sequence: number });
    expect(rows).toHaveLength(601);
    expect(rows.every((r) => r.occurredAt >= from && r.occurredAt <= to)).toBe(true);
    const verdict = await verifyAuditExportFile(save('slice.ndjson', res.body));
    expect(verdict).toMatchObject({ valid: true, checked: 601, unsealed: 0, firstSequence: rows[0]!.sequence });
    expect(verdict.startsFrom).not.toBe(GENESIS_HASH);

    const bad = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export?from=yesterday`, { apiKey });
    expect(bad.statusCode).toBe(400);
    const badFormat = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export?format=xml`, { apiKey });
    expect(badFormat.statusCode).toBe(400);
  });

  it('never holds a foreign organization’s rows; a foreign caller gets 404', async () => {
    const mine = await t.request('GET', `/v1/organizations/${orgId}/audit-logs/export`, { apiKey });
    const foreignIds = new Set(
      (await t.rows('select id from audit_logs where organization_id = $1', [other.orgId])).map((r) => r.id as string),
    );
    expect(foreignIds.size).toBeGreaterThan(200);
    const ids = mine.body
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.some((id) => foreignIds.has(id))).toBe(false);
    expect(mine.body).not.toContain(other.orgId);

    const theirs = await t.request('GET', `/v1/organizations/${other.orgId}/audit-logs/export`, { apiKey: other.apiKey });
    expect((await verifyAuditExportFile(save('foreign.ndjson', theirs.body))).valid).toBe(true);
    expect(theirs.body).not.toContain(orgId);

    expect((await t.request('GET', `/v1/organizations/${other.orgId}/audit-logs/export`, { apiKey })).statusCode).toBe(404);
    // A file that mixes the two organizations does not verify.
    const mixed = await verifyAuditExportFile(save('mixed.ndjson', mine.body + theirs.body));
    expect(mixed.brokenAt?.reason).toBe('row of another organization');
  });
});

describe('audit export memory', () => {
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('streams 100,000 rows with flat memory and the file verifies', async () => {
    t = await startTestApp();
    const { orgId, apiKey } = await t.organization('Big');
    await t.sealAudit();
    const inserted = Date.now();
    await insertAuditRows(t, orgId, 100_000, { seal: 'direct' });
    const insertMs = Date.now() - inserted;

    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const file = path.join(DIR, 'big.ndjson');
    mkdirSync(DIR, { recursive: true });

    collectGarbage();
    const baseline = process.memoryUsage().rss;
    const heapBaseline = process.memoryUsage().heapUsed;
    let heapPeak = heapBaseline;
    let peak = baseline;
    let peakUnCollected = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      peakUnCollected = Math.max(peakUnCollected, process.memoryUsage().rss);
      if (++samples % 10 === 0) {
        collectGarbage();
        const now = process.memoryUsage();
        peak = Math.max(peak, now.rss);
        heapPeak = Math.max(heapPeak, now.heapUsed);
      }
    }, 20);
    const started = Date.now();
    const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `/v1/organizations/${orgId}/audit-logs/export`, headers: { 'x-api-key': apiKey } },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          let n = 0;
          let size = 0;
          const chunks: Buffer[] = [];
          let pending = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n += 1;
            // Written to disk as it comes, not kept.
            chunks.push(chunk);
            pending += chunk.length;
            if (pending > 4 * 1024 * 1024) {
              writeFileSync(file, Buffer.concat(chunks), { flag: 'a' });
              chunks.length = 0;
              pending = 0;
            }
          });
          res.on('end', () => {
            writeFileSync(file, Buffer.concat(chunks), { flag: 'a' });
            resolve({ lines: n, bytes: size });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const growthMb = (peak - baseline) / 1024 / 1024;
    const verdict = await verifyAuditExportFile(file);
    // Printed for the record: the figures the issue asks for.
    process.stdout.write(
      `audit export: ${lines} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} rows/s; ` +
        `RSS growth ${growthMb.toFixed(1)} MB after collections, ${((peakUnCollected - baseline) / 1024 / 1024).toFixed(1)} MB at most between them; live heap growth ${((heapPeak - heapBaseline) / 1024 / 1024).toFixed(1)} MB (baseline ${(baseline / 1024 / 1024).toFixed(0)} MB); inserted in ${insertMs} ms; verified ${verdict.checked} links\n`,
    );
    expect(lines).toBeGreaterThanOrEqual(100_000);
    expect(verdict).toMatchObject({ valid: true, brokenAt: null });
    expect(verdict.rows).toBe(lines);
    expect(growthMb).toBeLessThan(60);
    expect((heapPeak - heapBaseline) / 1024 / 1024).toBeLessThan(60);
    expect(readFileSync(file, 'utf8').length).toBe(bytes);
  });
});
