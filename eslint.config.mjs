// Lint: TypeScript-aware rules for src/ and the tests; the layering rule keeps N/* out of src/core.
import tseslint from 'typescript-eslint';

const NO_TEST_DOUBLES = { group: ['**/__tests__/**', '**/emulator/**'], message: 'The bundle must not import the tests or the emulator.' };

// NetSuite hands dates to scripts as text in the user's format and time zone: never guess at it.
const NO_DATE_GUESSING = 'NetSuite date text is in the user\'s format and time zone: use N/format.parse, or keep a machine value (epoch ms).';
const DATE_TEXT_PARSING = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='parse']", message: NO_DATE_GUESSING },
  { selector: "NewExpression[callee.name='Date'][arguments.0.type='CallExpression'][arguments.0.callee.name='String']", message: NO_DATE_GUESSING },
  { selector: "NewExpression[callee.name='Date'][arguments.0.type='CallExpression'][arguments.0.callee.property.name=/^(getValue|getText|getSublistValue|getSublistText)$/]", message: NO_DATE_GUESSING },
  { selector: "NewExpression[callee.name='Date'][arguments.0.type='Literal'][arguments.0.value=/\\D/]", message: NO_DATE_GUESSING },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'FileCabinet/**', 'coverage/**', '.stryker-tmp/**', 'reports/**'] },
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
      'no-restricted-syntax': ['error', ...DATE_TEXT_PARSING],
    },
  },
  {
    // the emulator and the sandbox are Node programs of their own: never a test folder
    files: ['emulator/**/*.ts', 'sandbox/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/__tests__/**'], message: 'The emulator and the sandbox must not import tests.' }] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_TEST_DOUBLES, { group: ['N', 'N/*'], message: 'src/core holds business rules only: put N/* calls in src/netsuite.' }] }],
      'no-restricted-syntax': ['error', ...DATE_TEXT_PARSING],
    },
  },
);
