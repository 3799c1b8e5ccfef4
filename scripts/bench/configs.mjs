// The flat configs under comparison, shared by the in-process runs and the
// `eslint.config.mjs` the concurrency run loads in its worker threads.
import tsParser from '@typescript-eslint/parser';
import { probePlugin } from './probe.mjs';
import { countingConfig } from './queries.mjs';

export const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
export const PLUGIN_URL = new URL('../../dist/src/index.js', import.meta.url).href;

/**
 * `a`: typed parsing plus the baseline typed rule; `b`: (a) plus the plugin's
 * `configs.recommended`; `c`: (a) plus `@typescript-eslint/no-floating-promises`;
 * `d`: (c) plus the plugin after it, so that no-floating-promises pays for
 * what a new checker computes first and the plugin's time is its own;
 * `queries` (untimed): (b) with the plugin's type queries counted (see
 * queries.mjs), plus the rule that finds which files call Stripe.
 */
export async function configFor(kind, tsconfigRootDir) {
  const config = [
    {
      ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/.next/**'],
    },
    {
      files: TS_FILES,
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { bench: probePlugin },
      rules: { 'bench/typed-baseline': 'error' },
    },
  ];
  if (kind === 'c' || kind === 'd') {
    const tseslint = (await import('typescript-eslint')).default;
    config.push({
      files: TS_FILES,
      plugins: { '@typescript-eslint': tseslint.plugin },
      rules: { '@typescript-eslint/no-floating-promises': 'error' },
    });
  }
  if (kind === 'b' || kind === 'd' || kind === 'queries') {
    const plugin = (await import(PLUGIN_URL)).default;
    config.push(
      kind === 'queries'
        ? countingConfig(plugin, plugin.configs.recommended)
        : plugin.configs.recommended,
    );
  }
  if (kind === 'queries')
    config.push({ files: TS_FILES, rules: { 'bench/stripe-calls': 'error' } });
  return config;
}
