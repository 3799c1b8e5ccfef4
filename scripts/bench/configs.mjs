// The flat configs under comparison, shared by the in-process runs and the
// `eslint.config.mjs` the concurrency run loads in its worker threads.
import tsParser from '@typescript-eslint/parser';
import { probePlugin } from './probe.mjs';

export const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
export const PLUGIN_URL = new URL('../../dist/src/index.js', import.meta.url).href;

/**
 * `a`: typed parsing plus the baseline typed rule; `b`: (a) plus the plugin's
 * `configs.recommended`; `c`: (a) plus `@typescript-eslint/no-floating-promises`;
 * `classify`: (a) plus the rule that finds which files call Stripe (untimed).
 */
export async function configFor(kind, tsconfigRootDir) {
  const config = [
    { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**'] },
    {
      files: TS_FILES,
      languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { bench: probePlugin },
      rules: { 'bench/typed-baseline': 'error' },
    },
  ];
  if (kind === 'classify') config.push({ files: TS_FILES, rules: { 'bench/stripe-calls': 'error' } });
  if (kind === 'b') config.push((await import(PLUGIN_URL)).default.configs.recommended);
  if (kind === 'c') {
    const tseslint = (await import('typescript-eslint')).default;
    config.push({
      files: TS_FILES,
      plugins: { '@typescript-eslint': tseslint.plugin },
      rules: { '@typescript-eslint/no-floating-promises': 'error' },
    });
  }
  return config;
}
