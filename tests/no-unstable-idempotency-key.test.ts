import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string; createdAt: string };
declare const db: { save(record: object): Promise<void>; transaction(work: (tx: { insert(row: object): Promise<void> }) => Promise<void>): Promise<void> };
`;

const refundsCreate = '`refunds.create`';

typedRuleTester('stripe23').run('no-unstable-idempotency-key', rule, {
  valid: [
    {
      name: 'a key from the order id',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
    },
    {
      name: 'uuid v5 is deterministic',
      code: `${prelude}import { v5 } from 'uuid';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v5(order.id, '6ba7b810-9dad-11d1-80b4-00c04fd430c8') });`,
    },
    {
      name: 'a hash of stable input',
      code: `${prelude}import { createHash } from 'node:crypto';\nconst key = createHash('sha256').update(order.id).digest('hex');\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });`,
    },
    {
      name: 'a date built from a stored timestamp is stable',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${new Date(order.createdAt).getTime()}\` });`,
    },
    {
      name: 'a webhook event id',
      code: `${prelude}declare const event: Stripe.Event;\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`evt_\${event.id}\` });`,
    },
    {
      name: 'a parameter is a stable input',
      code: `${prelude}export function refund(key: string) {\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'a random key stored before the call',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  await db.save({ orderId: order.id, key });\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'a random key stored through an object that holds it',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  const attempt = { orderId: order.id, key };\n  await db.save(attempt);\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'a random key assigned onto a non-local object',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund(job: { key?: string }) {\n  const key = randomUUID();\n  job.key = key;\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
    },
    {
      name: 'a stored random key created before the retry loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  await db.save({ key });\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    } catch {}\n  }\n}`,
    },
    {
      name: 'a new stored key per item of a batch loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refundAll(items: { chargeId: string }[]) {\n  for (const item of items) {\n    const key = randomUUID();\n    await db.save({ item, key });\n    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });\n  }\n}`,
    },
    {
      name: 'a stable key from a helper in another file',
      code: `${prelude}import { orderKey } from './keys';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: orderKey(order.id, 'refund') });`,
    },
    {
      name: 'a stable key through a method chain in another file',
      code: `${prelude}import { KeyFactory } from './keys';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new KeyFactory().forRefund(order.id) });`,
    },
    {
      name: 'a local function that happens to be called v4',
      code: `${prelude}const v4 = (value: string) => value.toLowerCase();\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v4(order.id) });`,
    },
    {
      name: 'a shadowed Date is not the clock',
      code: `${prelude}const Date = { now: () => order.id };\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: Date.now() });`,
    },
    {
      name: 'storeCalls: a key stored inside a transaction callback',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  await db.transaction(async (tx) => { await tx.insert({ key }); });\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
      options: [{ storeCalls: ['tx.insert'] }],
    },
    {
      name: 'an unconfigured id library is not guessed at',
      code: `${prelude}import { newId } from 'my-ids';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newId() });`,
    },
    {
      name: 'a GET is not this rule’s concern',
      code: `${prelude}stripe.customers.retrieve(order.customerId, {}, { idempotencyKey: \`\${Date.now()}\` });`,
    },
    {
      name: 'a stable key in the Idempotency-Key header',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': \`refund_\${order.id}\` } });`,
    },
  ],
  invalid: [
    {
      name: 'Date.now() in the key',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${Date.now()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 5' },
          line: 5,
          column: 69,
          endColumn: 91,
        },
      ],
    },
    {
      name: 'new Date() and its getters',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new Date().toISOString() });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'new Date()', where: ' at line 5' } }],
    },
    {
      name: 'process.hrtime.bigint()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: String(process.hrtime.bigint()) });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'process.hrtime.bigint()', where: ' at line 5' } }],
    },
    {
      name: 'Date() called as a function',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: 'refund-' + Date() });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'Date()', where: ' at line 5' } }],
    },
    {
      name: 'performance.now()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${performance.now()}\` });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'performance.now()', where: ' at line 5' } }],
    },
    {
      name: 'crypto.getRandomValues()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: crypto.getRandomValues(new Uint32Array(4)).join('') });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'crypto.getRandomValues()', where: ' at line 5' } }],
    },
    {
      name: 'a time source in a helper in another file',
      code: `${prelude}import { timeKey } from './keys';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: timeKey('refund') });`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: refundsCreate, source: 'Date.now()', where: ' in timeKey() at keys.ts:5' },
          line: 6,
          column: 69,
        },
      ],
    },
    {
      name: 'a time source on one branch of a conditional',
      code: `${prelude}declare const retrying: boolean;\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: retrying ? order.id : Date.now().toString() });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 6' } }],
    },
    {
      name: 'global crypto.randomUUID() inline',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: crypto.randomUUID() });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'crypto.randomUUID()', where: ' at line 5' },
          line: 5,
          column: 69,
        },
      ],
    },
    {
      name: 'uuid v4 under another name',
      code: `${prelude}import { v4 as makeId } from 'uuid';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: makeId() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'makeId()', where: ' at line 6' } }],
    },
    {
      name: 'uuid as a namespace',
      code: `${prelude}import * as uuid from 'uuid';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${uuid.v4()}\` });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'uuid.v4()', where: ' at line 6' } }],
    },
    {
      name: 'uuid through require',
      code: `${prelude}const { v7 } = require('uuid') as typeof import('uuid');\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v7() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'v7()', where: ' at line 6' } }],
    },
    {
      name: 'randomBytes from node:crypto',
      code: `${prelude}import { randomBytes } from 'node:crypto';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: randomBytes(16).toString('hex') });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomBytes()', where: ' at line 6' } }],
    },
    {
      name: 'a nanoid generator from customAlphabet',
      code: `${prelude}import { customAlphabet } from 'nanoid';\nconst makeId = customAlphabet('abc', 12);\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: makeId() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'makeId()', where: ' at line 7' } }],
    },
    {
      name: 'cuid2',
      code: `${prelude}import { createId } from '@paralleldrive/cuid2';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: createId() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'createId()', where: ' at line 6' } }],
    },
    {
      name: 'a new bson ObjectId',
      code: `${prelude}import { ObjectId } from 'bson';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new ObjectId().toHexString() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'new ObjectId()', where: ' at line 6' } }],
    },
    {
      name: 'Math.random()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id + Math.random() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'Math.random()', where: ' at line 5' } }],
    },
    {
      name: 'a random key held in a variable and never stored',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
      errors: [
        { messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' }, line: 8, column: 78 },
      ],
    },
    {
      name: 'logging a key does not store it',
      code: `${prelude}import { randomUUID } from 'node:crypto';\ndeclare const logger: { info(message: string, meta?: object): void };\nexport async function refund() {\n  const key = randomUUID();\n  console.log(key);\n  logger.info('refunding', { key });\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
      errors: [{ messageId: 'randomSource' }],
    },
    {
      name: 'storing after the call is too late',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  const refund = await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n  await db.save({ key, refund });\n}`,
      errors: [{ messageId: 'randomSource' }],
    },
    {
      name: 'without storeCalls, a key stored inside a callback is not seen',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  const key = randomUUID();\n  await db.transaction(async (tx) => { await tx.insert({ key }); });\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n}`,
      errors: [{ messageId: 'randomSource' }],
    },
    {
      name: 'a random helper in another file, through a method',
      code: `${prelude}import { KeyFactory } from './keys';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new KeyFactory().fresh() });`,
      errors: [
        { messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomUUID()', where: ' in randomKey() at keys.ts:12' } },
      ],
    },
    {
      name: 'a random argument passed through a same-file helper',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nfunction withPrefix(value: string) {\n  return 'refund_' + value;\n}\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: withPrefix(randomUUID()) });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 9' } }],
    },
    {
      name: 'a let reassigned from a random source',
      code: `${prelude}declare const retrying: boolean;\nlet key = order.id;\nif (retrying) key = \`\${order.id}_\${Math.random()}\`;\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'Math.random()', where: ' at line 7' } }],
    },
    {
      name: 'a client-supplied key with a random fallback',
      code: `${prelude}import { randomUUID } from 'node:crypto';\ndeclare const headerKey: string | undefined;\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: headerKey ?? randomUUID() });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' }, column: 69 }],
    },
    {
      name: 'an object property built in the same function',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nconst ids = { refund: randomUUID() };\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: ids.refund });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' } }],
    },
    {
      name: 'a stored key generated inside a retry loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';\nexport async function refund() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    const key = randomUUID();\n    await db.save({ key });\n    try {\n      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });\n    } catch {}\n  }\n}`,
      errors: [
        { messageId: 'randomInRetryLoop', data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 8', loopLine: 7 } },
      ],
    },
    {
      name: 'a key generated inside while (true)',
      code: `${prelude}import { v4 } from 'uuid';\nexport async function refund() {\n  while (true) {\n    try {\n      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v4() });\n    } catch {}\n  }\n}`,
      errors: [{ messageId: 'randomInRetryLoop', data: { operation: refundsCreate, source: 'v4()', where: ' at line 9', loopLine: 7 } }],
    },
    {
      name: 'a random key in the Idempotency-Key header',
      code: `${prelude}import { v4 } from 'uuid';\nstripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': v4() } });`,
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'v4()', where: ' at line 6' }, line: 6, column: 83 }],
    },
    {
      name: 'a key doubled through 18 bindings stays linear to trace',
      code: `${prelude}const k0 = \`\${Date.now()}\`;\nconst k1 = \`\${k0}-\${k0}\`;\nconst k2 = \`\${k1}-\${k1}\`;\nconst k3 = \`\${k2}-\${k2}\`;\nconst k4 = \`\${k3}-\${k3}\`;\nconst k5 = \`\${k4}-\${k4}\`;\nconst k6 = \`\${k5}-\${k5}\`;\nconst k7 = \`\${k6}-\${k6}\`;\nconst k8 = \`\${k7}-\${k7}\`;\nconst k9 = \`\${k8}-\${k8}\`;\nconst k10 = \`\${k9}-\${k9}\`;\nconst k11 = \`\${k10}-\${k10}\`;\nconst k12 = \`\${k11}-\${k11}\`;\nconst k13 = \`\${k12}-\${k12}\`;\nconst k14 = \`\${k13}-\${k13}\`;\nconst k15 = \`\${k14}-\${k14}\`;\nconst k16 = \`\${k15}-\${k15}\`;\nconst k17 = \`\${k16}-\${k16}\`;\nconst k18 = \`\${k17}-\${k17}\`;\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: k18 });`,
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 5' }, line: 24 }],
    },
    {
      name: 'mutually recursive helpers give the same answer whichever is traced first',
      code: `${prelude}function a(n: number): string {\n  return n > 0 ? b(n - 1) : 'x';\n}\nfunction b(n: number): string {\n  return n > 0 ? a(n - 1) : \`\${Date.now()}\`;\n}\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: b(1) });\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: a(1) });`,
      errors: [
        { messageId: 'timeSource', data: { operation: refundsCreate, source: 'Date.now()', where: ' in b() at line 9' }, line: 11 },
        { messageId: 'timeSource', data: { operation: refundsCreate, source: 'Date.now()', where: ' in b() at line 9' }, line: 12 },
      ],
    },
    {
      name: 'randomSources adds a generator',
      code: `${prelude}import { newId } from 'my-ids';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newId() });`,
      options: [{ randomSources: [{ module: 'my-ids', export: 'newId' }] }],
      errors: [{ messageId: 'randomSource', data: { operation: refundsCreate, source: 'newId()', where: ' at line 6' } }],
    },
    {
      name: 'timeSources adds a clock',
      code: `${prelude}import { clock } from 'my-ids';\nstripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`r_\${clock()}\` });`,
      options: [{ timeSources: [{ module: 'my-ids', export: 'clock' }] }],
      errors: [{ messageId: 'timeSource', data: { operation: refundsCreate, source: 'clock()', where: ' at line 6' } }],
    },
  ],
});
