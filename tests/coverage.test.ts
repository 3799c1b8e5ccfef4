import fs from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint as ESLint9, type Linter } from 'eslint';
import { ESLint as ESLint10 } from 'eslint10';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { fixtureDir } from './harness.js';

const stripe23 = fixtureDir('stripe23');
const monorepo = path.join(stripe23, '..', 'monorepo');

function config(tsconfigRootDir: string, files = ['**/*.ts']): Linter.Config[] {
  return [
    {
      files,
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: true, tsconfigRootDir },
      },
    },
    { ...plugin.configs.recommended, files },
  ] as Linter.Config[];
}

function findings(results: ESLint9.LintResult[], root: string): string[] {
  return results
    .flatMap((result) =>
      result.messages.map(
        (m) => `${path.relative(root, result.filePath)}:${m.line} ${m.ruleId ?? m.message}`,
      ),
    )
    .sort();
}

const missingKey = `import Stripe from 'stripe';
declare const stripe: Stripe;
stripe.refunds.create({ charge: 'ch_1' });
`;

describe.each([
  { major: 9, ESLint: ESLint9 },
  { major: 10, ESLint: ESLint10 as unknown as typeof ESLint9 },
])('ESLint $major', ({ major, ESLint }) => {
  it('runs the recommended config', async () => {
    expect(ESLint.version.split('.')[0]).toBe(String(major));
    const eslint = new ESLint({
      cwd: stripe23,
      overrideConfigFile: true,
      overrideConfig: config(stripe23),
    });
    const results = await eslint.lintText(missingKey, { filePath: path.join(stripe23, 'file.ts') });
    expect(findings(results, stripe23)).toEqual([
      'file.ts:3 stripe-idempotency/require-idempotency-key',
    ]);
  });
});

describe('JavaScript with typed linting (allowJs)', () => {
  const jsFiles = ['**/*.js', '**/*.cjs', '**/*.mjs'];
  const lintJs = async (code: string, file: string) => {
    const eslint = new ESLint9({
      cwd: stripe23,
      overrideConfigFile: true,
      overrideConfig: config(stripe23, jsFiles),
    });
    return findings(await eslint.lintText(code, { filePath: path.join(stripe23, file) }), stripe23);
  };

  // The project service keeps the text linted as the file's content: give the scripts back their
  // content on disk, or later tests in this program would see a Stripe client in the global scope.
  afterAll(async () => {
    for (const file of ['file.cjs', 'script.js'])
      await lintJs(fs.readFileSync(path.join(stripe23, file), 'utf8'), file);
  });

  it('reports require("stripe")(key) and new (require("stripe"))(key) in a .cjs file', async () => {
    const code = `const stripe = require('stripe')('sk_test_123');
const other = new (require('stripe'))('sk_test_123');
stripe.refunds.create({ charge: 'ch_1' });
other.refunds.create({ charge: 'ch_2' });
`;
    expect(await lintJs(code, 'file.cjs')).toEqual([
      'file.cjs:3 stripe-idempotency/require-idempotency-key',
      'file.cjs:4 stripe-idempotency/require-idempotency-key',
    ]);
  });

  // A .js beside a .ts of the same name is left out of the program by TypeScript, hence script.js.
  it('reports a client made from a required constructor in a .js file', async () => {
    const code = `const Stripe = require('stripe');
const stripe = new Stripe('sk_test_123');
stripe.refunds.create({ charge: 'ch_1' }, { idempotency_key: 'refund_1' });
`;
    expect(await lintJs(code, 'script.js')).toEqual([
      'script.js:3 stripe-idempotency/valid-idempotency-options',
    ]);
  });

  it('reports import Stripe from "stripe" in a .mjs file, and accepts a keyed call', async () => {
    const code = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test_123');
export const refund = (orderId) =>
  stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: \`refund_\${orderId}\` });
stripe.customers.create({ email: 'a@example.com', idempotencyKey: 'k' });
`;
    expect(await lintJs(code, 'file.mjs')).toEqual([
      'file.mjs:5 stripe-idempotency/valid-idempotency-options',
    ]);
  });
});

describe('a monorepo with two stripe majors', () => {
  it('judges each file by the stripe package its own imports resolve to', async () => {
    const eslint = new ESLint9({
      cwd: monorepo,
      overrideConfigFile: true,
      overrideConfig: config(monorepo),
    });
    const results = await eslint.lintFiles(['packages/*/src/*.ts']);
    // The same code: the header form is a key on stripe 23, and throws on stripe 18, where it is
    // valid-idempotency-options' finding alone.
    expect(findings(results, monorepo)).toEqual([
      'packages/billing/src/keys.ts:7 stripe-idempotency/valid-idempotency-options',
    ]);
    const billing = results.find((r) => r.filePath.includes('billing'))!;
    expect(
      billing.messages.find((m) => m.ruleId?.endsWith('valid-idempotency-options'))?.message,
    ).toContain('stripe-node 18.5.0 throws');
  });
});
