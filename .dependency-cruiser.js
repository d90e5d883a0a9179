/**
 * The dependency rule of docs/architecture.md ("The dependency rule"), checked by `npm run lint:arch`.
 *
 *   src/domain          the core: plain TypeScript, imports only src/domain/shared and its own context
 *   src/modules         the application ring: one folder per context, talks to other contexts
 *                       only through their index.ts; only *.module.ts files bind adapters
 *   src/infrastructure  the adapters: implements domain ports, never imports src/modules
 *   src/*.ts            the composition root (main, cli, create-app, app.module): may import anything
 *
 * Rules name the forbidden direction. Paths are relative to the repository root.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */

// npm packages that are framework or I/O and so never belong in the domain. Matches both a
// resolved path (node_modules/<pkg>/...) and a bare name that could not be resolved.
const FRAMEWORK_AND_IO_PACKAGES = '(^|node_modules/)(@nestjs|@supabase|@fastify|drizzle-orm|twilio|postgres|pg-boss|fastify)(/|$)';

// Drivers, the ORM, SDKs and the table definitions: only adapters in src/infrastructure touch
// them. Handlers, services, jobs and controllers reach them through a port; *.module.ts
// files bind adapters but import none of these themselves.
const DRIVERS_ORM_SDKS_AND_SCHEMA =
  '(^|node_modules/)(drizzle-orm|postgres|pg-boss|twilio|@supabase|@electric-sql)(/|$)|^src/infrastructure/persistence/(schema\\.ts$|[a-z]+/[a-z]+\\.schema\\.ts$)';

// What a context publishes from src/domain to the other contexts' modules: the views of its
// read ports (*-read-model.port.ts), its events and its error factories (errors.ts). Anything
// else (aggregates, repository ports, helpers) is reached through src/modules/<context>/index.ts.
const PUBLISHED_DOMAIN = [
  '^src/domain/[^/]+/ports/[^/]+-read-model\\.port\\.ts$',
  '^src/domain/[^/]+/events/',
  '^src/domain/[^/]+/errors\\.ts$',
];

// Cross-context table reads that remain, each allowed for exactly one adapter file and one
// foreign schema file (every other foreign import from these files still fails). Debt to pay
// by moving the read behind tenancy's published read port; do not add to this list.
const KNOWN_FOREIGN_TABLE_READS = [
  // recording's retention sweep joins organizations for retentionDays / deleteTwilioRecordingAfterImport
  ['^src/infrastructure/persistence/recording/drizzle-recording\\.repositories\\.ts$', 'tenancy'],
  // analysis's reviewer loads pick reviewers from organization_members
  ['^src/infrastructure/persistence/analysis/drizzle-analysis\\.repositories\\.ts$', 'tenancy'],
  // telephony's agent list shows the agent's profile (email, full name)
  ['^src/infrastructure/persistence/telephony/drizzle-telephony\\.read-model\\.ts$', 'tenancy'],
];

const COMPOSITION_ROOT = '^src/(main|cli|create-app|app\\.module)\\.ts$';

module.exports = {
  forbidden: [
    /* ---------------------------------------------------------------- domain */
    {
      name: 'domain-only-shared-and-own-context',
      comment:
        'src/domain/<context> imports only src/domain/shared and its own context: no modules, no ' +
        'infrastructure, no composition root, no other bounded context.',
      severity: 'error',
      from: { path: '^src/domain/([^/]+)/' },
      to: { path: '^src/', pathNot: ['^src/domain/shared/', '^src/domain/$1/'] },
    },
    {
      name: 'domain-no-framework-or-io-packages',
      comment:
        'The domain is plain TypeScript: no @nestjs/*, drizzle-orm, twilio, @supabase/*, postgres, ' +
        'pg-boss or fastify (utility packages such as uuid and node builtins are fine).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: FRAMEWORK_AND_IO_PACKAGES },
    },

    /* --------------------------------------------------------------- modules */
    {
      name: 'modules-other-modules-only-through-index',
      comment:
        'src/modules/<a> reaches another context only through src/modules/<b>/index.ts ' + '(src/modules/shared is open to every module).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/',
        pathNot: ['^src/modules/$1/', '^src/modules/shared/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'modules-other-contexts-domain-only-published',
      comment:
        "src/modules/<a> uses another context's src/domain only for what that context publishes: " +
        'read-model views (ports/*-read-model.port.ts), events/** and errors.ts. Repository ports, ' +
        'aggregates and helpers of context <b> stay behind src/modules/<b>/index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/domain/', pathNot: ['^src/domain/$1/', '^src/domain/shared/', ...PUBLISHED_DOMAIN] },
    },
    {
      name: 'modules-no-drivers-orm-sdks-or-schema',
      comment:
        'Nothing in src/modules (handlers, services, jobs, controllers, not even *.module.ts) imports ' +
        'drizzle-orm, postgres, pg-boss, twilio, @supabase/*, @electric-sql/* or the persistence ' +
        'schema: those belong to adapters in src/infrastructure, reached through ports.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: DRIVERS_ORM_SDKS_AND_SCHEMA },
    },
    {
      name: 'handlers-no-infrastructure',
      comment:
        'Command, query and event handlers (*.handler.ts) depend on domain ports only, never on ' +
        'src/infrastructure; the module binds the adapters.',
      severity: 'error',
      from: { path: '^src/modules/.+\\.handler\\.ts$' },
      to: { path: '^src/infrastructure/' },
    },
    {
      name: 'controllers-only-http-kit',
      comment:
        'Controllers and DTOs (src/modules/*/http/**) may use only the HTTP kit from infrastructure: ' +
        'src/infrastructure/http/** and src/infrastructure/auth/**.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/http/', pathNot: '\\.handler\\.ts$' },
      to: { path: '^src/infrastructure/', pathNot: ['^src/infrastructure/http/', '^src/infrastructure/auth/'] },
    },
    {
      name: 'modules-only-module-files-bind-adapters',
      comment:
        'Apart from controllers, only *.module.ts files in src/modules may import src/infrastructure ' + '(to bind ports to adapters).',
      severity: 'error',
      from: {
        path: '^src/modules/',
        pathNot: ['\\.module\\.ts$', '\\.handler\\.ts$', '^src/modules/[^/]+/http/'],
      },
      to: { path: '^src/infrastructure/' },
    },

    /* -------------------------------------------------------- infrastructure */
    {
      name: 'infrastructure-no-modules',
      comment: 'src/infrastructure implements domain ports; it never imports src/modules.',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/modules/' },
    },

    {
      name: 'persistence-adapters-own-context-tables-only',
      comment:
        "A context's repositories and read models (persistence/<context>/drizzle-<context>*) " +
        "import only their own context's schema file (persistence/<context>/<context>.schema.ts), never the barrel or " +
        "another context's tables: cross-context reads go through the owning context's published " +
        'query or read port.',
      severity: 'error',
      from: {
        path: '^src/infrastructure/persistence/([a-z]+)/drizzle-',
        pathNot: KNOWN_FOREIGN_TABLE_READS.map(([file]) => file),
      },
      to: {
        path: '^src/infrastructure/persistence/(schema\\.ts$|[a-z]+/[a-z]+\\.schema\\.ts$)',
        pathNot: '^src/infrastructure/persistence/$1/$1\\.schema\\.ts$',
      },
    },
    ...KNOWN_FOREIGN_TABLE_READS.map(([file, foreign]) => ({
      name: 'persistence-adapters-own-context-tables-only',
      comment: `Known debt: ${file} may read ${foreign}'s tables, and no other context's.`,
      severity: 'error',
      from: { path: file.replace(/persistence\/([a-z]+)\//, 'persistence/($1)/') },
      to: {
        path: '^src/infrastructure/persistence/(schema\\.ts$|[a-z]+/[a-z]+\\.schema\\.ts$)',
        pathNot: [`^src/infrastructure/persistence/($1|${foreign})/[a-z]+\\.schema\\.ts$`],
      },
    })),

    /* ------------------------------------------------------------ everywhere */
    {
      name: 'no-importing-the-composition-root',
      comment: 'main.ts, cli.ts, create-app.ts and app.module.ts wire everything; nothing inside the rings imports them.',
      severity: 'error',
      from: { path: '^src/(domain|modules|infrastructure)/' },
      to: { path: COMPOSITION_ROOT },
    },
    {
      name: 'no-circular',
      comment: 'Circular dependencies make load order fragile and hide layering mistakes.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved escapes every rule above (and fails at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too: a type-only import of drizzle-orm in the domain still couples it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
