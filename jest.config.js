// Jest runs the TypeScript sources through ts-jest. N/* modules resolve to the stateful
// NetSuite account emulator in emulator/netsuite, wired in through the SuiteCloud unit
// testing framework's customStubs (its own stubs stay mapped for modules the bundle never uses).
// The process runs in Pacific time, as NetSuite's servers do (workers inherit it), so code that reads
// the hours or the day of a server Date is tested as it runs; the clock itself is the emulator's.
process.env.TZ = 'America/Los_Angeles';
const SuiteCloudJestConfiguration = require('@oracle/suitecloud-unit-testing/jest-configuration/SuiteCloudJestConfiguration');

const EMULATOR = '<rootDir>/emulator/netsuite/N';
const emulated = ['record', 'search', 'format', 'https', 'runtime', 'log', 'error', 'url', 'crypto', 'encode', 'cache', 'task', 'currentRecord', 'ui/serverWidget', 'ui/message', 'crypto/random', 'redirect'];

const base = SuiteCloudJestConfiguration.build({
  projectFolder: '.',
  projectType: SuiteCloudJestConfiguration.ProjectType.ACP,
  customStubs: emulated.map((m) => ({ module: `N/${m}`, path: `${EMULATOR}/${m}.ts` })),
});

module.exports = {
  ...base,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  setupFiles: ['<rootDir>/emulator/jest-setup.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    ...base.transform,
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // a mutation run's sandbox copies the project: jest must not take it for a second package
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};
