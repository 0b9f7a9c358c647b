// Jest runs the TypeScript sources through ts-jest. N/* modules resolve to the stateful
// NetSuite account double in __tests__/fakes/netsuite, wired in through the SuiteCloud unit
// testing framework's customStubs (its own stubs stay mapped for modules the bundle never uses).
const SuiteCloudJestConfiguration = require('@oracle/suitecloud-unit-testing/jest-configuration/SuiteCloudJestConfiguration');

const DOUBLE = '<rootDir>/__tests__/fakes/netsuite/N';
const doubled = ['record', 'search', 'https', 'runtime', 'log', 'error', 'url', 'crypto', 'encode', 'cache', 'task', 'currentRecord', 'ui/serverWidget', 'ui/message'];

const base = SuiteCloudJestConfiguration.build({
  projectFolder: '.',
  projectType: SuiteCloudJestConfiguration.ProjectType.ACP,
  customStubs: doubled.map((m) => ({ module: `N/${m}`, path: `${DOUBLE}/${m}.ts` })),
});

module.exports = {
  ...base,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    ...base.transform,
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};
