import { describe } from 'vitest';
import rule from '../rules/valid-idempotency-options.js';
import { typedRuleTester } from './harness.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const key: string;
`;

const long = 'x'.repeat(256);

describe('stripe 23, class layout', () => {
  typedRuleTester('stripe23').run('valid-idempotency-options', rule, {
    valid: [
      {
        name: 'the key in the request options',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key });`,
      },
      {
        name: 'the key as a header, honoured from 20.4.1',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { headers: { 'Idempotency-Key': key } });`,
      },
      { name: 'a GET without a key', code: `${prelude}stripe.customers.retrieve('cus_1');` },
      {
        name: 'a key-like name nested in params is data',
        code: `${prelude}stripe.customers.create({ metadata: { idempotencyKey: key } }, { idempotencyKey: key });`,
      },
      {
        name: 'a non-Stripe call with the snake-case spelling',
        code: `${prelude}declare const queue: { add(job: object, options?: object): void };
queue.add({}, { idempotency_key: key });`,
      },
      {
        name: 'a key whose fixed part fits in 255 characters',
        code: `${prelude}stripe.customers.create({}, { idempotencyKey: \`${'x'.repeat(250)}\${key}\` });`,
      },
      {
        name: 'an any-typed client is not judged',
        code: `${prelude}declare const untyped: any;
untyped.customers.create({ idempotencyKey: key });`,
      },
      {
        name: 'a key on a GET is harmless and not reported by default',
        code: `${prelude}stripe.customers.retrieve('cus_1', {}, { idempotencyKey: key });`,
      },
      {
        name: 'a key on a DELETE is harmless and not reported by default',
        code: `${prelude}stripe.subscriptions.cancel('sub_1', {}, { idempotencyKey: key });`,
      },
      {
        name: 'reportIneffectiveKeys leaves v2 DELETEs alone: the SDK keys them',
        code: `${prelude}stripe.v2.core.eventDestinations.del('ed_1', {}, { idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
      },
      {
        name: 'reportIneffectiveKeys leaves a POST alone',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
      },
      {
        name: 'an empty key on a GET is as harmless as any other key there',
        code: `${prelude}stripe.customers.retrieve('cus_1', {}, { idempotencyKey: '' });`,
      },
      {
        name: 'a v2 DELETE may carry a key',
        code: `${prelude}stripe.v2.core.eventDestinations.del('ed_1', {}, { idempotencyKey: key });`,
      },
    ],
    invalid: [
      {
        name: 'the key inside params',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com', idempotencyKey: key });`,
        errors: [
          {
            messageId: 'keyInParams',
            data: {
              name: 'idempotencyKey',
              operation: '`customers.create`',
              consequence: 'stripe-node 23.1.0 sends it as an unknown param',
              position: 2,
            },
            line: 4,
            column: 51,
            endColumn: 70,
            endLine: 4,
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key });`,
              },
            ],
          },
        ],
      },
      {
        name: 'the key inside params, with request options already present',
        code: `${prelude}stripe.refunds.create({ idempotencyKey: key, charge: 'ch_1' }, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 4,
            column: 25,
            endLine: 4,
            endColumn: 44,
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', idempotencyKey: key });`,
              },
            ],
          },
        ],
      },
      {
        name: 'the key inside multi-line params keeps their comments and lines',
        code: `${prelude}stripe.refunds.create(
  {
    charge: 'ch_1', // the disputed charge
    idempotencyKey: key,
  },
);`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 7,
            column: 5,
            endLine: 7,
            endColumn: 24,
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.refunds.create(
  {
    charge: 'ch_1', // the disputed charge
  }, { idempotencyKey: key },
);`,
              },
            ],
          },
        ],
      },
      {
        name: 'the snake-case spelling inside params, shorthand',
        code: `${prelude}const idempotency_key = key;
stripe.refunds.create({ charge: 'ch_1', idempotency_key });`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 5,
            column: 41,
            endLine: 5,
            endColumn: 56,
            data: {
              name: 'idempotency_key',
              operation: '`refunds.create`',
              consequence: 'stripe-node 23.1.0 sends it as an unknown param',
              position: 2,
            },
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}const idempotency_key = key;
stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: idempotency_key });`,
              },
            ],
          },
        ],
      },
      {
        name: 'params from a variable: reported, nothing to move in place',
        code: `${prelude}const params = { charge: 'ch_1', idempotencyKey: key };
stripe.refunds.create(params);`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 4,
            column: 34,
            endLine: 4,
            endColumn: 53,
            suggestions: [],
          },
        ],
      },
      {
        name: 'the snake-case spelling in the options',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotency_key: key });`,
        output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: key });`,
        errors: [
          {
            messageId: 'misspelledKey',
            data: {
              name: 'idempotency_key',
              operation: '`refunds.create`',
              consequence: 'it is silently ignored',
            },
            line: 4,
            column: 45,
            endColumn: 60,
            endLine: 4,
          },
        ],
      },
      {
        name: 'the header name as an option',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { 'Idempotency-Key': key, stripeAccount: 'acct_1' });`,
        output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: key, stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'misspelledKey',
            line: 4,
            column: 45,
            endLine: 4,
            endColumn: 62,
            data: {
              name: 'Idempotency-Key',
              operation: '`refunds.create`',
              consequence: 'it is silently ignored',
            },
          },
        ],
      },
      {
        name: 'a shorthand snake-case option',
        code: `${prelude}const idempotency_key = key;
stripe.refunds.create({ charge: 'ch_1' }, { idempotency_key });`,
        output: `${prelude}const idempotency_key = key;
stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: idempotency_key });`,
        errors: [{ messageId: 'misspelledKey', line: 5, column: 45, endLine: 5, endColumn: 60 }],
      },
      {
        name: 'no autofix when idempotencyKey is present too',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: key, idempotency_key: key });`,
        output: null,
        errors: [{ messageId: 'misspelledKey', line: 4, column: 66, endLine: 4, endColumn: 81 }],
      },
      {
        name: 'an empty key',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: '' });`,
        errors: [
          {
            messageId: 'emptyKey',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 61,
            endColumn: 63,
            endLine: 4,
          },
        ],
      },
      {
        name: 'a key provably over 255 characters',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: \`${long}\${key}\` });`,
        errors: [
          {
            messageId: 'keyTooLong',
            line: 4,
            column: 61,
            endLine: 4,
            endColumn: 325,
            data: { operation: '`refunds.create`', length: 256 },
          },
        ],
      },
      {
        name: 'a key on a GET',
        code: `${prelude}stripe.customers.retrieve('cus_1', {}, { idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
        errors: [
          {
            messageId: 'keyWithoutEffect',
            data: { operation: '`customers.retrieve`', verb: 'GET' },
            line: 4,
            column: 42,
            endColumn: 61,
            endLine: 4,
            suggestions: [
              {
                messageId: 'removeKey',
                output: `${prelude}stripe.customers.retrieve('cus_1', {});`,
              },
            ],
          },
        ],
      },
      {
        name: 'a key on a DELETE, among other options',
        code: `${prelude}stripe.subscriptions.cancel('sub_1', {}, { stripeAccount: 'acct_1', idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
        errors: [
          {
            messageId: 'keyWithoutEffect',
            line: 4,
            column: 69,
            endLine: 4,
            endColumn: 88,
            data: { operation: '`subscriptions.cancel`', verb: 'DELETE' },
            suggestions: [
              {
                messageId: 'removeKey',
                output: `${prelude}stripe.subscriptions.cancel('sub_1', {}, { stripeAccount: 'acct_1' });`,
              },
            ],
          },
        ],
      },
      {
        name: 'a key on a rawRequest GET',
        code: `${prelude}stripe.rawRequest('GET', '/v1/customers', undefined, { idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
        errors: [
          {
            messageId: 'keyWithoutEffect',
            line: 4,
            column: 56,
            endLine: 4,
            endColumn: 75,
            data: { operation: '`rawRequest (GET /v1/customers)`', verb: 'GET' },
            suggestions: [
              {
                messageId: 'removeKey',
                output: `${prelude}stripe.rawRequest('GET', '/v1/customers', undefined);`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('stripe 18, types/ layout', () => {
  typedRuleTester('stripe18').run('valid-idempotency-options', rule, {
    valid: [
      {
        name: 'the one-argument options overload carries the key',
        code: `${prelude}stripe.customers.create({ idempotencyKey: key });`,
      },
      {
        name: 'the key in the request options',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key });`,
      },
    ],
    invalid: [
      {
        name: 'params mixed into the one argument: every param is dropped',
        code: `${prelude}stripe.customers.create({ email: 'a@example.com', idempotencyKey: key });`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 4,
            column: 51,
            endLine: 4,
            endColumn: 70,
            data: {
              name: 'idempotencyKey',
              operation: '`customers.create`',
              consequence: 'stripe-node 18.5.0 drops every param',
              position: 2,
            },
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key });`,
              },
            ],
          },
        ],
      },
      {
        name: 'the key in params with options after them: the call throws',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1', idempotencyKey: key }, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 4,
            column: 41,
            endLine: 4,
            endColumn: 60,
            data: {
              name: 'idempotencyKey',
              operation: '`refunds.create`',
              consequence: 'stripe-node 18.5.0 throws "Unknown arguments"',
              position: 2,
            },
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', idempotencyKey: key });`,
              },
            ],
          },
        ],
      },
      {
        name: 'the snake-case spelling in the options',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', idempotency_key: key });`,
        output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', idempotencyKey: key });`,
        errors: [
          {
            messageId: 'misspelledKey',
            line: 4,
            column: 70,
            endLine: 4,
            endColumn: 85,
            data: {
              name: 'idempotency_key',
              operation: '`refunds.create`',
              consequence: 'it is ignored with a warning, or throws when alone',
            },
          },
        ],
      },
      {
        name: 'the headers form throws before 20.4.1',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { headers: { 'Idempotency-Key': key } } as Stripe.RequestOptions);`,
        errors: [
          {
            messageId: 'headerNotSupported',
            data: { operation: '`refunds.create`', version: '18.5.0', consequence: 'throws on' },
            line: 4,
            column: 56,
            endLine: 4,
            endColumn: 78,
            suggestions: [
              {
                messageId: 'useKeyOption',
                output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: key } as Stripe.RequestOptions);`,
              },
            ],
          },
        ],
      },
      {
        name: 'beside another option, the headers form is ignored before 20.4.1',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', headers: { 'Idempotency-Key': key } } as Stripe.RequestOptions);`,
        errors: [
          {
            messageId: 'headerNotSupported',
            data: { operation: '`refunds.create`', version: '18.5.0', consequence: 'ignores' },
            line: 4,
            column: 81,
            endLine: 4,
            endColumn: 103,
            suggestions: [
              {
                messageId: 'useKeyOption',
                output: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { stripeAccount: 'acct_1', idempotencyKey: key } as Stripe.RequestOptions);`,
              },
            ],
          },
        ],
      },
      {
        name: 'an empty key in the one-argument overload',
        code: `${prelude}stripe.customers.create({ idempotencyKey: '' });`,
        errors: [{ messageId: 'emptyKey', line: 4, column: 43, endLine: 4, endColumn: 45 }],
      },
      {
        name: 'a key provably over 255 characters',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: '${long}' + key });`,
        errors: [
          {
            messageId: 'keyTooLong',
            line: 4,
            column: 61,
            endLine: 4,
            endColumn: 325,
            data: { operation: '`refunds.create`', length: 256 },
          },
        ],
      },
      {
        name: 'a key on a DELETE',
        code: `${prelude}stripe.customers.del('cus_1', { idempotencyKey: key });`,
        options: [{ reportIneffectiveKeys: true }],
        errors: [
          {
            messageId: 'keyWithoutEffect',
            line: 4,
            column: 33,
            endLine: 4,
            endColumn: 52,
            data: { operation: '`customers.del`', verb: 'DELETE' },
            suggestions: [
              { messageId: 'removeKey', output: `${prelude}stripe.customers.del('cus_1');` },
            ],
          },
        ],
      },
    ],
  });
});

describe('stripe 21, types/ layout with headers support', () => {
  typedRuleTester('stripe21').run('valid-idempotency-options', rule, {
    valid: [
      {
        name: 'the headers form works from 20.4.1',
        code: `${prelude}stripe.refunds.create({ charge: 'ch_1' }, { headers: { 'Idempotency-Key': key } } as Stripe.RequestOptions);`,
      },
    ],
    invalid: [
      {
        name: 'the key in params',
        code: `${prelude}stripe.paymentIntents.create({ amount: 100, currency: 'usd', idempotencyKey: key });`,
        errors: [
          {
            messageId: 'keyInParams',
            line: 4,
            column: 62,
            endLine: 4,
            endColumn: 81,
            suggestions: [
              {
                messageId: 'moveKeyToOptions',
                output: `${prelude}stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: key });`,
              },
            ],
          },
        ],
      },
    ],
  });
});
