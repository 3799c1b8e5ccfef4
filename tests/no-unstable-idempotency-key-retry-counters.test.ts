import rule from '../rules/no-unstable-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; number: number };
declare const db: { save(record: object): Promise<void> };
`;

const refundsCreate = '`refunds.create`';

// A for…of over attempt numbers written in place; `body` is the loop's body.
const attemptsOf = (range: string, body: string) => `${prelude}export async function refund() {
  for (const attempt of ${range}) {
${body}
  }
}`;
const triedRefund = `    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.id}:\${attempt}\` });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }`;

typedRuleTester('stripe23').run('no-unstable-idempotency-key: retry counters of frameworks', rule, {
  valid: [
    {
      name: 'a for…of over numbers whose body tries nothing numbers the requests',
      code: attemptsOf(
        '[1, 2, 3]',
        '    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: `refund:${order.id}:${attempt}` });',
      ),
    },
    {
      name: 'a for…of over numbers the params send too numbers the requests',
      code: attemptsOf(
        '[100, 200]',
        `    try {
      await stripe.refunds.create({ charge: order.chargeId, amount: attempt }, { idempotencyKey: \`refund:\${order.id}:\${attempt}\` });
    } catch {}`,
      ),
    },
    {
      name: 'a Temporal activity keyed on its workflow run and activity id',
      code: `${prelude}import { activityInfo } from '@temporalio/activity';
export async function refundActivity() {
  const info = activityInfo();
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${info.workflowExecution.runId}:\${info.activityId}\` },
  );
}`,
    },
    {
      name: 'a Trigger.dev task keyed on its run id',
      code: `${prelude}import { task } from '@trigger.dev/sdk';
export const refundTask = task({
  id: 'refund',
  run: async (payload: { chargeId: string }, { ctx }) =>
    stripe.refunds.create({ charge: payload.chargeId }, { idempotencyKey: \`refund:\${ctx.run.id}\` }),
});`,
    },
    {
      name: 'an attempt number of an object no retry library declares',
      code: `${prelude}export function refund(ctx: { run: { id: string }; attempt: { number: number } }) {
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${ctx.run.id}:\${ctx.attempt.number}\` },
  );
}`,
    },
    {
      name: 'an attempt destructured from a parameter of the app’s own type',
      code: `${prelude}export function refund({ attempt }: { attempt: number }) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.id}:\${attempt}\` });
}`,
    },
    {
      name: 'a record’s own number',
      code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${order.number}\` });`,
    },
    {
      name: 'an SQS message keyed on its message id',
      code: `${prelude}import type { SQSRecord } from 'aws-lambda';
export function handler(record: SQSRecord) {
  return stripe.refunds.create({ charge: record.body }, { idempotencyKey: \`refund:\${record.messageId}\` });
}`,
    },
  ],
  invalid: [
    ...['[1, 2, 3]', 'Array.from({ length: 3 }, (_, i) => i + 1)', 'Array(3).keys()'].map(
      (range) => ({
        name: `a for…of retry over ${range}, its attempt in the key`,
        code: attemptsOf(range, triedRefund),
        errors: [
          {
            messageId: 'retryCounter' as const,
            data: { operation: refundsCreate, source: 'attempt', where: ' at line 6' },
            line: 8,
            column: 88,
            endLine: 8,
            endColumn: 119,
          },
        ],
      }),
    ),
    {
      name: 'Temporal activityInfo().attempt',
      code: `${prelude}import { activityInfo } from '@temporalio/activity';
export async function refundActivity() {
  const info = activityInfo();
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${info.activityId}:\${info.attempt}\` },
  );
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'info.attempt', where: ' at line 10' },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 66,
        },
      ],
    },
    {
      name: 'Temporal Context.current().info.attempt',
      code: `${prelude}import { Context } from '@temporalio/activity';
export async function refundActivity() {
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${order.id}:\${Context.current().info.attempt}\` },
  );
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: {
            operation: refundsCreate,
            source: 'Context.current().info.attempt',
            where: ' at line 9',
          },
          line: 9,
          column: 23,
          endLine: 9,
          endColumn: 77,
        },
      ],
    },
    {
      name: 'Temporal attempt destructured from activityInfo()',
      code: `${prelude}import { activityInfo } from '@temporalio/activity';
export async function refundActivity() {
  const { activityId, attempt } = activityInfo();
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${activityId}-\${attempt}\` });
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
          line: 8,
          column: 78,
          endLine: 8,
          endColumn: 104,
        },
      ],
    },
    {
      name: 'Trigger.dev ctx.attempt.number',
      code: `${prelude}import { task } from '@trigger.dev/sdk';
export const refundTask = task({
  id: 'refund',
  run: async (payload: { chargeId: string }, { ctx }) =>
    stripe.refunds.create(
      { charge: payload.chargeId },
      { idempotencyKey: \`refund:\${ctx.run.id}:\${ctx.attempt.number}\` },
    ),
});`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'ctx.attempt.number', where: ' at line 11' },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 69,
        },
      ],
    },
    {
      name: 'Inngest attempt destructured in the handler',
      code: `${prelude}import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'shop' });
inngest.createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event, runId, attempt }) =>
  stripe.refunds.create({ charge: event.data.chargeId }, { idempotencyKey: \`refund:\${runId}:\${attempt}\` }),
);`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
          line: 8,
          column: 76,
          endLine: 8,
          endColumn: 104,
        },
      ],
    },
    {
      name: 'SQS ApproximateReceiveCount of a Lambda record',
      code: `${prelude}import type { SQSEvent } from 'aws-lambda';
export async function handler(event: SQSEvent) {
  for (const record of event.Records) {
    const key = \`refund:\${record.messageId}:\${record.attributes.ApproximateReceiveCount}\`;
    await stripe.refunds.create({ charge: record.body }, { idempotencyKey: key });
  }
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: {
            operation: refundsCreate,
            source: 'record.attributes.ApproximateReceiveCount',
            where: ' at line 8',
          },
          line: 9,
          column: 76,
          endLine: 9,
          endColumn: 79,
        },
      ],
    },
    {
      name: 'SQS ApproximateReceiveCount of a record type the project declares',
      code: `${prelude}interface QueueRecord {
  messageId: string;
  attributes: { ApproximateReceiveCount: string; SentTimestamp: string };
}
export function handler(record: QueueRecord) {
  return stripe.refunds.create(
    { charge: order.chargeId },
    { idempotencyKey: \`refund:\${record.messageId}:\${record.attributes['ApproximateReceiveCount']}\` },
  );
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: {
            operation: refundsCreate,
            source: "record.attributes['ApproximateReceiveCount']",
            where: ' at line 12',
          },
          line: 12,
          column: 23,
          endLine: 12,
          endColumn: 99,
        },
      ],
    },
    {
      name: 'p-retry’s attemptNumber written into the key on a failed attempt',
      code: `${prelude}import pRetry from 'p-retry';
export async function refund() {
  let key = \`refund:\${order.id}\`;
  return pRetry(() => stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key }), {
    onFailedAttempt: (error) => {
      key = \`refund:\${order.id}:\${error.attemptNumber}\`;
    },
  });
}`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'error.attemptNumber', where: ' at line 10' },
          line: 8,
          column: 91,
          endLine: 8,
          endColumn: 94,
        },
      ],
    },
    {
      name: 'the attempt number p-retry passes, under its own name',
      code: `${prelude}import pRetry from 'p-retry';
export const refund = () =>
  pRetry((attemptNumber) =>
    stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:\${attemptNumber}\` }),
  );`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'attemptNumber', where: ' at line 7' },
          line: 8,
          column: 73,
          endLine: 8,
          endColumn: 103,
        },
      ],
    },
  ],
});

// stripe22's fixture has no stand-ins: these packages' types do not resolve there.
typedRuleTester('stripe22').run(
  'no-unstable-idempotency-key: retry counters of unresolved packages',
  rule,
  {
    valid: [
      {
        name: 'an unresolved Temporal activity keyed on its activity id',
        code: `${prelude}import { activityInfo } from '@temporalio/activity';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${activityInfo().activityId}\` });`,
      },
      {
        name: 'an attempt of an unresolved package that declares no counter',
        code: `${prelude}import { currentRun } from '@acme/runs';
stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${currentRun().attempt}\` });`,
      },
    ],
    invalid: [
      {
        name: 'an unresolved Temporal activityInfo().attempt, through a const',
        code: `${prelude}import { activityInfo } from '@temporalio/activity';
export async function refundActivity() {
  const info = activityInfo();
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${info.attempt}\` });
}`,
        errors: [
          {
            messageId: 'retryCounter',
            data: { operation: refundsCreate, source: 'info.attempt', where: ' at line 8' },
            line: 8,
            column: 78,
            endLine: 8,
            endColumn: 102,
          },
        ],
      },
      {
        name: 'an unresolved Temporal Context.current().info.attempt, destructured',
        code: `${prelude}import { Context } from '@temporalio/activity';
export async function refundActivity() {
  const { info: { attempt } } = Context.current();
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund:\${attempt}\` });
}`,
        errors: [
          {
            messageId: 'retryCounter',
            data: { operation: refundsCreate, source: 'attempt', where: ' at line 7' },
            line: 8,
            column: 78,
            endLine: 8,
            endColumn: 97,
          },
        ],
      },
    ],
  },
);

typedRuleTester('stripe12').run('no-unstable-idempotency-key: retry counters on stripe 12', rule, {
  valid: [],
  invalid: [
    {
      name: 'Trigger.dev ctx.attempt.number',
      code: `${prelude}import { task } from '@trigger.dev/sdk';
export const refundTask = task({
  id: 'refund',
  run: async (payload: { chargeId: string }, { ctx }) =>
    stripe.refunds.create({ charge: payload.chargeId }, { idempotencyKey: \`\${ctx.run.id}:\${ctx.attempt.number}\` }),
});`,
      errors: [
        {
          messageId: 'retryCounter',
          data: { operation: refundsCreate, source: 'ctx.attempt.number', where: ' at line 9' },
          line: 9,
          column: 75,
          endLine: 9,
          endColumn: 112,
        },
      ],
    },
  ],
});
