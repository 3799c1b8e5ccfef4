import type { TSESLint } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';

const { name, version } = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export const rules = {
  'require-idempotency-key': requireIdempotencyKey,
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
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: Plugin = {
  meta: { name, version, namespace: PREFIX },
  rules,
  configs: {} as Plugin['configs'],
};

plugin.configs.recommended = {
  name: `${PREFIX}/recommended`,
  plugins: { [PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};

export default plugin;
