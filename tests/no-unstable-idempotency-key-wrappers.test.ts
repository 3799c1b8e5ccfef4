import { describe, expect, it } from 'vitest';
import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';
import { lintCountingQueries } from './type-queries.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; amount: number };
declare const db: { save(record: object): Promise<void> };
`;

typedRuleTester('stripe23').run('no-unstable-idempotency-key: keys passed to wrappers', rule, {
  valid: [
    {
      name: 'a receiver held by consts that call each other (code that throws, but is read)',
      code: `${prelude}export function track(event: string) {
  const first: any = second();
  const second: any = first();
  first.capture(event, {});
}
export const run = () => track(\`t:\${Date.now()}\`);`,
    },
    {
      name: 'a stable key passed to a wrapper',
      code: `${prelude}import { chargeOrder } from './billing-wrappers';
export const checkout = () => chargeOrder(order, \`charge:\${order.id}\`);`,
    },
    {
      name: 'a random key the caller stores before it calls the wrapper',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { chargeOrder } from './billing-wrappers';
export async function checkout() {
  const key = randomUUID();
  await db.save({ orderId: order.id, key });
  return chargeOrder(order, key);
}`,
    },
    {
      name: 'a random key the wrapper stores before its request',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { recordedCharge } from './billing-wrappers';
export const checkout = () => recordedCharge(order, randomUUID());`,
    },
    {
      name: 'a random key in an options object the wrapper destructures and stores before its request',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { recordedRefund } from './billing-wrappers';
export const refund = () => recordedRefund(order.chargeId, { key: randomUUID() });`,
    },
    {
      name: 'a random value for a parameter the wrapper does not send as the key',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { tracedCharge } from './billing-wrappers';
export const checkout = () => tracedCharge(order, randomUUID());`,
    },
    {
      name: 'a random key for a wrapper that sends it with a GET',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { readIntent } from './billing-wrappers';
export const read = () => readIntent('pi_1', randomUUID());`,
    },
    {
      name: 'a random value passed to a function that makes no request',
      code: `${prelude}import { randomUUID } from 'node:crypto';
function label(id: string, key: string) {
  return \`\${id}:\${key}\`;
}
export const tag = () => label(order.id, randomUUID());`,
    },
  ],
  invalid: [
    {
      name: 'a random key passed to a wrapper in the same file',
      code: `${prelude}import { randomUUID } from 'node:crypto';
async function chargeOrder(key: string) {
  return stripe.paymentIntents.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}
export const checkout = () => chargeOrder(randomUUID());`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`paymentIntents.create` in `chargeOrder()`',
            source: 'randomUUID()',
            where: ' at line 9',
          },
          line: 9,
          column: 43,
          endLine: 9,
          endColumn: 55,
        },
      ],
    },
    {
      name: 'a random key passed to a wrapper imported from another file',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { chargeOrder } from './billing-wrappers';
export const checkout = () => chargeOrder(order, randomUUID());`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`paymentIntents.create` in `chargeOrder()`',
            source: 'randomUUID()',
            where: ' at line 7',
          },
          line: 7,
          column: 50,
          endLine: 7,
          endColumn: 62,
        },
      ],
    },
    {
      name: 'a random key held in a variable that is only logged',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { chargeOrder } from './billing-wrappers';
export async function checkout() {
  const key = randomUUID();
  console.log('charging', key);
  return chargeOrder(order, key);
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`paymentIntents.create` in `chargeOrder()`',
            source: 'randomUUID()',
            where: ' at line 8',
          },
          line: 10,
          column: 29,
          endLine: 10,
          endColumn: 32,
        },
      ],
    },
    {
      name: 'a time key passed to a wrapper',
      code: `${prelude}import { chargeOrder } from './billing-wrappers';
export const checkout = () => chargeOrder(order, \`charge:\${order.id}:\${Date.now()}\`);`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: '`paymentIntents.create` in `chargeOrder()`',
            source: 'Date.now()',
            where: ' at line 6',
          },
          line: 6,
          column: 50,
          endLine: 6,
          endColumn: 84,
        },
      ],
    },
    {
      name: 'a random key in an options object parameter the wrapper destructures',
      code: `${prelude}import { nanoid } from 'nanoid';
import { refundCharge } from './billing-wrappers';
export const refund = () => refundCharge(order.chargeId, { key: nanoid() });`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`refunds.create` in `refundCharge()`',
            source: 'nanoid()',
            where: ' at line 7',
          },
          line: 7,
          column: 65,
          endLine: 7,
          endColumn: 73,
        },
      ],
    },
    {
      name: 'random request options passed to a method that sends them',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { Payments } from './billing-wrappers';
export const checkout = () => new Payments().charge(order, { idempotencyKey: randomUUID() });`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`paymentIntents.create` in `charge()`',
            source: 'randomUUID()',
            where: ' at line 7',
          },
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 90,
        },
      ],
    },
    {
      name: 'a random key passed to a private method that passes it on to one that sends it',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export class Checkout {
  async #charge(amount: number, key: string) {
    return stripe.paymentIntents.create({ amount, currency: 'usd' }, { idempotencyKey: key });
  }
  async #pay(amount: number, key: string) {
    return this.#charge(amount, key);
  }
  run() {
    return this.#pay(order.amount, randomUUID());
  }
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: '`paymentIntents.create` in `#pay()`',
            source: 'randomUUID()',
            where: ' at line 14',
          },
          line: 14,
          column: 36,
          endLine: 14,
          endColumn: 48,
        },
      ],
    },
    {
      name: 'the retry counter passed to a wrapper',
      code: `${prelude}import { chargeOrder } from './billing-wrappers';
export async function checkout() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await chargeOrder(order, \`charge:\${order.id}:\${attempt}\`);
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: {
            operation: '`paymentIntents.create` in `chargeOrder()`',
            source: 'attempt',
            where: ' at line 7',
          },
          line: 9,
          column: 39,
          endLine: 9,
          endColumn: 70,
        },
      ],
    },
    {
      name: 'a five-second bucket hashed in an imported key helper, passed to a wrapper',
      code: `${prelude}import { buildCustomerKey } from './customer-keys';
import { createStripeCustomer } from './billing-wrappers';
export const signUp = (email: string, userId: string) =>
  createStripeCustomer(email, buildCustomerKey(userId));`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: '`customers.create` in `createStripeCustomer()`',
            source: 'Date.now()',
            where: ' in buildCustomerKey() at customer-keys.ts:6',
          },
          line: 8,
          column: 31,
          endLine: 8,
          endColumn: 55,
        },
      ],
    },
  ],
});

typedRuleTester('stripe12').run(
  'no-unstable-idempotency-key: keys passed to wrappers on stripe 12',
  rule,
  {
    valid: [],
    invalid: [
      {
        name: 'a random key passed to a wrapper in the same file',
        code: `${prelude}import { randomUUID } from 'node:crypto';
async function chargeOrder(key: string) {
  return stripe.paymentIntents.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}
export const checkout = () => chargeOrder(randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `chargeOrder()`',
              source: 'randomUUID()',
              where: ' at line 9',
            },
            line: 9,
            column: 43,
            endLine: 9,
            endColumn: 55,
          },
        ],
      },
    ],
  },
);

describe('a call of a function whose requests take no options from elsewhere, or are no resource’s', () => {
  it('is no wrapper call, and costs no type query', async () => {
    const { messages, queries } =
      await lintCountingQueries(`import { randomUUID } from 'node:crypto';
import { saveOrder, updateCustomerEmail } from './billing-wrappers';
export async function save(customerId: string, email: string) {
  await updateCustomerEmail(customerId, email);
  await updateCustomerEmail(customerId, randomUUID());
  await saveOrder({ id: customerId, amount: 1 }, { key: randomUUID() });
}
`);
    expect(messages).toEqual([]);
    expect(queries).toBe(0);
  });

  it('is no wrapper call when the POST-named call is on a module’s object, and costs no type query', async () => {
    const { messages, queries } =
      await lintCountingQueries(`import { randomUUID } from 'node:crypto';
import { trackCheckout, useTrackCheckout } from './billing-wrappers';
export function track(orderId: string) {
  trackCheckout('checkout', { orderId, attempt: randomUUID() });
  useTrackCheckout('checkout', { orderId, attempt: randomUUID() });
}
`);
    expect(messages).toEqual([]);
    expect(queries).toBe(0);
  });
});
