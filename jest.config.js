/**
 * Three tiers of jest suites (README "Tests"):
 * - default (`npm test`): everything but the two below; needs nothing but `npm ci`.
 * - deep (`npm run test:deep`): the heavy property and exploration suites listed in DEEP_SUITES,
 *   and every `*.deep.test.ts` (the job-queue suite among them: it needs Debian's redis-server,
 *   which `.ci/run` installs and starts).
 * - browser (`npm run test:browser`): `*.browser.test.ts`, which drive a Chromium at
 *   /usr/bin/chromium (.ci/run installs Debian's).
 * - mutants (`npm run test:mutants`): `*.mutants.test.ts`, explorations of injected bugs
 *   (test/mutants/catalogue.ts) that must each be found.
 * @type {import('jest').Config}
 */
const DEEP_SUITES = ['test/explore/properties.test.ts', 'test/explore/decisionModel.test.ts'];

const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    // nanoid and @statelyai/inspect are ES modules only: let ts-jest turn them (and our TS) into CommonJS.
    '^.+\\.(t|j|mj)s$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }
    ]
  },
  transformIgnorePatterns: ['/node_modules/(?!(nanoid|@statelyai/inspect)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json']
};

const escapeRegExp = (file) => file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...base,
      displayName: 'default',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '\\.browser\\.test\\.ts$',
        '\\.deep\\.test\\.ts$',
        '\\.mutants\\.test\\.ts$',
        ...DEEP_SUITES.map((file) => `${escapeRegExp(file)}$`)
      ]
    },
    {
      ...base,
      displayName: 'deep',
      testMatch: [...DEEP_SUITES.map((file) => `<rootDir>/${file}`), '**/*.deep.test.ts']
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['**/*.browser.test.ts']
    },
    {
      ...base,
      displayName: 'mutants',
      testMatch: ['**/*.mutants.test.ts']
    }
  ]
};
