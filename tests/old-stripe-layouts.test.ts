import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import validIdempotencyOptions from '../rules/valid-idempotency-options.js';
import { stripePackageInstalledFor } from '../src/sdk/stripe-package.js';
import { getVerbTable, parseResourceSource, resolveVerb } from '../src/sdk/verb-table.js';
import { fixtureDir, typedRuleTester, type Fixture } from './harness.js';

// stripe 8–11: declarations under `types/<api-version>/` (8.222 and 10.17) or flat under `types/`
// (11.10), verbs in `lib/resources/*.js`, methods overloaded with a single-argument
// `create(options?: RequestOptions)` on a few resources.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; accountId: string };
`;

const versions: Partial<Record<Fixture, string>> = {
  stripe8: '8.222.0',
  stripe10: '10.17.0',
  stripe11: '11.10.0',
};

// The API version each SDK's types accept (its `types/<api-version>/` folder up to 11.0).
const apiVersions: Partial<Record<Fixture, string>> = {
  stripe8: '2020-08-27',
  stripe10: '2022-08-01',
  stripe11: '2022-11-15',
};

describe.each<Fixture>(['stripe8', 'stripe10', 'stripe11'])('%s', (fixture) => {
  const tester = typedRuleTester(fixture);

  it('reads the installed SDK: no unreadable-SDK warning, no guessed verbs', () => {
    const pkg = stripePackageInstalledFor(path.join(fixtureDir(fixture), 'file.ts'));
    expect(pkg?.layout).toBe('ambient');
    expect(getVerbTable(pkg!).unreadable).toBeUndefined();
    expect(resolveVerb(pkg!, 'Checkout/Sessions', 'create')).toMatchObject({
      verb: 'POST',
      path: '/v1/checkout/sessions',
      source: 'sdk',
    });
    expect(resolveVerb(pkg!, 'PaymentIntents', 'cancel')).toMatchObject({
      verb: 'POST',
      path: '/v1/payment_intents/{intent}/cancel',
      source: 'sdk',
    });
    expect(resolveVerb(pkg!, 'Subscriptions', 'del')).toMatchObject({
      verb: 'DELETE',
      source: 'sdk',
    });
  });

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      {
        name: 'a key from the order, beside stripeAccount',
        code: `${prelude}stripe.charges.create(
  { amount: 1000, currency: 'usd', source: order.chargeId },
  { stripeAccount: order.accountId, idempotencyKey: \`charge_\${order.id}\` },
);`,
      },
      {
        name: 'nanoid() in the params is no key',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.charges.create(
  { amount: 1000, currency: 'usd', metadata: { ref: nanoid() } },
  { stripeAccount: order.accountId, idempotencyKey: order.id },
);`,
      },
    ],
    invalid: [
      {
        name: 'nanoid() beside stripeAccount',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.charges.create(
  { amount: 1000, currency: 'usd', source: order.chargeId },
  { stripeAccount: order.accountId, idempotencyKey: nanoid() },
);`,
        errors: [
          {
            messageId: 'randomSource',
            data: { operation: '`charges.create`', source: 'nanoid()', where: ' at line 7' },
            line: 7,
            column: 53,
            endLine: 7,
            endColumn: 61,
          },
        ],
      },
      {
        name: 'a namespaced resource, named by its namespace on the dated layout',
        code: `${prelude}import { randomUUID } from 'node:crypto';
stripe.checkout.sessions.create(
  { mode: 'payment', success_url: 'https://example.com' },
  { stripeAccount: order.accountId, idempotencyKey: randomUUID() },
);`,
        errors: [
          {
            messageId: 'randomSource',
            data: {
              operation: '`checkout.sessions.create`',
              source: 'randomUUID()',
              where: ' at line 7',
            },
            line: 7,
            column: 53,
            endLine: 7,
            endColumn: 65,
          },
        ],
      },
    ],
  });

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'the import of an installed old SDK is not reported as missing',
        code: `${prelude}stripe.customers.retrieve(order.id);`,
      },
      {
        name: 'customers.del is a DELETE',
        code: `${prelude}stripe.customers.del(order.id);`,
      },
      {
        name: 'subscriptions.del is a DELETE',
        code: `${prelude}stripe.subscriptions.del(order.id);`,
      },
      {
        name: 'untypedClients: a DELETE on an any-typed client, read from lib/resources',
        code: `${prelude}declare const untyped: any;
untyped.customers.del(order.id);`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'untypedClients: a keyed POST on an any-typed client, options read from lib/resources',
        code: `${prelude}declare const untyped: any;
untyped.customers.update(order.id, { name: 'a' }, { idempotencyKey: order.id });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'the single-argument overload: the argument is the options, with a key',
        code: `${prelude}stripe.refunds.create({ stripeAccount: order.accountId, idempotencyKey: order.id });`,
      },
    ],
    invalid: [
      {
        name: 'paymentIntents.cancel is a POST, whatever its name',
        code: `${prelude}stripe.paymentIntents.cancel(order.id);`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`paymentIntents.cancel`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 39,
          },
        ],
      },
      {
        name: 'the single-argument overload: options without a key',
        code: `${prelude}stripe.refunds.create({ stripeAccount: order.accountId });`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: '`refunds.create`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 58,
          },
        ],
      },
      {
        name: 'a client made with the API version these SDKs require',
        code: `import Stripe from 'stripe';
const client = new Stripe('sk_test_1', { apiVersion: '${apiVersions[fixture]}' });
client.customers.create({ email: 'a@example.com' });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create`' },
            line: 3,
            column: 1,
            endLine: 3,
            endColumn: 52,
          },
        ],
      },
      {
        name: 'untypedClients: a POST on an any-typed client',
        code: `${prelude}declare const untyped: any;
untyped.paymentIntents.cancel(order.id);`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`paymentIntents.cancel`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 40,
          },
        ],
      },
      {
        name: 'a namespaced resource without options',
        code: `${prelude}stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com' });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`checkout.sessions.create`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 89,
          },
        ],
      },
    ],
  });

  tester.run('valid-idempotency-options', validIdempotencyOptions, {
    valid: [
      {
        name: 'idempotencyKey beside stripeAccount',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: order.accountId, idempotencyKey: order.id });`,
      },
    ],
    invalid: [
      {
        name: 'a key on a DELETE, beside stripeAccount',
        code: `${prelude}stripe.subscriptions.del(order.id, { idempotencyKey: order.id, stripeAccount: order.accountId });`,
        options: [{ reportIneffectiveKeys: true }],
        errors: [
          {
            messageId: 'keyWithoutEffect',
            data: { operation: '`subscriptions.del`', verb: 'DELETE' },
            line: 4,
            column: 38,
            endLine: 4,
            endColumn: 62,
            suggestions: [
              {
                messageId: 'removeKey',
                output: `${prelude}stripe.subscriptions.del(order.id, { stripeAccount: order.accountId });`,
              },
            ],
          },
        ],
      },
      {
        name: 'headers, which these SDKs reject',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': order.id } });`,
        errors: [
          {
            messageId: 'headerNotSupported',
            data: {
              operation: '`refunds.create`',
              version: versions[fixture],
              consequence: 'throws on',
            },
            line: 4,
            column: 64,
            endLine: 4,
            endColumn: 91,
            suggestions: [
              {
                messageId: 'useKeyOption',
                output: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id });`,
              },
            ],
          },
        ],
      },
    ],
  });
});

// subscriptions.cancel arrived in 9 (a DELETE, like del); 8.x has del alone.
describe.each<Fixture>(['stripe10', 'stripe11'])('%s', (fixture) => {
  typedRuleTester(fixture).run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'subscriptions.cancel is a DELETE',
        code: `${prelude}stripe.subscriptions.cancel(order.id);`,
      },
    ],
    invalid: [
      {
        name: 'subscriptions.update is a POST',
        code: `${prelude}stripe.subscriptions.update(order.id, { cancel_at_period_end: true });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`subscriptions.update`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 70,
          },
        ],
      },
    ],
  });
});

describe('stripe 8.222.0', () => {
  const pkg = stripePackageInstalledFor(path.join(fixtureDir('stripe8'), 'file.ts'))!;

  it('reads every method’s verb', () => {
    // The `method: '…'` specs in lib/resources/**/*.js, counted with grep: 162 POST, 167 GET,
    // 25 DELETE, less the second GET of `accounts.retrieve` (one per branch).
    const counts: Record<string, number> = {};
    for (const methods of getVerbTable(pkg).resources.values())
      for (const method of methods.values())
        counts[method.verb ?? 'unknown'] = (counts[method.verb ?? 'unknown'] ?? 0) + 1;
    expect(counts).toEqual({ POST: 162, GET: 166, DELETE: 25 });
  });

  it('joins paths to the resource’s own path', () => {
    expect(resolveVerb(pkg, 'Refunds', 'create')).toMatchObject({
      verb: 'POST',
      path: '/v1/refunds',
      optionsIndex: 1,
    });
    expect(resolveVerb(pkg, 'Customers', 'del')).toMatchObject({
      verb: 'DELETE',
      path: '/v1/customers/{customer}',
      optionsIndex: 2,
    });
    expect(resolveVerb(pkg, 'OAuth', 'token')).toMatchObject({
      verb: 'POST',
      path: '/oauth/token',
    });
  });
});

describe('parseResourceSource on the 8.x layout', () => {
  // lib/resources/Refunds.js of stripe 8.222.0, two-space indented, paths under the resource's.
  const explicit = `module.exports = StripeResource.extend({
  path: 'refunds',

  create: stripeMethod({
    method: 'POST',
    path: '',
  }),

  retrieve: stripeMethod({
    method: 'GET',
    path: '/{refund}',
  }),
});`;

  it('reads two-space members and joins their paths to the resource path', () => {
    expect(Object.fromEntries(parseResourceSource(explicit))).toEqual({
      create: { verb: 'POST', path: '/v1/refunds', optionsIndex: 1 },
      retrieve: { verb: 'GET', path: '/v1/refunds/{refund}', optionsIndex: 2 },
    });
  });

  // Before 8.167 the basic methods are shared (lib/StripeMethod.basic.js) and only listed.
  const listed = `module.exports = StripeResource.extend({
  path: 'customers',

  includeBasic: ['create', 'retrieve', 'del'],

  deleteDiscount: stripeMethod({
    method: 'DELETE',
    path: '/{customer}/discount',
  }),
});`;
  const basic = `module.exports = {
  create: stripeMethod({
    method: 'POST',
  }),

  retrieve: stripeMethod({
    method: 'GET',
    path: '/{id}',
  }),

  // Avoid 'delete' keyword in JS
  del: stripeMethod({
    method: 'DELETE',
    path: '{id}',
  }),
};`;

  it('reads the basic methods a resource lists from the SDK’s basic file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-basic-'));
    const stripe = path.join(root, 'node_modules', 'stripe');
    fs.mkdirSync(path.join(stripe, 'lib', 'resources'), { recursive: true });
    fs.writeFileSync(
      path.join(stripe, 'package.json'),
      '{"name":"stripe","version":"8.166.0","types":"types/2020-08-27/index.d.ts"}',
    );
    fs.writeFileSync(path.join(stripe, 'lib', 'StripeMethod.basic.js'), basic);
    fs.writeFileSync(path.join(stripe, 'lib', 'resources', 'Customers.js'), listed);
    const pkg = stripePackageInstalledFor(path.join(root, 'file.ts'))!;
    expect(pkg.layout).toBe('ambient');
    const table = getVerbTable(pkg);
    expect(Object.fromEntries(table.resources.get('Customers')!)).toEqual({
      deleteDiscount: {
        verb: 'DELETE',
        path: '/v1/customers/{customer}/discount',
        optionsIndex: 2,
      },
      create: { verb: 'POST', path: '/v1/customers', optionsIndex: 1 },
      retrieve: { verb: 'GET', path: '/v1/customers/{id}', optionsIndex: 2 },
      del: { verb: 'DELETE', path: '/v1/customers/{id}', optionsIndex: 2 },
    });
    expect(table.postMethodNames).toEqual(new Set(['create']));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('leaves listed basic methods to the name fallback without the basic file', () => {
    expect(Object.fromEntries(parseResourceSource(listed))).toEqual({
      deleteDiscount: {
        verb: 'DELETE',
        path: '/v1/customers/{customer}/discount',
        optionsIndex: 2,
      },
      create: { verb: undefined, path: undefined },
      retrieve: { verb: undefined, path: undefined },
      del: { verb: undefined, path: undefined },
    });
  });
});

// 8–10 still read the deprecated option `idempotency_key` as the key (11.0.0 removed it).
describe.each<Fixture>(['stripe8', 'stripe10'])('%s: idempotency_key', (fixture) => {
  const tester = typedRuleTester(fixture);

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      {
        name: 'a stable key under the deprecated name',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotency_key: order.id });`,
      },
    ],
    invalid: [
      {
        name: 'one argument of only option names, deprecated ones included, is the options',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.customers.create({ idempotency_key: nanoid() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: { operation: '`customers.create`', source: 'nanoid()', where: ' at line 5' },
            line: 5,
            column: 44,
            endLine: 5,
            endColumn: 52,
          },
        ],
      },
      {
        name: 'the deprecated name is sent, so its value is judged',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.refunds.create({ charge: order.chargeId }, { idempotency_key: nanoid() });`,
        errors: [
          {
            messageId: 'randomSource',
            data: { operation: '`refunds.create`', source: 'nanoid()', where: ' at line 5' },
            line: 5,
            column: 70,
            endLine: 5,
            endColumn: 78,
          },
        ],
      },
    ],
  });

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'options whose type carries the deprecated name',
        code: `${prelude}declare const options: { idempotency_key: string; stripeAccount: string };
stripe.refunds.create({ charge: order.chargeId }, options);`,
      },
    ],
    invalid: [],
  });

  tester.run('valid-idempotency-options', validIdempotencyOptions, {
    valid: [],
    invalid: [
      {
        name: 'in the one-argument options overload, the deprecated name is renamed, not moved out of params',
        code: `${prelude}stripe.customers.create({ idempotency_key: order.id });`,
        output: `${prelude}stripe.customers.create({ idempotencyKey: order.id });`,
        errors: [
          {
            messageId: 'misspelledKey',
            data: {
              name: 'idempotency_key',
              operation: '`customers.create`',
              consequence: `stripe-node ${versions[fixture]} still reads it, deprecated; 11.0 removed it`,
            },
            line: 4,
            column: 27,
            endLine: 4,
            endColumn: 42,
          },
        ],
      },
      {
        name: 'the deprecated name is renamed',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotency_key: order.id });`,
        output: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id });`,
        errors: [
          {
            messageId: 'misspelledKey',
            data: {
              name: 'idempotency_key',
              operation: '`refunds.create`',
              consequence: `stripe-node ${versions[fixture]} still reads it, deprecated; 11.0 removed it`,
            },
            line: 4,
            column: 53,
            endLine: 4,
            endColumn: 68,
          },
        ],
      },
    ],
  });
});

describe('stripe11: idempotency_key', () => {
  const tester = typedRuleTester('stripe11');

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      {
        name: 'one argument with the removed name is params, with no key to judge',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.customers.create({ idempotency_key: nanoid() });`,
      },
      {
        name: 'no key is sent under the removed name, so none is judged',
        code: `${prelude}import { nanoid } from 'nanoid';
stripe.refunds.create({ charge: order.chargeId }, { idempotency_key: nanoid() });`,
      },
    ],
    invalid: [],
  });

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [],
    invalid: [
      {
        name: 'options whose type carries only the removed name',
        code: `${prelude}declare const options: { idempotency_key: string; stripeAccount: string };
stripe.refunds.create({ charge: order.chargeId }, options);`,
        errors: [
          {
            messageId: 'typeWithoutKey',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 59,
          },
        ],
      },
    ],
  });
});
