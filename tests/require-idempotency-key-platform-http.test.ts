import { describe } from 'vitest';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `declare const context: { httpRequest(options: object): Promise<unknown> };
declare const body: Record<string, string>;
declare const key: string;
`;

describe('a request described by an object handed to any HTTP client', () => {
  const tester = typedRuleTester('stripe23');

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'the header is in the request',
        code: `${prelude}await context.httpRequest({
  method: 'POST',
  url: 'https://api.stripe.com/v1/refunds',
  body,
  headers: { 'Idempotency-Key': key },
});`,
      },
      {
        name: 'a GET',
        code: `${prelude}await context.httpRequest({ method: 'GET', url: 'https://api.stripe.com/v1/refunds' });`,
      },
      {
        name: 'a POST to another host',
        code: `${prelude}await context.httpRequest({ method: 'POST', url: 'https://api.example.com/v1/refunds', body });`,
      },
      {
        name: 'a URL only in a parameter',
        code: `${prelude}export async function post(url: string) {
  await context.httpRequest({ method: 'POST', url, body });
}`,
      },
      {
        name: 'a method that is not a literal',
        code: `${prelude}export async function send(method: string) {
  await context.httpRequest({ method, url: 'https://api.stripe.com/v1/refunds', body });
}`,
      },
      {
        name: 'an object literal not handed to a call',
        code: `${prelude}export const refundRequest = { method: 'POST', url: 'https://api.stripe.com/v1/refunds', body };`,
      },
      {
        name: 'headers that a spread may set get the benefit of the doubt',
        code: `${prelude}declare const auth: Record<string, string>;
await context.httpRequest({
  method: 'POST',
  url: 'https://api.stripe.com/v1/refunds',
  headers: { ...auth },
});`,
      },
      {
        name: 'a nock interceptor',
        code: `${prelude}import nock from 'nock';
nock('https://api.stripe.com').post('/v1/refunds').reply(200, {});`,
      },
      {
        name: 'an msw handler',
        code: `${prelude}import { http, HttpResponse } from 'msw';
export const handlers = [http.post('https://api.stripe.com/v1/refunds', () => HttpResponse.json({}))];`,
      },
      {
        name: 'a fetch-mock route described by an object',
        code: `${prelude}import fetchMock from 'fetch-mock';
fetchMock.mock({ method: 'POST', url: 'https://api.stripe.com/v1/refunds' }, 200);`,
      },
      {
        name: 'a Cypress intercept',
        code: `${prelude}cy.intercept({ method: 'POST', url: 'https://api.stripe.com/v1/refunds' }).as('refund');`,
      },
      {
        name: 'an expectation on the client',
        code: `${prelude}import { expect } from 'vitest';
expect(context.httpRequest).toHaveBeenCalledWith(
  expect.objectContaining({ method: 'POST', url: 'https://api.stripe.com/v1/refunds' }),
);`,
      },
      {
        name: 'a request logged',
        code: `${prelude}declare const logger: { info(message: string, data: object): void };
logger.info('refund', { method: 'POST', url: 'https://api.stripe.com/v1/refunds' });`,
      },
      {
        name: 'a request object handed to two calls: which one sends it cannot be told',
        code: `${prelude}declare function check(options: object): void;
const options = { method: 'POST', url: 'https://api.stripe.com/v1/refunds', body };
check(options);
await context.httpRequest(options);`,
      },
      {
        name: 'in a test file, a request described to a helper is an expectation',
        filename: 'platform.spec.ts',
        code: `${prelude}declare function expectRequest(options: object): void;
expectRequest({ method: 'POST', url: 'https://api.stripe.com/v1/refunds' });`,
      },
      {
        name: 'the base URL another module exports for another host',
        code: `import { exampleCommon } from './stripe-endpoints';
declare const httpClient: { sendRequest(request: object): Promise<unknown> };
export const refund = (body: object) =>
  httpClient.sendRequest({ method: 'POST', url: \`\${exampleCommon.baseUrl}/refunds\`, body });`,
      },
      {
        name: 'the base URL another module exports, with the header',
        code: `import { stripeCommon } from './stripe-endpoints';
declare const httpClient: { sendRequest(request: object): Promise<unknown> };
declare const key: string;
export const refund = (body: object) =>
  httpClient.sendRequest({
    method: 'POST',
    url: \`\${stripeCommon.baseUrl}/refunds\`,
    body,
    headers: { 'Idempotency-Key': key },
  });`,
      },
      {
        name: "fetch's shape through a project's client: the header is in the request",
        code: `${prelude}declare function stripeFetch(url: string, init: object): Promise<unknown>;
await stripeFetch('https://api.stripe.com/v1/refunds', {
  method: 'POST',
  body,
  headers: { 'Idempotency-Key': key },
});`,
      },
      {
        name: "fetch's shape: a GET",
        code: `${prelude}declare function stripeFetch(url: string, init: object): Promise<unknown>;
await stripeFetch('https://api.stripe.com/v1/refunds', { method: 'GET' });`,
      },
      {
        name: "fetch's shape: the URL is not the argument before the object",
        code: `${prelude}declare function send(init: object, url: string): Promise<unknown>;
await send({ method: 'POST', body }, 'https://api.stripe.com/v1/refunds');`,
      },
      {
        name: "fetch's shape: the URL is a parameter",
        code: `${prelude}declare function stripeFetch(url: string, init: object): Promise<unknown>;
export const post = (url: string) => stripeFetch(url, { method: 'POST', body });`,
      },
      {
        name: "fetch's shape: a function of this file that calls nothing sends nothing",
        code: `${prelude}const describe = (url: string, init: object) => ({ url, ...init });
export const refund = describe('https://api.stripe.com/v1/refunds', { method: 'POST', body });`,
      },
      {
        name: "fetch's shape in an expectation",
        code: `${prelude}import { expect } from 'vitest';
declare const stripeFetch: (url: string, init: object) => Promise<unknown>;
expect(stripeFetch).toHaveBeenCalledWith('https://api.stripe.com/v1/refunds', { method: 'POST' });`,
      },
    ],
    invalid: [
      {
        name: 'the base URL a property of an object another module exports (a platform’s Stripe actions)',
        code: `import { stripeCommon } from './stripe-endpoints';
declare const httpClient: { sendRequest(request: object): Promise<unknown> };
export const refund = (body: object) =>
  httpClient.sendRequest({ method: 'POST', url: \`\${stripeCommon.baseUrl}/refunds\`, body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`sendRequest (POST /v1/refunds)`' },
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 91,
          },
        ],
      },
      {
        name: 'the base URL a constant another module exports, under a namespace or as its default',
        code: `import * as endpoints from './stripe-endpoints';
import stripeDefaults from './stripe-endpoints';
export const refund = () => fetch(\`\${endpoints.STRIPE_API}/refunds\`, { method: 'POST' });
export const payout = () => fetch(stripeDefaults.baseUrl + '/payouts', { method: 'POST' });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 3,
            column: 29,
            endLine: 3,
            endColumn: 89,
          },
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/payouts)`' },
            line: 4,
            column: 29,
            endLine: 4,
            endColumn: 91,
          },
        ],
      },
      {
        name: 'the URL a constant a barrel re-exports, renames, or builds from an import',
        code: `import { stripeCommon, STRIPE_V1, customersUrl } from './stripe-barrel';
export const refund = () => fetch(\`\${stripeCommon.baseUrl}/refunds\`, { method: 'POST' });
export const payout = () => fetch(\`\${STRIPE_V1}/payouts\`, { method: 'POST' });
export const customer = () => fetch(customersUrl, { method: 'POST' });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 2,
            column: 29,
            endLine: 2,
            endColumn: 89,
          },
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/payouts)`' },
            line: 3,
            column: 29,
            endLine: 3,
            endColumn: 78,
          },
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/customers)`' },
            line: 4,
            column: 31,
            endLine: 4,
            endColumn: 70,
          },
        ],
      },
      {
        name: "fetch's shape through a project's client: the URL, then an object with the method",
        code: `${prelude}declare function stripeFetch(url: string, init: object): Promise<unknown>;
await stripeFetch('https://api.stripe.com/v1/refunds', { method: 'POST', body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`stripeFetch (POST /v1/refunds)`' },
            line: 5,
            column: 7,
            endLine: 5,
            endColumn: 81,
          },
        ],
      },
      {
        name: "fetch's shape: a wrapper of fetch written in this file",
        code: `${prelude}async function stripeFetch(url: string, init: RequestInit) {
  return fetch(url, { ...init, headers: { Authorization: 'Bearer sk' } });
}
export const refund = () => stripeFetch('https://api.stripe.com/v1/refunds', { method: 'POST' });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`stripeFetch (POST /v1/refunds)`' },
            line: 7,
            column: 29,
            endLine: 7,
            endColumn: 97,
          },
        ],
      },
      {
        name: "fetch's shape: the URL in a const, the client a method, in JavaScript",
        filename: 'script.js',
        code: `const REFUNDS = 'https://api.stripe.com/v1/refunds';
export async function refund(http, chargeId) {
  return http.request(REFUNDS, { method: 'POST', body: { charge: chargeId } });
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`request (POST /v1/refunds)`' },
            line: 3,
            column: 10,
            endLine: 3,
            endColumn: 79,
          },
        ],
      },
      {
        name: 'an automation platform’s httpRequest',
        code: `${prelude}await context.httpRequest({
  method: 'POST',
  url: 'https://api.stripe.com/v1/refunds',
  body,
});`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`httpRequest (POST /v1/refunds)`' },
            line: 4,
            column: 7,
            endLine: 8,
            endColumn: 3,
          },
        ],
      },
      {
        name: 'headers without the key',
        code: `${prelude}await context.httpRequest({
  method: 'POST',
  url: \`https://api.stripe.com/v1/refunds\`,
  headers: { Authorization: \`Bearer \${key}\` },
});`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`httpRequest (POST /v1/refunds)`' },
            line: 4,
            column: 7,
            endLine: 8,
            endColumn: 3,
          },
        ],
      },
      {
        name: 'n8n: the options in a const, the URL as uri, through .call, in JavaScript',
        filename: 'script.js',
        code: `export async function refund(chargeId) {
  const options = {
    method: 'POST',
    uri: \`https://api.stripe.com/v1/refunds\`,
    form: { charge: chargeId },
  };
  return this.helpers.requestWithAuthentication.call(this, 'stripeApi', options);
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`requestWithAuthentication (POST /v1/refunds)`' },
            line: 7,
            column: 10,
            endLine: 7,
            endColumn: 81,
          },
        ],
      },
      {
        name: 'a method from an enum and a URL from a constant object',
        code: `${prelude}enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
}
const stripeCommon = { baseUrl: 'https://api.stripe.com/v1' };
declare const httpClient: { sendRequest(request: object): Promise<unknown> };
await httpClient.sendRequest({
  method: HttpMethod.POST,
  url: \`\${stripeCommon.baseUrl}/webhook_endpoints\`,
  headers: {},
});`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`sendRequest (POST /v1/webhook_endpoints)`' },
            line: 10,
            column: 7,
            endLine: 14,
            endColumn: 3,
          },
        ],
      },
      {
        name: 'a lower-case method, which clients upper-case',
        code: `${prelude}export async function perform(z: { request(options: object): Promise<unknown> }) {
  return z.request({ method: 'post', url: 'https://api.stripe.com/v1/customers', body });
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`request (POST /v1/customers)`' },
            line: 5,
            column: 10,
            endLine: 5,
            endColumn: 89,
          },
        ],
      },
      {
        name: 'a relative URL on a Stripe base URL',
        code: `${prelude}await context.httpRequest({
  method: 'POST',
  baseURL: 'https://api.stripe.com',
  url: '/v1/payouts',
  body,
});`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`httpRequest (POST /v1/payouts)`' },
            line: 4,
            column: 7,
            endLine: 9,
            endColumn: 3,
          },
        ],
      },
      {
        name: 'the description handed second, after the platform’s own argument',
        code: `${prelude}declare function axios(step: unknown, config: object): Promise<unknown>;
export async function run(step: unknown) {
  return axios(step, {
    method: 'POST',
    url: 'https://api.stripe.com/v1/refunds',
    data: body,
  });
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`axios (POST /v1/refunds)`' },
            line: 6,
            column: 10,
            endLine: 10,
            endColumn: 5,
          },
        ],
      },
      {
        name: 'the suggestion writes the header into the headers written in place',
        code: `import Stripe from 'stripe';
declare const context: { httpRequest(options: object): Promise<unknown> };
export async function onEvent(event: Stripe.Event) {
  await context.httpRequest({
    method: 'POST',
    url: 'https://api.stripe.com/v1/refunds',
    headers: { Authorization: 'Bearer sk' },
  });
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`httpRequest (POST /v1/refunds)`' },
            line: 4,
            column: 9,
            endLine: 8,
            endColumn: 5,
            suggestions: [
              {
                messageId: 'addKeyHeader',
                data: { key: '`${event.id}:refunds`' },
                output: `import Stripe from 'stripe';
declare const context: { httpRequest(options: object): Promise<unknown> };
export async function onEvent(event: Stripe.Event) {
  await context.httpRequest({
    method: 'POST',
    url: 'https://api.stripe.com/v1/refunds',
    headers: { Authorization: 'Bearer sk', 'Idempotency-Key': \`\${event.id}:refunds\` },
  });
}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the suggestion adds headers with the key to a request described without them',
        code: `import Stripe from 'stripe';
declare const context: { httpRequest(options: object): Promise<unknown> };
export async function onEvent(event: Stripe.Event) {
  await context.httpRequest({
    method: 'POST',
    url: 'https://api.stripe.com/v1/refunds',
    body: { charge: 'ch_1' },
  });
}`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`httpRequest (POST /v1/refunds)`' },
            line: 4,
            column: 9,
            endLine: 8,
            endColumn: 5,
            suggestions: [
              {
                messageId: 'addKeyHeader',
                data: { key: '`${event.id}:refunds`' },
                output: `import Stripe from 'stripe';
declare const context: { httpRequest(options: object): Promise<unknown> };
export async function onEvent(event: Stripe.Event) {
  await context.httpRequest({
    method: 'POST',
    url: 'https://api.stripe.com/v1/refunds',
    body: { charge: 'ch_1' },
    headers: { 'Idempotency-Key': \`\${event.id}:refunds\` },
  });
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      {
        name: 'a key stable across retries',
        code: `${prelude}declare const refundId: string;
await context.httpRequest({
  method: 'POST',
  url: 'https://api.stripe.com/v1/refunds',
  headers: { 'Idempotency-Key': \`refund-\${refundId}\` },
});`,
      },
    ],
    invalid: [
      {
        name: 'a time key in the header',
        code: `${prelude}await context.httpRequest({
  method: 'POST',
  url: 'https://api.stripe.com/v1/refunds',
  headers: { 'Idempotency-Key': \`refund-\${Date.now()}\` },
});`,
        errors: [{ messageId: 'timeSource', line: 7, column: 33, endLine: 7, endColumn: 55 }],
      },
    ],
  });

  tester.run('no-reused-idempotency-key', noReusedIdempotencyKey, {
    valid: [
      {
        name: 'a key per item',
        code: `${prelude}declare const payouts: { id: string; account: string }[];
await Promise.allSettled(
  payouts.map((payout) =>
    context.httpRequest({
      method: 'POST',
      url: 'https://api.stripe.com/v1/transfers',
      body: { destination: payout.account },
      headers: { 'Idempotency-Key': \`transfer-\${payout.id}\` },
    }),
  ),
);`,
      },
    ],
    invalid: [
      {
        name: 'one key for every item',
        code: `${prelude}declare const payouts: { id: string; account: string }[];
declare const runId: string;
await Promise.allSettled(
  payouts.map((payout) =>
    context.httpRequest({
      method: 'POST',
      url: 'https://api.stripe.com/v1/transfers',
      body: { destination: payout.account },
      headers: { 'Idempotency-Key': \`transfer-\${runId}\` },
    }),
  ),
);`,
        errors: [
          {
            messageId: 'loopInvariantKey',
            line: 12,
            column: 37,
            endLine: 12,
            endColumn: 56,
          },
        ],
      },
    ],
  });
});
