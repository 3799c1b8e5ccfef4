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
        },
      ],
    },
    {
      name: 'the same template over the same bindings',
      code: `${prelude}export async function settle() {\n  await stripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: \`order_\${order.id}\` });\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`order_\${order.id}\` });\n}`,
      errors: [{ messageId: 'reusedKey', data: { operation: refundsCreate, earlier: '`charges.create`', line: 6 }, line: 7 }],
    },
    {
      name: 'the same operation with other params',
      code: `${prelude}export async function refundTwo(key: string, other: string) {\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  await stripe.refunds.create({ charge: other }, { idempotencyKey: key });\n}`,
      errors: [{ messageId: 'reusedKey', data: { operation: refundsCreate, earlier: refundsCreate, line: 6 }, line: 7 }],
    },
    {
      name: 'reuse at module top level',
      code: `${prelude}declare const runKey: string;\nstripe.charges.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: runKey });\nstripe.transfers.create({ amount: order.amount, currency: 'usd', destination: 'acct_1' }, { idempotencyKey: runKey });`,
      errors: [
        {
          messageId: 'reusedKey',
          data: { operation: '`transfers.create`', earlier: '`charges.create`', line: 6 },
          line: 7,
        },
      ],
    },
    {
      name: 'one key for every item of a for…of batch',
      code: `${prelude}export async function refundAll(batchId: string) {\n  for (const item of items) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });\n  }\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 6 }, line: 7, column: 78 }],
    },
    {
      name: 'an indexed for loop',
      code: `${prelude}export async function refundAll(key: string) {\n  for (let i = 0; i < items.length; i++) {\n    await stripe.refunds.create({ charge: items[i].chargeId }, { idempotencyKey: key });\n  }\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 6 } }],
    },
    {
      name: 'for…in',
      code: `${prelude}declare const byCharge: Record<string, number>;\nexport async function refundAll(key: string) {\n  for (const charge in byCharge) {\n    await stripe.refunds.create({ charge }, { idempotencyKey: key });\n  }\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 7 } }],
    },
    {
      name: 'for await',
      code: `${prelude}declare const stream: AsyncIterable<{ chargeId: string }>;\nexport async function refundAll(key: string) {\n  for await (const item of stream) {\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 7 } }],
    },
    {
      name: 'forEach with a key bound outside',
      code: `${prelude}export function refundAll(key: string) {\n  items.forEach((item) => {\n    void stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  });\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 6 } }],
    },
    {
      name: 'Promise.all over items.map',
      code: `${prelude}export async function refundAll(key: string) {\n  await Promise.all(items.map((item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key })));\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 6 } }],
    },
    {
      name: 'reduce',
      code: `${prelude}export async function refundAll(key: string) {\n  await items.reduce(async (previous, item) => {\n    await previous;\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }, Promise.resolve());\n}`,
      errors: [{ messageId: 'loopInvariantKey', data: { operation: refundsCreate, line: 6 } }],
    },
    {
      name: 'a string literal key',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: 'refund' });`,
      errors: [{ messageId: 'constantKey', data: { operation: refundsCreate, value: 'refund' }, line: 5, column: 69, endColumn: 77 }],
    },
    {
      name: 'a module-level constant',
      code: `${prelude}const KEY = 'nightly-payout';\nexport function payout() {\n  return stripe.payouts.create({ amount: order.amount, currency: 'usd' }, { idempotencyKey: KEY });\n}`,
      errors: [{ messageId: 'constantKey', data: { operation: '`payouts.create`', value: 'nightly-payout' }, line: 7 }],
    },
    {
      name: 'a template with no dynamic part',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund-v2\` });`,
      errors: [{ messageId: 'constantKey', data: { operation: refundsCreate, value: 'refund-v2' } }],
    },
    {
      name: 'a constant in the Idempotency-Key header',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': 'k' + '1' } });`,
      errors: [{ messageId: 'constantKey', data: { operation: refundsCreate, value: 'k1' } }],
    },
  ],
});
