import { describe } from 'vitest';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import validIdempotencyOptions from '../rules/valid-idempotency-options.js';
import { typedRuleTester } from './harness.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string };
`;

const refundsCreate = '`refunds.create`';

describe('an SDK method taken off its resource and called with .call or .apply', () => {
  const tester = typedRuleTester('stripe23');

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'a method held in a const, called with .call and a key',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      },
      {
        name: 'a method held in a const, called with .apply and a key',
        code: `${prelude}const refunds = stripe.refunds;
const refund = refunds.create;
refund.apply(refunds, [{ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` }]);`,
      },
      {
        name: '.call on a function of the code’s own with the same name',
        code: `${prelude}function create(params: { charge: string }, options?: { timeout: number }) {
  return [params, options];
}
const refund = create;
refund.call(null, { charge: order.chargeId });`,
      },
      {
        name: '.call on a method of another object taken off it',
        code: `${prelude}declare const db: { refunds: { create(row: { charge: string }): Promise<void> } };
const insert = db.refunds.create;
insert.call(db.refunds, { charge: order.chargeId });`,
      },
      {
        name: '.bind makes a function, it sends nothing',
        code: `${prelude}export const refund = stripe.refunds.create.bind(stripe.refunds, { charge: order.chargeId });`,
      },
      {
        name: 'a GET taken off its resource and called with .call',
        code: `${prelude}const retrieve = stripe.refunds.retrieve;
retrieve.call(stripe.refunds, 're_1');`,
      },
    ],
    invalid: [
      {
        name: 'a method held in a const, called with .call',
        code: `${prelude}const refunds = stripe.refunds;
const refund = refunds.create;
refund.call(refunds, { charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 49,
          },
        ],
      },
      {
        name: 'a method held in a const, called with .apply and options without a key',
        code: `${prelude}const refund = stripe.refunds.create;
refund.apply(stripe.refunds, [{ charge: order.chargeId }, { stripeAccount: 'acct_1' }]);`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 88,
          },
        ],
      },
      {
        name: 'a method held in a const of a script, whose declarations are global',
        code: `declare const stripe: import('stripe').Stripe;
declare const order: { id: string; chargeId: string };
const payBack = stripe.refunds.create;
payBack.call(stripe.refunds, { charge: order.chargeId });`,
        languageOptions: { parserOptions: { sourceType: 'script' } },
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 57,
          },
        ],
      },
      {
        name: 'a method destructured under another name, called with .call',
        code: `${prelude}const { create: refund } = stripe.refunds;
refund.call(stripe.refunds, { charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 56,
          },
        ],
      },
      {
        name: 'a method bound to its resource, held under another name',
        code: `${prelude}const refund = stripe.refunds.create.bind(stripe.refunds);
refund({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 35,
          },
        ],
      },
      {
        name: 'the suggestion writes the options after the params .call passes on',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {
  const refund = stripe.refunds.create;
  await refund.call(stripe.refunds, { charge: order.chargeId });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 6,
            column: 9,
            endLine: 6,
            endColumn: 64,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${event.id}:refunds.create`' },
                output: `${prelude}export async function onEvent(event: Stripe.Event) {
  const refund = stripe.refunds.create;
  await refund.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`\${event.id}:refunds.create\` });
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the suggestion writes the options into the array .apply passes on',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.refunds.create.apply(stripe.refunds, [{ charge: order.chargeId }]);
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 9,
            endLine: 5,
            endColumn: 82,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${event.id}:refunds.create`' },
                output: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.refunds.create.apply(stripe.refunds, [{ charge: order.chargeId }, { idempotencyKey: \`\${event.id}:refunds.create\` }]);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the suggestion writes params and options into an empty .apply array',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.customers.create.apply(stripe.customers, []);
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create`' },
            line: 5,
            column: 9,
            endLine: 5,
            endColumn: 60,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${event.id}:customers.create`' },
                output: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.customers.create.apply(stripe.customers, [{}, { idempotencyKey: \`\${event.id}:customers.create\` }]);
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the suggestion writes params and options after the this of a bare .call',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.customers.create.call(stripe.customers);
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create`' },
            line: 5,
            column: 9,
            endLine: 5,
            endColumn: 55,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${event.id}:customers.create`' },
                output: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.customers.create.call(stripe.customers, {}, { idempotencyKey: \`\${event.id}:customers.create\` });
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      {
        name: 'a stable key passed on by .call',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      },
    ],
    invalid: [
      {
        name: 'a time key passed on by .call, the options after this and the params',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`refund_\${Date.now()}\` });`,
        errors: [
          {
            messageId: 'timeSource',
            line: 5,
            column: 75,
            endLine: 5,
            endColumn: 97,
          },
        ],
      },
    ],
  });

  tester.run('no-reused-idempotency-key', noReusedIdempotencyKey, {
    valid: [
      {
        name: 'one key per item, passed on by .apply',
        code: `${prelude}declare const items: { id: string; chargeId: string }[];
const refund = stripe.refunds.create;
for (const item of items) {
  refund.apply(stripe.refunds, [{ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` }]);
}`,
      },
    ],
    invalid: [
      {
        name: 'one key for every item, passed on by .call: the params are the argument after this',
        code: `${prelude}declare const items: { id: string; chargeId: string }[];
const refund = stripe.refunds.create;
for (const item of items) {
  refund.call(stripe.refunds, { charge: item.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            line: 7,
            column: 76,
            endLine: 7,
            endColumn: 96,
          },
        ],
      },
      {
        name: 'a constant key passed on by .apply',
        code: `${prelude}stripe.refunds.create.apply(stripe.refunds, [{ charge: order.chargeId }, { idempotencyKey: 'refund' }]);`,
        errors: [
          {
            messageId: 'constantKey',
            line: 4,
            column: 92,
            endLine: 4,
            endColumn: 100,
          },
        ],
      },
    ],
  });

  tester.run('valid-idempotency-options', validIdempotencyOptions, {
    valid: [
      {
        name: 'the key in the options .call passes on',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      },
    ],
    invalid: [
      {
        name: 'a key in the params .call passes on moves to the options after them',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId, idempotencyKey: order.id } as Stripe.RefundCreateParams);`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 5,
            column: 55,
            endLine: 5,
            endColumn: 79,
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId } as Stripe.RefundCreateParams, { idempotencyKey: order.id });`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('.call and .apply on the overloaded types/ layout', () => {
  typedRuleTester('stripe18').run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'a method held in a const, called with .call and options alone',
        code: `${prelude}const create = stripe.customers.create;
create.call(stripe.customers, { idempotencyKey: \`customer_\${order.id}\` });`,
      },
    ],
    invalid: [
      {
        name: 'a method held in a const, called with .call',
        code: `${prelude}const refund = stripe.refunds.create;
refund.call(stripe.refunds, { charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 56,
          },
        ],
      },
    ],
  });
});
