import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import plugin from '../src/index.js';
import { fixtureDir, typedRuleTester, type Fixture } from './harness.js';

// A key written where stripe-node does not read it is valid-idempotency-options' finding alone: its
// fix (the rename or the move) also gives the request its key, so require-idempotency-key, whose
// suggestion would write a second key into the same options, stays silent.

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const key: string;
declare const email: string;
`;

describe('require-idempotency-key leaves a misplaced key to valid-idempotency-options', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'the snake-case spelling in the options',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotency_key: key });`,
      },
      {
        name: 'the header name outside `headers`',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { 'Idempotency-Key': key });`,
      },
      {
        name: 'a misspelling beside other options',
        code: `${prelude}stripe.refunds.create(
  { charge: 'ch_1' },
  { stripeAccount: 'acct_1', IdempotencyKey: key },
);`,
      },
      {
        name: 'a misspelling with requireProvenKey, beside a spread that may carry no key',
        code: `${prelude}declare const defaults: Stripe.RequestOptions;
stripe.refunds.create({ charge: 'ch_1' }, { ...defaults, idempotency_key: key });`,
        options: [{ requireProvenKey: true }],
      },
      {
        name: 'the key in the params, with no options',
        code: `${prelude}stripe.customers.create({ email, idempotencyKey: key });`,
      },
      {
        name: 'the snake-case key in the params, with options that carry none',
        code: `${prelude}stripe.customers.create({ email, idempotency_key: key }, { stripeAccount: 'acct_1' });`,
      },
      {
        name: 'the key in params held by a const',
        code: `${prelude}const params = { email, idempotencyKey: key };
stripe.customers.create(params);`,
      },
    ],
    invalid: [
      {
        name: 'a key-like name nested in the params is data, not a key',
        code: `${prelude}stripe.customers.create({ email, metadata: { idempotencyKey: key } });`,
        errors: [{ messageId: 'missingOptions', line: 5, column: 1, endLine: 5, endColumn: 70 }],
      },
      {
        name: 'a misspelled header inside `headers` is no misplaced option',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { headers: { idempotency_key: key } });`,
        errors: [{ messageId: 'missingKey', line: 5, column: 1, endLine: 5, endColumn: 81 }],
      },
      {
        name: 'params whose object is not in sight: their key is not seen as misplaced',
        code: `${prelude}export function signup(params: Stripe.CustomerCreateParams & { idempotencyKey: string }) {
  return stripe.customers.create(params);
}`,
        errors: [{ messageId: 'missingOptions', line: 6, column: 10, endLine: 6, endColumn: 41 }],
      },
      {
        name: 'raw HTTP: a misspelled header is no key, and no other rule reports it',
        code: `${prelude}declare const body: URLSearchParams;
fetch('https://api.stripe.com/v1/refunds', {
  method: 'POST',
  body,
  headers: { idempotency_key: key },
});`,
        errors: [{ messageId: 'missingHeader', line: 6, column: 1, endLine: 10, endColumn: 3 }],
      },
    ],
  });
});

describe('stripe 18: one argument mixing params and a key', () => {
  typedRuleTester('stripe18').run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'the SDK drops every param: the misplaced key is the finding',
        code: `${prelude}stripe.customers.create({ email, idempotencyKey: key });`,
      },
    ],
    invalid: [
      {
        name: 'params without a key still need one',
        code: `${prelude}stripe.customers.create({ email });`,
        errors: [{ messageId: 'missingOptions', line: 5, column: 1, endLine: 5, endColumn: 35 }],
      },
    ],
  });
});

/** Lints `code` as `file.ts` of the fixture with the recommended config: every rule at once. */
async function lintRecommended(fixture: Fixture, code: string, fix = false) {
  const dir = fixtureDir(fixture);
  const eslint = new ESLint({
    cwd: dir,
    fix,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended,
      { languageOptions: { parser: tsParser, parserOptions: { projectService: true } } },
    ] as Linter.Config[],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(dir, 'file.ts') });
  return result;
}

function applySuggestion(code: string, { fix }: Linter.LintSuggestion): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

describe('with every rule on, one misplaced key is one finding, and its fix settles the call', () => {
  it('renames a misspelled option with --fix', async () => {
    const code = `${prelude}export function refund(chargeId: string, orderId: string) {
  return stripe.refunds.create({ charge: chargeId }, { idempotency_key: \`refund_\${orderId}\` });
}
`;
    const before = await lintRecommended('stripe23', code);
    expect(before.messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'misspelledKey', 6],
    ]);

    const fixed = await lintRecommended('stripe23', code, true);
    expect(fixed.output).toBe(`${prelude}export function refund(chargeId: string, orderId: string) {
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: \`refund_\${orderId}\` });
}
`);
    expect(fixed.messages).toEqual([]);
  });

  it('renames the header name written as an option with --fix', async () => {
    const code = `${prelude}export function refund(chargeId: string, orderId: string) {
  return stripe.refunds.create({ charge: chargeId }, { 'Idempotency-Key': \`refund_\${orderId}\` });
}
`;
    const before = await lintRecommended('stripe23', code);
    expect(before.messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'misspelledKey', 6],
    ]);
    const fixed = await lintRecommended('stripe23', code, true);
    expect(fixed.output).toContain('{ charge: chargeId }, { idempotencyKey: `refund_${orderId}` }');
    expect(fixed.messages).toEqual([]);
  });

  it('moves a key out of the params into new options (stripe 23)', async () => {
    const code = `${prelude}export function signup(userId: string) {
  return stripe.customers.create({ email, idempotencyKey: \`signup_\${userId}\` });
}
`;
    const { messages } = await lintRecommended('stripe23', code);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'keyInParams', 6],
    ]);
    expect(messages[0].suggestions).toHaveLength(1);
    const moved = applySuggestion(code, messages[0].suggestions![0]);
    expect(moved).toBe(`${prelude}export function signup(userId: string) {
  return stripe.customers.create({ email }, { idempotencyKey: \`signup_\${userId}\` });
}
`);
    expect((await lintRecommended('stripe23', moved)).messages).toEqual([]);
  });

  it('moves a snake-case key out of the params into the options there (stripe 23)', async () => {
    const code = `${prelude}export function signup(userId: string) {
  return stripe.customers.create({ email, idempotency_key: \`signup_\${userId}\` }, { stripeAccount: 'acct_1' });
}
`;
    const { messages } = await lintRecommended('stripe23', code);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'keyInParams', 6],
    ]);
    const moved = applySuggestion(code, messages[0].suggestions![0]);
    expect(moved).toContain(
      "stripe.customers.create({ email }, { stripeAccount: 'acct_1', idempotencyKey: `signup_${userId}` });",
    );
    expect((await lintRecommended('stripe23', moved)).messages).toEqual([]);
  });

  it('moves the key out of one argument the SDK takes for options (stripe 18)', async () => {
    const code = `${prelude}export function signup(userId: string) {
  return stripe.customers.create({ email, idempotencyKey: \`signup_\${userId}\` });
}
`;
    const { messages } = await lintRecommended('stripe18', code);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'keyInParams', 6],
    ]);
    const moved = applySuggestion(code, messages[0].suggestions![0]);
    expect(moved).toContain(
      'stripe.customers.create({ email }, { idempotencyKey: `signup_${userId}` });',
    );
    expect((await lintRecommended('stripe18', moved)).messages).toEqual([]);
  });
  it('replaces the headers form, which throws before 20.4.1, with the option (stripe 18)', async () => {
    const code = `${prelude}export function refund(chargeId: string, orderId: string) {
  return stripe.refunds.create(
    { charge: chargeId },
    { headers: { 'Idempotency-Key': \`refund_\${orderId}\` } } as Stripe.RequestOptions,
  );
}
`;
    const { messages } = await lintRecommended('stripe18', code);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['stripe-idempotency/valid-idempotency-options', 'headerNotSupported', 8],
    ]);
    const replaced = applySuggestion(code, messages[0].suggestions![0]);
    expect(replaced).toContain('{ idempotencyKey: `refund_${orderId}` } as Stripe.RequestOptions');
    expect((await lintRecommended('stripe18', replaced)).messages).toEqual([]);
  });
});
