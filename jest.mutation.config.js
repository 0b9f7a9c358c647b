// Jest for mutation runs (npm run mutation): the whole suite but the cost benches, the 100,000-customer
// scale test and the sandbox's child processes. Those check governance units, speed and the CLI, not
// business rules, and take most of a run's time: each mutant they cover would run them again.
const config = require('./jest.config');

module.exports = {
  ...config,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/bench/', '<rootDir>/__tests__/sync/scale.test.ts', '<rootDir>/__tests__/sandbox/'],
};
