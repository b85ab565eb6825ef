/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    // lib/ imports its modules as `./x.js` (what Node's ESM loader needs); the sources are `.ts`.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^simperium-rx$': '<rootDir>/lib/index.ts',
    '^simperium-rx/server$': '<rootDir>/lib/server/index.ts',
    '^simperium-rx/node$': '<rootDir>/lib/node/index.ts',
  },
  // The two executables only wire the process to the commands (spec/cli and spec/server run them).
  collectCoverageFrom: ['lib/**/*.ts', '!lib/server/cli.ts', '!lib/cli/main.ts'],
  coverageThreshold: {
    global: { branches: 90, functions: 95, lines: 95, statements: 95 },
  },
  testTimeout: 20000,
  // The closing line `N passed, N failed, N skipped (why)`; .ci/run prints it too.
  reporters: ['default', '<rootDir>/spec/support/summary-reporter.js'],
};
