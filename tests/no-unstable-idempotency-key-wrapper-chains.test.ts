import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../rules/no-unstable-idempotency-key.js';
import { fixtureDir, typedRuleTester } from './harness.js';
import { lintCountingQueries, stripe23Linter } from './type-queries.js';

// Lines 1–4 of every case; the code under test starts on line 5. The wrappers of wrappers are in
// wrapper-chain-orders.ts (a file that never says `stripe`), the functions that make the requests
// in wrapper-chain-payments.ts.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; amount: number };
declare const db: { save(record: object): Promise<void> };
`;

typedRuleTester('stripe23').run(
  'no-unstable-idempotency-key: keys passed to wrappers of wrappers',
  rule,
  {
    valid: [
      {
        name: 'a stable key passed to a wrapper of a wrapper',
        code: `${prelude}import { payOrder } from './wrapper-chain-orders';
export const checkout = () => payOrder(order, \`pay:\${order.id}\`);`,
      },
      {
        name: 'a random key the caller stores before it calls a wrapper three levels deep',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { checkoutCart } from './wrapper-chain-orders';
export async function checkout() {
  const key = randomUUID();
  await db.save({ orderId: order.id, key });
  return checkoutCart({ order }, key);
}`,
      },
      {
        name: 'a value of a module the options do not list as a source, passed to a wrapper of a wrapper',
        code: `${prelude}import { newId } from '@acme/ids';
import { payOrder } from './wrapper-chain-orders';
export const checkout = () => payOrder(order, newId());`,
      },
      {
        name: 'a random key the outer wrapper stores before it passes it on',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { payRecordedOrder } from './wrapper-chain-orders';
export const checkout = () => payRecordedOrder(order, randomUUID());`,
      },
      {
        name: 'a random key the inner wrapper stores before its request',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { payOrderThroughRecord } from './wrapper-chain-orders';
export const checkout = () => payOrderThroughRecord(order, randomUUID());`,
      },
      {
        name: 'a random value for a parameter the outer wrapper does not pass on as a key',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { payTracedOrder } from './wrapper-chain-orders';
export const checkout = () => payTracedOrder(order, randomUUID());`,
      },
      {
        name: 'a random key the outer wrapper passes on to a wrapper that sends it with a GET',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { readOrderPayment } from './wrapper-chain-orders';
export const read = () => readOrderPayment('pi_1', randomUUID());`,
      },
      {
        name: 'a random key passed around a cycle of wrappers whose request has a key of its own',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { pollOrder } from './wrapper-chain-orders';
export const poll = () => pollOrder(order, randomUUID(), 3);`,
      },
      {
        name: 'a random value for a wrapper whose call of the inner wrapper passes a stable key',
        code: `${prelude}import { randomUUID } from 'node:crypto';
async function createCharge(amount: number, key: string) {
  return stripe.paymentIntents.create({ amount, currency: 'usd' }, { idempotencyKey: key });
}
function chargeCart(amount: number, note: string) {
  console.log(note);
  return createCharge(amount, \`cart:\${order.id}\`);
}
export const checkout = () => chargeCart(order.amount, randomUUID());`,
      },
    ],
    invalid: [
      {
        name: 'a random key passed to a wrapper of a wrapper in the same file',
        code: `${prelude}import { randomUUID } from 'node:crypto';
async function createCharge(amount: number, key: string) {
  return stripe.paymentIntents.create({ amount, currency: 'usd' }, { idempotencyKey: key });
}
function chargeCart(amount: number, key: string) {
  return createCharge(amount, key);
}
export const checkout = () => chargeCart(order.amount, randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `chargeCart()`',
              source: 'randomUUID()',
              where: ' at line 12',
            },
            line: 12,
            column: 56,
            endLine: 12,
            endColumn: 68,
          },
        ],
      },
      {
        name: 'a random key passed to a wrapper of a wrapper in a file that never says stripe',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { payOrder } from './wrapper-chain-orders';
export const checkout = () => payOrder(order, randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `payOrder()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 47,
            endLine: 7,
            endColumn: 59,
          },
        ],
      },
      {
        name: 'a random key from a source the options add, passed to a wrapper of a wrapper',
        code: `${prelude}import { newId } from '@acme/ids';
import { payOrder } from './wrapper-chain-orders';
export const checkout = () => payOrder(order, newId());`,
        options: [{ randomSources: [{ module: '@acme/ids', export: 'newId' }] }],
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `payOrder()`',
              source: 'newId()',
              where: ' at line 7',
            },
            line: 7,
            column: 47,
            endLine: 7,
            endColumn: 54,
          },
        ],
      },
      {
        name: 'a time key passed to a wrapper of a wrapper',
        code: `${prelude}import { payOrder } from './wrapper-chain-orders';
export const checkout = () => payOrder(order, \`pay:\${order.id}:\${Date.now()}\`);`,
        errors: [
          {
            messageId: 'timeSource',
            data: {
              operation: '`paymentIntents.create` in `payOrder()`',
              source: 'Date.now()',
              where: ' at line 6',
            },
            line: 6,
            column: 47,
            endLine: 6,
            endColumn: 78,
          },
        ],
      },
      {
        name: 'a random key passed to a wrapper three levels deep',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { checkoutCart } from './wrapper-chain-orders';
export const checkout = () => checkoutCart({ order }, randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `checkoutCart()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 55,
            endLine: 7,
            endColumn: 67,
          },
        ],
      },
      {
        name: 'a random key passed to a wrapper four levels deep',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { checkoutSession } from './wrapper-chain-orders';
export const checkout = () => checkoutSession({ cart: { order } }, randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `checkoutSession()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 68,
            endLine: 7,
            endColumn: 80,
          },
        ],
      },
      {
        name: 'a random key in an options object the outer wrapper destructures and passes on',
        code: `${prelude}import { nanoid } from 'nanoid';
import { payOrderWith } from './wrapper-chain-orders';
export const checkout = () => payOrderWith(order, { key: nanoid() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `payOrderWith()`',
              source: 'nanoid()',
              where: ' at line 7',
            },
            line: 7,
            column: 58,
            endLine: 7,
            endColumn: 66,
          },
        ],
      },
      {
        name: 'a random key in an options object whose property the outer wrapper passes on',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { payOrderWithOptions } from './wrapper-chain-orders';
export const checkout = () => payOrderWithOptions(order, { key: randomUUID() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `payOrderWithOptions()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 65,
            endLine: 7,
            endColumn: 77,
          },
        ],
      },
      {
        name: 'a random key the outer wrapper passes on inside an options object',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { refundOrder } from './wrapper-chain-orders';
export const refund = () => refundOrder(order.chargeId, randomUUID());`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`refunds.create` in `refundOrder()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 57,
            endLine: 7,
            endColumn: 69,
          },
        ],
      },
      {
        name: 'a random key a method passes on to a method of a field: this.payments.createPayment',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { PaymentService } from './wrapper-chain-payments';
import { OrderService } from './wrapper-chain-orders';
const orders = new OrderService(new PaymentService());
export const checkout = () => orders.place(order, { key: randomUUID() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `place()`',
              source: 'randomUUID()',
              where: ' at line 9',
            },
            line: 9,
            column: 58,
            endLine: 9,
            endColumn: 70,
          },
        ],
      },
      {
        name: 'random request options a method passes on whole to a method of a field',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { PaymentService } from './wrapper-chain-payments';
import { OrderService } from './wrapper-chain-orders';
const orders = new OrderService(new PaymentService());
export const checkout = () => orders.placeWith(order, { idempotencyKey: randomUUID() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `placeWith()`',
              source: 'randomUUID()',
              where: ' at line 9',
            },
            line: 9,
            column: 73,
            endLine: 9,
            endColumn: 85,
          },
        ],
      },
      {
        name: 'a random key passed into a cycle of wrappers that reaches a request',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { retryOrder } from './wrapper-chain-orders';
export const retry = () => retryOrder(order, randomUUID(), 3);`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `retryOrder()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 46,
            endLine: 7,
            endColumn: 58,
          },
        ],
      },
      {
        name: 'a random key passed into the same cycle at its other function',
        code: `${prelude}import { randomUUID } from 'node:crypto';
import { settleOrder } from './wrapper-chain-orders';
export const settle = () => settleOrder(order, randomUUID(), 3);`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`paymentIntents.create` in `settleOrder()`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 48,
            endLine: 7,
            endColumn: 60,
          },
        ],
      },
    ],
  },
);

describe('a call of a function that passes no key on to a request', () => {
  it('costs no type query, while a call of a wrapper of a wrapper is checked', async () => {
    const unrelated = await lintCountingQueries(`import { randomUUID } from 'node:crypto';
import { formatOrder, readOrderPayment } from './wrapper-chain-orders';
export async function show(id: string) {
  console.log(formatOrder({ id, amount: 1 }, randomUUID()));
  return readOrderPayment(id, randomUUID());
}
`);
    expect(unrelated).toEqual({ messages: [], queries: 0 });
    const wrapper = await lintCountingQueries(`import { randomUUID } from 'node:crypto';
import { payOrder } from './wrapper-chain-orders';
export const pay = (id: string) => payOrder({ id, amount: 1 }, randomUUID());
`);
    expect(wrapper.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['stripe-idempotency/no-unstable-idempotency-key', 3, 64],
    ]);
  });
});

describe('a call of a wrapper that passes it no random, time or attempt value', () => {
  it('costs no type query: what the wrapper does with stable values cannot make its key unstable', async () => {
    const stable =
      await lintCountingQueries(`import { checkoutCart, formatOrder, payOrder } from './wrapper-chain-orders';
import { newId } from '@acme/ids';
const PREFIX = 'pay';
export async function pay(order: { id: string; amount: number }, key: string) {
  const id = order.id;
  await payOrder(order, \`\${PREFIX}:\${id}\`);
  // A module no option lists as a source.
  await payOrder(order, newId());
  // Through a wrapper of a wrapper, a value from another module's function is not followed.
  const label = await formatOrder(order, key);
  await payOrder(order, label);
  await payOrder({ id, amount: order.amount * 2 }, key);
  return checkoutCart({ order }, order.amount > 0 ? key : \`cart:\${order.id}\`);
}
export const payAll = (orders: { id: string; amount: number }[]) =>
  Promise.all(orders.map((order) => payOrder(order, order.id)));
const keyOf = (order: { id: string }) => \`pay:\${order.id}\`;
export async function payEach(orders: { id: string; amount: number }[]) {
  for (const order of orders) await payOrder(order, keyOf(order));
}
export async function payOnce(order: { id: string; amount: number; retry?: boolean }) {
  let label = keyOf(order);
  if (order.retry) label = \`retry:\${label}\`;
  return payOrder(order, label);
}
export class Checkout {
  keyFor(order: { id: string }) {
    return \`pay:\${order.id}\`;
  }
  pay(order: { id: string; amount: number }) {
    return payOrder(order, this.keyFor(order));
  }
}
`);
    expect(stable).toEqual({ messages: [], queries: 0 });
  });

  it('is still checked when the value is random through a const, a key helper, or a callback’s parameter', async () => {
    const unstable = await lintCountingQueries(`import { randomUUID } from 'node:crypto';
import { payOrder } from './wrapper-chain-orders';
declare function withRetry<T>(run: (key: string) => Promise<T>): Promise<T>;
const newKey = () => randomUUID();
export async function pay(order: { id: string; amount: number }) {
  const fresh = randomUUID();
  const key = \`pay:\${fresh}\`;
  await payOrder(order, key);
  await payOrder(order, newKey());
  return withRetry((retryKey) => payOrder(order, retryKey));
}
export class Checkout {
  keyFor(order: { id: string }) {
    return \`pay:\${order.id}:\${Date.now()}\`;
  }
  pay(order: { id: string; amount: number }) {
    return payOrder(order, this.keyFor(order));
  }
}
`);
    expect(unstable.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['stripe-idempotency/no-unstable-idempotency-key', 8, 25],
      ['stripe-idempotency/no-unstable-idempotency-key', 9, 25],
      ['stripe-idempotency/no-unstable-idempotency-key', 17, 28],
    ]);
    expect(unstable.queries).toBeGreaterThan(0);
  });
});

describe('in an editor, where every edit makes a new program', () => {
  it('notices an edit that makes a function a wrapper of a wrapper, and one that undoes it', async () => {
    const eslint = stripe23Linter();
    // The same imports in every version: the next program keeps the module resolutions.
    const version = (inner: string) => `import { randomUUID } from 'node:crypto';
import { formatOrder, payOrder } from './wrapper-chain-orders';
type Order = { id: string; amount: number };
export function placeOrder(order: Order, key: string) {
  return ${inner}(order, key);
}
export const place = (order: Order) => placeOrder(order, randomUUID());
export const unused = [formatOrder, payOrder];
`;
    const findings = async (code: string) => {
      const [result] = await eslint.lintText(code, {
        filePath: path.join(fixtureDir('stripe23'), 'file.ts'),
      });
      return result.messages.map((m) => [m.ruleId, m.line]);
    };
    expect(await findings(version('formatOrder'))).toEqual([]);
    expect(await findings(version('payOrder'))).toEqual([
      ['stripe-idempotency/no-unstable-idempotency-key', 7],
    ]);
    expect(await findings(version('formatOrder'))).toEqual([]);
  });
});
