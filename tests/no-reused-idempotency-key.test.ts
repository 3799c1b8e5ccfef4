import rule from '../rules/no-reused-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string; amount: number };
declare const items: { id: string; chargeId: string }[];
`;

const refundsCreate = '`refunds.create`';

typedRuleTester('stripe23').run('no-reused-idempotency-key', rule, {
  valid: [
    {
      name: 'one key per operation, told apart by a suffix',
      code: `${prelude}export async function settle(key: string) {\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`\${key}:charge\` });\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${key}:refund\` });\n}`,
    },
    {
      name: 'a retry of the same operation with the same params',
      code: `${prelude}export async function refund(key: string) {\n  try {\n    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  } catch {\n    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  }\n}`,
    },
    {
      name: 'a retry loop resends the same key with the same params',
      code: `${prelude}export async function refund(key: string) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    } catch {}\n  }\n}`,
    },
    {
      name: 'a key per item of a batch',
      code: `${prelude}export async function refundAll() {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` });\n  }\n}`,
    },
    {
      name: 'a key per item, through a binding made in the loop',
      code: `${prelude}export async function refundAll() {\n  for (const item of items) {\n    const key = \`refund_\${item.id}\`;\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }\n}`,
    },
    {
      name: 'a key per item in Promise.all(items.map(...))',
      code: `${prelude}export async function refundAll() {\n  await Promise.all(items.map((item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` })));\n}`,
    },
    {
      name: 'a key made by a call in the loop is not judged here',
      code: `${prelude}declare function keyFor(): string;\nexport async function refundAll() {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: keyFor() });\n  }\n}`,
    },
    {
      name: 'the same binding reassigned in between is another value',
      code: `${prelude}export async function settle() {\n  let key = \`charge_\${order.id}\`;\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n  key = \`refund_\${order.id}\`;\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'branches that exclude each other',
      code: `${prelude}export async function settle(key: string, refund: boolean) {\n  if (refund) {\n    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  } else {\n    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n  }\n}`,
    },
    {
      name: 'the same key in two different functions',
      code: `${prelude}export async function a(key: string) {\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}\nexport async function b(key: string) {\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'a GET does not use the key',
      code: `${prelude}export async function a(key: string) {\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  await stripe.refunds.retrieve('re_1', {}, { idempotencyKey: key });\n}`,
    },
    {
      name: 'the first use in a branch that returns is exclusive with what follows',
      code: `${prelude}export async function settle(key: string, captured: boolean) {\n  if (captured) {\n    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    return;\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'the first use in a try inside a branch that returns after it',
      code: `${prelude}export async function settle(key: string, captured: boolean) {\n  if (captured) {\n    try {\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    } catch {}\n    return;\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'the first use in a branch that continues the loop around both',
      code: `${prelude}export async function settle(refunded: Set<string>) {\n  for (const item of items) {\n    if (refunded.has(item.id)) {\n      await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`order_\${item.id}\` });\n      continue;\n    }\n    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`order_\${item.id}\` });\n  }\n}`,
    },
    {
      name: 'the first use returned from a branch without a block',
      code: `${prelude}export async function settle(key: string, captured: boolean) {\n  if (captured) return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  return stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'the first use in a branch that throws after it',
      code: `${prelude}export async function settle(key: string, disputed: boolean) {\n  if (disputed) {\n    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    throw new Error('disputed');\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'switch cases that end with break',
      code: `${prelude}export async function settle(key: string, kind: 'charge' | 'refund') {\n  switch (kind) {\n    case 'charge':\n      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n      break;\n    case 'refund':\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n      break;\n  }\n}`,
    },
    {
      name: 'a case that falls into one that returns before the later case',
      code: `${prelude}export async function settle(key: string, kind: string) {\n  switch (kind) {\n    case 'charge':\n      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n    case 'log':\n      return;\n    case 'refund':\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  }\n}`,
    },
    {
      name: 'a retry whose params differ only in formatting and property order',
      code: `${prelude}export async function refund(key: string) {\n  try {\n    return await stripe.refunds.create({ charge: order.chargeId, amount: order.amount }, { idempotencyKey: key });\n  } catch {\n    return await stripe.refunds.create(\n      {\n        amount: order.amount, // same refund\n        charge: order.chargeId as string,\n      },\n      { idempotencyKey: key },\n    );\n  }\n}`,
    },
    {
      name: 'a key per item taken from a queue',
      code: `${prelude}declare const queue: { id: string; chargeId: string }[];\nexport async function drain() {\n  while (queue.length > 0) {\n    const item = queue.shift()!;\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` });\n  }\n}`,
    },
    {
      name: 'a while loop that retries one request',
      code: `${prelude}export async function refund(key: string) {\n  let attempt = 0;\n  while (attempt++ < 3) {\n    try {\n      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    } catch {}\n  }\n}`,
    },
    {
      name: 'a key per item in pMap',
      code: `${prelude}declare function pMap<T, R>(items: T[], fn: (item: T) => Promise<R>, options?: object): Promise<R[]>;\nexport async function refundAll() {\n  await pMap(items, (item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` }), { concurrency: 4 });\n}`,
    },
    {
      name: 'a helper given a key per item',
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {\n  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n}\nexport async function refundAll() {\n  for (const item of items) await refundOne(item, \`refund_\${item.id}\`);\n}`,
    },
    {
      name: 'a helper called in a retry loop with the same item and key',
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {\n  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n}\nexport async function refund(key: string) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await refundOne(order, key);\n    } catch {}\n  }\n}`,
    },
    {
      name: 'a helper whose key does not come from its parameters is not judged at its callers',
      code: `${prelude}declare function newKey(): string;\nasync function refundOne(item: { chargeId: string }, key: string) {\n  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`\${key}_\${newKey()}\` });\n}\nexport async function refundAll(runKey: string) {\n  for (const item of items) await refundOne(item, runKey);\n}`,
    },
    {
      name: 'a key helper given the item builds a key per item',
      code: `${prelude}const opKey = (op: string, id: string) => \`\${op}_\${id}\`;\nexport async function refundAll() {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: opKey('refund', item.id) });\n  }\n}`,
    },
    {
      name: 'a key helper that reads the clock is not the same key each time',
      code: `${prelude}const stampKey = (op: string, id: string) => \`\${op}_\${id}_\${Date.now()}\`;\nexport async function refundAll(runId: string) {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: stampKey('refund', runId) });\n  }\n}`,
    },
    {
      name: 'an empty key is left to valid-idempotency-options',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: '' });`,
    },
  ],
  invalid: [
    {
      name: 'one key for a charge and a refund',
      code: `${prelude}export async function settle(key: string) {\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}export async function settle() {\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`order_\${order.id}\` });\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`order_\${order.id}\` });\n}`,
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
      code: `${prelude}export async function refundTwo(key: string, other: string) {\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  await stripe.refunds.create({ charge: other }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}declare const runKey: string;\nstripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: runKey });\nstripe.transfers.create({ amount: order.amount, currency: 'usd', destination: 'acct_1' }, { idempotencyKey: runKey });`,
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
      code: `${prelude}export async function refundAll(batchId: string) {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });\n  }\n}`,
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
      code: `${prelude}export async function refundAll(key: string) {\n  for (let i = 0; i < items.length; i++) {\n    await stripe.refunds.create({ charge: items[i].chargeId }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}declare const byCharge: Record<string, number>;\nexport async function refundAll(key: string) {\n  for (const charge in byCharge) {\n    await stripe.refunds.create({ charge }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}declare const stream: AsyncIterable<{ chargeId: string }>;\nexport async function refundAll(key: string) {\n  for await (const item of stream) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}export function refundAll(key: string) {\n  items.forEach((item) => {\n    void stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  });\n}`,
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
      code: `${prelude}export async function refundAll(key: string) {\n  await Promise.all(items.map((item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key })));\n}`,
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
      code: `${prelude}export async function refundAll(key: string) {\n  await items.reduce(async (previous, item) => {\n    await previous;\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }, Promise.resolve());\n}`,
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
      code: `${prelude}export async function settle(key: string, captured: boolean) {\n  if (captured) {\n    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}export async function settle(key: string) {\n  try {\n    await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n    return;\n  } catch {\n    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}export async function settle(key: string, captured: boolean) {\n  if (captured) {\n    try {\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n      return;\n    } catch {}\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}export async function settle(key: string) {\n  for (const item of items) {\n    if (item.id === order.id) {\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n      break;\n    }\n  }\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}export async function settle(key: string, kind: string) {\n  switch (kind) {\n    case 'charge':\n      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n    case 'refund':\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n      break;\n  }\n}`,
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
      code: `${prelude}export async function settle(key: string, kind: string, partial: boolean) {\n  switch (kind) {\n    case 'charge':\n      await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: key });\n      if (partial) break;\n    case 'refund':\n      await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  }\n}`,
      errors: [{ messageId: 'reusedKey', line: 11, column: 81, endLine: 11, endColumn: 84 }],
    },
    {
      name: 'params that differ in one value, written in another order',
      code: `${prelude}export async function refund(key: string) {\n  try {\n    return await stripe.refunds.create({ charge: order.chargeId, amount: order.amount }, { idempotencyKey: key });\n  } catch {\n    return await stripe.refunds.create({ amount: 100, charge: order.chargeId }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}export async function refund(key: string) {\n  let amount = order.amount;\n  await stripe.refunds.create({ charge: order.chargeId, amount }, { idempotencyKey: key });\n  amount = 100;\n  await stripe.refunds.create({ charge: order.chargeId, amount }, { idempotencyKey: key });\n}`,
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
      code: `${prelude}declare const queue: { id: string; chargeId: string }[];\nexport async function drain(batchId: string) {\n  while (queue.length) {\n    const item = queue.shift()!;\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });\n  }\n}`,
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
      code: `${prelude}declare const queue: { next(): Promise<{ chargeId: string } | undefined> };\nexport async function drain(key: string) {\n  let job;\n  while ((job = await queue.next())) {\n    await stripe.refunds.create({ charge: job.chargeId }, { idempotencyKey: key });\n  }\n}`,
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
      code: `${prelude}declare function pMap<T, R>(items: T[], fn: (item: T) => Promise<R>, options?: object): Promise<R[]>;\nexport async function refundAll(runKey: string) {\n  await pMap(items, (item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: runKey }), { concurrency: 4 });\n}`,
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
      code: `${prelude}async function refundOne(item: { chargeId: string }, key: string) {\n  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n}\nexport async function refundAll(runKey: string) {\n  for (const item of items) await refundOne(item, runKey);\n}`,
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
      code: `${prelude}export class Payouts {\n  constructor(private readonly runId: string) {}\n  async payAll() {\n    for (const item of items) await this.payOne(item.id, this.runId);\n  }\n  private payOne(destination: string, runId: string) {\n    return stripe.transfers.create({ amount: order.amount, currency: 'usd', destination }, { idempotencyKey: \`payout_\${runId}\` });\n  }\n}`,
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
      code: `${prelude}const opKey = (op: string, id: string) => \`\${op}_\${id}\`;\nexport async function refundAll(runId: string) {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: opKey('refund', runId) });\n  }\n}`,
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
      code: `${prelude}function opKey(op: string, id: string) {\n  if (!id) throw new Error('no id');\n  return [op, id].join(':').toLowerCase();\n}\nasync function refundOne(item: { chargeId: string }, key: string) {\n  return stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n}\nexport async function refundAll(runId: string) {\n  for (const item of items) await refundOne(item, opKey('refund', runId));\n}`,
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
      code: `${prelude}const KEY = 'nightly-payout';\nexport function payout() {\n  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: KEY });\n}`,
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
