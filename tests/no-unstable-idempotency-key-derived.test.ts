import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–6 of every case; the code under test starts on line 7.
const prelude = `import Stripe from 'stripe';
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
declare const stripe: Stripe;
declare const db: { save(record: object): Promise<void> };
declare function persistKey(key: string): Promise<string>;
`;

const refundsCreate = '`refunds.create`';

/** A refund keyed on `key`, after `setup` (lines 7 on). */
const refund = (setup: string, key = 'key') =>
  `${prelude}export async function refund(chargeId: string) {
${setup}
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: ${key} });
}`;

// A fresh value stays fresh through the platform's conversions, held in a binding or read in part.
typedRuleTester('stripe23').run('no-unstable-idempotency-key', rule, {
  valid: [
    {
      name: 'bytes filled in place, then stored',
      code: refund(`  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  await db.save({ bytes });
  const key = Buffer.from(bytes).toString('hex');`),
    },
    {
      name: 'stored before it is encoded',
      code: refund(`  const raw = randomUUID();
  await db.save({ raw });
  const key = encodeURIComponent(raw);`),
    },
    {
      name: 'encoded, then the encoded key is stored',
      code: refund(`  const raw = randomUUID();
  const key = Buffer.from(raw).toString('base64url');
  await db.save({ key });`),
    },
    {
      name: 'handed to a function of no known library before it becomes the key',
      code: refund(`  const raw = randomUUID();
  const key = await persistKey(raw);`),
    },
    {
      name: 'a hash fed stable input by statements',
      code: refund(`  const hash = createHash('sha256');
  hash.update(chargeId);
  const key = hash.digest('hex');`),
    },
    {
      name: 'a part of a stable value',
      code: refund(`  const key = chargeId.split('_')[1];`),
    },
    {
      name: 'written to a file by the platform before the call: stored, not derived',
      code: refund(`  const key = randomUUID();
  await writeFile('/var/run/refund.key', key);`),
    },
  ],
  invalid: [
    {
      name: 'a buffer filled in place',
      code: refund(`  const bytes = Buffer.alloc(16);
  randomFillSync(bytes);
  const key = bytes.toString('hex');`),
      errors: [
        {
          messageId: 'randomSource',
          line: 11,
          column: 72,
          endLine: 11,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'randomFillSync()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'bytes filled in place',
      code: refund(`  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const key = Buffer.from(bytes).toString('hex');`),
      errors: [
        {
          messageId: 'randomSource',
          line: 11,
          column: 72,
          endLine: 11,
          endColumn: 75,
          data: {
            operation: refundsCreate,
            source: 'crypto.getRandomValues()',
            where: ' at line 9',
          },
        },
      ],
    },
    {
      name: 'encoded in a binding',
      code: refund(`  const raw = randomUUID();
  const key = encodeURIComponent(raw);`),
      errors: [
        {
          messageId: 'randomSource',
          line: 10,
          column: 72,
          endLine: 10,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'randomUUID()', where: ' at line 8' },
        },
      ],
    },
    {
      name: 'bytes turned into text in a binding',
      code: refund(`  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const key = Buffer.from(bytes).toString('base64url');`),
      errors: [
        {
          messageId: 'randomSource',
          line: 10,
          column: 72,
          endLine: 10,
          endColumn: 75,
          data: {
            operation: refundsCreate,
            source: 'crypto.getRandomValues()',
            where: ' at line 8',
          },
        },
      ],
    },
    {
      name: 'a hash of random bytes',
      code: refund(`  const bytes = randomBytes(16);
  const key = createHash('sha256').update(bytes).digest('hex');`),
      errors: [
        {
          messageId: 'randomSource',
          line: 10,
          column: 72,
          endLine: 10,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'randomBytes()', where: ' at line 8' },
        },
      ],
    },
    {
      name: 'a part of a random id',
      code: refund('', "crypto.randomUUID().split('-')[0]"),
      errors: [
        {
          messageId: 'randomSource',
          line: 9,
          column: 72,
          endLine: 9,
          endColumn: 105,
          data: { operation: refundsCreate, source: 'crypto.randomUUID()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'an element of random bytes',
      code: refund('', '`refund:${randomBytes(4)[0]}`'),
      errors: [
        {
          messageId: 'randomSource',
          line: 9,
          column: 72,
          endLine: 9,
          endColumn: 101,
          data: { operation: refundsCreate, source: 'randomBytes()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'the nanoseconds of the clock',
      code: refund('', '`refund:${process.hrtime()[1]}`'),
      errors: [
        {
          messageId: 'timeSource',
          line: 9,
          column: 72,
          endLine: 9,
          endColumn: 103,
          data: { operation: refundsCreate, source: 'process.hrtime()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'the nanoseconds of the clock, destructured',
      code: refund(`  const [, nanos] = process.hrtime();`, '`refund:${nanos}`'),
      errors: [
        {
          messageId: 'timeSource',
          line: 9,
          column: 72,
          endLine: 9,
          endColumn: 89,
          data: { operation: refundsCreate, source: 'process.hrtime()', where: ' at line 8' },
        },
      ],
    },
    {
      name: 'a hash fed a fine time bucket by a statement',
      code: refund(`  const hash = createHash('sha256');
  hash.update(\`refund:\${chargeId}:\${Math.floor(Date.now() / 5000)}\`);
  const key = hash.digest('hex');`),
      errors: [
        {
          messageId: 'timeSource',
          line: 11,
          column: 72,
          endLine: 11,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 9' },
        },
      ],
    },
    {
      name: 'a hash helper of the file whose statements feed the hash',
      code: `${prelude}function sha(input: string) {
  const hasher = createHash('sha256');
  hasher.update(input).update('v1');
  return hasher.digest('hex');
}
export async function refund(chargeId: string) {
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: sha(\`refund:\${chargeId}:\${Date.now()}\`) });
}`,
      errors: [
        {
          messageId: 'timeSource',
          line: 13,
          column: 72,
          endLine: 13,
          endColumn: 111,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 13' },
        },
      ],
    },
    {
      name: 'parts of a key pushed onto an array',
      code: refund(`  const parts = [chargeId];
  parts.push(String(Date.now()));
  const key = parts.join(':');`),
      errors: [
        {
          messageId: 'timeSource',
          line: 11,
          column: 72,
          endLine: 11,
          endColumn: 75,
          data: { operation: refundsCreate, source: 'Date.now()', where: ' at line 9' },
        },
      ],
    },
  ],
});
