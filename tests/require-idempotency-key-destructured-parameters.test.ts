import { describe, expect, it } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import { typedRuleTester } from './harness.js';
import { lintCountingQueries } from './type-queries.js';

// Lines 1–2 of every case; the code under test starts on line 3.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
`;

// A test framework's shape: the callback's fixtures are destructured, and one has a `post`, a
// method name stripe-node has too (`testHelpers.treasury.outboundTransfers.post`).
const testFramework = `declare function test(
  name: string,
  fn: (fixtures: { request: { post(url: string, init?: object): Promise<unknown> } }) => Promise<void>,
): void;
`;

describe('a parameter destructured from a property', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'a test framework’s fixture under another name than a resource’s',
        code: `${prelude}${testFramework}test('creates', async ({ request }) => {
  await request.post('/api/envelopes', { data: {} });
});`,
      },
      {
        name: 'a module’s default export from a dynamic import',
        code: `${prelude}declare const analytics: Promise<{ default: { capture(event: string): void } }>;
void analytics.then(({ default: posthog }) => posthog.capture('paid'));`,
      },
      {
        name: 'a resource destructured under another property name, as `ctx.request.post()` would be',
        code: `${prelude}type OutboundTransfers = Stripe['testHelpers']['treasury']['outboundTransfers'];
export function send({ request }: { request: OutboundTransfers }) {
  return request.post('obt_1');
}`,
      },
    ],
    invalid: [
      {
        name: 'a resource destructured off the client under its own name',
        code: `${prelude}export function refund({ refunds }: Stripe) {
  return refunds.create({ charge: 'ch_1' });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 10,
            endLine: 4,
            endColumn: 44,
          },
        ],
      },
      {
        name: 'a resource renamed as it is destructured: the property names it',
        code: `${prelude}export function refund({ refunds: api }: Stripe) {
  return api.create({ charge: 'ch_1' });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 10,
            endLine: 4,
            endColumn: 40,
          },
        ],
      },
      {
        name: 'nested: the innermost property names the resource',
        code: `${prelude}export function refund({ client: { refunds } }: { client: Stripe }) {
  return refunds.create({ charge: 'ch_1' });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 10,
            endLine: 4,
            endColumn: 44,
          },
        ],
      },
      {
        name: 'a default value may be a resource whatever the property is called',
        code: `${prelude}export function refund({ api = stripe.refunds }: { api?: Stripe['refunds'] }) {
  return api.create({ charge: 'ch_1' });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 10,
            endLine: 4,
            endColumn: 40,
          },
        ],
      },
    ],
  });
});

describe('a test file that sees the SDK through its imports', () => {
  it('asks the checker nothing about its fixtures', async () => {
    const { messages, queries } = await lintCountingQueries(
      `import { stripe } from './client';
export const client = stripe;
${testFramework}test('creates', async ({ request }) => {
  for (const url of ['/a', '/b']) await request.post(url, { data: {} });
});
`,
    );
    expect(messages).toEqual([]);
    expect(queries).toBe(0);
  });
});
