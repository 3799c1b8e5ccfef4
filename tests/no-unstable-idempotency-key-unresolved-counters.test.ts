import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string };
declare const db: { save(record: object): Promise<void> };
`;

const paymentIntentsCreate = '`paymentIntents.create`';
const refundsCreate = '`refunds.create`';

// stripe22's fixture has no stand-ins: `@trigger.dev/sdk` and `inngest` do not resolve there, so
// every context below is `any` and the factory it is handed to decides.
typedRuleTester('stripe22').run(
  'no-unstable-idempotency-key: retry counters of unresolved Trigger.dev and Inngest handlers',
  rule,
  {
    valid: [
      {
        name: 'an attempt of run’s second parameter outside its ctx',
        code: `${prelude}import { task } from '@trigger.dev/sdk/v3';
export const charge = task({
  id: 'charge',
  run: async (payload: { orderId: string }, { ctx, attempt }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${ctx.run.id}:\${attempt.number}\` }),
});`,
      },
      {
        name: 'ctx.attempt.number in the run of a task the project declares itself',
        code: `${prelude}function task(options: { id: string; run: (payload: any, params: any) => Promise<unknown> }) {
  return options;
}
export const charge = task({
  id: 'charge',
  run: async (payload, { ctx }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${ctx.attempt.number}\` }),
});`,
      },
      {
        name: 'ctx.attempt.number in the run of another package’s task',
        code: `${prelude}import { task } from '@acme/jobs';
export const charge = task({
  id: 'charge',
  run: async (payload: { orderId: string }, { ctx }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${ctx.attempt.number}\` }),
});`,
      },
      {
        name: 'ctx.attempt.number in a callback no framework receives',
        code: `${prelude}import { task } from '@trigger.dev/sdk/v3';
export const charge = task({ id: 'charge', run: async () => undefined });
export const retry = (handle: (payload: { orderId: string }, params: any) => Promise<unknown>) => handle;
retry(async (payload, { ctx }) =>
  stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${ctx.attempt.number}\` }),
);`,
      },
      {
        name: 'an attempt in a Trigger.dev option other than run',
        code: `${prelude}import { task } from '@trigger.dev/sdk';
export const charge = task({
  id: 'charge',
  run: async () => undefined,
  init: async (payload: { orderId: string }, { ctx }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${ctx.attempt.number}\` }),
});`,
      },
      {
        name: 'an attempt in the first parameter of a Trigger.dev run, the payload',
        code: `${prelude}import { task } from '@trigger.dev/sdk';
export const charge = task({
  id: 'charge',
  run: async ({ ctx }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${ctx.attempt.number}\` }),
});`,
      },
      {
        name: 'an attempt the event carries, in an unresolved Inngest handler',
        code: `${prelude}import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'shop' });
inngest.createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event, runId }) =>
  stripe.refunds.create({ charge: event.data.chargeId }, { idempotencyKey: \`re:\${runId}:\${event.data.attempt}\` }),
);`,
      },
      {
        name: 'an attempt in the handler of another library’s createFunction',
        code: `${prelude}import { Client } from '@acme/functions';
const client = new Client({ id: 'shop' });
client.createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event, attempt }) =>
  stripe.refunds.create({ charge: event.data.chargeId }, { idempotencyKey: \`re:\${event.data.chargeId}:\${attempt}\` }),
);`,
      },
      {
        name: 'an attempt in the handler of a createFunction imported on its own',
        code: `${prelude}import { createFunction } from 'inngest';
createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event, attempt }) =>
  stripe.refunds.create({ charge: event.data.chargeId }, { idempotencyKey: \`re:\${event.data.chargeId}:\${attempt}\` }),
);`,
      },
    ],
    invalid: [
      {
        name: 'unresolved Trigger.dev ctx.attempt.number, destructured from run’s second parameter',
        code: `${prelude}import { task } from '@trigger.dev/sdk/v3';
export const charge = task({
  id: 'charge',
  run: async (payload: { orderId: string }, { ctx }) => {
    await stripe.paymentIntents.create(
      { amount: 100, currency: 'usd' },
      { idempotencyKey: \`pi:\${payload.orderId}:\${ctx.attempt.number}\` },
    );
  },
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: {
              operation: paymentIntentsCreate,
              source: 'ctx.attempt.number',
              where: ' at line 11',
            },
            line: 11,
            column: 25,
            endLine: 11,
            endColumn: 70,
          },
        ],
      },
      {
        name: 'unresolved Trigger.dev params.ctx.attempt.number',
        code: `${prelude}import { task } from '@trigger.dev/sdk';
export const charge = task({
  id: 'charge',
  run: async (payload: { orderId: string }, params) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${params.ctx.attempt.number}\` }),
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: {
              operation: paymentIntentsCreate,
              source: 'params.ctx.attempt.number',
              where: ' at line 9',
            },
            line: 9,
            column: 86,
            endLine: 9,
            endColumn: 138,
          },
        ],
      },
      {
        name: 'unresolved Trigger.dev attempt destructured from ctx',
        code: `${prelude}import { task } from '@trigger.dev/sdk/v3';
export const charge = task({
  id: 'charge',
  run: async (payload: { orderId: string }, { ctx }) => {
    const { attempt } = ctx;
    return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${attempt.number}\` });
  },
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: {
              operation: paymentIntentsCreate,
              source: 'attempt.number',
              where: ' at line 10',
            },
            line: 10,
            column: 93,
            endLine: 10,
            endColumn: 134,
          },
        ],
      },
      {
        name: 'unresolved Trigger.dev attempt number destructured in the parameter',
        code: `${prelude}import { schemaTask } from '@trigger.dev/sdk';
export const charge = schemaTask({
  id: 'charge',
  async run(payload: { orderId: string }, { ctx: { attempt: { number } } }) {
    return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${payload.orderId}:\${number}\` });
  },
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: { operation: paymentIntentsCreate, source: 'number', where: ' at line 8' },
            line: 9,
            column: 93,
            endLine: 9,
            endColumn: 126,
          },
        ],
      },
      {
        name: 'unresolved Trigger.dev schedules.task',
        code: `${prelude}import { schedules } from '@trigger.dev/sdk/v3';
export const nightly = schedules.task({
  id: 'nightly',
  run: async (payload: { timestamp: Date }, { ctx }) =>
    stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`pi:\${order.id}:\${ctx.attempt.number}\` }),
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: {
              operation: paymentIntentsCreate,
              source: 'ctx.attempt.number',
              where: ' at line 9',
            },
            line: 9,
            column: 86,
            endLine: 9,
            endColumn: 124,
          },
        ],
      },
      {
        name: 'unresolved Inngest attempt destructured in the handler',
        code: `${prelude}import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'app' });
inngest.createFunction({ id: 'f' }, { event: 'order/paid' }, async ({ event, step, attempt }) => {
  await stripe.refunds.create({ charge: event.data.chargeId }, { idempotencyKey: \`re:\${event.data.chargeId}:\${attempt}\` });
});`,
        errors: [
          {
            messageId: 'retryCounter',
            data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
            line: 8,
            column: 82,
            endLine: 8,
            endColumn: 120,
          },
        ],
      },
      {
        name: 'unresolved Inngest ctx.attempt, with the triggers in the options',
        code: `${prelude}import { Inngest } from 'inngest';
export const inngest = new Inngest({ id: 'app' });
export default inngest.createFunction({ id: 'f', triggers: [{ event: 'order/paid' }] }, async (ctx) =>
  stripe.refunds.create({ charge: ctx.event.data.chargeId }, { idempotencyKey: \`re:\${ctx.event.data.chargeId}:\${ctx.attempt}\` }),
);`,
        errors: [
          {
            messageId: 'retryCounter',
            data: { operation: refundsCreate, source: 'ctx.attempt', where: ' at line 8' },
            line: 8,
            column: 80,
            endLine: 8,
            endColumn: 126,
          },
        ],
      },
    ],
  },
);
