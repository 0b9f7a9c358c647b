// Mutation testing of the business rules (npm run mutation): Stryker changes src/core one mutant at
// a time and runs the tests that cover it. Most flow tests run the COMPILED bundle, so the sandbox is
// built after Stryker instruments src/ (buildCommand): a mutant in src/core then lives in the
// FileCabinet files those tests load, and counts as tested, not as uncovered. docs/mutation.md says
// how and when to run it, and what the last run found.
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['src/core/**/*.ts'],
  buildCommand: 'node scripts/build.mjs',
  coverageAnalysis: 'perTest',
  concurrency: 3,
  // a mutant that loops forever is a timeout (counted as caught); 10 s over the tests' own time is
  // plenty here, and 60 s made each such mutant cost a minute
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['reports', 'build', 'coverage', '.sandbox-data'],
  tempDirName: '.stryker-tmp',
};
