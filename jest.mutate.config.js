/**
 * The suites `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant of
 * machines/ and monitors/: the statecharts' own unit tests, the monitors' unit tests, and the
 * storage side and network alone (test/storage, test/network: the pair, link, storage and network
 * statecharts are tested there) — the fast tests that exercise those files directly (milliseconds
 * each). Stryker runs only the test files that import a mutated file (`findRelatedTests`), and of
 * those only the tests that reach the mutant (`coverageAnalysis: perTest`). Left out, though the
 * default tier runs them: the whole-world checks (`*.world.test.ts`, and the end-to-end mutation
 * checks of test/monitors/mutations.test.ts), the host-alone tests (test/actors: tens of programs
 * per test) and the storage side's determinism runs (test/storage/determinism.test.ts). They reach
 * nearly every statechart and would run, for seconds, against nearly every mutant.
 * @type {import('jest').Config}
 */
const { projects } = require('./jest.config');

const base = projects.find((project) => project.displayName === 'default');

module.exports = {
  ...base,
  displayName: 'mutate',
  // The sources between a test and a mutated file must be in the roots, or `findRelatedTests`
  // cannot follow the imports (a storage-side test reaches the pair statechart through actors/).
  roots: ['test', 'machines', 'monitors', 'actors', 'model', 'sim', 'streams'].map(
    (dir) => `<rootDir>/${dir}`
  ),
  // esbuild strips types file by file: no TypeScript program per test runner (`npm run typecheck`
  // checks types). The same ES modules as the default tier are turned into CommonJS.
  transform: { '^.+\\.(t|j|mj)s$': '<rootDir>/scripts/jestEsbuildTransform.js' },
  testMatch: [
    '<rootDir>/test/machines/**/*.test.ts',
    '<rootDir>/test/monitors/**/*.test.ts',
    '<rootDir>/test/storage/**/*.test.ts',
    '<rootDir>/test/network/**/*.test.ts'
  ],
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '/test/monitors/mutations\\.test\\.ts$',
    '\\.world\\.test\\.ts$',
    '/test/storage/determinism\\.test\\.ts$'
  ]
};
