import { describe } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import { typedRuleTester, type Fixture } from './harness.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string };
`;

const refundsCreate = '`refunds.create`';

// The same code, the same verdict on the types/ layout (12, 18) and the class layout (23).
describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])('%s', (fixture) => {
  typedRuleTester(fixture).run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'key in the request options',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      },
      {
        name: 'GET is idempotent',
        code: `${prelude}stripe.customers.retrieve(order.customerId);`,
      },
      {
        name: 'subscriptions.cancel is a DELETE in the SDK, whatever its name suggests',
        code: `${prelude}stripe.subscriptions.cancel('sub_1');`,
      },
      {
        name: 'an any-typed client is not guessed at',
        code: `${prelude}declare const untyped: any;
untyped.refunds.create({ charge: order.chargeId });`,
      },
      {
        name: 'a key typed to admit undefined gets the benefit of the doubt by default',
        code: `${prelude}export function refund(opId?: string) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: opId && \`refund_\${opId}\` });
}`,
      },
      {
        name: 'requireProvenKey accepts a key that is always a string',
        code: `${prelude}export function refund(opId?: string) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${opId ?? order.id}\` });
}`,
        options: [{ requireProvenKey: true }],
      },
      {
        name: "options chosen by whether the caller gave a key: the caller's key",
        code: `${prelude}export function refund(idempotencyKey?: string) {
  return stripe.refunds.create({ charge: order.chargeId }, idempotencyKey ? { idempotencyKey } : undefined);
}`,
      },
      {
        name: "options chosen by whether the caller gave options: the caller's options",
        code: `${prelude}export function refund(options?: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, options ? { ...options, maxNetworkRetries: 2 } : {});
}`,
      },
      {
        name: 'forwarded RequestOptions get the benefit of the doubt',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, opts);
}`,
      },
      {
        name: 'oauth.token needs no key: the authorization code is single-use',
        code: `${prelude}stripe.oauth.token({ grant_type: 'authorization_code', code: order.id });`,
      },
    ],
    invalid: [
      {
        name: 'no request options',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 50,
          },
        ],
      },
      {
        name: 'a union of literal resource names names every operation',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create | products.create`' },
            line: 5,
            column: 1,
            endColumn: 40,
            endLine: 5,
          },
        ],
      },
      {
        name: 'a method passed on by .call',
        code: `${prelude}stripe.refunds.create.call(stripe.refunds, { charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 71,
          },
        ],
      },
    ],
  });
});

describe('stripe 23, class layout', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'DELETE is idempotent',
        code: `${prelude}stripe.customers.del(order.customerId);`,
      },
      {
        name: 'untypedClients: a keyed call on an any-typed client',
        code: `${prelude}declare const untyped: any;
untyped.checkout.sessions.create({ mode: 'payment' }, { idempotencyKey: \`checkout_\${order.id}\` });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'untypedClients: a DELETE on an any-typed client',
        code: `${prelude}declare const untyped: any;
untyped.subscriptions.cancel('sub_1');`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'untypedClients: a member path that is no Stripe resource',
        code: `${prelude}declare const untyped: any;
untyped.orders.create({ id: order.id });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'a spread of RequestOptions gets the benefit of the doubt',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, { ...opts, stripeAccount: 'acct_1' });
}`,
      },
      {
        name: 'a spread after the key may replace it, but gets the benefit of the doubt',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\`, ...opts });
}`,
      },
      {
        name: 'requireProvenKey accepts a spread that cannot carry a key',
        code: `${prelude}export function refund(extra: { stripeAccount: string }) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\`, ...extra });
}`,
        options: [{ requireProvenKey: true }],
      },
      {
        name: 'options typed with a required key',
        code: `${prelude}export function refund(opts: { idempotencyKey: string }) {
  return stripe.refunds.create({ charge: order.chargeId }, opts);
}`,
      },
      {
        name: 'a const options object holding the key',
        code: `${prelude}const options = { idempotencyKey: \`refund_\${order.id}\` };
stripe.refunds.create({ charge: order.chargeId }, options);`,
      },
      {
        name: 'the Idempotency-Key header, honoured from stripe 20.4.1',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': \`refund_\${order.id}\` } });`,
      },
      {
        name: 'the header in a const spread into the options’ headers',
        code: `${prelude}const keyed = { 'Idempotency-Key': \`refund_\${order.id}\` };
stripe.refunds.create({ charge: order.chargeId }, { headers: { ...keyed } });`,
      },
      {
        name: 'the header and option names held in consts prove a key',
        code: `${prelude}const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY_OPTION = 'idempotencyKey';
stripe.refunds.create({ charge: order.chargeId }, { headers: { [IDEMPOTENCY_HEADER]: \`refund_\${order.id}\` } });
stripe.refunds.create({ charge: order.chargeId }, { [KEY_OPTION]: \`refund_\${order.id}\` });`,
        options: [{ requireProvenKey: true }],
      },
      {
        name: 'the header name in any case',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'idempotency-key': \`refund_\${order.id}\` } });`,
      },
      {
        name: 'a default exemption: billing portal sessions are short-lived',
        code: `${prelude}stripe.billingPortal.sessions.create({ customer: order.customerId });`,
      },
      {
        name: 'a default exemption: invoice previews have no side effect',
        code: `${prelude}stripe.invoices.createPreview({ customer: order.customerId });`,
      },
      {
        name: 'ignoreOperations adds an exemption',
        code: `${prelude}stripe.checkout.sessions.create({ mode: 'payment' });`,
        options: [{ ignoreOperations: ['checkout.sessions.create'] }],
      },
      {
        name: 'a method of the same name on a non-Stripe object',
        code: `${prelude}const repo = { create(data: object, options?: object) { return [data, options]; } };
repo.create({ charge: order.chargeId });`,
      },
      {
        name: 'a non-request method of a Stripe resource',
        code: `${prelude}stripe.oauth.authorizeUrl({ client_id: 'ca_1' });`,
      },
      {
        name: 'rawRequest GET',
        code: `${prelude}stripe.rawRequest('GET', '/v1/customers');`,
      },
      {
        name: 'rawRequest POST with a key',
        code: `${prelude}stripe.rawRequest('POST', '/v1/customers', {}, { idempotencyKey: \`customer_\${order.id}\` });`,
      },
      {
        name: 'rawRequest POST with the key in its additional headers, which the SDK sends',
        code: `${prelude}stripe.rawRequest('POST', '/v1/customers', {}, { additionalHeaders: { 'Idempotency-Key': \`customer_\${order.id}\` } });`,
      },
      {
        name: 'rawRequest with a verb that is not a literal cannot be judged',
        code: `${prelude}declare const verb: string;
stripe.rawRequest(verb, '/v1/customers', {});`,
      },
      {
        name: 'spread arguments cannot be judged',
        code: `${prelude}declare const args: [Stripe.RefundCreateParams, Stripe.RequestOptions];
stripe.refunds.create(...args);`,
      },
      {
        name: 'a union of resources, every member keyed',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id }, { idempotencyKey: \`sync_\${kind}_\${order.id}\` });`,
      },
      {
        name: 'a union of resources whose method is a GET on each',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].retrieve(order.id);`,
      },
      {
        name: 'a union whose other member is not a Stripe resource is not judged',
        code: `${prelude}declare const target: Stripe['customers'] | { create(params: object): Promise<void> };
target.create({ name: order.id });`,
      },
      {
        name: 'a union exempt when each of its POSTs is ignored',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id });`,
        options: [{ ignoreOperations: ['customers.create', 'products.create'] }],
      },
      {
        name: 'oauth.deauthorize needs no key, even with checkAllPosts',
        code: `${prelude}stripe.oauth.deauthorize({ client_id: 'ca_1', stripe_user_id: 'acct_1' });`,
        options: [{ checkAllPosts: true }],
      },
      {
        name: 'a method passed on by .call with a key',
        code: `${prelude}stripe.refunds.create.call(stripe.refunds, { charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      },
      {
        name: '.apply with arguments that are not an array literal cannot be judged',
        code: `${prelude}declare const args: [Stripe.RefundCreateParams];
stripe.refunds.create.apply(stripe.refunds, args);`,
      },
      {
        name: 'rawRequest with a verb in a const that is a GET',
        code: `${prelude}const verb = 'GET';
stripe.rawRequest(verb, '/v1/customers');`,
      },
    ],
    invalid: [
      {
        name: 'options without a key',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: refundsCreate },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 79,
          },
        ],
      },
      {
        name: 'options chosen by a condition, one of them without a key',
        code: `${prelude}export function refund(key: string, account?: string) {
  return stripe.refunds.create({ charge: order.chargeId }, account ? { stripeAccount: account } : { idempotencyKey: key });
}`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: refundsCreate },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 123,
          },
        ],
      },
      {
        name: 'options chosen by a condition, one of them none',
        code: `${prelude}export function refund(key: string, dryRun: boolean) {
  return stripe.refunds.create({ charge: order.chargeId }, dryRun ? undefined : { idempotencyKey: key });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 105,
          },
        ],
      },
      {
        name: 'idempotencyKey: undefined',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: undefined });`,
        errors: [
          {
            messageId: 'undefinedKey',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 81,
          },
        ],
      },
      {
        name: 'undefined passed as the options',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, undefined);`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 61,
          },
        ],
      },
      {
        name: 'options whose type has no idempotencyKey',
        code: `${prelude}export function refund(opts: { stripeAccount: string }) {
  return stripe.refunds.create({ charge: order.chargeId }, opts);
}`,
        errors: [
          {
            messageId: 'typeWithoutKey',
            data: { operation: refundsCreate, type: '{ stripeAccount: string; }' },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 65,
          },
        ],
      },
      {
        name: 'a const options object without a key',
        code: `${prelude}const options = { stripeAccount: 'acct_1' };
stripe.refunds.create({ charge: order.chargeId }, options);`,
        errors: [{ messageId: 'missingKey', line: 5, column: 1, endLine: 5, endColumn: 59 }],
      },
      {
        name: 'a header entry that is not the idempotency key',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'X-Request-Id': order.id } });`,
        errors: [
          {
            messageId: 'missingKey',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 93,
          },
        ],
      },
      {
        name: 'headers spread from a const without the key',
        code: `${prelude}const common = { 'Stripe-Version': '2024-06-20' };
stripe.refunds.create({ charge: order.chargeId }, { headers: { ...common, 'X-Request-Id': order.id } });`,
        errors: [
          {
            messageId: 'missingKey',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 104,
          },
        ],
      },
      {
        name: 'updates can charge: subscriptions.update is reported',
        code: `${prelude}stripe.subscriptions.update('sub_1', { items: [] });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`subscriptions.update`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 52,
          },
        ],
      },
      {
        name: 'paymentIntents.cancel is a POST',
        code: `${prelude}stripe.paymentIntents.cancel('pi_1');`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 37,
            data: { operation: '`paymentIntents.cancel`' },
          },
        ],
      },
      {
        name: 'a class field receiver',
        code: `${prelude}export class Billing {
  constructor(private readonly client: Stripe) {}
  charge() {
    return this.client.paymentIntents.create({ amount: 100, currency: 'usd' });
  }
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`paymentIntents.create`' },
            line: 7,
            column: 12,
            endLine: 7,
            endColumn: 79,
          },
        ],
      },
      {
        name: 'untypedClients: a call on an any-typed client, by its member path',
        code: `${prelude}class Billing {
  client: any;
  start() {
    return this.client.checkout.sessions.create({ mode: 'payment' });
  }
}`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`checkout.sessions.create`' },
            line: 7,
            column: 12,
            endLine: 7,
            endColumn: 69,
          },
        ],
      },
      {
        name: 'untypedClients: options in the position the SDK declares',
        code: `${prelude}declare const untyped: any;
untyped.refunds.update('re_1', { metadata: {} }, { stripeAccount: 'acct_1' });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
        errors: [
          {
            messageId: 'missingKey',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 78,
            data: { operation: '`refunds.update`' },
          },
        ],
      },
      {
        name: 'a client imported from another file, in a file that does not import stripe',
        code: `import { stripe as shared } from './client';
shared.refunds.create({ charge: 'ch_1' });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 2,
            column: 1,
            endLine: 2,
            endColumn: 42,
          },
        ],
      },
      {
        name: 'a function returning the client',
        code: `${prelude}declare function getStripe(): Stripe;
getStripe().refunds.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 55,
          },
        ],
      },
      {
        name: 'a destructured resource',
        code: `${prelude}const { refunds } = stripe;
refunds.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 43,
          },
        ],
      },
      {
        name: 'a destructured method',
        code: `${prelude}const { create } = stripe.refunds;
create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 35,
          },
        ],
      },
      {
        name: 'a resource destructured under another name',
        code: `${prelude}const { refunds: api } = stripe;
api.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 39,
          },
        ],
      },
      {
        name: 'a class field holding a resource under another name',
        code: `${prelude}class Refunder {
  private readonly api = stripe.refunds;
  run() {
    return this.api.create({ charge: order.chargeId });
  }
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 7,
            column: 12,
            endLine: 7,
            endColumn: 55,
          },
        ],
      },
      {
        name: 'a parameter typed as a resource under another name',
        code: `${prelude}export function refund(api: Stripe['refunds']) {
  return api.create({ charge: order.chargeId });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 48,
          },
        ],
      },
      {
        name: 'an aliased resource',
        code: `${prelude}const refundApi = stripe.refunds;
refundApi.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 45,
          },
        ],
      },
      {
        name: 'optional chaining',
        code: `${prelude}declare const maybe: Stripe | undefined;
maybe?.refunds.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 50,
          },
        ],
      },
      {
        name: 'a nested namespace',
        code: `${prelude}stripe.checkout.sessions.create({ mode: 'payment' });`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 53,
            data: { operation: '`checkout.sessions.create`' },
          },
        ],
      },
      {
        name: 'a deeper namespace',
        code: `${prelude}stripe.billing.meterEvents.create({ event_name: 'api_call', payload: {} });`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 75,
            data: { operation: '`billing.meterEvents.create`' },
          },
        ],
      },
      {
        name: 'a v2 POST',
        code: `${prelude}stripe.v2.core.accounts.create({});`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 35,
            data: { operation: '`v2.core.accounts.create`' },
          },
        ],
      },
      {
        name: 'rawRequest POST with additional headers that hold no key',
        code: `${prelude}stripe.rawRequest('POST', '/v1/customers', {}, { additionalHeaders: { 'Stripe-Context': 'ctx_1' } });`,
        errors: [
          {
            messageId: 'missingKey',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 101,
            data: { operation: '`rawRequest (POST /v1/customers)`' },
          },
        ],
      },
      {
        name: 'rawRequest POST, verb in any case',
        code: `${prelude}stripe.rawRequest('post', '/v1/customers', { email: 'a@example.com' });`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 71,
            data: { operation: '`rawRequest (POST /v1/customers)`' },
          },
        ],
      },
      {
        name: 'a union of resources through optional chains, from a config object',
        code: `${prelude}declare const cfg: { resource: 'customers' | 'products' };
export function sync(id: string, params: { metadata: Record<string, string> }) {
  return stripe?.[cfg.resource]?.update(id, params);
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.update | products.update`' },
            line: 6,
            column: 10,
            endLine: 6,
            endColumn: 52,
          },
        ],
      },
      {
        name: 'a resource name of a generic type constrained to a union',
        code: `${prelude}export function sync<K extends 'customers' | 'products'>(kind: K) {
  return stripe[kind].create({ name: order.id });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create | products.create`' },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 49,
          },
        ],
      },
      {
        name: 'a record of resources indexed by a union key',
        code: `${prelude}const apis = { customer: stripe.customers, product: stripe.products };
export function sync(type: keyof typeof apis) {
  return apis[type].create({ name: order.id });
}`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create | products.create`' },
            line: 6,
            column: 10,
            endLine: 6,
            endColumn: 47,
          },
        ],
      },
      {
        name: 'a union of resources with options but no key',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id }, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: '`customers.create | products.create`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 69,
          },
        ],
      },
      {
        name: 'a union is reported while one of its POSTs is not ignored',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id });`,
        options: [{ ignoreOperations: ['customers.create'] }],
        errors: [
          {
            messageId: 'missingOptions',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 40,
            data: { operation: '`customers.create | products.create`' },
          },
        ],
      },
      {
        name: 'a method passed on by .apply, its options without a key',
        code: `${prelude}stripe.refunds.create.apply(stripe.refunds, [{ charge: order.chargeId }, { stripeAccount: 'acct_1' }]);`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: refundsCreate },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 103,
          },
        ],
      },
      {
        name: 'a destructured method passed on by .call',
        code: `${prelude}const { create } = stripe.refunds;
create.call(stripe.refunds, { charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: refundsCreate },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 56,
          },
        ],
      },
      {
        name: 'rawRequest with its verb and path in consts',
        code: `${prelude}const verb = 'POST';
const path = \`/v1/customers\`;
stripe.rawRequest(verb, path, { email: 'a@example.com' });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`rawRequest (POST /v1/customers)`' },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 58,
          },
        ],
      },
      {
        name: 'rawRequest POST with options but no key',
        code: `${prelude}stripe.rawRequest('POST', '/v1/customers', {}, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'missingKey',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 76,
          },
        ],
      },
      {
        name: 'checkAllPosts drops the default exemptions',
        code: `${prelude}stripe.billingPortal.sessions.create({ customer: order.customerId });`,
        options: [{ checkAllPosts: true }],
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 69,
            data: { operation: '`billingPortal.sessions.create`' },
          },
        ],
      },
      {
        name: 'ignoreOperations leaves other operations reported',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId });`,
        options: [{ ignoreOperations: ['checkout.sessions.create'] }],
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 50,
          },
        ],
      },
      {
        name: 'requireProvenKey reports forwarded options',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, opts);
}`,
        options: [{ requireProvenKey: true }],
        errors: [
          {
            messageId: 'unprovenKey',
            data: { operation: refundsCreate, reason: 'its forwarded request options' },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 65,
          },
        ],
      },
      {
        name: 'requireProvenKey reports a spread that may replace the key',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\`, ...opts });
}`,
        options: [{ requireProvenKey: true }],
        errors: [
          {
            messageId: 'unprovenKey',
            data: { operation: refundsCreate, reason: 'a spread after its `idempotencyKey`' },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 110,
          },
        ],
      },
      {
        name: 'requireProvenKey reports a key typed to admit undefined',
        code: `${prelude}export function refund(opId?: string) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: opId && \`refund_\${opId}\` });
}`,
        options: [{ requireProvenKey: true }],
        errors: [
          {
            messageId: 'optionalKey',
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 105,
            data: { operation: refundsCreate, type: 'string | undefined' },
          },
        ],
      },
      {
        name: 'requireProvenKey reports spreads',
        code: `${prelude}export function refund(opts: Stripe.RequestOptions) {
  return stripe.refunds.create({ charge: order.chargeId }, { ...opts });
}`,
        options: [{ requireProvenKey: true }],
        errors: [
          {
            messageId: 'unprovenKey',
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 72,
            data: { operation: refundsCreate, reason: 'a spread in its request options' },
          },
        ],
      },
    ],
  });
});

describe('stripe 18, types/ layout', () => {
  typedRuleTester('stripe18').run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'the one-argument options overload carries the key',
        code: `${prelude}stripe.customers.create({ idempotencyKey: \`customer_\${order.id}\` });`,
      },
      {
        name: 'untypedClients: a keyed call on an untyped client',
        code: `${prelude}declare const untyped: any;
untyped.customers.update('cus_1', { email: 'a@example.com' }, { idempotencyKey: \`email_\${order.id}\` });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
      },
      {
        name: 'a union of resources in the one-argument options form',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ idempotencyKey: \`sync_\${order.id}\` } as Stripe.RequestOptions);`,
      },
      {
        name: 'the headers form, which throws before 20.4.1, is valid-idempotency-options’ finding alone',
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { headers: { 'Idempotency-Key': order.id } } as Stripe.RequestOptions);`,
      },
    ],
    invalid: [
      {
        name: 'no arguments at all',
        code: `${prelude}stripe.customers.create();`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 26,
            data: { operation: '`customers.create`' },
          },
        ],
      },
      {
        name: 'the one-argument overload without a key',
        code: `${prelude}stripe.customers.create({ stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'missingKey',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 53,
          },
        ],
      },
      {
        name: 'untypedClients: an untyped client on the types/ layout, options after the path parameters',
        code: `${prelude}declare const untyped: any;
untyped.customers.update('cus_1', { email: 'a@example.com' }, { stripeAccount: 'acct_1' });`,
        settings: { 'stripe-idempotency': { untypedClients: true } },
        errors: [
          {
            messageId: 'missingKey',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 91,
            data: { operation: '`customers.update`' },
          },
        ],
      },
      {
        name: 'a nested namespace',
        code: `${prelude}stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com' });`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 89,
            data: { operation: '`checkout.sessions.create`' },
          },
        ],
      },
      {
        name: 'a v2 POST',
        code: `${prelude}stripe.v2.billing.meterEvents.create({ event_name: 'api_call', payload: {} });`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 78,
            data: { operation: '`v2.billing.meterEvents.create`' },
          },
        ],
      },
      {
        name: 'a union of resources, an update with options after the id',
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].update('id_1', { metadata: {} }, { stripeAccount: 'acct_1' });`,
        errors: [
          {
            messageId: 'missingKey',
            data: { operation: '`customers.update | products.update`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 75,
          },
        ],
      },
      {
        name: 'rawRequest POST',
        code: `${prelude}stripe.rawRequest('POST', '/v1/customers', {});`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 47,
            data: { operation: '`rawRequest (POST /v1/customers)`' },
          },
        ],
      },
    ],
  });
});
