import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string; amount: number };
declare const db: { save(record: object): Promise<void> };
`;

const refundsCreate = '`refunds.create`';

typedRuleTester('stripe23').run('no-unstable-idempotency-key: spreads after the key', rule, {
  valid: [
    {
      name: 'a spread before the explicit key does not override it',
      code: `${prelude}import { retryDefaults } from './shapes-defaults';
stripe.refunds.create(
  { charge: order.chargeId },
  { ...retryDefaults, idempotencyKey: \`refund:\${order.id}\` },
);`,
    },
    {
      name: 'a spread after the key of typed options that carry no key',
      code: `${prelude}import { accountDefaults } from './shapes-defaults';
stripe.refunds.create(
  { charge: order.chargeId },
  { idempotencyKey: \`refund:\${order.id}\`, ...accountDefaults },
);`,
    },
    {
      name: 'a spread after the key of a local object without a key',
      code: `${prelude}const retry: Stripe.RequestOptions = { maxNetworkRetries: 3 };
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.id}\`, ...retry });`,
    },
    {
      name: 'a spread after the key of forwarded options: what the caller passes is not known here',
      code: `${prelude}export function refund(options: Stripe.RequestOptions) {
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${order.id}\`, ...options },
  );
}`,
    },
  ],
  invalid: [
    {
      name: 'a spread of an imported const carrying a random key, after the explicit key',
      code: `${prelude}import { retryDefaults } from './shapes-defaults';
stripe.refunds.create(
  { charge: order.chargeId },
  { idempotencyKey: \`refund:\${order.id}\`, ...retryDefaults },
);`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' at shapes-defaults.ts:6',
          },
          line: 8,
          column: 43,
          endLine: 8,
          endColumn: 59,
        },
      ],
    },
    {
      name: 'a spread of a local const object carrying a random key, after the explicit key',
      code: `${prelude}import { randomUUID } from 'node:crypto';
const defaults = { idempotencyKey: randomUUID(), maxNetworkRetries: 2 };
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.id}\`, ...defaults });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
          line: 7,
          column: 91,
          endLine: 7,
          endColumn: 102,
        },
      ],
    },
    {
      name: 'a spread of a helper’s options carrying a random key, after the explicit key',
      code: `${prelude}import { freshDefaults } from './shapes-defaults';
export function refund() {
  const options = { idempotencyKey: \`refund:\${order.id}\`, ...freshDefaults() };
  return stripe.refunds.create({ charge: order.chargeId }, options);
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in freshDefaults() at shapes-defaults.ts:11',
          },
          line: 8,
          column: 60,
          endLine: 8,
          endColumn: 67,
        },
      ],
    },
  ],
});

typedRuleTester('stripe12').run('no-unstable-idempotency-key: shapes on stripe 12', rule, {
  valid: [],
  invalid: [
    {
      name: 'a spread of a local const object carrying a random key, after the explicit key',
      code: `${prelude}import { randomUUID } from 'node:crypto';
const defaults = { idempotencyKey: randomUUID(), maxNetworkRetries: 2 };
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.id}\`, ...defaults });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
          line: 7,
          column: 91,
          endLine: 7,
          endColumn: 102,
        },
      ],
    },
  ],
});
