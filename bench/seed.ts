import { randomBytes } from 'node:crypto';
import { RandomApiKeySecrets } from '@infrastructure/auth/api-key-secrets';
import type { AppConfig } from '@infrastructure/config/app-config';
import type { Database } from '@infrastructure/persistence/database';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@domain/tenancy/organization-settings';
import { PERMISSIONS } from '@domain/tenancy/roles';

export interface SeedOptions {
  organizations: number;
  /** Audit rows of the organization the benchmark reads. */
  bigOrganizationRows: number;
  /** Audit rows of every other organization. */
  otherOrganizationRows: number;
  /** The newest rows of each organization are left unsealed, like a live log between seal runs. */
  unsealedPerOrganization: number;
}

export const DEFAULT_SEED: SeedOptions = {
  organizations: 100,
  bigOrganizationRows: 100_000,
  otherOrganizationRows: 300,
  unsealedPerOrganization: 20,
};

export interface SeedResult {
  organizationId: string;
  apiKey: string;
  auditRows: number;
  seconds: number;
}

/**
 * A time-ordered uuid (v7 layout) computed in SQL from a millisecond timestamp and two counters:
 * 48-bit unix ms, version 7, 12 bits of `a`, variant 10, then `b`. Ordering by id follows `ms`.
 */
function uuidV7Sql(ms: string, a: string, b: string): string {
  const h = `lpad(to_hex(${ms}), 12, '0')`;
  return (
    `(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-7' || lpad(to_hex((${a})::int & 4095), 3, '0') || '-8' ||` +
    ` lpad(to_hex(((${b})::bigint >> 48) & 4095), 3, '0') || '-' || lpad(to_hex((${b})::bigint & 281474976710655), 12, '0'))::uuid`
  );
}

const ACTIONS = [
  'workspace.created',
  'workspace.renamed',
  'member.added',
  'member.role_changed',
  'api_key.created',
  'organization.updated',
];

/**
 * Seeds as the connection's own (super)user, outside row-level security, in a few bulk statements.
 * Organization 0 is the big one; its API key carries every scope but organizations:delete.
 */
export async function seed(database: Database, config: AppConfig, options: SeedOptions = DEFAULT_SEED): Promise<SeedResult> {
  const started = Date.now();
  // A tag keeps domains unique when the database is not fresh (BENCH_DATABASE_URL).
  const tag = randomBytes(4).toString('hex');
  // Rows are spaced one second apart, ending now; organizations are created before them.
  const rowsBase = Date.now() - options.bigOrganizationRows * 1000 - 60_000;
  const orgBase = rowsBase - 3_600_000;

  const orgs = await database.query(
    `insert into organizations (id, name, domain, settings, created_at, updated_at)
     select ${uuidV7Sql(`${orgBase}::bigint + k`, 'k', '0')}, 'Bench organization ' || k, 'bench-${tag}-' || k || '.example.com',
            $1::jsonb, to_timestamp((${orgBase}::bigint + k) / 1000.0), to_timestamp((${orgBase}::bigint + k) / 1000.0)
     from generate_series(0, ${options.organizations - 1}) as k
     returning id, name`,
    [JSON.stringify(DEFAULT_ORGANIZATION_SETTINGS)],
  );
  const byName = new Map(orgs.rows.map((r) => [String(r.name), String(r.id)]));
  const organizationId = byName.get('Bench organization 0')!;

  const actions = `(array[${ACTIONS.map((a) => `'${a}'`).join(', ')}])[1 + (i % ${ACTIONS.length})]`;
  const insertRows = (orgFilter: string, rows: number) =>
    database.query(
      `insert into audit_logs (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type,
                               resource_id, changes, ip, user_agent, request_id)
       select o.id, ${uuidV7Sql(`${rowsBase}::bigint + i * 1000 + o.k`, 'o.k', 'i')},
              md5('event-' || o.k || '-' || i)::uuid,
              to_timestamp((${rowsBase}::bigint + i * 1000 + o.k) / 1000.0),
              case when i % 3 = 0 then 'api_key' else 'user' end,
              md5('actor-' || (i % 17))::uuid::text,
              ${actions},
              split_part(${actions}, '.', 1),
              md5('resource-' || o.k || '-' || (i % 500))::uuid::text,
              jsonb_build_object(
                'before', jsonb_build_object('name', 'Workspace ' || (i % 500), 'role', 'member'),
                'after', jsonb_build_object('name', 'Workspace ' || (i % 500) || ' renamed', 'role', 'admin', 'updatedAt', to_timestamp((${rowsBase}::bigint + i * 1000) / 1000.0))
              ),
              '10.0.' || (i % 250) || '.' || (o.k % 250),
              'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
              md5('request-' || o.k || '-' || i)::uuid::text
       from (select id, (substring(name from '[0-9]+$'))::int as k from organizations where domain like 'bench-${tag}-%' and ${orgFilter}) as o
       cross join generate_series(0, ${rows - 1}) as i`,
    );
  await insertRows(`name = 'Bench organization 0'`, options.bigOrganizationRows);
  if (options.organizations > 1 && options.otherOrganizationRows > 0) {
    await insertRows(`name <> 'Bench organization 0'`, options.otherOrganizationRows);
  }

  // The hash chain: every row but the newest few of each organization, in id order. The hashes only
  // have to look like hashes here; the benchmark never verifies the chain.
  await database.query(
    `insert into audit_log_seals (organization_id, sequence, audit_log_id, previous_hash, hash, sealed_at)
     select organization_id, n, id, lag(h, 1, repeat('0', 64)) over (partition by organization_id order by n), h, occurred_at
     from (
       select organization_id, id, occurred_at, md5(id::text) || md5(event_id::text) as h,
              row_number() over (partition by organization_id order by id) as n,
              count(*) over (partition by organization_id) as total
       from audit_logs
       where organization_id in (select id from organizations where domain like 'bench-${tag}-%')
     ) as s
     where n <= total - ${options.unsealedPerOrganization}`,
  );
  await database.query(
    `insert into audit_log_unsealed (organization_id, audit_log_id)
     select l.organization_id, l.id from audit_logs l
     where l.organization_id in (select id from organizations where domain like 'bench-${tag}-%')
       and not exists (select 1 from audit_log_seals s where s.organization_id = l.organization_id and s.audit_log_id = l.id)`,
  );

  const secrets = new RandomApiKeySecrets(config);
  const key = secrets.generate();
  await database.query(
    `insert into api_keys (organization_id, id, name, prefix, key_hash, scopes, created_at, updated_at)
     values ($1, ${uuidV7Sql(`${Date.now()}::bigint`, '1', '1')}, 'benchmark key', $2, $3, $4::text[], now(), now())`,
    [organizationId, key.prefix, key.hash, `{${PERMISSIONS.filter((p) => p !== 'organizations:delete').join(',')}}`],
  );
  // Fresh statistics and visibility map now, so autovacuum does not wake up in the middle of a round.
  await database.query('vacuum (analyze) organizations, api_keys, audit_logs, audit_log_seals, audit_log_unsealed');

  const counted = await database.query(
    `select count(*)::int as n from audit_logs where organization_id in (select id from organizations where domain like 'bench-${tag}-%')`,
  );
  return { organizationId, apiKey: key.key, auditRows: Number(counted.rows[0]!.n), seconds: (Date.now() - started) / 1000 };
}
