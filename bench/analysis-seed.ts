import { randomBytes } from 'node:crypto';
import { RandomApiKeySecrets } from '@infrastructure/auth/api-key-secrets';
import type { AppConfig } from '@infrastructure/config/app-config';
import type { Database } from '@infrastructure/persistence/database';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@domain/tenancy/organization-settings';
import { PERMISSIONS } from '@domain/tenancy/roles';

/**
 * Seeds the analysis scenario (bench/analysis.ts) in a few bulk statements, as the connection's own
 * (super)user, outside row-level security:
 *
 *   - `organizations` organizations; organization 0 (the measured one) holds `bigOrganizationShare`
 *     of the analyses, the others share the rest evenly;
 *   - analyses spread evenly over the last `days` days (time-ordered v7 ids, as bench/seed.ts does
 *     for audit rows), with a realistic mix: fraud scores skewed low (score = u^2, so about 11% high,
 *     18% medium, 71% low priority), scored below 0.5 completed, above it needs_review (more of them
 *     among recent rows), in_review or cleared; 1% error, and the newest 0.5% pending or processing;
 *   - `reviewers` reviewer users (profiles + organization_members role reviewer) in organization 0;
 *     the in_review and cleared analyses of organization 0 are theirs, those of other organizations
 *     belong to made-up users; reviewer_loads match the in_review counts;
 *   - an API key of organization 0 with every scope but organizations:delete.
 */
export interface AnalysisSeedOptions {
  organizations: number;
  analyses: number;
  bigOrganizationShare: number;
  reviewers: number;
  days: number;
  /**
   * PostgreSQL, fresh database: drop the secondary indexes of analyses before loading and build them
   * afterwards, and load without the per-row foreign-key triggers. About 3x faster.
   */
  bulkLoad: boolean;
}

export const DEFAULT_ANALYSIS_SEED: AnalysisSeedOptions = {
  organizations: 100,
  analyses: 1_000_000,
  bigOrganizationShare: 0.1,
  reviewers: 20,
  days: 60,
  bulkLoad: true,
};

export interface AnalysisSeedResult {
  organizationId: string;
  apiKey: string;
  reviewers: { id: string; email: string }[];
  analyses: number;
  bigOrganizationAnalyses: number;
  /** Analyses per status in organization 0. */
  statuses: Record<string, number>;
  /** needs_review analyses of organization 0 per priority. */
  queue: Record<string, number>;
  seconds: number;
  /** Seconds per phase. */
  timings: Record<string, number>;
}

/** A time-ordered uuid (v7 layout) from a millisecond timestamp and two counters (as bench/seed.ts). */
function uuidV7Sql(ms: string, a: string, b: string): string {
  const h = `lpad(to_hex(${ms}), 12, '0')`;
  return (
    `(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-7' || lpad(to_hex((${a})::int & 4095), 3, '0') || '-8' ||` +
    ` lpad(to_hex(((${b})::bigint >> 48) & 4095), 3, '0') || '-' || lpad(to_hex((${b})::bigint & 281474976710655), 12, '0'))::uuid`
  );
}

/** A deterministic uniform number in [0, 1) from a bigint expression and a salt. */
const uniform = (expr: string, salt: number) => `(((hashint8extended(${expr}, ${salt}) & 2147483647) % 1000000) / 1000000.0)::float8`;

const PHRASES = [
  ['otp_request', 'verification code', 'can you read me the verification code we just sent you'],
  ['gift_card_payment', 'gift card', 'the fastest way to settle this is with gift cards from the store'],
  ['urgency', 'right now', 'your account will be closed right now unless you act'],
  ['remote_access', 'remote access', 'please install this app so I can get remote access to fix it'],
];

export async function seedAnalyses(
  database: Database,
  config: AppConfig,
  options: AnalysisSeedOptions = DEFAULT_ANALYSIS_SEED,
): Promise<AnalysisSeedResult> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const tag = randomBytes(4).toString('hex');
  const nameLike = `Analysis bench ${tag} organization %`;
  const dayMs = 86_400_000;
  const spanMs = options.days * dayMs;
  // Rows end a minute before now; the organizations are a day older than the oldest row.
  const rowsBase = Date.now() - spanMs - 60_000;
  const orgBase = rowsBase - dayMs;
  const big = Math.round(options.analyses * options.bigOrganizationShare);
  const others = options.organizations > 1 ? Math.floor((options.analyses - big) / (options.organizations - 1)) : 0;
  // The first few other organizations take one more each, so the total is exact.
  const remainder = options.organizations > 1 ? options.analyses - big - others * (options.organizations - 1) : 0;

  const orgs = await database.query(
    `insert into organizations (id, name, settings, created_at, updated_at)
     select ${uuidV7Sql(`${orgBase}::bigint + k`, 'k', '0')}, 'Analysis bench ${tag} organization ' || k,
            $1::jsonb, to_timestamp((${orgBase}::bigint + k) / 1000.0), to_timestamp((${orgBase}::bigint + k) / 1000.0)
     from generate_series(0, ${options.organizations - 1}) as k
     returning id, name`,
    [JSON.stringify(DEFAULT_ORGANIZATION_SETTINGS)],
  );
  const organizationId = String(orgs.rows.find((r) => r.name === `Analysis bench ${tag} organization 0`)!.id);

  // Reviewers of organization 0: profiles and memberships.
  const reviewerId = (r: string) => `md5('bench-analysis-reviewer-${tag}-' || ${r})::uuid`;
  const reviewers = await database.query(
    `insert into profiles (id, email, full_name, created_at, updated_at)
     select ${reviewerId('r')}, 'reviewer-' || r || '-${tag}@bench.example', 'Reviewer ' || r, to_timestamp(${orgBase} / 1000.0), to_timestamp(${orgBase} / 1000.0)
     from generate_series(0, ${options.reviewers - 1}) as r
     returning id, email`,
  );
  await database.query(
    `insert into organization_members (organization_id, user_id, role, created_at, updated_at)
     select $1::uuid, ${reviewerId('r')}, 'reviewer', to_timestamp(${orgBase} / 1000.0), to_timestamp(${orgBase} / 1000.0)
     from generate_series(0, ${options.reviewers - 1}) as r`,
    [organizationId],
  );

  // One phrase factor for every risky analysis, and a caller-history factor for the high ones.
  const phraseFactor =
    `case i % ${PHRASES.length} ` +
    PHRASES.map(
      ([code, phrase, text], n) =>
        `when ${n} then jsonb_build_object('code', '${code}', 'weight', round((score * 0.6)::numeric, 3), 'evidence', jsonb_build_array(jsonb_build_object(` +
        `'kind', 'phrase', 'phrase', '${phrase}', 'text', '${text}', 'speaker', 'caller', 'startMs', 4000 + (i % 50) * 1000, 'endMs', 7500 + (i % 50) * 1000)))`,
    ).join(' ') +
    ' end';
  const historyFactor =
    `jsonb_build_object('code', 'repeat_caller', 'weight', 0.2, 'evidence', jsonb_build_array(jsonb_build_object(` +
    `'kind', 'attribute', 'attribute', 'callsFromSameNumber', 'value', 3 + i % 5)))`;
  // On PostgreSQL the load skips the per-row foreign-key triggers (session_replication_role replica, in
  // its own transaction): organization ids come from organizations and recording_id is null, so every
  // reference holds by construction, and the triggers would double the load time.
  const run = (text: string) =>
    options.bulkLoad && database.postgres
      ? database.postgres.begin(async (tx) => {
          await tx.unsafe(`set local session_replication_role = replica`);
          await tx.unsafe(text);
        })
      : database.query(text);
  // Organizations are split in two sets loaded concurrently (two connections, two CPUs). Each level
  // is fenced with `offset 0`: flattened, every reference to status, score or created would recompute
  // the whole chain (about 30 times per row, 20x slower).
  const insertRows = (part: number) =>
    run(
      `insert into analyses (organization_id, id, recording_id, call_id, source, file_name, file_hash, status, priority, priority_rank,
                             fraud_score, result, error_reason, assigned_to, assigned_by, assigned_at, reviewed_by, review_decision,
                             review_notes, completed_at, needs_review_at, metrics, created_at, updated_at)
       select org, ${uuidV7Sql('ms', 'k', 'i')}, null,
              case when source = 'call' then md5('call-' || k || '-' || i)::uuid end,
              source,
              case when source = 'upload' then 'upload-' || i || '.mp3' end,
              case when source = 'upload' then md5('file-' || k || '-' || i) || md5('hash-' || k || '-' || i) end,
              status,
              case when scored then case when score >= 0.8 then 'high' when score >= 0.5 then 'medium' else 'low' end end,
              case when scored then case when score >= 0.8 then 3 when score >= 0.5 then 2 else 1 end else 0 end,
              case when scored then score end,
              case when scored then jsonb_build_object(
                'fraudScore', score,
                'riskFactors', case when score >= 0.8 then jsonb_build_array(${phraseFactor}, ${historyFactor})
                                    when score >= 0.5 then jsonb_build_array(${phraseFactor}) else '[]'::jsonb end,
                'scorerVersion', 'builtin-1.0.0', 'scoringConfigVersion', 0, 'notes', '[]'::jsonb,
                'scoredAt', to_char((created + interval '40 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
              case when status = 'error' then 'transcription.failed' end,
              case when status in ('in_review', 'cleared') then reviewer end,
              case when status in ('in_review', 'cleared') then reviewer end,
              case when status in ('in_review', 'cleared') then created + interval '10 minutes' end,
              case when status = 'cleared' then reviewer end,
              case when status = 'cleared' then 'cleared' end,
              case when status = 'cleared' then 'Called the customer back: legitimate' end,
              case when status = 'completed' then created + interval '40 seconds'
                   when status = 'cleared' then created + interval '10 minutes' + u3 * 3600 * interval '1 second' end,
              case when status in ('needs_review', 'in_review', 'cleared') then created + interval '40 seconds' end,
              '{"plays":0,"audioPlayedPercentage":0,"timeSpentSeconds":0}'::jsonb,
              created,
              case when status = 'cleared' then created + interval '10 minutes' + u3 * 3600 * interval '1 second' else created + interval '40 seconds' end
       from (
         select *,
                case when pre is not null then pre
                     when score < 0.5 then 'completed'
                     when u3 < 0.15 + 0.6 * age then 'needs_review'
                     when u3 < 0.22 + 0.6 * age then 'in_review'
                     else 'cleared' end as status,
                pre is null as scored,
                case when k = 0 then ${reviewerId(`(i % ${options.reviewers})`)} else md5('bench-analysis-user-${tag}-' || k || '-' || (i % ${options.reviewers}))::uuid end as reviewer,
                to_timestamp(ms / 1000.0) as created
         from (
           select *,
                  case when age > 0.995 then (case when u1 < 0.5 then 'pending' else 'processing' end)
                       when u1 < 0.01 then 'error' end as pre,
                  round(power(u2, 2)::numeric, 4)::float8 as score,
                  case when u1 < 0.7 then 'call' else 'upload' end as source
           from (
             select o.id as org, o.k, i, i::float8 / o.n as age,
                    ${rowsBase}::bigint + (i::bigint * ${spanMs}) / o.n + o.k as ms,
                    ${uniform('o.k::bigint * 10000000 + i', 1)} as u1,
                    ${uniform('o.k::bigint * 10000000 + i', 2)} as u2,
                    ${uniform('o.k::bigint * 10000000 + i', 3)} as u3
             from (select id, k, case when k = 0 then ${big} when k <= ${remainder} then ${others + 1} else ${others} end as n
                   from (select id, (substring(name from '[0-9]+$'))::int as k from organizations where name like '${nameLike}') as x
                   where k % 2 = ${part}) as o
             cross join lateral generate_series(0, o.n - 1) as i
             offset 0
           ) as r
           offset 0
         ) as s
         offset 0
       ) as t`,
    );
  // Building the secondary indexes once afterwards is several times faster than maintaining them
  // row by row; they are recreated from their own definitions (fresh databases only).
  const secondary = options.bulkLoad
    ? (
        await database.query(
          `select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = 'analyses' and indexname <> 'analyses_pkey'`,
        )
      ).rows.map((r) => ({ name: String(r.indexname), definition: String(r.indexdef) }))
    : [];
  for (const index of secondary) await database.query(`drop index ${index.name}`);
  let phase = Date.now();
  await Promise.all([insertRows(0), insertRows(1)]);
  timings.insert = (Date.now() - phase) / 1000;
  phase = Date.now();
  // Two at a time, largest first, each with enough memory to sort in one pass.
  const pending = [...secondary];
  const worker = async () => {
    for (let index = pending.shift(); index; index = pending.shift()) {
      const definition = index.definition;
      await database.postgres!.begin(async (tx) => {
        await tx.unsafe(`set local maintenance_work_mem = '256MB'`);
        await tx.unsafe(definition);
      });
    }
  };
  await Promise.all([worker(), worker()]);
  timings.indexes = (Date.now() - phase) / 1000;

  await database.query(
    `insert into reviewer_loads (organization_id, user_id, open_assignments)
     select organization_id, assigned_to, count(*)::int from analyses
     where status = 'in_review' and organization_id in (select id from organizations where name like '${nameLike}')
     group by organization_id, assigned_to`,
  );

  const secrets = new RandomApiKeySecrets(config);
  const key = secrets.generate();
  await database.query(
    `insert into api_keys (organization_id, id, name, prefix, key_hash, scopes, created_at, updated_at)
     values ($1, ${uuidV7Sql(`${Date.now()}::bigint`, '2', '2')}, 'analysis benchmark key', $2, $3, $4::text[], now(), now())`,
    [organizationId, key.prefix, key.hash, `{${PERMISSIONS.filter((p) => p !== 'organizations:delete').join(',')}}`],
  );

  const counts = await database.query(
    `select status, priority, count(*)::int as n from analyses where organization_id = $1 group by status, priority`,
    [organizationId],
  );
  const statuses: Record<string, number> = {};
  const queue: Record<string, number> = {};
  for (const r of counts.rows) {
    statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + Number(r.n);
    if (r.status === 'needs_review') queue[String(r.priority)] = Number(r.n);
  }
  const total = await database.query(
    `select count(*)::int as n from analyses where organization_id in (select id from organizations where name like '${nameLike}')`,
  );
  return {
    organizationId,
    apiKey: key.key,
    reviewers: reviewers.rows.map((r) => ({ id: String(r.id), email: String(r.email) })),
    analyses: Number(total.rows[0]!.n),
    bigOrganizationAnalyses: Object.values(statuses).reduce((a, b) => a + b, 0),
    statuses,
    queue,
    seconds: (Date.now() - started) / 1000,
    timings,
  };
}
