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
const FRAMEWORK_AND_IO_PACKAGES =
  '(^|node_modules/)(@nestjs|@supabase|@fastify|drizzle-orm|twilio|postgres|pg-boss|fastify)(/|$)';

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
        'src/modules/<a> reaches another context only through src/modules/<b>/index.ts ' +
        '(src/modules/shared is open to every module).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/',
        pathNot: ['^src/modules/$1/', '^src/modules/shared/', '^src/modules/[^/]+/index\\.ts$'],
      },
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
        'Apart from controllers, only *.module.ts files in src/modules may import src/infrastructure ' +
        '(to bind ports to adapters).',
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
