// The example app's lint config, as a user writes it: the plugin is imported
// by its package name and resolves through its package.json `exports`.
import tsParser from '@typescript-eslint/parser';
import stripeIdempotency from 'eslint-plugin-stripe-idempotency';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  stripeIdempotency.configs.recommended,
];
