import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Plants each forbidden import in a temporary file inside src, one at a time, runs
 * dependency-cruiser with the project's .dependency-cruiser.js on that file alone (and what it
 * imports, two levels deep) and asserts that the expected rule fires: a rule that silently
 * stops matching fails here. Planted files are named `__planted__*` (excluded from tsc and
 * ESLint, never matched by Jest) and removed in `finally`.
 */
const ROOT = join(__dirname, '..', '..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(files: string[]): Violation[] {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      ...files,
      '--config',
      '.dependency-cruiser.js',
      '--max-depth',
      '2',
      '--output-type',
      'json',
      '--no-progress',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (!run.stdout) throw new Error(`dependency-cruiser produced no report: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** Writes `files` (path relative to the root → source), cruises them, and removes them. */
function violationsOf(files: Record<string, string>): Violation[] {
  const paths = Object.keys(files);
  try {
    for (const p of paths) writeFileSync(join(ROOT, p), files[p]!, { flag: 'wx' });
    return cruise(paths).filter((v) => paths.includes(v.from));
  } finally {
    for (const p of paths) rmSync(join(ROOT, p), { force: true });
  }
}

const plants: { what: string; rule: string; files: Record<string, string> }[] = [
  {
    what: 'a handler importing drizzle-orm',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: { 'src/modules/analysis/__planted__.handler.ts': "import { sql } from 'drizzle-orm';\nexport const planted = sql;\n" },
  },
  {
    what: 'a service importing postgres',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: { 'src/modules/recording/__planted__.service.ts': "import postgres from 'postgres';\nexport const planted = postgres;\n" },
  },
  {
    what: 'a service importing pg-boss',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: { 'src/modules/telephony/__planted__.service.ts': "import { PgBoss } from 'pg-boss';\nexport const planted = PgBoss;\n" },
  },
  {
    what: 'a controller importing twilio',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: { 'src/modules/telephony/http/__planted__.controller.ts': "import twilio from 'twilio';\nexport const planted = twilio;\n" },
  },
  {
    what: 'a module file importing @supabase/supabase-js',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: {
      'src/modules/recording/__planted__.module.ts':
        "import { createClient } from '@supabase/supabase-js';\nexport const planted = createClient;\n",
    },
  },
  {
    what: 'a job importing the persistence schema',
    rule: 'modules-no-drivers-orm-sdks-or-schema',
    files: {
      'src/modules/analysis/__planted__.job.ts':
        "import { calls } from '../../infrastructure/persistence/telephony/telephony.schema';\nexport const planted = calls;\n",
    },
  },
  {
    what: "the analysis module importing recording's RecordingRepository port",
    rule: 'modules-other-contexts-domain-only-published',
    files: {
      'src/modules/analysis/__planted__.service.ts':
        "import { RecordingRepository } from '../../domain/recording/ports/recording-repositories.port';\nexport const planted = RecordingRepository;\n",
    },
  },
  {
    what: "a read model importing another context's schema file",
    rule: 'persistence-adapters-own-context-tables-only',
    files: {
      'src/infrastructure/persistence/analysis/drizzle-analysis.__planted__.read-model.ts':
        "import { calls } from '../telephony/telephony.schema';\nexport const planted = calls;\n",
    },
  },
  {
    what: 'a repository importing the schema barrel',
    rule: 'persistence-adapters-own-context-tables-only',
    files: {
      'src/infrastructure/persistence/recording/drizzle-recording.__planted__.repositories.ts':
        "import { recordings } from '../schema';\nexport const planted = recordings;\n",
    },
  },
  {
    what: "a recording adapter other than the one listed exception reading tenancy's tables",
    rule: 'persistence-adapters-own-context-tables-only',
    files: {
      // KNOWN_FOREIGN_TABLE_READS names drizzle-recording.repositories.ts alone, not its context.
      'src/infrastructure/persistence/recording/drizzle-recording-__planted__.repositories.ts':
        "import { organizations } from '../tenancy/tenancy.schema';\nexport const planted = organizations;\n",
    },
  },
  {
    what: 'a handler importing src/infrastructure',
    rule: 'handlers-no-infrastructure',
    files: {
      'src/modules/audit/__planted__.handler.ts':
        "import { AppConfig } from '../../infrastructure/config/app-config';\nexport const planted = AppConfig;\n",
    },
  },
  {
    what: 'the domain importing @nestjs/common',
    rule: 'domain-no-framework-or-io-packages',
    files: { 'src/domain/analysis/__planted__.ts': "import { Injectable } from '@nestjs/common';\nexport const planted = Injectable;\n" },
  },
  {
    what: "the domain importing another context's domain",
    rule: 'domain-only-shared-and-own-context',
    files: {
      'src/domain/analysis/__planted__.ts':
        "import { Recording } from '../recording/recording.aggregate';\nexport const planted = Recording;\n",
    },
  },
  {
    what: "a module importing another module's non-index file",
    rule: 'modules-other-modules-only-through-index',
    files: {
      'src/modules/analysis/__planted__.service.ts':
        "import { RecordingAccessService } from '../recording/recording-access.service';\nexport const planted = RecordingAccessService;\n",
    },
  },
  {
    what: 'a circular import',
    rule: 'no-circular',
    files: {
      'src/domain/analysis/__planted__a.ts': "import { b } from './__planted__b';\nexport const a = (): unknown => b;\n",
      'src/domain/analysis/__planted__b.ts': "import { a } from './__planted__a';\nexport const b = (): unknown => a;\n",
    },
  },
];

describe('the dependency rule fails the build (npm run lint:arch)', () => {
  it.each(plants)('$what fails $rule', ({ files, rule }) => {
    const fired = violationsOf(files).map((v) => v.rule.name);
    expect(fired).toContain(rule);
  });

  it('lets the allowed imports through: published read-model views, events and errors of another context, and a module file binding an adapter', () => {
    const violations = violationsOf({
      'src/modules/analysis/__planted__.module.ts': [
        "import type { RecordingView } from '../../domain/recording/ports/recording-read-model.port';",
        "import { callNotFound } from '../../domain/telephony/errors';",
        "import { DrizzleAnalysisReadModel } from '../../infrastructure/persistence/analysis/drizzle-analysis.read-model';",
        "import { TranscriptionError } from '../recording';",
        'export const planted: unknown[] = [callNotFound, DrizzleAnalysisReadModel, TranscriptionError, null as RecordingView | null];',
        '',
      ].join('\n'),
    });
    expect(violations).toEqual([]);
  });
});
