import { describe } from 'vitest';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `declare const body: URLSearchParams;
declare const key: string;
declare const refundId: string;
`;

describe('raw HTTP requests to the Stripe API', () => {
  const tester = typedRuleTester('stripe23');

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      {
        name: 'fetch with the header in a plain object',
        code: `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { 'Idempotency-Key': key } });`,
      },
      {
        name: 'fetch with a Headers object, header name in any case',
        code: `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: new Headers({ 'idempotency-key': key }) });`,
      },
      {
        name: 'a Headers object filled with set()',
        code: `${prelude}const headers = new Headers();
headers.set('Idempotency-Key', key);
fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers });`,
      },
      {
        name: 'headers passed in from elsewhere get the benefit of the doubt',
        code: `${prelude}export function post(headers: Record<string, string>) {
  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers });
}`,
      },
      {
        name: 'a GET',
        code: `${prelude}fetch(\`https://api.stripe.com/v1/refunds/\${refundId}\`);`,
      },
      {
        name: 'a POST to another host',
        code: `${prelude}fetch('https://api.example.com/v1/refunds', { method: 'POST', body });`,
      },
      {
        name: 'a URL that is not a literal',
        code: `${prelude}declare const url: string;
fetch(url, { method: 'POST', body });`,
      },
      {
        name: 'a local function called fetch',
        code: `${prelude}function fetch(url: string, init: object) { return [url, init]; }
fetch('https://api.stripe.com/v1/refunds', { method: 'POST' });`,
      },
      {
        name: 'axios with the header',
        code: `${prelude}import axios from 'axios';
axios.post('https://api.stripe.com/v1/refunds', body, { headers: { 'Idempotency-Key': key } });`,
      },
      {
        name: 'a const request init whose headers carry the key',
        code: `${prelude}const STRIPE_API = 'https://api.stripe.com';
const headers = { 'Idempotency-Key': key };
const init: RequestInit = { method: 'POST', headers, body };
fetch(\`\${STRIPE_API}/v1/refunds\`, init);`,
      },
      {
        name: 'a base-URL constant of another host',
        code: `${prelude}const API = 'https://api.example.com';
fetch(\`\${API}/v1/refunds\`, { method: 'POST', body });
fetch(new URL('/v1/refunds', API), { method: 'POST', body });`,
      },
      {
        name: 'a base URL that is reassigned is not known',
        code: `${prelude}let base = 'https://api.stripe.com';
export function use(other: string) {
  base = other;
}
fetch(\`\${base}/v1/refunds\`, { method: 'POST', body });`,
      },
      {
        name: 'a const request init that is a GET',
        code: `${prelude}const STRIPE_API = 'https://api.stripe.com';
const init = { method: 'GET' };
fetch(\`\${STRIPE_API}/v1/refunds/\${refundId}\`, init);`,
      },
      {
        name: 'headers that a spread in the request init may set get the benefit of the doubt',
        code: `${prelude}declare const base: RequestInit;
fetch('https://api.stripe.com/v1/refunds', { ...base, method: 'POST', body });`,
      },
      {
        name: 'the header in a const spread into the headers',
        code: `${prelude}const keyed = { 'Idempotency-Key': key };
fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { ...keyed, Accept: 'application/json' } });`,
      },
      {
        name: 'headers spread from a parameter get the benefit of the doubt',
        code: `${prelude}export function post(extra: Record<string, string>) {
  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { ...extra, Accept: 'application/json' } });
}`,
      },
      {
        name: 'axios.get',
        code: `${prelude}import axios from 'axios';
axios.get('https://api.stripe.com/v1/refunds');`,
      },
    ],
    invalid: [
      {
        name: 'fetch POST without headers',
        code: `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 69,
          },
        ],
      },
      {
        name: 'fetch POST with headers but no key, to a templated path',
        code: `${prelude}fetch(\`https://api.stripe.com/v1/refunds/\${refundId}/cancel\`, { method: 'post', headers: { Authorization: 'Bearer sk' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            line: 4,
            column: 1,
            endLine: 4,
            endColumn: 123,
            data: { operation: '`fetch (POST /v1/refunds/{…}/cancel)`' },
          },
        ],
      },
      {
        name: 'a const request init and a URL built from a base-URL constant',
        code: `${prelude}const STRIPE_API = 'https://api.stripe.com';
const headers = { Authorization: 'Bearer sk' };
const init: RequestInit = { method: 'POST', headers, body };
fetch(\`\${STRIPE_API}/v1/refunds\`, init);`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 7,
            column: 1,
            endLine: 7,
            endColumn: 40,
          },
        ],
      },
      {
        name: 'new URL(path, base) with the base in a constant, and the verb in one',
        code: `${prelude}const STRIPE_API = 'https://api.stripe.com/';
const POST = 'POST';
fetch(new URL(\`/v1/refunds/\${refundId}/cancel\`, STRIPE_API), { method: POST, body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds/{…}/cancel)`' },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 85,
          },
        ],
      },
      {
        name: 'a URL object held in a const, passed as a string',
        code: `${prelude}const url = new URL('v1/charges', 'https://api.stripe.com/');
fetch(url.toString(), { method: 'POST', body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/charges)`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 48,
          },
        ],
      },
      {
        name: 'a URL concatenated from a base constant',
        code: `${prelude}const STRIPE_API = 'https://api.stripe.com/v1';
fetch(STRIPE_API + '/refunds/' + refundId + '/cancel', { method: 'POST', body });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds/{…}/cancel)`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 81,
          },
        ],
      },
      {
        name: 'an axios config object held in a const',
        code: `${prelude}import axios from 'axios';
const STRIPE_API = 'https://api.stripe.com';
const config = { method: 'post', url: \`\${STRIPE_API}/v1/customers\`, data: body };
axios(config);`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`axios (POST /v1/customers)`' },
            line: 7,
            column: 1,
            endLine: 7,
            endColumn: 14,
          },
        ],
      },
      {
        name: 'headers written after a spread in the request init, without the key',
        code: `${prelude}declare const base: RequestInit;
fetch('https://api.stripe.com/v1/refunds', { ...base, method: 'POST', headers: { Authorization: 'Bearer sk' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 113,
          },
        ],
      },
      {
        name: 'shared auth headers, held in a const, spread into headers without the key',
        code: `${prelude}const auth = { Authorization: 'Bearer sk' };
fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 144,
          },
        ],
      },
      {
        name: 'headers held in a const built by spreading another',
        code: `${prelude}const auth = { Authorization: 'Bearer sk' };
const json = { ...auth, Accept: 'application/json' };
fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: json });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`fetch (POST /v1/refunds)`' },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 84,
          },
        ],
      },
      {
        name: 'axios.post',
        code: `${prelude}import axios from 'axios';
axios.post('https://api.stripe.com/v1/charges', body, { headers: { Authorization: 'Bearer sk' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`axios (POST /v1/charges)`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 99,
          },
        ],
      },
      {
        name: 'axios with a config object',
        code: `${prelude}import axios from 'axios';
axios({ method: 'post', url: 'https://api.stripe.com/v1/customers', data: body });`,
        errors: [
          {
            messageId: 'missingHeader',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 82,
            data: { operation: '`axios (POST /v1/customers)`' },
          },
        ],
      },
      {
        name: 'an axios instance with the Stripe base URL',
        code: `${prelude}import axios from 'axios';
const api = axios.create({ baseURL: 'https://api.stripe.com' });
api.post('/v1/refunds', body);`,
        errors: [
          {
            messageId: 'missingHeader',
            data: { operation: '`axios (POST /v1/refunds)`' },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 30,
          },
        ],
      },
      {
        name: 'got.post',
        code: `${prelude}import got from 'got';
got.post('https://api.stripe.com/v1/refunds', { form: { charge: 'ch_1' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 76,
            data: { operation: '`got (POST /v1/refunds)`' },
          },
        ],
      },
      {
        name: 'undici request',
        code: `${prelude}import { request } from 'undici';
request('https://api.stripe.com/v1/refunds', { method: 'POST', body: 'charge=ch_1' });`,
        errors: [
          {
            messageId: 'missingHeader',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 86,
            data: { operation: '`undici.request (POST /v1/refunds)`' },
          },
        ],
      },
      {
        name: 'ky.post',
        code: `${prelude}import ky from 'ky';
ky.post('https://api.stripe.com/v1/refunds', { json: { charge: 'ch_1' } });`,
        errors: [
          {
            messageId: 'missingHeader',
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 75,
            data: { operation: '`ky (POST /v1/refunds)`' },
          },
        ],
      },
    ],
  });

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { 'Idempotency-Key': \`refund_\${refundId}\` } });`,
    ],
    invalid: [
      {
        code: `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { 'Idempotency-Key': \`refund_\${Date.now()}\` } });`,
        errors: [
          {
            messageId: 'timeSource',
            data: {
              operation: '`fetch (POST /v1/refunds)`',
              source: 'Date.now()',
              where: ' at line 4',
            },
            line: 4,
            column: 98,
            endLine: 4,
            endColumn: 120,
          },
        ],
      },
    ],
  });

  tester.run('no-reused-idempotency-key', noReusedIdempotencyKey, {
    valid: [
      `${prelude}fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body, headers: { 'Idempotency-Key': \`refund_\${refundId}\` } });`,
    ],
    invalid: [
      {
        code: `${prelude}import axios from 'axios';
axios.post('https://api.stripe.com/v1/refunds', body, { headers: { 'Idempotency-Key': 'refund' } });`,
        errors: [
          {
            messageId: 'constantKey',
            data: { operation: '`axios (POST /v1/refunds)`', value: 'refund' },
            line: 5,
            column: 87,
            endLine: 5,
            endColumn: 95,
          },
        ],
      },
    ],
  });
});
