import fs from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import type { Linter, Rule } from 'eslint';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey, {
  type Options as RequireIdempotencyKeyOptions,
} from '../rules/require-idempotency-key.js';
import validIdempotencyOptions, {
  type Options as ValidIdempotencyOptionsOptions,
} from '../rules/valid-idempotency-options.js';
import { PACKAGE_ROOT } from './util/index.js';

const { name, version } = JSON.parse(
  fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'),
) as { name: string; version: string };

const rules = {
  'no-reused-idempotency-key': noReusedIdempotencyKey,
  'no-unstable-idempotency-key': noUnstableIdempotencyKey,
  'require-idempotency-key': requireIdempotencyKey,
  'valid-idempotency-options': validIdempotencyOptions,
};

type RuleName = keyof typeof rules;
type RuleEntry =
  'error' | ['error', RequireIdempotencyKeyOptions[0] | ValidIdempotencyOptionsOptions[0]];

const PREFIX = 'stripe-idempotency';

// Typed with ESLint's own types (from the user's `eslint`, 9 or 10), and with
// type aliases, whose implicit index signatures let `defineConfig` and
// `Linter.Config` accept them.
/** A flat config of this plugin. */
export type Config = {
  name: string;
  files: string[];
  languageOptions: { parser: Linter.Parser };
  plugins: { [PREFIX]: Plugin };
  rules: Partial<Record<`${typeof PREFIX}/${RuleName}`, RuleEntry>>;
};

export type Plugin = {
  meta: { name: string; version: string; namespace: string };
  rules: { [Name in RuleName]: (typeof rules)[Name] & Rule.RuleModule };
  configs: { recommended: Config; strict: Config };
};

const recommendedRules = Object.fromEntries(
  (Object.keys(rules) as RuleName[])
    .filter((rule) => rules[rule].meta.docs?.recommended)
    .map((rule): [string, RuleEntry] => [`${PREFIX}/${rule}`, 'error']),
);

const plugin: Plugin = {
  meta: { name, version, namespace: PREFIX },
  // typescript-eslint's rule types are stricter than ESLint's (its context has
  // more methods), so a rule is typed as both.
  rules: rules as Plugin['rules'],
  configs: {} as Plugin['configs'],
};

// Typed rules fail on files without type information, so the configs apply to
// TypeScript files only; JavaScript needs its own typed setup (see README).
const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

// The parser is set as typescript-eslint's own configs set it, so that a user
// adds only `parserOptions.projectService`.
plugin.configs.recommended = {
  name: `${PREFIX}/recommended`,
  files: TYPESCRIPT_FILES,
  languageOptions: { parser: tsParser },
  plugins: { [PREFIX]: plugin },
  rules: recommendedRules,
};

plugin.configs.strict = {
  ...plugin.configs.recommended,
  name: `${PREFIX}/strict`,
  rules: {
    ...recommendedRules,
    [`${PREFIX}/require-idempotency-key`]: [
      'error',
      { requireProvenKey: true, checkAllPosts: true },
    ],
    [`${PREFIX}/valid-idempotency-options`]: ['error', { reportIneffectiveKeys: true }],
  },
};

export default plugin;
