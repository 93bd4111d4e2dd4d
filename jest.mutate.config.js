/**
 * The suites `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant of
 * machines/ and monitors/: the statecharts' own unit tests and the monitors' unit tests — the fast
 * tests that exercise those files directly (milliseconds each). With `coverageAnalysis: perTest`,
 * Stryker runs only the tests that reach a mutant. Left out, though the default tier runs them:
 * the host-alone tests (test/actors: tens of programs per test) and the end-to-end mutation checks
 * (test/monitors/mutations.test.ts: whole-world runs of seconds each), which reach nearly every
 * statechart and would run against nearly every mutant.
 * @type {import('jest').Config}
 */
const { projects } = require('./jest.config');

const base = projects.find((project) => project.displayName === 'default');

module.exports = {
  ...base,
  displayName: 'mutate',
  // esbuild strips types file by file: no TypeScript program per test runner (`npm run typecheck`
  // checks types). The same ES modules as the default tier are turned into CommonJS.
  transform: { '^.+\\.(t|j|mj)s$': '<rootDir>/scripts/jestEsbuildTransform.js' },
  testMatch: ['<rootDir>/test/machines/**/*.test.ts', '<rootDir>/test/monitors/**/*.test.ts'],
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '/test/monitors/mutations\\.test\\.ts$',
    '\\.world\\.test\\.ts$'
  ]
};
