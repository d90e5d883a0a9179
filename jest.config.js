/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // tsconfig.json's path aliases, rewritten at compile time (globalSetup is loaded outside
      // Jest's resolver, so moduleNameMapper would not reach it).
      baseUrl: __dirname,
      paths: {
        '@domain/*': ['src/domain/*'],
        '@modules/*': ['src/modules/*'],
        '@infrastructure/*': ['src/infrastructure/*'],
        '@test/*': ['test/*'],
      },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // ESM-only packages, compiled to CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Unit specs live beside the code; integration, e2e and contract suites under test/.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
