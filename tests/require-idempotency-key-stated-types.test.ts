import { describe, expect, it } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import { typedRuleTester } from './harness.js';
import { lintCountingQueries } from './type-queries.js';

// Lines 1–3 of every case; the code under test starts on line 4.
const prelude = `import Stripe from 'stripe';
import type { Refunds } from './resource-types';
declare const stripe: Stripe;
`;

const missingOptions = (line: number, column: number, endColumn: number) => ({
  messageId: 'missingOptions' as const,
  data: { operation: '`refunds.create`' },
  line,
  column,
  endLine: line,
  endColumn,
});

// A stated type rules a receiver out without the checker only when nothing it names can be the
// SDK's: these name a type from a module that sees stripe, and stay requests.
describe('a binding whose stated type may be a resource', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'a parameter typed with an alias from a module that imports stripe',
        code: `${prelude}export function refund(api: Refunds) {
  return api.create({ charge: 'ch_1' });
}`,
        errors: [missingOptions(5, 10, 40)],
      },
      {
        name: 'a global generic over such a type, on a `let` assigned later',
        code: `${prelude}export function refund(source: Stripe) {
  let api: Readonly<Refunds> | null = null;
  api = source.refunds;
  return api.create({ charge: 'ch_1' });
}`,
        errors: [missingOptions(7, 10, 40)],
      },
      {
        name: 'a class field',
        code: `${prelude}export class Billing {
  private api: Refunds | undefined;
  constructor(source: Stripe) {
    this.api = source.refunds;
  }
  refund() {
    return this.api?.create({ charge: 'ch_1' });
  }
}`,
        errors: [missingOptions(10, 12, 48)],
      },
      {
        name: 'a constructor’s parameter property',
        code: `${prelude}export class Billing {
  constructor(private readonly api: Refunds) {}
  refund = () => this.api.create({ charge: 'ch_1' });
}`,
        errors: [missingOptions(6, 18, 53)],
      },
    ],
  });
});

// A field under a name no resource has is followed when this file states an SDK type for a field
// of that name; the checker then decides, so a field of that name holding something else is not a
// request.
describe('a field under another name that this file types as the SDK’s', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'a field of the same name on an object whose type is not the SDK’s',
        code: `${prelude}interface Gateways { refundApi: Stripe.RefundResource }
interface Repos { refundApi: { create(row: { charge: string }): Promise<void> } }
export const refund = (repos: Repos) => repos.refundApi.create({ charge: 'ch_1' });`,
      },
    ],
    invalid: [
      {
        name: 'an interface’s field',
        code: `${prelude}interface Gateways { refundApi: Stripe.RefundResource; other: string }
export function refund(g: Gateways) {
  return g.refundApi.create({ charge: 'ch_1' });
}`,
        errors: [missingOptions(6, 10, 48)],
      },
      {
        name: 'a field of a type literal nested in an alias, destructured from a parameter',
        code: `${prelude}export type Deps = { payments: { refundApi: Stripe['refunds'] } } & { log: unknown };
export const refund = ({ refundApi }: Deps['payments']) =>
  refundApi.create({ charge: 'ch_1' });`,
        errors: [missingOptions(6, 3, 39)],
      },
      {
        name: 'a class’s field, reached from an instance',
        code: `${prelude}export class Gateway {
  constructor(readonly refundApi: Stripe.RefundResource | null) {}
}
export const refund = (g: Gateway) => g.refundApi?.create({ charge: 'ch_1' });`,
        errors: [missingOptions(7, 39, 78)],
      },
    ],
  });
});

describe('a file that sees the SDK, with receivers whose stated types cannot be resources', () => {
  it('asks the checker nothing about them', async () => {
    // `close` and `disconnect` are POST methods of stripe-node too (`disputes.close`,
    // `financialConnections.accounts.disconnect`).
    const { messages, queries } = await lintCountingQueries(
      `import type { Server } from 'node:http';
import { stripe } from './client';
export const client = stripe;

export function stop(server: Server | undefined) {
  server?.close();
}

let observer: ResizeObserver | null = null;
export function unobserve() {
  observer?.disconnect();
  observer = null;
}

export class Telemetry {
  private server: Server | null = null;
  #other: Server | undefined;
  constructor(private readonly fallback: Server) {}
  stop() {
    this.server?.close();
    this.#other?.close();
    this.fallback.close();
  }
  close = () => this.server?.close();
}
`,
    );
    expect(messages).toEqual([]);
    expect(queries).toBe(0);
  });
});
