import { describe } from 'vitest';
import rule from '../rules/no-reused-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–5 of every case; the code under test starts on line 6. The key helpers are in
// tests/fixtures/stripe23/op-keys.ts.
const prelude = `import Stripe from 'stripe';
import { countedKey, defaultedKey, freshKey, hashedKey, joinedKey, keyParts, Keys, namedKey, opKey, storedOpKey } from './op-keys';
declare const stripe: Stripe;
declare const accounts: { id: string; amount: number }[];
declare const runId: string;
`;

const transfersCreate = '`transfers.create`';

describe('a loop-invariant key built by a helper, one key for every item', () => {
  typedRuleTester('stripe23').run('no-reused-idempotency-key', rule, {
    valid: [
      {
        name: 'the helper is given the item',
        code: `${prelude}await Promise.allSettled(
  accounts.map((account) =>
    stripe.transfers.create(
      { amount: account.amount, currency: 'usd', destination: account.id },
      { idempotencyKey: opKey('transfer', account.id) },
    ),
  ),
);`,
      },
      {
        name: 'a helper that joins its parameters is given the item',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: joinedKey('transfer', runId, account.id) },
  );
}`,
      },
      {
        name: 'an awaited helper is given the item inside a template',
        code: `${prelude}for (const account of accounts) {
  const key = await storedOpKey('transfer', \`\${runId}:\${account.id}\`);
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: key },
  );
}`,
      },
      {
        name: 'the helper adds a random part: another rule’s business',
        code: `${prelude}await Promise.all(
  accounts.map((account) =>
    stripe.transfers.create(
      { amount: account.amount, currency: 'usd', destination: account.id },
      { idempotencyKey: freshKey(runId) },
    ),
  ),
);`,
      },
      {
        name: 'a destructured parameter left to its random default',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: defaultedKey({ operation: 'transfer' }) },
  );
}`,
      },
      {
        name: 'the helper counts its calls',
        code: `${prelude}accounts.forEach((account) => {
  void stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: countedKey(runId) },
  );
});`,
      },
      {
        name: 'an awaited helper that reads a store is not a key builder',
        code: `${prelude}declare const store: { get(key: string): Promise<string> };
async function loadKey(operation: string, id: string) {
  return store.get(\`\${operation}:\${id}\`);
}
for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: await loadKey('transfer', runId) },
  );
}`,
      },
      {
        name: 'a callback run once, not per item',
        code: `${prelude}declare function findAccount(): Promise<{ id: string; amount: number }>;
await findAccount().then((account) =>
  stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: opKey('transfer', runId) },
  ),
);`,
      },
      {
        name: 'a retry loop sends the same request with the same key',
        code: `${prelude}declare const account: { id: string; amount: number };
for (let attempt = 0; attempt < 3; attempt++) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: await storedOpKey('transfer', runId) },
  );
}`,
      },
    ],
    invalid: [
      {
        name: 'Promise.allSettled over map, the helper in another file',
        code: `${prelude}await Promise.allSettled(
  accounts.map((account) =>
    stripe.transfers.create(
      { amount: account.amount, currency: 'usd', destination: account.id },
      { idempotencyKey: opKey('transfer', runId) },
    ),
  ),
);`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 7 },
            line: 10,
            column: 25,
            endLine: 10,
            endColumn: 49,
          },
        ],
      },
      {
        name: 'Promise.all over an async map, the key from an awaited helper held in a const',
        code: `${prelude}await Promise.all(
  accounts.map(async (account) => {
    const key = await storedOpKey('transfer', runId);
    await stripe.transfers.create(
      { amount: account.amount, currency: 'usd', destination: account.id },
      { idempotencyKey: key },
    );
  }),
);`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 7 },
            line: 11,
            column: 25,
            endLine: 11,
            endColumn: 28,
          },
        ],
      },
      {
        name: 'forEach, a hash of the helper’s parameters',
        code: `${prelude}accounts.forEach((account) => {
  void stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: hashedKey('transfer', runId) },
  );
});`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 6 },
            line: 9,
            column: 23,
            endLine: 9,
            endColumn: 51,
          },
        ],
      },
      {
        name: 'for...of with the helper awaited in place',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: await storedOpKey('transfer', runId) },
  );
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 6 },
            line: 9,
            column: 23,
            endLine: 9,
            endColumn: 59,
          },
        ],
      },
      {
        name: 'a helper that destructures its one parameter',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: namedKey({ operation: 'transfer', id: runId }) },
  );
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 6 },
            line: 9,
            column: 23,
            endLine: 9,
            endColumn: 69,
          },
        ],
      },
      {
        name: 'an arrow function held in an object, joining its filtered parameters',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: keyParts.of('transfer', runId) },
  );
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 6 },
            line: 9,
            column: 23,
            endLine: 9,
            endColumn: 53,
          },
        ],
      },
      {
        name: 'a helper that maps its rest parameters to strings and joins them',
        code: `${prelude}for (const account of accounts) {
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: joinedKey('transfer', runId, 1) },
  );
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 6 },
            line: 9,
            column: 23,
            endLine: 9,
            endColumn: 54,
          },
        ],
      },
      {
        name: 'a static method that calls another helper',
        code: `${prelude}await Promise.allSettled(
  accounts.map((account) =>
    stripe.transfers.create(
      { amount: account.amount, currency: 'usd', destination: account.id },
      { idempotencyKey: Keys.of('transfer', runId) },
    ),
  ),
);`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 7 },
            line: 10,
            column: 25,
            endLine: 10,
            endColumn: 51,
          },
        ],
      },
      {
        name: 'an async helper of the same file awaited in a const',
        code: `${prelude}const keyFor = async (operation: string, run: string) => \`\${operation}:\${run}\`;
for (const account of accounts) {
  const idempotencyKey = await keyFor('transfer', runId);
  await stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey },
  );
}`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 7 },
            line: 11,
            column: 7,
            endLine: 11,
            endColumn: 21,
          },
        ],
      },
      {
        name: 'a helper that sends the request, given an awaited helper’s key for every item',
        code: `${prelude}async function pay(account: { id: string; amount: number }, key: string) {
  return stripe.transfers.create(
    { amount: account.amount, currency: 'usd', destination: account.id },
    { idempotencyKey: key },
  );
}
await Promise.allSettled(
  accounts.map(async (account) => pay(account, await storedOpKey('transfer', runId))),
);`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            data: { operation: transfersCreate, line: 13 },
            line: 13,
            column: 48,
            endLine: 13,
            endColumn: 84,
          },
        ],
      },
    ],
  });
});
