// The example app's lint config, as a user writes it: the plugin is imported
// by its package name and resolves through its package.json `exports`; its
// config sets the TypeScript parser, so only `projectService` is added.
import { defineConfig } from 'eslint/config';
import stripeIdempotency from 'eslint-plugin-stripe-idempotency';

export default defineConfig(stripeIdempotency.configs.recommended, {
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
});
