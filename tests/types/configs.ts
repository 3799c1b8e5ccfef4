// Type test, compiled by `npm run typecheck` against ESLint 9 (tsconfig.json)
// and ESLint 10 (tsconfig.eslint10.json): the configs and the plugin as users
// write them in a typed `eslint.config.ts`.
import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import stripeIdempotency from '../../src/index.js';

export const withDefineConfig = defineConfig(
  stripeIdempotency.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { extends: [stripeIdempotency.configs.strict], files: ['src/**/*.ts'] },
  {
    plugins: { 'stripe-idempotency': stripeIdempotency },
    rules: { 'stripe-idempotency/require-idempotency-key': 'warn' },
  },
);

export const asConfigArray: Linter.Config[] = [
  stripeIdempotency.configs.recommended,
  { ...stripeIdempotency.configs.strict, files: ['**/*.ts', '**/*.js'] },
  { plugins: { 'stripe-idempotency': stripeIdempotency } },
];
