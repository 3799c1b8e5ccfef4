// The plugin lints itself: typescript-eslint's type-checked rules, and
// eslint-plugin-eslint-plugin's checks of rule metadata and tests.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'examples/', 'tests/fixtures/', 'tests/untrusted/', 'coverage/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'scripts/bench/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // Node types are compared as string literals; the AST's discriminated unions keep that type-safe.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    files: ['rules/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/prefer-message-ids': 'error',
      'eslint-plugin/require-meta-docs-url': 'off',
    },
  },
  {
    files: ['tests/**/*.test.ts'],
    ...eslintPlugin.configs.recommended,
    // The typed testers come from tests/harness.ts; naming the factory lets the test rules find their runs.
    settings: { 'eslint-plugin': { ruleTesterConstructors: ['RuleTester', 'typedRuleTester'] } },
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-test-error-positions': 'error',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
