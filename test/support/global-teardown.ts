import postgres from 'postgres';
import * as fs from 'node:fs';
import { summarizeValidatedResponses } from './openapi-stats';
import { pgliteTemplateDir, postgresUrl, templateDatabase } from './test-environment';

export default async function globalTeardown(): Promise<void> {
  const contract = summarizeValidatedResponses();
  if (contract) process.stdout.write(`\nopenapi.json: ${contract.validated} responses validated, ${contract.failed} did not match\n`);
  const base = postgresUrl();
  if (!base) {
    fs.rmSync(pgliteTemplateDir(), { recursive: true, force: true });
    return;
  }
  const templateName = templateDatabase();
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  try {
    const leftovers = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`switchboard_t_${process.env.SWITCHBOARD_TEST_RUN}_%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${templateName} with (force)`);
  } finally {
    await admin.end();
  }
}
