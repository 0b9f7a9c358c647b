// Lint: TypeScript-aware rules for src/ and the tests; the layering rule keeps N/* out of src/core.
import tseslint from 'typescript-eslint';

const NO_TEST_DOUBLES = { group: ['**/__tests__/**'], message: 'The bundle must not import test doubles.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'FileCabinet/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_TEST_DOUBLES] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_TEST_DOUBLES, { group: ['N', 'N/*'], message: 'src/core holds business rules only: put N/* calls in src/netsuite.' }] }],
    },
  },
);
