import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildOpenApi, createApp, openDatabase } from './create-app';
import { SYSTEM_ACTOR } from '@domain/shared/actor';
import { PERMISSIONS } from '@domain/tenancy/roles';
import { newId } from '@domain/shared/ids';
import { runAuditVerify } from '@infrastructure/audit/audit-export-file.verifier';
import { ConfigError, loadConfig, type AppConfig } from '@infrastructure/config/app-config';
import { RequestContext } from '@infrastructure/http/request-context';
import { Database } from '@infrastructure/persistence/database';
import { runMigrations } from '@infrastructure/persistence/migrator';
import { TransactionalCommandBus } from '@modules/shared';
import { CreateApiKeyCommand, CreateOrganizationCommand, EnsureUserProfileCommand } from '@modules/tenancy';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                         apply the database migrations
  bootstrap --name <org> --email <owner email> [--domain <domain>] [--user-id <uuid>]
                                  create an organization, its owner and an admin API key (printed once)
  openapi [file]                  write the OpenAPI document (default: openapi.json)
  audit verify <file> [--format ndjson|csv] [--json]
                                  verify an audit export (GET /audit-logs/export) offline, without the
                                  service or its database; exit code 0 when the chain holds, 1 when not
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'audit' && rest[0] === 'verify') {
    // Needs no configuration, no service and no database.
    return runAuditVerify(
      rest.slice(1),
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  switch (command) {
    case 'migrate': {
      const database = await openDatabase(config);
      await database.close();
      process.stdout.write('Migrations applied.\n');
      return 0;
    }
    case 'bootstrap':
      return bootstrap(config, rest);
    case 'openapi':
      return openapi(config, rest[0] ?? 'openapi.json');
    default:
      process.stderr.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

async function bootstrap(config: AppConfig, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, email: { type: 'string' }, domain: { type: 'string' }, 'user-id': { type: 'string' } },
  });
  if (!values.name || !values.email) {
    process.stderr.write(USAGE);
    return 2;
  }
  const app = await createApp(config.with({ jobsEnabled: false, swaggerEnabled: false, logLevel: 'warn' }));
  try {
    const commands = app.get(TransactionalCommandBus);
    const userId = values['user-id'] ?? newId();
    const result = await app.get(RequestContext).runAs({ ...SYSTEM_ACTOR, id: 'cli' }, async () => {
      await commands.execute(
        new EnsureUserProfileCommand({ user: { userId, email: values.email!, fullName: null, avatarUrl: null, phone: null } }),
      );
      const { organizationId } = await commands.execute(
        new CreateOrganizationCommand({ creatorUserId: userId, name: values.name!, domain: values.domain ?? null }),
      );
      const key = await commands.execute(
        new CreateApiKeyCommand({
          organizationId,
          name: 'bootstrap admin key',
          scopes: PERMISSIONS.filter((p) => p !== 'organizations:delete'),
          expiresAt: null,
          createdBy: userId,
          grantable: () => true,
        }),
      );
      return { organizationId, userId, key };
    });
    process.stdout.write(
      [
        `Organization: ${result.organizationId}`,
        `Owner user:   ${result.userId} (${values.email})`,
        `API key:      ${result.key.key}`,
        '',
        'The API key is shown only now. Try it:',
        `  curl -H "X-API-Key: ${result.key.key}" ${config.publicBaseUrl}/v1/organizations`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await app.close();
  }
}

async function openapi(config: AppConfig, file: string): Promise<number> {
  // An in-memory database: the document does not depend on data.
  const database = await Database.open({ kind: 'pglite', dataDir: null });
  await runMigrations(database);
  const app = await createApp(config.with({ jobsEnabled: false, swaggerEnabled: false, logLevel: 'silent' }), { database });
  try {
    writeFileSync(file, `${JSON.stringify(buildOpenApi(app), null, 2)}\n`);
    process.stdout.write(`Wrote ${file}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${cause ? `cause: ${String(cause)}\n` : ''}`,
    );
    process.exit(1);
  },
);
