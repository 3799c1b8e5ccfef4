import rule from '../rules/no-reused-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string; amount: number };
declare const items: { id: string; chargeId: string }[];
`;

const refundsCreate = '`refunds.create`';

// One line, so that line numbers after it move by one.
const withRetry = `declare function withRetry<T>(work: () => Promise<T>): Promise<T>;
`;

typedRuleTester('stripe23').run('no-reused-idempotency-key', rule, {
  valid: [
    {
      name: 'a member of an object whose member is written elsewhere is no constant',
      code: `${prelude}const keys = { payout: 'pending' };
export function start(runId: string) {
  keys.payout = \`payout:\${runId}\`;
}
export function payout() {
  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: keys.payout });
}`,
    },
    {
      name: 'a member of an object handed to other code is no constant',
      code: `${prelude}declare function configure(keys: { payout: string }): void;
const keys = { payout: 'pending' };
configure(keys);
export function payout() {
  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: keys.payout });
}`,
    },
    {
      name: 'one key per operation, told apart by a suffix',
      code: `${prelude}export async function settle(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`\${key}:charge\` });
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${key}:refund\` });
}`,
    },
    {
      name: 'a retry of the same operation with the same params',
      code: `${prelude}export async function refund(key: string) {
  try {
    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  } catch {
    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  }
}`,
    },
    {
      name: 'a retry loop resends the same key with the same params',
      code: `${prelude}export async function refund(key: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
    },
    {
      name: 'a key per item of a batch',
      code: `${prelude}export async function refundAll() {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` });
  }
}`,
    },
    {
      name: 'a key per item, through a binding made in the loop',
      code: `${prelude}export async function refundAll() {
  for (const item of items) {
    const key = \`refund_\${item.id}\`;
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
  }
}`,
    },
    {
      name: 'a key per item in Promise.all(items.map(...))',
      code: `${prelude}export async function refundAll() {
  await Promise.all(items.map((item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` })));
}`,
    },
    {
      name: 'a key made by a call in the loop is not judged here',
      code: `${prelude}declare function keyFor(): string;
export async function refundAll() {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: keyFor() });
  }
}`,
    },
    {
      name: 'the same binding reassigned in between is another value',
      code: `${prelude}export async function settle() {
  let key = \`charge_\${order.id}\`;
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  key = \`refund_\${order.id}\`;
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'branches that exclude each other',
      code: `${prelude}export async function settle(key: string, refund: boolean) {
  if (refund) {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  } else {
    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  }
}`,
    },
    {
      name: 'the same key in two different functions',
      code: `${prelude}export async function a(key: string) {
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}
export async function b(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a GET does not use the key',
      code: `${prelude}export async function a(key: string) {
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  await stripe.refunds.retrieve('re_1', {}, { idempotencyKey: key });
}`,
    },
    {
      name: 'the first use in a branch that returns is exclusive with what follows',
      code: `${prelude}export async function settle(key: string, captured: boolean) {
  if (captured) {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    return;
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
    },
    {
      name: 'the first use in a try inside a branch that returns after it',
      code: `${prelude}export async function settle(key: string, captured: boolean) {
  if (captured) {
    try {
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
    return;
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
    },
    {
      name: 'the first use in a branch that continues the loop around both',
      code: `${prelude}export async function settle(refunded: Set<string>) {
  for (const item of items) {
    if (refunded.has(item.id)) {
      await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`order_\${item.id}\` });
      continue;
    }
    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`order_\${item.id}\` });
  }
}`,
    },
    {
      name: 'the first use returned from a branch without a block',
      code: `${prelude}export async function settle(key: string, captured: boolean) {
  if (captured) return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  return stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
    },
    {
      name: 'the first use in a branch that throws after it',
      code: `${prelude}export async function settle(key: string, disputed: boolean) {
  if (disputed) {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    throw new Error('disputed');
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
    },
    {
      name: 'switch cases that end with break',
      code: `${prelude}export async function settle(key: string, kind: 'charge' | 'refund') {
  switch (kind) {
    case 'charge':
      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
      break;
    case 'refund':
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
      break;
  }
}`,
    },
    {
      name: 'a case that falls into one that returns before the later case',
      code: `${prelude}export async function settle(key: string, kind: string) {
  switch (kind) {
    case 'charge':
      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
    case 'log':
      return;
    case 'refund':
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  }
}`,
    },
    {
      name: 'a retry whose params differ only in formatting and property order',
      code: `${prelude}export async function refund(key: string) {
  try {
    return await stripe.refunds.create({ charge: order.chargeId, amount: order.amount }, { idempotencyKey: key });
  } catch {
    return await stripe.refunds.create(
      {
        amount: order.amount, // same refund
        charge: order.chargeId as string,
      },
      { idempotencyKey: key },
    );
  }
}`,
    },
    {
      name: 'a key per item taken from a queue',
      code: `${prelude}declare const queue: { id: string; chargeId: string }[];
export async function drain() {
  while (queue.length > 0) {
    const item = queue.shift()!;
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` });
  }
}`,
    },
    {
      name: 'a while loop that retries one request',
      code: `${prelude}export async function refund(key: string) {
  let attempt = 0;
  while (attempt++ < 3) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
    },
    {
      name: 'a key per item in pMap',
      code: `${prelude}declare function pMap<T, R>(items: T[], fn: (item: T) => Promise<R>, options?: object): Promise<R[]>;
export async function refundAll() {
  await pMap(items, (item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` }), { concurrency: 4 });
}`,
    },
    {
      name: 'a helper given a key per item',
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {
  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
}
export async function refundAll() {
  for (const item of items) await refundOne(item, \`refund_\${item.id}\`);
}`,
    },
    {
      name: 'a helper called in a retry loop with the same item and key',
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {
  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
}
export async function refund(key: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await refundOne(order, key);
    } catch {}
  }
}`,
    },
    {
      name: 'a helper whose key does not come from its parameters is not judged at its callers',
      code: `${prelude}declare function newKey(): string;
async function refundOne(item: { chargeId: string }, key: string) {
  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`\${key}_\${newKey()}\` });
}
export async function refundAll(runKey: string) {
  for (const item of items) await refundOne(item, runKey);
}`,
    },
    {
      name: 'a key helper given the item builds a key per item',
      code: `${prelude}const opKey = (op: string, id: string) => \`\${op}_\${id}\`;
export async function refundAll() {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: opKey('refund', item.id) });
  }
}`,
    },
    {
      name: 'a key helper that reads the clock is not the same key each time',
      code: `${prelude}const stampKey = (op: string, id: string) => \`\${op}_\${id}_\${Date.now()}\`;
export async function refundAll(runId: string) {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: stampKey('refund', runId) });
  }
}`,
    },
    {
      name: 'an empty key is left to valid-idempotency-options',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: '' });`,
    },
    {
      name: 'a use in a callback handed to a call that is not awaited may never run with the other',
      code: `${prelude}declare const events: { on(name: string, handler: () => Promise<unknown>): void };
export async function settle(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  events.on('dispute', () => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
    },
    {
      name: 'a use in an awaited callback after a branch that returns from the first',
      code: `${prelude}${withRetry}export async function settle(key: string, refund: boolean) {
  if (!refund) {
    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
    return;
  }
  await withRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
    },
    {
      name: 'the same request again in an awaited retry callback',
      code: `${prelude}${withRetry}export async function refund(key: string) {
  try {
    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  } catch {
    return await withRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'one key for a charge and, in a callback the function awaits, a refund',
      code: `${prelude}${withRetry}export async function settle(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  await withRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 7 },
          line: 8,
          column: 93,
          endColumn: 96,
          endLine: 8,
        },
      ],
    },
    {
      name: 'one key for a charge and, in a transaction the function awaits, a refund',
      code: `${prelude}declare const db: { transaction(work: () => Promise<void>): Promise<void> };
export async function settle(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  await db.transaction(async () => {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 7 },
          line: 9,
          column: 79,
          endColumn: 82,
          endLine: 9,
        },
      ],
    },
    {
      name: 'one key for a charge and a refund',
      code: `${prelude}export async function settle(key: string) {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 6 },
          line: 7,
          column: 77,
          endColumn: 80,
          endLine: 7,
        },
      ],
    },
    {
      name: 'the same template over the same bindings',
      code: `${prelude}export async function settle() {
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`order_\${order.id}\` });
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`order_\${order.id}\` });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 6 },
          line: 7,
          column: 77,
          endLine: 7,
          endColumn: 96,
        },
      ],
    },
    {
      name: 'the same operation with other params',
      code: `${prelude}export async function refundTwo(key: string, other: string) {
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  await stripe.refunds.create({ charge: other }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: refundsCreate, line: 6 },
          line: 7,
          column: 68,
          endLine: 7,
          endColumn: 71,
        },
      ],
    },
    {
      name: 'reuse at module top level',
      code: `${prelude}declare const runKey: string;
stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: runKey });
stripe.transfers.create({ amount: order.amount, currency: 'usd', destination: 'acct_1' }, { idempotencyKey: runKey });`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: '`transfers.create`', earlier: '`charges.create`', line: 6 },
          line: 7,
          column: 109,
          endLine: 7,
          endColumn: 115,
        },
      ],
    },
    {
      name: 'one key for every item of a for…of batch',
      code: `${prelude}export async function refundAll(batchId: string) {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 6 },
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 96,
        },
      ],
    },
    {
      name: 'an indexed for loop',
      code: `${prelude}export async function refundAll(key: string) {
  for (let i = 0; i < items.length; i++) {
    await stripe.refunds.create({ charge: items[i].chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 7,
          column: 82,
          endLine: 7,
          endColumn: 85,
          data: { operation: refundsCreate, line: 6 },
        },
      ],
    },
    {
      name: 'for…in',
      code: `${prelude}declare const byCharge: Record<string, number>;
export async function refundAll(key: string) {
  for (const charge in byCharge) {
    await stripe.refunds.create({ charge }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 8,
          column: 63,
          endLine: 8,
          endColumn: 66,
          data: { operation: refundsCreate, line: 7 },
        },
      ],
    },
    {
      name: 'for await',
      code: `${prelude}declare const stream: AsyncIterable<{ chargeId: string }>;
export async function refundAll(key: string) {
  for await (const item of stream) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 81,
          data: { operation: refundsCreate, line: 7 },
        },
      ],
    },
    {
      name: 'forEach with a key bound outside',
      code: `${prelude}export function refundAll(key: string) {
  items.forEach((item) => {
    void stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
  });
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 7,
          column: 77,
          endLine: 7,
          endColumn: 80,
          data: { operation: refundsCreate, line: 6 },
        },
      ],
    },
    {
      name: 'Promise.all over items.map',
      code: `${prelude}export async function refundAll(key: string) {
  await Promise.all(items.map((item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key })));
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 6,
          column: 108,
          endLine: 6,
          endColumn: 111,
          data: { operation: refundsCreate, line: 6 },
        },
      ],
    },
    {
      name: 'reduce',
      code: `${prelude}export async function refundAll(key: string) {
  await items.reduce(async (previous, item) => {
    await previous;
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
  }, Promise.resolve());
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 81,
          data: { operation: refundsCreate, line: 6 },
        },
      ],
    },
    {
      name: 'a first use in a branch that does not end the function',
      code: `${prelude}export async function settle(key: string, captured: boolean) {
  if (captured) {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: '`charges.create`', earlier: refundsCreate, line: 7 },
          line: 9,
          column: 92,
          endLine: 9,
          endColumn: 95,
        },
      ],
    },
    {
      name: 'a first use that returns from a try block, the second in its catch',
      code: `${prelude}export async function settle(key: string) {
  try {
    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
    return;
  } catch {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 7 },
          line: 10,
          column: 79,
          endLine: 10,
          endColumn: 82,
        },
      ],
    },
    {
      name: 'a first use that returns inside a try in a branch: when it throws, the code goes on',
      code: `${prelude}export async function settle(key: string, captured: boolean) {
  if (captured) {
    try {
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
      return;
    } catch {}
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: '`charges.create`', earlier: refundsCreate, line: 8 },
          line: 12,
          column: 92,
          endLine: 12,
          endColumn: 95,
        },
      ],
    },
    {
      name: 'a first use in a branch that breaks out of a loop, the second after the loop',
      code: `${prelude}export async function settle(key: string) {
  for (const item of items) {
    if (item.id === order.id) {
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
      break;
    }
  }
  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: '`charges.create`', earlier: refundsCreate, line: 8 },
          line: 12,
          column: 92,
          endLine: 12,
          endColumn: 95,
        },
      ],
    },
    {
      name: 'a switch case that falls through into the next',
      code: `${prelude}export async function settle(key: string, kind: string) {
  switch (kind) {
    case 'charge':
      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
    case 'refund':
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
      break;
  }
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: '`charges.create`', line: 8 },
          line: 10,
          column: 81,
          endColumn: 84,
          endLine: 10,
        },
      ],
    },
    {
      name: 'a case whose only break is conditional falls through',
      code: `${prelude}export async function settle(key: string, kind: string, partial: boolean) {
  switch (kind) {
    case 'charge':
      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });
      if (partial) break;
    case 'refund':
      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [{ messageId: 'reusedKey', line: 11, column: 81, endLine: 11, endColumn: 84 }],
    },
    {
      name: 'params that differ in one value, written in another order',
      code: `${prelude}export async function refund(key: string) {
  try {
    return await stripe.refunds.create({ charge: order.chargeId, amount: order.amount }, { idempotencyKey: key });
  } catch {
    return await stripe.refunds.create({ amount: 100, charge: order.chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: refundsCreate, line: 7 },
          line: 9,
          column: 99,
          endLine: 9,
          endColumn: 102,
        },
      ],
    },
    {
      name: 'the same binding in the params, reassigned in between',
      code: `${prelude}export async function refund(key: string) {
  let amount = order.amount;
  await stripe.refunds.create({ charge: order.chargeId, amount }, { idempotencyKey: key });
  amount = 100;
  await stripe.refunds.create({ charge: order.chargeId, amount }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: refundsCreate, earlier: refundsCreate, line: 7 },
          line: 9,
          column: 85,
          endLine: 9,
          endColumn: 88,
        },
      ],
    },
    {
      name: 'one key for every item taken from a queue',
      code: `${prelude}declare const queue: { id: string; chargeId: string }[];
export async function drain(batchId: string) {
  while (queue.length) {
    const item = queue.shift()!;
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 7 },
          line: 9,
          column: 78,
          endLine: 9,
          endColumn: 96,
        },
      ],
    },
    {
      name: 'one key for every job a while test takes',
      code: `${prelude}declare const queue: { next(): Promise<{ chargeId: string } | undefined> };
export async function drain(key: string) {
  let job;
  while ((job = await queue.next())) {
    await stripe.refunds.create({ charge: job.chargeId }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 8 },
          line: 9,
          column: 77,
          endLine: 9,
          endColumn: 80,
        },
      ],
    },
    {
      name: 'one key for every item of pMap',
      code: `${prelude}declare function pMap<T, R>(items: T[], fn: (item: T) => Promise<R>, options?: object): Promise<R[]>;
export async function refundAll(runKey: string) {
  await pMap(items, (item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: runKey }), { concurrency: 4 });
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 7 },
          line: 7,
          column: 98,
          endLine: 7,
          endColumn: 104,
        },
      ],
    },
    {
      name: 'a loop that calls a helper with one key for every item',
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {
  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
}
export async function refundAll(runKey: string) {
  for (const item of items) await refundOne(item, runKey);
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 9 },
          line: 9,
          column: 51,
          endColumn: 57,
          endLine: 9,
        },
      ],
    },
    {
      name: 'a method that sends the request, called per item with the same key',
      code: `${prelude}export class Payouts {
  constructor(private readonly runId: string) {}
  async payAll() {
    for (const item of items) await this.payOne(item.id, this.runId);
  }
  private payOne(destination: string, runId: string) {
    return stripe.transfers.create({ amount: order.amount, currency: 'usd', destination }, { idempotencyKey: \`payout_\${runId}\` });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: '`transfers.create`', line: 8 },
          line: 8,
          column: 58,
          endLine: 8,
          endColumn: 68,
        },
      ],
    },
    {
      name: 'a key helper given only loop-invariant values',
      code: `${prelude}const opKey = (op: string, id: string) => \`\${op}_\${id}\`;
export async function refundAll(runId: string) {
  for (const item of items) {
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: opKey('refund', runId) });
  }
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 7 },
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 100,
        },
      ],
    },
    {
      name: 'a helper given a key built by a key helper from loop-invariant values',
      code: `${prelude}function opKey(op: string, id: string) {
  if (!id) throw new Error('no id');
  return [op, id].join(':').toLowerCase();
}
async function refundOne(item: { chargeId: string }, key: string) {
  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
}
export async function refundAll(runId: string) {
  for (const item of items) await refundOne(item, opKey('refund', runId));
}`,
      errors: [
        {
          messageId: 'loopInvariantKey',
          data: { operation: refundsCreate, line: 13 },
          line: 13,
          column: 51,
          endLine: 13,
          endColumn: 73,
        },
      ],
    },
    {
      name: 'a string literal key',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: 'refund' });`,
      errors: [
        {
          messageId: 'constantKey',
          data: { operation: refundsCreate, value: 'refund' },
          line: 5,
          column: 69,
          endColumn: 77,
          endLine: 5,
        },
      ],
    },
    {
      name: 'a module-level constant',
      code: `${prelude}const KEY = 'nightly-payout';
export function payout() {
  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: KEY });
}`,
      errors: [
        {
          messageId: 'constantKey',
          data: { operation: '`payouts.create`', value: 'nightly-payout' },
          line: 7,
          column: 93,
          endLine: 7,
          endColumn: 96,
        },
      ],
    },
    {
      name: 'a member of a constant object of keys',
      code: `${prelude}const KEYS = { payouts: { nightly: 'nightly-payout' } } as const;
export function payout() {
  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: KEYS.payouts.nightly });
}`,
      errors: [
        {
          messageId: 'constantKey',
          data: { operation: '`payouts.create`', value: 'nightly-payout' },
          line: 7,
          column: 93,
          endLine: 7,
          endColumn: 113,
        },
      ],
    },
    {
      name: 'a template with no dynamic part',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund-v2\` });`,
      errors: [
        {
          messageId: 'constantKey',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 80,
          data: { operation: refundsCreate, value: 'refund-v2' },
        },
      ],
    },
    {
      name: 'a constant in the Idempotency-Key header',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': 'k' + '1' } });`,
      errors: [
        {
          messageId: 'constantKey',
          line: 5,
          column: 83,
          endLine: 5,
          endColumn: 92,
          data: { operation: refundsCreate, value: 'k1' },
        },
      ],
    },
  ],
});
