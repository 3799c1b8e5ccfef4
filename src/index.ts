import type { TSESLint } from '@typescript-eslint/utils';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import validIdempotencyOptions from '../rules/valid-idempotency-options.js';

/** The plugin's own package.json: the nearest one above this module, from `src/` and `dist/src/` alike. */
function ownPackageJson(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
}

const { name, version } = ownPackageJson();

const rules = {
  'no-reused-idempotency-key': noReusedIdempotencyKey,
  'no-unstable-idempotency-key': noUnstableIdempotencyKey,
  'require-idempotency-key': requireIdempotencyKey,
  'valid-idempotency-options': validIdempotencyOptions,
};

type RuleName = keyof typeof rules;
type RuleLevel = 'error';

const PREFIX = 'stripe-idempotency';

const recommendedRules = Object.fromEntries(
  (Object.keys(rules) as RuleName[])
    .filter((rule) => rules[rule].meta.docs?.recommended)
    .map((rule): [string, RuleLevel] => [`${PREFIX}/${rule}`, 'error']),
);

interface Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
}

const plugin: Plugin = {
  meta: { name, version, namespace: PREFIX },
  rules,
  configs: {} as Plugin['configs'],
};

// Typed rules fail on files without type information, so the configs apply to
// TypeScript files only; JavaScript needs its own typed setup (see README).
const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

plugin.configs.recommended = {
  name: `${PREFIX}/recommended`,
  files: TYPESCRIPT_FILES,
  plugins: { [PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};

plugin.configs.strict = {
  name: `${PREFIX}/strict`,
  files: TYPESCRIPT_FILES,
  plugins: plugin.configs.recommended.plugins,
  rules: {
    ...recommendedRules,
    [`${PREFIX}/require-idempotency-key`]: ['error', { requireProvenKey: true, checkAllPosts: true }],
    [`${PREFIX}/valid-idempotency-options`]: ['error', { reportIneffectiveKeys: true }],
  },
};

export default plugin;
