/** The fault suite (`npm run test:faults`): outages, crashes and replicas, on PostgreSQL. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault.ts'],
  testTimeout: 180_000,
  // One at a time: these tests kill processes and cut connections.
  maxWorkers: 1,
};
