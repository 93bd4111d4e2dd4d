/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // nanoid is ESM-only: let ts-jest turn it (and our TS) into CommonJS.
    '^.+\\.(t|j|mj)s$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }
    ]
  },
  transformIgnorePatterns: ['/node_modules/(?!(nanoid|@statelyai/inspect)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 60000
};
