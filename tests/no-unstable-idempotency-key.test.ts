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
      code: `${prelude}import { v5 } from 'uuid';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v5(order.id, '6ba7b810-9dad-11d1-80b4-00c04fd430c8') });`,
    },
    {
      name: 'a hash of stable input',
      code: `${prelude}import { createHash } from 'node:crypto';
const key = createHash('sha256').update(order.id).digest('hex');
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });`,
    },
    {
      name: 'a date built from a stored timestamp is stable',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${new Date(order.createdAt).getTime()}\` });`,
    },
    {
      name: 'a webhook event id',
      code: `${prelude}declare const event: Stripe.Event;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`evt_\${event.id}\` });`,
    },
    {
      name: 'now() of a module of the app’s own is no time source',
      code: `${prelude}import { performance } from './metrics';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${performance.now()}\` });`,
    },
    {
      name: 'a parameter is a stable input',
      code: `${prelude}export function refund(key: string) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a random key stored before the call',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  await db.save({ orderId: order.id, key });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a random key stored through an object that holds it',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  const attempt = { orderId: order.id, key };
  await db.save(attempt);
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a key replaced before the call and stored again',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  let key = randomUUID();
  await db.save({ key });
  key = randomUUID();
  await db.save({ key });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a random key assigned onto a non-local object',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund(job: { key?: string }) {
  const key = randomUUID();
  job.key = key;
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a stored random key created before the retry loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  await db.save({ key });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
    },
    {
      name: 'a new stored key per item of a batch loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refundAll(items: { chargeId: string }[]) {
  for (const item of items) {
    const key = randomUUID();
    await db.save({ item, key });
    await stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: key });
  }
}`,
    },
    {
      name: 'a stable key from a helper in another file',
      code: `${prelude}import { orderKey } from './keys';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: orderKey(order.id, 'refund') });`,
    },
    {
      name: 'a stable key through a method chain in another file',
      code: `${prelude}import { KeyFactory } from './keys';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new KeyFactory().forRefund(order.id) });`,
    },
    {
      name: 'a local function that happens to be called v4',
      code: `${prelude}const v4 = (value: string) => value.toLowerCase();
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v4(order.id) });`,
    },
    {
      name: 'a shadowed Date is not the clock',
      code: `${prelude}const Date = { now: () => order.id };
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: Date.now() });`,
    },
    {
      name: 'storeCalls: a key stored inside a transaction callback',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  await db.transaction(async (tx) => { await tx.insert({ key }); });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      options: [{ storeCalls: ['tx.insert'] }],
    },
    {
      name: 'storeCalls: a key stored inside the callback of a call that is not awaited',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  void db.transaction(async (tx) => { await tx.insert({ key }); });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      options: [{ storeCalls: ['tx.insert'] }],
    },
    {
      name: 'an unconfigured id library is not guessed at',
      code: `${prelude}import { newId } from 'my-ids';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newId() });`,
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
          endLine: 5,
        },
      ],
    },
    {
      name: 'new Date() and its getters',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new Date().toISOString() });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 93,
          data: { operation: refundsCreate, source: 'new Date()', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'process.hrtime.bigint()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: String(process.hrtime.bigint()) });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 100,
          data: {
            operation: refundsCreate,
            source: 'process.hrtime.bigint()',
            where: ' at line 5',
          },
        },
      ],
    },
    {
      name: 'Date() called as a function',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: 'refund-' + Date() });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 87,
          data: { operation: refundsCreate, source: 'Date()', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'performance.now()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${performance.now()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 98,
          data: { operation: refundsCreate, source: 'performance.now()', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'performance.now() imported from node:perf_hooks',
      code: `${prelude}import { performance } from 'node:perf_hooks';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${performance.now()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 98,
          data: { operation: refundsCreate, source: 'performance.now()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'hrtime.bigint() imported from node:process',
      code: `${prelude}import { hrtime } from 'node:process';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: String(hrtime.bigint()) });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 92,
          data: { operation: refundsCreate, source: 'hrtime.bigint()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'process.hrtime() of the default export of process',
      code: `${prelude}import process from 'process';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: String(process.hrtime()[1]) });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 96,
          data: { operation: refundsCreate, source: 'process.hrtime()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'webcrypto.randomUUID() imported from node:crypto',
      code: `${prelude}import { webcrypto } from 'node:crypto';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: webcrypto.randomUUID() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 91,
          data: { operation: refundsCreate, source: 'webcrypto.randomUUID()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'crypto.getRandomValues()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: crypto.getRandomValues(new Uint32Array(4)).join('') });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 120,
          data: {
            operation: refundsCreate,
            source: 'crypto.getRandomValues()',
            where: ' at line 5',
          },
        },
      ],
    },
    {
      name: 'a time source in a helper in another file',
      code: `${prelude}import { timeKey } from './keys';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: timeKey('refund') });`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: refundsCreate,
            source: 'Date.now()',
            where: ' in timeKey() at keys.ts:5',
          },
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 86,
        },
      ],
    },
    {
      name: 'a time source on one branch of a conditional',
      code: `${prelude}declare const retrying: boolean;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: retrying ? order.id : Date.now().toString() });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 112,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 6' },
        },
      ],
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
          endLine: 5,
          endColumn: 88,
        },
      ],
    },
    {
      name: 'crypto through globalThis',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: globalThis.crypto?.randomUUID() ?? order.id });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 112,
          data: {
            operation: refundsCreate,
            source: 'globalThis.crypto?.randomUUID()',
            where: ' at line 5',
          },
        },
      ],
    },
    {
      name: 'uuid v4 under another name',
      code: `${prelude}import { v4 as makeId } from 'uuid';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: makeId() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 77,
          data: { operation: refundsCreate, source: 'makeId()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'uuid as a namespace',
      code: `${prelude}import * as uuid from 'uuid';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${uuid.v4()}\` });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 90,
          data: { operation: refundsCreate, source: 'uuid.v4()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'uuid through require',
      code: `${prelude}const { v7 } = require('uuid') as typeof import('uuid');
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v7() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 73,
          data: { operation: refundsCreate, source: 'v7()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'randomBytes from node:crypto',
      code: `${prelude}import { randomBytes } from 'node:crypto';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: randomBytes(16).toString('hex') });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 100,
          data: { operation: refundsCreate, source: 'randomBytes()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'a nanoid generator from customAlphabet',
      code: `${prelude}import { customAlphabet } from 'nanoid';
const makeId = customAlphabet('abc', 12);
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: makeId() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 7,
          column: 69,
          endLine: 7,
          endColumn: 77,
          data: { operation: refundsCreate, source: 'makeId()', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'cuid2',
      code: `${prelude}import { createId } from '@paralleldrive/cuid2';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: createId() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 79,
          data: { operation: refundsCreate, source: 'createId()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'a new bson ObjectId',
      code: `${prelude}import { ObjectId } from 'bson';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new ObjectId().toHexString() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 97,
          data: { operation: refundsCreate, source: 'new ObjectId()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'Math.random()',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id + Math.random() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 93,
          data: { operation: refundsCreate, source: 'Math.random()', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'Math.random and Date.now destructured from their globals',
      code: `${prelude}const { random } = Math;
const { now } = Date;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id + random() });
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:\${now()}\` });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 7,
          column: 69,
          endLine: 7,
          endColumn: 88,
          data: { operation: refundsCreate, source: 'random()', where: ' at line 7' },
        },
        {
          messageId: 'timeSource',
          line: 8,
          column: 69,
          endLine: 8,
          endColumn: 91,
          data: { operation: refundsCreate, source: 'now()', where: ' at line 8' },
        },
      ],
    },
    {
      name: 'a random key held in a variable and never stored',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' },
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 81,
        },
      ],
    },
    {
      name: 'logging a key does not store it',
      code: `${prelude}import { randomUUID } from 'node:crypto';
declare const logger: { info(message: string, meta?: object): void };
export async function refund() {
  const key = randomUUID();
  console.log(key);
  logger.info('refunding', { key });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [{ messageId: 'randomSource', line: 11, column: 78, endLine: 11, endColumn: 81 }],
    },
    {
      name: "formatting a key with node:util's functions imported by name does not store it",
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { format, inspect } from 'node:util';
export async function refund() {
  const key = randomUUID();
  const line = format('refund %s', key);
  const shown = inspect({ key });
  return stripe.refunds.create({ charge: order.chargeId, metadata: { line, shown } }, { idempotencyKey: key });
}`,
      errors: [{ messageId: 'randomSource', line: 11, column: 105, endLine: 11, endColumn: 108 }],
    },
    {
      name: 'a stored key replaced by a new one before the call',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  let key = randomUUID();
  await db.save({ key });
  key = randomUUID();
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [{ messageId: 'randomSource', line: 10, column: 78, endLine: 10, endColumn: 81 }],
    },
    {
      name: 'storing after the call is too late',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  const refund = await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  await db.save({ key, refund });
}`,
      errors: [{ messageId: 'randomSource', line: 8, column: 92, endLine: 8, endColumn: 95 }],
    },
    {
      name: 'a key stored inside the callback of a call that is not awaited: it may run after the request',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  void db.transaction(async (tx) => { await tx.insert({ key }); });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' },
          line: 9,
          column: 78,
          endLine: 9,
          endColumn: 81,
        },
      ],
    },
    {
      name: 'a random helper in another file, through a method',
      code: `${prelude}import { KeyFactory } from './keys';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: new KeyFactory().fresh() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 93,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in randomKey() at keys.ts:12',
          },
        },
      ],
    },
    {
      name: 'a random argument passed through a same-file helper',
      code: `${prelude}import { randomUUID } from 'node:crypto';
function withPrefix(value: string) {
  return 'refund_' + value;
}
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: withPrefix(randomUUID()) });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 9,
          column: 69,
          endLine: 9,
          endColumn: 93,
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'a let reassigned from a random source',
      code: `${prelude}declare const retrying: boolean;
let key = order.id;
if (retrying) key = \`\${order.id}_\${Math.random()}\`;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 8,
          column: 69,
          endLine: 8,
          endColumn: 72,
          data: { operation: refundsCreate, source: 'Math.random()', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'a client-supplied key with a random fallback',
      code: `${prelude}import { randomUUID } from 'node:crypto';
declare const headerKey: string | undefined;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: headerKey ?? randomUUID() });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' },
          column: 69,
          line: 7,
          endLine: 7,
          endColumn: 94,
        },
      ],
    },
    {
      name: 'an object property built in the same function',
      code: `${prelude}import { randomUUID } from 'node:crypto';
const ids = { refund: randomUUID() };
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: ids.refund });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 7,
          column: 69,
          endLine: 7,
          endColumn: 79,
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'a stored key generated inside a retry loop',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = randomUUID();
    await db.save({ key });
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'randomInRetryLoop',
          line: 11,
          column: 88,
          endLine: 11,
          endColumn: 91,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' at line 8',
            loopLine: 7,
          },
        },
      ],
    },
    {
      name: 'a key generated inside while (true)',
      code: `${prelude}import { v4 } from 'uuid';
export async function refund() {
  while (true) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: v4() });
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'randomInRetryLoop',
          line: 9,
          column: 88,
          endLine: 9,
          endColumn: 92,
          data: { operation: refundsCreate, source: 'v4()', where: ' at line 9', loopLine: 7 },
        },
      ],
    },
    {
      name: 'a random key in the Idempotency-Key header',
      code: `${prelude}import { v4 } from 'uuid';
stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': v4() } });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'v4()', where: ' at line 6' },
          line: 6,
          column: 83,
          endLine: 6,
          endColumn: 87,
        },
      ],
    },
    {
      name: 'a random key under a header name held in a const',
      code: `${prelude}import { v4 } from 'uuid';
const IDEMPOTENCY_HEADER = 'Idempotency-Key';
stripe.refunds.create({ charge: order.chargeId }, { headers: { [IDEMPOTENCY_HEADER]: v4() } });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'v4()', where: ' at line 7' },
          line: 7,
          column: 86,
          endLine: 7,
          endColumn: 90,
        },
      ],
    },
    {
      name: 'a key doubled through 18 bindings stays linear to trace',
      code: `${prelude}const k0 = \`\${Date.now()}\`;
const k1 = \`\${k0}-\${k0}\`;
const k2 = \`\${k1}-\${k1}\`;
const k3 = \`\${k2}-\${k2}\`;
const k4 = \`\${k3}-\${k3}\`;
const k5 = \`\${k4}-\${k4}\`;
const k6 = \`\${k5}-\${k5}\`;
const k7 = \`\${k6}-\${k6}\`;
const k8 = \`\${k7}-\${k7}\`;
const k9 = \`\${k8}-\${k8}\`;
const k10 = \`\${k9}-\${k9}\`;
const k11 = \`\${k10}-\${k10}\`;
const k12 = \`\${k11}-\${k11}\`;
const k13 = \`\${k12}-\${k12}\`;
const k14 = \`\${k13}-\${k13}\`;
const k15 = \`\${k14}-\${k14}\`;
const k16 = \`\${k15}-\${k15}\`;
const k17 = \`\${k16}-\${k16}\`;
const k18 = \`\${k17}-\${k17}\`;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: k18 });`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 5' },
          line: 24,
          column: 69,
          endLine: 24,
          endColumn: 72,
        },
      ],
    },
    {
      name: 'mutually recursive helpers give the same answer whichever is traced first',
      code: `${prelude}function a(n: number): string {
  return n > 0 ? b(n - 1) : 'x';
}
function b(n: number): string {
  return n > 0 ? a(n - 1) : \`\${Date.now()}\`;
}
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: b(1) });
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: a(1) });`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: refundsCreate, source: 'Date.now()', where: ' in b() at line 9' },
          line: 11,
          column: 69,
          endLine: 11,
          endColumn: 73,
        },
        {
          messageId: 'timeSource',
          data: { operation: refundsCreate, source: 'Date.now()', where: ' in b() at line 9' },
          line: 12,
          column: 69,
          endLine: 12,
          endColumn: 73,
        },
      ],
    },
    {
      name: 'randomSources adds a generator',
      code: `${prelude}import { newId } from 'my-ids';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newId() });`,
      options: [{ randomSources: [{ module: 'my-ids', export: 'newId' }] }],
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 76,
          data: { operation: refundsCreate, source: 'newId()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'timeSources adds a clock',
      code: `${prelude}import { clock } from 'my-ids';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`r_\${clock()}\` });`,
      options: [{ timeSources: [{ module: 'my-ids', export: 'clock' }] }],
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 83,
          data: { operation: refundsCreate, source: 'clock()', where: ' at line 6' },
        },
      ],
    },
  ],
});

// The key inside request options built anywhere: helpers in request-options.ts.
typedRuleTester('stripe23').run('no-unstable-idempotency-key: options from anywhere', rule, {
  valid: [
    {
      name: 'a helper that builds options from the operation',
      code: `${prelude}import { stableOptions } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, stableOptions('refund', order.id));`,
    },
    {
      name: 'a stable key put into options by a helper',
      code: `${prelude}import { withKey } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, withKey({ stripeAccount: 'acct_1' }, \`refund_\${order.id}\`));`,
    },
    {
      name: 'a helper that adds an account to stable options',
      code: `${prelude}import { stableOptions, withAccount } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, withAccount(stableOptions('refund', order.id), 'acct_1'));`,
    },
    {
      name: 'a later stable key overrides a random one spread in',
      code: `${prelude}import { requestOptions } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, { ...requestOptions({ source: 'refund' }), idempotencyKey: \`refund_\${order.id}\` });`,
    },
    {
      name: 'a method that builds options from a stable key',
      code: `${prelude}import { PaymentsService } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, new PaymentsService('acct_1').options(\`refund_\${order.id}\`));`,
    },
    {
      name: 'options whose key a get-or-create helper returns',
      code: `${prelude}import { refundOptions } from './request-options';
export async function refund() {
  return stripe.refunds.create({ charge: order.chargeId }, await refundOptions(order.id));
}`,
    },
    {
      name: 'options a helper hands to the callback, around a stable key',
      code: `${prelude}import { withIdempotency } from './request-options';
withIdempotency((options) => stripe.refunds.create({ charge: order.chargeId }, options), \`refund_\${order.id}\`);`,
    },
    {
      name: 'options a helper hands to the callback, around a key stored before',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { withIdempotency } from './request-options';
export async function refund() {
  const key = randomUUID();
  await db.save({ key });
  return withIdempotency((options) => stripe.refunds.create({ charge: order.chargeId }, options), key);
}`,
    },
    {
      name: 'forwarded options: what the caller passes is not known here',
      code: `${prelude}export function refund(options: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, options);
}`,
    },
  ],
  invalid: [
    {
      name: 'a helper returns options whose key another helper makes random',
      code: `${prelude}import { requestOptions } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, requestOptions({ source: 'refund' }));`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in buildKey() at request-options.ts:8',
          },
          line: 6,
          column: 51,
          endColumn: 87,
          endLine: 6,
        },
      ],
    },
    {
      name: 'a const bound to a helper’s options',
      code: `${prelude}import { requestOptions } from './request-options';
const options = requestOptions({ source: 'refund' });
stripe.refunds.create({ charge: order.chargeId }, options);`,
      errors: [
        {
          messageId: 'randomSource',
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in buildKey() at request-options.ts:8',
          },
          line: 7,
          column: 51,
          endLine: 7,
          endColumn: 58,
        },
      ],
    },
    {
      name: 'a spread of options holding a random key: reported where the key is written',
      code: `${prelude}import { randomUUID } from 'node:crypto';
const base = { idempotencyKey: randomUUID() };
stripe.refunds.create({ charge: order.chargeId }, { ...base, stripeAccount: 'acct_1' });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
          line: 6,
          column: 32,
          endLine: 6,
          endColumn: 44,
        },
      ],
    },
    {
      name: 'options chosen between objects of the function: reported at the unstable key',
      code: `${prelude}import { nanoid } from 'nanoid';
export function refund(live: boolean) {
  const liveOptions = { idempotencyKey: \`refund:\${order.id}\` };
  const testOptions = { idempotencyKey: nanoid() };
  return stripe.refunds.create({ charge: order.chargeId }, live ? liveOptions : testOptions);
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'nanoid()', where: ' at line 8' },
          line: 8,
          column: 41,
          endLine: 8,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'options chosen at the call, a key written in one branch: reported at the key',
      code: `${prelude}function customerKey(id: string) {
  return \`create-cus:\${id}:\${Math.floor(Date.now() / 5000)}\`;
}
export function create(key?: string) {
  const idempotencyKey = key ?? customerKey(order.id);
  return stripe.customers.create(
    { email: 'a@example.com' },
    idempotencyKey
      ? {
          idempotencyKey,
        }
      : undefined,
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: '`customers.create`',
            source: 'Date.now()',
            where: ' in customerKey() at line 6',
          },
          line: 14,
          column: 11,
          endLine: 14,
          endColumn: 25,
        },
      ],
    },
    {
      name: 'a spread of a module-level object in a function: reported at the options',
      code: `${prelude}import { randomUUID } from 'node:crypto';
const base = { idempotencyKey: randomUUID() };
export function refund() {
  return stripe.refunds.create({ charge: order.chargeId }, { ...base, stripeAccount: 'acct_1' });
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
          line: 8,
          column: 60,
          endLine: 8,
          endColumn: 96,
        },
      ],
    },
    {
      name: 'a conditional between stable and timed options',
      code: `${prelude}import { stableOptions, timedOptions } from './request-options';
declare const retrying: boolean;
stripe.refunds.create({ charge: order.chargeId }, retrying ? stableOptions('refund', order.id) : timedOptions('refund'));`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: refundsCreate,
            source: 'Date.now()',
            where: ' in timedOptions() at request-options.ts:27',
          },
          line: 7,
          column: 51,
          endLine: 7,
          endColumn: 120,
        },
      ],
    },
    {
      name: 'a random key put into options by a helper',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { withKey } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, withKey({ stripeAccount: 'acct_1' }, randomUUID()));`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' },
          line: 7,
          column: 88,
          endLine: 7,
          endColumn: 100,
        },
      ],
    },
    {
      name: 'options passed through a helper that spreads them',
      code: `${prelude}import { requestOptions, withAccount } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, withAccount(requestOptions({ source: 'refund' }), 'acct_1'));`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 51,
          endLine: 6,
          endColumn: 110,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in buildKey() at request-options.ts:8',
          },
        },
      ],
    },
    {
      name: 'a method building options from a random key, in another file',
      code: `${prelude}import { PaymentsService } from './request-options';
stripe.refunds.create({ charge: order.chargeId }, new PaymentsService('acct_1').freshOptions());`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 51,
          endLine: 6,
          endColumn: 95,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in freshOptions() at request-options.ts:41',
          },
        },
      ],
    },
    {
      name: 'this.options(key) with a random key',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export class Refunds {
  options(idempotencyKey: string) {
    return { idempotencyKey, maxNetworkRetries: 2 };
  }
  refund() {
    return stripe.refunds.create({ charge: order.chargeId }, this.options(randomUUID()));
  }
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 11' },
          line: 11,
          column: 75,
          endLine: 11,
          endColumn: 87,
        },
      ],
    },
    {
      name: 'options a helper hands to the callback, around a random key',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { withIdempotency } from './request-options';
withIdempotency((options) => stripe.refunds.create({ charge: order.chargeId }, options), randomUUID());`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 7' },
          line: 7,
          column: 80,
          endLine: 7,
          endColumn: 87,
        },
      ],
    },
    {
      name: 'options a retry helper builds with a new key on every attempt',
      code: `${prelude}import { withStripeRetry } from './request-options';
withStripeRetry((options) => stripe.refunds.create({ charge: order.chargeId }, options));`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 80,
          endLine: 6,
          endColumn: 87,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in withStripeRetry() at request-options.ts:54',
          },
        },
      ],
    },
    {
      name: 'options held in a property of a config object',
      code: `${prelude}import { timedOptions } from './request-options';
const config = { options: timedOptions('refund') };
stripe.refunds.create({ charge: order.chargeId }, config.options);`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: refundsCreate,
            source: 'Date.now()',
            where: ' in timedOptions() at request-options.ts:27',
          },
          line: 7,
          column: 51,
          endLine: 7,
          endColumn: 65,
        },
      ],
    },
  ],
});

// Sources known by their import declarations: unresolved.ts imports packages that are not installed.
typedRuleTester('stripe23').run(
  'no-unstable-idempotency-key: sources whose types do not resolve',
  rule,
  {
    valid: [
      {
        name: 'an unresolved hash of stable input',
        code: `${prelude}import { stableHash } from './unresolved';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: stableHash(order.id) });`,
      },
      {
        name: 'an unresolved time library given a stored date',
        code: `${prelude}import dayjs from 'dayjs';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${dayjs(order.createdAt).unix()}\` });`,
      },
    ],
    invalid: [
      {
        name: 'ulid from a package that is not installed, in a helper',
        code: `${prelude}import { newKey } from './unresolved';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newKey('refund') });`,
        errors: [
          {
            messageId: 'randomSource',
            line: 6,
            column: 69,
            endLine: 6,
            endColumn: 85,
            data: {
              operation: refundsCreate,
              source: 'ulid()',
              where: ' in newKey() at unresolved.ts:9',
            },
          },
        ],
      },
      {
        name: 'an unresolved hash of a time bucket is still a time key',
        code: `${prelude}import { hashedKey } from './unresolved';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: hashedKey(order.id) });`,
        errors: [
          {
            messageId: 'timeSource',
            line: 6,
            column: 69,
            endLine: 6,
            endColumn: 88,
            data: {
              operation: refundsCreate,
              source: 'Date.now()',
              where: ' in hashedKey() at unresolved.ts:13',
            },
          },
        ],
      },
      {
        name: 'an unresolved time library in a helper',
        code: `${prelude}import { dayKey } from './unresolved';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: dayKey(order.id) });`,
        errors: [
          {
            messageId: 'timeSource',
            line: 6,
            column: 69,
            endLine: 6,
            endColumn: 85,
            data: {
              operation: refundsCreate,
              source: 'dayjs()',
              where: ' in dayKey() at unresolved.ts:11',
            },
          },
        ],
      },
      {
        name: 'a re-export of an unresolved generator under another name',
        code: `${prelude}import { newId } from './unresolved';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: newId() });`,
        errors: [
          {
            messageId: 'randomSource',
            line: 6,
            column: 69,
            endLine: 6,
            endColumn: 76,
            data: { operation: refundsCreate, source: 'newId()', where: ' at line 6' },
          },
        ],
      },
      {
        name: 'a dynamic import of an unresolved generator',
        code: `${prelude}export async function refund() {
  const { ulid } = await import('ulid');
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: ulid() });
}`,
        errors: [
          {
            messageId: 'randomSource',
            line: 7,
            column: 78,
            endLine: 7,
            endColumn: 84,
            data: { operation: refundsCreate, source: 'ulid()', where: ' at line 7' },
          },
        ],
      },
    ],
  },
);

// Stores across closures, awaited callbacks and helpers: key-store.ts.
typedRuleTester('stripe23').run('no-unstable-idempotency-key: stores the analysis must see', rule, {
  valid: [
    {
      name: 'stored in the enclosing function before the p-retry closure',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
export async function refund() {
  const key = randomUUID();
  await db.save({ key });
  return pRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
    },
    {
      name: 'stored before an async-retry closure (async-retry is not installed)',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import retry from 'async-retry';
export async function refund() {
  const key = randomUUID();
  await db.save({ key });
  return retry(async () => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
    },
    {
      name: 'stored before a hand-written withRetry closure',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import { withRetry } from './key-store';
export async function refund() {
  const key = randomUUID();
  await db.save({ key });
  return withRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }));
}`,
    },
    {
      name: 'stored before items.map(async …)',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refundAll(items: { chargeId: string }[]) {
  const run = randomUUID();
  await db.save({ run });
  await Promise.all(items.map(async (item) => stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`\${run}_\${item.chargeId}\` })));
}`,
    },
    {
      name: 'stored before registering a queue callback',
      code: `${prelude}import { randomUUID } from 'node:crypto';
declare const queue: { process(handler: (job: { id: string; data: { chargeId: string } }) => Promise<unknown>): void };
export async function start() {
  const run = randomUUID();
  await db.save({ run });
  queue.process(async (job) => stripe.refunds.create({ charge: job.data.chargeId }, { idempotencyKey: \`\${run}_\${job.id}\` }));
}`,
    },
    {
      name: 'stored inside the callback of an awaited call',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export async function refund() {
  const key = randomUUID();
  await db.transaction(async (tx) => { await tx.insert({ key }); });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a get-or-create helper in another file',
      code: `${prelude}import { getOrCreateKey } from './key-store';
export async function refund() {
  const key = await getOrCreateKey(order.id);
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a get-or-create helper called on every attempt of a retry loop',
      code: `${prelude}import { getOrCreateKey } from './key-store';
export async function refund() {
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = await getOrCreateKey(order.id);
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
    },
    {
      name: 'a time key read back first, with the order id, and stored',
      code: `${prelude}declare const pending: { id: string; chargeKey?: string };
export async function charge() {
  const key = pending.chargeKey ?? \`charge_\${pending.id}_\${Date.now()}\`;
  await db.save({ orderId: pending.id, chargeKey: key });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a time key read back first, else made and stored by a helper',
      code: `${prelude}import { storedTimeKey } from './key-store';
declare const pending: { id: string; chargeKey?: string };
export async function charge() {
  const key = pending.chargeKey ?? (await storedTimeKey(pending.id));
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
    },
    {
      name: 'a get-or-create helper of time keys with the order id',
      code: `${prelude}import { getOrCreateChargeKey } from './key-store';
export async function refund() {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: await getOrCreateChargeKey(order.id) });
}`,
    },
  ],
  invalid: [
    {
      name: 'stored only after the closure that sends the request was made',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
export async function refund() {
  const key = randomUUID();
  const send = () => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  await db.save({ key });
  return pRetry(send);
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 8' },
          line: 9,
          column: 90,
          endLine: 9,
          endColumn: 93,
        },
      ],
    },
    {
      name: 'made and stored inside the closure p-retry re-runs',
      code: `${prelude}import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
export async function refund() {
  return pRetry(async () => {
    const key = randomUUID();
    await db.save({ key });
    return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
  });
}`,
      errors: [
        {
          messageId: 'randomInRetryLoop',
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' at line 9',
            loopLine: 8,
          },
          line: 11,
          column: 80,
          endLine: 11,
          endColumn: 83,
        },
      ],
    },
    {
      name: 'a helper that stores a new key each call, called inside a retry loop',
      code: `${prelude}import { createStoredKey } from './key-store';
export async function refund() {
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = await createStoredKey(order.id);
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'randomInRetryLoop',
          line: 10,
          column: 88,
          endLine: 10,
          endColumn: 91,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in createStoredKey() at key-store.ts:37',
            loopLine: 7,
          },
        },
      ],
    },
    {
      name: 'a helper that only logs the key it returns',
      code: `${prelude}import { loggedKey } from './key-store';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: loggedKey() });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 80,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in loggedKey() at key-store.ts:51',
          },
        },
      ],
    },
    {
      name: 'a time key stored but never read back',
      code: `${prelude}import { storedTimeKey } from './key-store';
export async function refund() {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: await storedTimeKey(order.id) });
}`,
      errors: [
        {
          messageId: 'timeSource',
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 107,
          data: {
            operation: refundsCreate,
            source: 'Date.now()',
            where: ' in storedTimeKey() at key-store.ts:44',
          },
        },
      ],
    },
    {
      name: 'a get-or-create time key without the order id',
      code: `${prelude}import { getOrCreateStampKey } from './key-store';
export async function refund() {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: await getOrCreateStampKey(order.id) });
}`,
      errors: [
        {
          messageId: 'timeSource',
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 113,
          data: {
            operation: refundsCreate,
            source: 'Date.now()',
            where: ' in getOrCreateStampKey() at key-store.ts:30',
          },
        },
      ],
    },
    {
      name: 'a time key read back first but never stored',
      code: `${prelude}declare const pending: { id: string; chargeKey?: string };
export async function charge() {
  const key = pending.chargeKey ?? \`charge_\${pending.id}_\${Date.now()}\`;
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'timeSource',
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 81,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'a time key stored but not read back first',
      code: `${prelude}export async function charge() {
  const key = \`charge_\${order.id}_\${Date.now()}\`;
  await db.save({ key });
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'timeSource',
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 81,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 6' },
        },
      ],
    },
  ],
});

// Defaults, time libraries and retry counters: queue-modules.d.ts declares bullmq, luxon and p-retry;
// dayjs, moment, date-fns, async-retry and bull are not installed.
typedRuleTester('stripe23').run('no-unstable-idempotency-key: more sources', rule, {
  valid: [
    {
      name: 'a helper’s random default is not used when the caller passes a value',
      code: `${prelude}import { randomUUID } from 'node:crypto';
function refundKey(id: string, suffix: string = randomUUID()) {
  return \`refund_\${id}_\${suffix}\`;
}
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: refundKey(order.id, 'full') });`,
    },
    {
      name: 'luxon given a stored date or a fixed one',
      code: `${prelude}import { DateTime } from 'luxon';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`r_\${DateTime.fromISO(order.createdAt).toMillis()}_\${DateTime.local(2024, 1, 1).toISO()}\` });`,
    },
    {
      name: 'a loop index that also numbers the params is a batch, not a retry',
      code: `${prelude}export async function seed() {
  for (let i = 0; i < 3; i++) {
    await stripe.products.create({ name: \`Plan \${i}\` }, { idempotencyKey: \`seed_plan_\${i}\` });
  }
}`,
    },
    {
      name: 'an index over items',
      code: `${prelude}export async function refundAll(items: { chargeId: string }[]) {
  for (let i = 0; i < items.length; i++) {
    await stripe.refunds.create({ charge: items[i].chargeId }, { idempotencyKey: \`\${order.id}_\${i}\` });
  }
}`,
    },
    {
      name: 'a counter of a loop that does not contain the request',
      code: `${prelude}export async function refund(items: string[]) {
  let count = 0;
  for (const item of items) if (item) count++;
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}_\${count}\` });
}`,
    },
    {
      name: 'a BullMQ job id',
      code: `${prelude}import { Worker } from 'bullmq';
new Worker('refunds', async (job) => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${job.id}\` }));`,
    },
    {
      name: 'attemptsMade of an object that is not a queue job',
      code: `${prelude}export function refund(job: { id: string; attemptsMade: number }) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${job.id}_\${job.attemptsMade}\` });
}`,
    },
  ],
  invalid: [
    {
      name: 'a parameter default',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export function refund(chargeId: string, key = randomUUID()) {
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
          line: 7,
          column: 72,
          endLine: 7,
          endColumn: 75,
        },
      ],
    },
    {
      name: 'a destructuring default',
      code: `${prelude}import { nanoid } from 'nanoid';
declare const req: { body: { idempotencyKey?: string } };
const { idempotencyKey = nanoid() } = req.body;
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey });`,
      errors: [
        {
          messageId: 'randomSource',
          data: { operation: refundsCreate, source: 'nanoid()', where: ' at line 7' },
          line: 8,
          column: 53,
          endLine: 8,
          endColumn: 67,
        },
      ],
    },
    {
      name: 'a default in a destructured parameter',
      code: `${prelude}import { randomUUID } from 'node:crypto';
export function refund({ chargeId, key = randomUUID() }: { chargeId: string; key?: string }) {
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: key });
}`,
      errors: [
        {
          messageId: 'randomSource',
          line: 7,
          column: 72,
          endLine: 7,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'a helper’s random default used when the caller leaves it out',
      code: `${prelude}import { randomUUID } from 'node:crypto';
function refundKey(id: string, suffix: string = randomUUID()) {
  return \`refund_\${id}_\${suffix}\`;
}
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: refundKey(order.id) });`,
      errors: [
        {
          messageId: 'randomSource',
          line: 9,
          column: 69,
          endLine: 9,
          endColumn: 88,
          data: {
            operation: refundsCreate,
            source: 'randomUUID()',
            where: ' in refundKey() at line 6',
          },
        },
      ],
    },
    {
      name: 'dayjs() (not installed)',
      code: `${prelude}import dayjs from 'dayjs';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${dayjs().unix()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 95,
          data: { operation: refundsCreate, source: 'dayjs()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'moment() (not installed)',
      code: `${prelude}import moment from 'moment';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${moment().valueOf()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 99,
          data: { operation: refundsCreate, source: 'moment()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'luxon DateTime.now()',
      code: `${prelude}import { DateTime } from 'luxon';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${DateTime.now().toMillis()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 106,
          data: { operation: refundsCreate, source: 'DateTime.now()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'luxon DateTime.utc() without a date',
      code: `${prelude}import { DateTime } from 'luxon';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${DateTime.utc().toISO()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 103,
          data: { operation: refundsCreate, source: 'DateTime.utc()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'Temporal.Now',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${Temporal.Now.instant()}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 5,
          column: 69,
          endLine: 5,
          endColumn: 103,
          data: { operation: refundsCreate, source: 'Temporal.Now.instant()', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'date-fns given the current time (not installed)',
      code: `${prelude}import { format } from 'date-fns';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${format(new Date(), 'yyyyMMdd')}\` });`,
      errors: [
        {
          messageId: 'timeSource',
          line: 6,
          column: 69,
          endLine: 6,
          endColumn: 111,
          data: { operation: refundsCreate, source: 'new Date()', where: ' at line 6' },
        },
      ],
    },
    {
      name: 'the counter of the retry loop around the request',
      code: `${prelude}export async function refund() {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` });
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 6' },
          line: 8,
          column: 88,
          endLine: 8,
          endColumn: 119,
        },
      ],
    },
    {
      name: 'a counter incremented inside while (true)',
      code: `${prelude}export async function refund() {
  let attempt = 0;
  while (true) {
    attempt += 1;
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` });
    } catch {}
  }
}`,
      errors: [
        {
          messageId: 'retryCounter',
          line: 10,
          column: 88,
          endLine: 10,
          endColumn: 119,
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 8' },
        },
      ],
    },
    {
      name: 'the attempt number p-retry passes',
      code: `${prelude}import pRetry from 'p-retry';
export const refund = () =>
  pRetry((attempt) => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` }));`,
      errors: [
        {
          messageId: 'retryCounter',
          line: 7,
          column: 91,
          endLine: 7,
          endColumn: 122,
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'the attempt number async-retry passes (not installed)',
      code: `${prelude}import retry from 'async-retry';
export const refund = () =>
  retry(async (bail: unknown, attempt: number) => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`r_\${order.id}_\${attempt}\` }));`,
      errors: [
        {
          messageId: 'retryCounter',
          line: 7,
          column: 119,
          endLine: 7,
          endColumn: 145,
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'the attempt number a hand-written retry helper passes',
      code: `${prelude}import { withRetry } from './key-store';
export const refund = () =>
  withRetry((attempt) => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` }));`,
      errors: [
        {
          messageId: 'retryCounter',
          line: 7,
          column: 94,
          endLine: 7,
          endColumn: 125,
          data: {
            operation: refundsCreate,
            source: 'attempt',
            where: ' in withRetry() at key-store.ts:58',
          },
        },
      ],
    },
    {
      name: 'a function that retries itself with the next attempt number',
      code: `${prelude}export async function refund(attempt = 0): Promise<unknown> {
  try {
    return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` });
  } catch {
    return refund(attempt + 1);
  }
}`,
      errors: [
        {
          messageId: 'retryCounter',
          line: 7,
          column: 86,
          endLine: 7,
          endColumn: 117,
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 5' },
        },
      ],
    },
    {
      name: 'BullMQ job.attemptsMade in a Worker processor',
      code: `${prelude}import { Worker } from 'bullmq';
new Worker('refunds', async (job) => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${job.id}_\${job.attemptsMade}\` }));`,
      errors: [
        {
          messageId: 'jobAttempt',
          data: { operation: refundsCreate, source: 'job.attemptsMade', where: ' at line 6' },
          line: 6,
          column: 106,
          endLine: 6,
          endColumn: 144,
        },
      ],
    },
    {
      name: 'BullMQ job.attemptsStarted of a typed Job',
      code: `${prelude}import type { Job } from 'bullmq';
export function refund(job: Job) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${job.id}_\${job.attemptsStarted}\` });
}`,
      errors: [
        {
          messageId: 'jobAttempt',
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 119,
          data: { operation: refundsCreate, source: 'job.attemptsStarted', where: ' at line 7' },
        },
      ],
    },
    {
      name: 'a Bull job annotated with its import (not installed)',
      code: `${prelude}import type { Job } from 'bull';
export function refund(job: Job) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${job.id}_\${job.attemptsMade}\` });
}`,
      errors: [
        {
          messageId: 'jobAttempt',
          line: 7,
          column: 78,
          endLine: 7,
          endColumn: 116,
          data: { operation: refundsCreate, source: 'job.attemptsMade', where: ' at line 7' },
        },
      ],
    },
  ],
});
