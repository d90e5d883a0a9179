import postgres from 'postgres';
import { postgresUrl, TEMPLATE_DATABASE } from './test-environment';

export default async function globalTeardown(): Promise<void> {
  const base = postgresUrl();
  if (!base) return;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  try {
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'switchboard_t_%'`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}
