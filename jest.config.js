/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/tests/support/environment.ts',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // A guard against a hung test, not a speed target: tests bound their cases, and a machine busy with other
  // work may take several times longer than a quiet one (tests/support/patience.ts).
  testTimeout: 120_000,
};
