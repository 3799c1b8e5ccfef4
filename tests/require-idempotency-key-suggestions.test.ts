import { describe } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import { typedRuleTester, type Fixture } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
interface Order { id: string; chargeId: string; accountId: string; customerId: string }
declare function randomUUID(): string;
`;

/** `code` with `before` replaced by `after`, which must occur once. */
function edit(code: string, before: string, after: string): string {
  if (code.split(before).length !== 2) throw new Error(`not once in the case: ${before}`);
  return code.replace(before, after);
}

const eventRefund = `${prelude}export async function onDispute(event: Stripe.Event) {
  return stripe.refunds.create({ charge: 'ch_1' });
}`;

const constructed = `${prelude}export async function webhook(body: string, signature: string) {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, 'whsec_1');
  } catch {
    return;
  }
  if (event.type === 'charge.dispute.created') {
    await stripe.refunds.create({ charge: 'ch_1' });
  }
}`;

const eventLoop = `${prelude}export async function replay(events: Stripe.Event[]) {
  for (const event of events) {
    await stripe.customers.create({ email: 'a@example.com' });
  }
}`;

const branches = `${prelude}export async function onEvent(event: Stripe.Event, full: boolean) {
  if (full) {
    await stripe.refunds.create({ charge: 'ch_1' });
  } else {
    await stripe.refunds.create({ charge: 'ch_1', amount: 100 });
  }
}`;

const voidInvoice = `${prelude}export async function voidDraft(invoiceId: string) {
  return stripe.invoices.voidInvoice(invoiceId);
}`;

// stripe-node before 13 takes a callback last: options written after it are an unknown argument.
const voidWithCallback = `${prelude}export function voidLater(invoiceId: string, done: (error: unknown) => void) {
  stripe.invoices.voidInvoice(invoiceId, (error: unknown) => done(error));
}`;

const chosenTargets = `${prelude}export async function release(sub: Stripe.Subscription, fallback: string | null, other: string) {
  if (!sub.schedule) return;
  const scheduleId = typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id;
  const invoiceId = fallback ?? other;
  await stripe.subscriptionSchedules.release(scheduleId);
  await stripe.invoices.voidInvoice(invoiceId);
}`;

const optionalChainTarget = `${prelude}export async function voidLatest(sub: Stripe.Subscription) {
  const latest = sub.latest_invoice;
  const invoiceId = typeof latest === 'string' ? latest : latest?.id;
  if (!invoiceId) return;
  await stripe.invoices.voidInvoice(invoiceId);
}`;

const assertedTargets = `${prelude}export async function release(schedule: Stripe.SubscriptionSchedule | null, sub: Stripe.Subscription) {
  await stripe.subscriptionSchedules.release(schedule!.id);
  await stripe.invoices.finalizeInvoice((sub.latest_invoice as Stripe.Invoice).id!);
}`;

const eventThenTarget = `${prelude}export async function onOverdue(event: Stripe.Event, invoiceId: string) {
  return stripe.invoices.markUncollectible(invoiceId);
}`;

const rawHeader = `${prelude}export async function onEvent(event: Stripe.Event) {
  return fetch('https://api.stripe.com/v1/refunds', {
    method: 'POST',
    headers: { Authorization: 'Bearer sk' },
  });
}`;

const mergedMultiLine = `${prelude}export async function onEvent(event: Stripe.Event, order: Order) {
  return stripe.paymentIntents.create(
    { amount: 100, currency: 'usd' },
    {
      stripeAccount: order.accountId,
    },
  );
}`;

const undefinedKey = `${prelude}export async function onEvent(event: Stripe.Event) {
  return stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: undefined });
}`;

describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])(
  '%s: suggested keys name one instance of the operation',
  (fixture) => {
    typedRuleTester(fixture).run('require-idempotency-key', rule, {
      valid: [],
      invalid: [
        {
          name: 'the webhook event that caused the call',
          code: eventRefund,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 51,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${event.id}:refunds.create`' },
                  output: edit(
                    eventRefund,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${event.id}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an event from constructEvent, assigned in a try',
          code: constructed,
          errors: [
            {
              messageId: 'missingOptions',
              line: 13,
              column: 11,
              endLine: 13,
              endColumn: 52,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    constructed,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${event.id}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'the event is the loop’s item: one call per event',
          code: eventLoop,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 11,
              endLine: 7,
              endColumn: 62,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    eventLoop,
                    `{ email: 'a@example.com' })`,
                    `{ email: 'a@example.com' }, { idempotencyKey: \`\${event.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'two sites of one operation in branches that never both run',
          code: branches,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 11,
              endLine: 7,
              endColumn: 52,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    branches,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${event.id}:refunds.create\` })`,
                  ),
                },
              ],
            },
            {
              messageId: 'missingOptions',
              line: 9,
              column: 11,
              endLine: 9,
              endColumn: 65,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    branches,
                    `amount: 100 })`,
                    `amount: 100 }, { idempotencyKey: \`\${event.id}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a one-time operation: the target’s own id',
          code: voidInvoice,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 48,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${invoiceId}:invoices.voidInvoice`' },
                  output: edit(
                    voidInvoice,
                    `voidInvoice(invoiceId)`,
                    `voidInvoice(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:invoices.voidInvoice\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a one-time operation called with a callback: no suggestion',
          code: voidWithCallback,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 3,
              endLine: 6,
              endColumn: 74,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a one-time operation’s target chosen between existing ids',
          code: chosenTargets,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 57,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${scheduleId}:subscriptionSchedules.release`' },
                  output: edit(
                    chosenTargets,
                    'release(scheduleId)',
                    'release(scheduleId, {}, { idempotencyKey: `${scheduleId}:subscriptionSchedules.release` })',
                  ),
                },
              ],
            },
            {
              messageId: 'missingOptions',
              line: 10,
              column: 9,
              endLine: 10,
              endColumn: 47,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${invoiceId}:invoices.voidInvoice`' },
                  output: edit(
                    chosenTargets,
                    'voidInvoice(invoiceId)',
                    'voidInvoice(invoiceId, {}, { idempotencyKey: `${invoiceId}:invoices.voidInvoice` })',
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a one-time operation’s target read through a non-null assertion or a cast',
          code: assertedTargets,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 9,
              endLine: 6,
              endColumn: 59,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${schedule!.id}:subscriptionSchedules.release`' },
                  output: edit(
                    assertedTargets,
                    'release(schedule!.id)',
                    'release(schedule!.id, {}, { idempotencyKey: `${schedule!.id}:subscriptionSchedules.release` })',
                  ),
                },
              ],
            },
            {
              messageId: 'missingOptions',
              line: 7,
              column: 9,
              endLine: 7,
              endColumn: 84,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: {
                    key: '`${(sub.latest_invoice as Stripe.Invoice).id!}:invoices.finalizeInvoice`',
                  },
                  output: edit(
                    assertedTargets,
                    'finalizeInvoice((sub.latest_invoice as Stripe.Invoice).id!)',
                    'finalizeInvoice((sub.latest_invoice as Stripe.Invoice).id!, {}, { idempotencyKey: `${(sub.latest_invoice as Stripe.Invoice).id!}:invoices.finalizeInvoice` })',
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a one-time operation’s target read through an optional chain, narrowed before the call',
          code: optionalChainTarget,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 47,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${invoiceId}:invoices.voidInvoice`' },
                  output: edit(
                    optionalChainTarget,
                    'voidInvoice(invoiceId)',
                    'voidInvoice(invoiceId, {}, { idempotencyKey: `${invoiceId}:invoices.voidInvoice` })',
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a choice with a value made here is no instance id',
          code: `${prelude}export async function voidOne(given: string | undefined) {
  const invoiceId = given ?? randomUUID();
  const draftId = given ? given : 'in_1';
  await stripe.invoices.voidInvoice(invoiceId);
  await stripe.invoices.voidInvoice(draftId);
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 9,
              endLine: 8,
              endColumn: 47,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 45,
              suggestions: [],
            },
          ],
        },
        {
          name: 'the cause first, then a one-time operation’s target',
          code: eventThenTarget,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 54,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${event.id}:invoices.markUncollectible`' },
                  output: edit(
                    eventThenTarget,
                    `markUncollectible(invoiceId)`,
                    `markUncollectible(invoiceId, {}, { idempotencyKey: \`\${event.id}:invoices.markUncollectible\` })`,
                  ),
                },
                {
                  messageId: 'addKey',
                  data: { key: '`${invoiceId}:invoices.markUncollectible`' },
                  output: edit(
                    eventThenTarget,
                    `markUncollectible(invoiceId)`,
                    `markUncollectible(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:invoices.markUncollectible\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'raw HTTP: an Idempotency-Key header in the headers object',
          code: rawHeader,
          errors: [
            {
              messageId: 'missingHeader',
              line: 6,
              column: 10,
              endLine: 9,
              endColumn: 5,
              suggestions: [
                {
                  messageId: 'addKeyHeader',
                  data: { key: '`${event.id}:refunds`' },
                  output: edit(
                    rawHeader,
                    `Authorization: 'Bearer sk' }`,
                    `Authorization: 'Bearer sk', 'Idempotency-Key': \`\${event.id}:refunds\` }`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'merged into multi-line options, on its own line',
          code: mergedMultiLine,
          errors: [
            {
              messageId: 'missingKey',
              line: 6,
              column: 10,
              endLine: 11,
              endColumn: 4,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    mergedMultiLine,
                    `stripeAccount: order.accountId,\n`,
                    `stripeAccount: order.accountId,
      idempotencyKey: \`\${event.id}:paymentIntents.create\`,
`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'in place of idempotencyKey: undefined',
          code: undefinedKey,
          errors: [
            {
              messageId: 'undefinedKey',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 82,
              suggestions: [
                {
                  messageId: 'addKey',
                  output: edit(
                    undefinedKey,
                    `idempotencyKey: undefined`,
                    `idempotencyKey: \`\${event.id}:refunds.create\``,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a record the params read is a parent of a refund: an order is refunded in parts',
          code: `${prelude}export async function refund(order: Order) {
  return stripe.refunds.create({ charge: order.chargeId });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 59,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an update keyed on the subscription it changes would fail the next change',
          code: `${prelude}export async function upgrade(sub: Stripe.Subscription, price: string) {
  return stripe.subscriptions.update(sub.id, { items: [{ price }] });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 69,
              suggestions: [],
            },
          ],
        },
        {
          name: 'payment attempts keyed on their target would replay a decline',
          code: `${prelude}export async function pay(invoiceId: string, intent: Stripe.PaymentIntent) {
  await stripe.invoices.pay(invoiceId);
  await stripe.paymentIntents.confirm(intent.id);
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 9,
              endLine: 6,
              endColumn: 39,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 7,
              column: 9,
              endLine: 7,
              endColumn: 49,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a credit keyed on its customer would swallow the second credit',
          code: `${prelude}export async function credit(order: Order, amount: number) {
  return stripe.customers.createBalanceTransaction(order.customerId, { amount, currency: 'usd' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 98,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an event’s object is a parent: an invoice gets several credit notes',
          code: `${prelude}export async function onInvoicePaid(invoice: Stripe.Invoice) {
  return stripe.creditNotes.create({ invoice: invoice.id! });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 61,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an event outside the loop that runs the call once per item',
          code: `${prelude}export async function onPayout(event: Stripe.Event, orders: Order[]) {
  for (const order of orders) {
    await stripe.transfers.create({ amount: 1, currency: 'usd', destination: order.accountId });
  }
  await Promise.all(orders.map((order) => stripe.refunds.create({ charge: order.chargeId })));
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 11,
              endLine: 7,
              endColumn: 96,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 9,
              column: 43,
              endLine: 9,
              endColumn: 92,
              suggestions: [],
            },
          ],
        },
        {
          name: 'one event, two sites of one operation that both run',
          code: `${prelude}export async function onEvent(event: Stripe.Event) {
  await stripe.refunds.create({ charge: 'ch_1' });
  await stripe.refunds.create({ charge: 'ch_2' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 9,
              endLine: 6,
              endColumn: 50,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 7,
              column: 9,
              endLine: 7,
              endColumn: 50,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an event bound at module or test level is replayed by every run',
          code: `${prelude}declare const fixture: Stripe.Event;
declare function it(name: string, fn: () => Promise<void>): void;
stripe.customers.create({ email: 'a@example.com' });
it('refunds', async () => {
  const event = fixture;
  await stripe.refunds.create({ charge: 'ch_1' });
});`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 1,
              endLine: 7,
              endColumn: 52,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 10,
              column: 9,
              endLine: 10,
              endColumn: 50,
              suggestions: [],
            },
          ],
        },
        {
          name: 'no cause in scope: no suggestion',
          code: `${prelude}export async function refund(chargeId: string) {
  return stripe.refunds.create({ charge: chargeId });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 53,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an object with an id is no cause by its shape or its name',
          code: `${prelude}export async function invoiceJob(job: { id: string; data: { customerId: string } }) {
  return stripe.invoices.create({ customer: job.data.customerId });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 67,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a random or literal target of a one-time operation is no instance id',
          code: `${prelude}export async function voidDrafts() {
  const invoiceId = randomUUID();
  await stripe.invoices.voidInvoice(invoiceId);
  await stripe.invoices.voidInvoice('in_1');
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 9,
              endLine: 7,
              endColumn: 47,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 8,
              column: 9,
              endLine: 8,
              endColumn: 44,
              suggestions: [],
            },
          ],
        },
        {
          name: 'options that are not written in the call: no suggestion',
          code: `${prelude}export async function onEvent(event: Stripe.Event, order: Order) {
  const options = { stripeAccount: order.accountId };
  return stripe.refunds.create({ charge: order.chargeId }, options);
}`,
          errors: [
            {
              messageId: 'missingKey',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 68,
              suggestions: [],
            },
          ],
        },
        {
          name: 'raw HTTP without a headers object: no suggestion',
          code: `${prelude}export async function onEvent(event: Stripe.Event, order: Order) {
  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body: order.chargeId });
}`,
          errors: [
            {
              messageId: 'missingHeader',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 94,
              suggestions: [],
            },
          ],
        },
      ],
    });
  },
);

describe('stripe 18: a union the code writes of event types', () => {
  const eventUnion = `${prelude}type SubscriptionEvent = Stripe.CustomerSubscriptionCreatedEvent | Stripe.CustomerSubscriptionUpdatedEvent;
export async function onSubscription(event: Stripe.CustomerSubscriptionCreatedEvent | Stripe.CustomerSubscriptionUpdatedEvent) {
  return stripe.refunds.create({ charge: 'ch_1' });
}
export async function onAliased(event: SubscriptionEvent | Stripe.InvoicePaidEvent) {
  return stripe.refunds.create({ charge: 'ch_2' });
}
export async function onMixed(event: Stripe.InvoicePaidEvent | { id: string }) {
  return stripe.refunds.create({ charge: 'ch_3' });
}`;
  const refund = (line: number, charge: string, key?: string) => ({
    messageId: 'missingOptions' as const,
    line,
    column: 10,
    endLine: line,
    endColumn: 51,
    suggestions: key
      ? [
          {
            messageId: 'addKey' as const,
            data: { key: `\`\${event.id}:refunds.create:${key}\`` },
            output: edit(
              eventUnion,
              `{ charge: '${charge}' })`,
              `{ charge: '${charge}' }, { idempotencyKey: \`\${event.id}:refunds.create:${key}\` })`,
            ),
          },
        ]
      : [],
  });
  typedRuleTester('stripe18').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'every member an event type of the SDK: the event’s id; with another type: none',
        code: eventUnion,
        errors: [
          refund(7, 'ch_1', 'onSubscription'),
          refund(10, 'ch_2', 'onAliased'),
          refund(13, 'ch_3'),
        ],
      },
    ],
  });
});

describe('stripe 12–21: the one-argument options overload', () => {
  const overload = `${prelude}export async function onEvent(event: Stripe.Event, order: Order) {
  return stripe.customers.create({ stripeAccount: order.accountId });
}`;
  typedRuleTester('stripe18').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'merged into it',
        code: overload,
        errors: [
          {
            messageId: 'missingKey',
            line: 6,
            column: 10,
            endLine: 6,
            endColumn: 69,
            suggestions: [
              {
                messageId: 'addKey',
                output: edit(
                  overload,
                  `stripeAccount: order.accountId }`,
                  `stripeAccount: order.accountId, idempotencyKey: \`\${event.id}:customers.create\` }`,
                ),
              },
            ],
          },
        ],
      },
    ],
  });
});

// Causes known by their library's declaration (stand-ins in the fixtures' cause-modules.d.ts).
const sqsRecord = `${prelude}import type { SQSEvent } from 'aws-lambda';
export async function handler(event: SQSEvent) {
  for (const record of event.Records) {
    await stripe.refunds.create({ charge: record.body });
  }
}`;

const inngestRun = `${prelude}import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'shop' });
inngest.createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event, runId }) => {
  return stripe.refunds.create({ charge: event.data.charge });
});`;

const triggerRun = `${prelude}import { task } from '@trigger.dev/sdk';
export const chargeOrder = task({
  id: 'charge-order',
  run: async (payload: { amount: number }, { ctx }) => {
    return stripe.paymentIntents.create({ amount: payload.amount, currency: 'usd' });
  },
});`;

const temporalActivity = `${prelude}import { activityInfo } from '@temporalio/activity';
export async function chargeActivity(amount: number) {
  const info = activityInfo();
  return stripe.paymentIntents.create({ amount, currency: 'usd' });
}`;

const aiSdkTool = `${prelude}import { tool } from 'ai';
export const refundTool = tool({
  description: 'Refund a charge',
  execute: async ({ charge }: { charge: string }, { toolCallId }) => stripe.refunds.create({ charge }),
});`;

const aiSdkOptions = `${prelude}import { tool, type ToolCallOptions } from 'ai';
export async function refund(charge: string, options: ToolCallOptions) {
  return stripe.refunds.create({ charge });
}`;

const agentsCall = `${prelude}import { tool, type FunctionCallItem } from '@openai/agents';
export async function refund(charge: string, toolCall: FunctionCallItem) {
  return stripe.refunds.create({ charge });
}`;

// The created record's id, for a create of its Stripe counterpart.
const records = `interface Purchase { id: string; amount: number; paymentIntentId?: string | null }
interface Payout { id: string; amount: number; accountId: string; transferId: string | null }
`;

const purchaseIntent = `${prelude}${records}export async function checkout(purchase: Purchase) {
  return stripe.paymentIntents.create({ amount: purchase.amount, currency: 'usd' });
}`;

const payoutTransfer = `${prelude}${records}export async function onPayout(event: Stripe.Event, payout: Payout) {
  return stripe.transfers.create({ amount: payout.amount, currency: 'usd', destination: payout.accountId });
}`;

const customerWritten = `${prelude}declare const db: {
  user: { update(args: { where: { id: string }; data: { stripeCustomerId: string } }): Promise<void> };
};
export async function ensureCustomer(user: { id: string; email: string }) {
  const customer = await stripe.customers.create({ email: user.email });
  await db.user.update({ where: { id: user.id }, data: { stripeCustomerId: customer.id } });
  return customer;
}`;

// The record's id as an argument of the write-back, not a property.
const orgWritten = (id: string) => `${prelude}declare const db: {
  org: {
    create(): Promise<{ id: string }>;
    update(id: string, data: { stripeCustomerId: string }): Promise<void>;
  };
};
export async function ensureCustomer(org: { id: string; name: string }) {
  const customer = await stripe.customers.create({ name: org.name });
  await db.org.update(${id}, { stripeCustomerId: customer.id });
}`;

const memberGuarded = `${prelude}interface Member { id: string; email: string; stripeCustomerId: string | null }
export async function ensureCustomer(member: Member | null) {
  if (!member) return;
  return stripe.customers.create({ email: member.email });
}`;

const customerOfOrder = `${prelude}interface Customer { id: string; email: string; stripeCustomerId?: string }
export async function ensureCustomer(order: { customer: Customer }) {
  const { customer } = order;
  return stripe.customers.create({ email: customer.email });
}`;

const customerFromInput = `${prelude}declare const db: {
  user: { update(args: { where: { id: string }; data: { stripeCustomerId: string } }): Promise<void> };
};
export async function ensureCustomer(user: { id: string }, input: Stripe.CustomerCreateParams) {
  const customer = await stripe.customers.create(input);
  await db.user.update({ where: { id: user.id }, data: { stripeCustomerId: customer.id } });
  return customer;
}`;

// A webhook event a context of the app's own type holds, not taken out of it; or one of two.
const eventInContext = (held: string) => `${prelude}interface WebhookContext { ${held} }
export async function onEvent(ctx: WebhookContext) {
  return stripe.refunds.create({ charge: 'ch_1' });
}`;

// One cause and operation in two functions of the file: the function's name tells the keys apart.
const twoHandlers = `${prelude}export async function onDispute(event: Stripe.Event) {
  return stripe.refunds.create({ charge: 'ch_1' });
}
export const onFraud = async (event: Stripe.Event) => {
  return stripe.refunds.create({ charge: 'ch_2' });
};`;

describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])(
  '%s: causes by declaration, created records, and the suffix',
  (fixture) => {
    typedRuleTester(fixture).run('require-idempotency-key', rule, {
      valid: [],
      invalid: [
        {
          name: 'an SQS record’s messageId, the loop’s own item',
          code: sqsRecord,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 11,
              endLine: 8,
              endColumn: 57,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${record.messageId}:refunds.create`' },
                  output: edit(
                    sqsRecord,
                    `{ charge: record.body })`,
                    `{ charge: record.body }, { idempotencyKey: \`\${record.messageId}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an Inngest run id from the handler’s context (its event.id is optional)',
          code: inngestRun,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 62,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${runId}:refunds.create`' },
                  output: edit(
                    inngestRun,
                    `{ charge: event.data.charge })`,
                    `{ charge: event.data.charge }, { idempotencyKey: \`\${runId}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a Trigger.dev run id, ctx.run.id',
          code: triggerRun,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 12,
              endLine: 9,
              endColumn: 85,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${ctx.run.id}:paymentIntents.create`' },
                  output: edit(
                    triggerRun,
                    `currency: 'usd' })`,
                    `currency: 'usd' }, { idempotencyKey: \`\${ctx.run.id}:paymentIntents.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a Temporal activity id, unique only within its workflow run: with the run id',
          code: temporalActivity,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 67,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: {
                    key: '`${info.workflowExecution.runId}:${info.activityId}:paymentIntents.create`',
                  },
                  output: edit(
                    temporalActivity,
                    `currency: 'usd' })`,
                    `currency: 'usd' }, { idempotencyKey: \`\${info.workflowExecution.runId}:\${info.activityId}:paymentIntents.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an AI SDK tool call’s id, destructured from execute’s options',
          code: aiSdkTool,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 70,
              endLine: 8,
              endColumn: 103,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${toolCallId}:refunds.create`' },
                  output: edit(
                    aiSdkTool,
                    `create({ charge })`,
                    `create({ charge }, { idempotencyKey: \`\${toolCallId}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an AI SDK tool call’s id, a member of the options',
          code: aiSdkOptions,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 43,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${options.toolCallId}:refunds.create`' },
                  output: edit(
                    aiSdkOptions,
                    `create({ charge })`,
                    `create({ charge }, { idempotencyKey: \`\${options.toolCallId}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an OpenAI Agents function call’s callId',
          code: agentsCall,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 43,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${toolCall.callId}:refunds.create`' },
                  output: edit(
                    agentsCall,
                    `create({ charge })`,
                    `create({ charge }, { idempotencyKey: \`\${toolCall.callId}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'the record whose counterpart the create makes: its type holds the id, not yet set',
          code: purchaseIntent,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 84,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${purchase.id}:paymentIntents.create`' },
                  output: edit(
                    purchaseIntent,
                    `currency: 'usd' })`,
                    `currency: 'usd' }, { idempotencyKey: \`\${purchase.id}:paymentIntents.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'the cause first, then the record whose counterpart the create makes',
          code: payoutTransfer,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 108,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${event.id}:transfers.create`' },
                  output: edit(
                    payoutTransfer,
                    `destination: payout.accountId })`,
                    `destination: payout.accountId }, { idempotencyKey: \`\${event.id}:transfers.create\` })`,
                  ),
                },
                {
                  messageId: 'addKey',
                  data: { key: '`${payout.id}:transfers.create`' },
                  output: edit(
                    payoutTransfer,
                    `destination: payout.accountId })`,
                    `destination: payout.accountId }, { idempotencyKey: \`\${payout.id}:transfers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'the record the code writes the created customer’s id onto',
          code: customerWritten,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 26,
              endLine: 9,
              endColumn: 72,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${user.id}:customers.create`' },
                  output: edit(
                    customerWritten,
                    `{ email: user.email })`,
                    `{ email: user.email }, { idempotencyKey: \`\${user.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'the record whose id the code passes beside the created customer’s id',
          code: orgWritten('org.id'),
          errors: [
            {
              messageId: 'missingOptions',
              line: 12,
              column: 26,
              endLine: 12,
              endColumn: 69,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${org.id}:customers.create`' },
                  output: edit(
                    orgWritten('org.id'),
                    `{ name: org.name })`,
                    `{ name: org.name }, { idempotencyKey: \`\${org.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a record made after the call is not the one the create is for: no suggestion',
          code: orgWritten('(await db.org.create()).id'),
          errors: [
            {
              messageId: 'missingOptions',
              line: 12,
              column: 26,
              endLine: 12,
              endColumn: 69,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a record that may be null, ruled out by a guard before the call: its id',
          code: memberGuarded,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 58,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${member.id}:customers.create`' },
                  output: edit(
                    memberGuarded,
                    `{ email: member.email })`,
                    `{ email: member.email }, { idempotencyKey: \`\${member.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a record destructured from a typed parameter: its id',
          code: customerOfOrder,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 60,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${customer.id}:customers.create`' },
                  output: edit(
                    customerOfOrder,
                    `{ email: customer.email })`,
                    `{ email: customer.email }, { idempotencyKey: \`\${customer.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a record destructured from a query’s result, whose type the checker would infer: no key',
          code: `${prelude}interface Customer { id: string; email: string; stripeCustomerId?: string }
declare const repo: { findOne<T>(query: T): Promise<{ customer: Customer }> };
export async function ensureCustomer(id: string) {
  const { customer } = await repo.findOne({ id });
  return stripe.customers.create({ email: customer.email });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 10,
              endLine: 9,
              endColumn: 60,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a record that may be null with no guard, undefined left by the guard, or assigned after it: no key',
          code: `${prelude}interface Member { id: string; email: string; stripeCustomerId: string | null }
declare function lookup(): Member | null;
export async function unguarded(member: Member | null) {
  return stripe.customers.create({ email: member?.email });
}
export async function halfGuarded(member: Member | null | undefined) {
  if (member === null) return;
  return stripe.customers.create({ email: 'a@example.com' });
}
export async function reassigned(member: Member | null) {
  if (!member) return;
  member = lookup();
  return stripe.customers.create({ email: 'a@example.com' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 59,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 12,
              column: 10,
              endLine: 12,
              endColumn: 61,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 17,
              column: 10,
              endLine: 17,
              endColumn: 61,
              suggestions: [],
            },
          ],
        },
        {
          name: 'params passed in, of a type that cannot attempt a payment: the record’s id',
          code: customerFromInput,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 26,
              endLine: 9,
              endColumn: 56,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${user.id}:customers.create`' },
                  output: edit(
                    customerFromInput,
                    `create(input)`,
                    `create(input, { idempotencyKey: \`\${user.id}:customers.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a webhook event held by a context of the app’s own type: its id',
          code: eventInContext('stripeEvent: Stripe.Event; attempt: number'),
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 51,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${ctx.stripeEvent.id}:refunds.create`' },
                  output: edit(
                    eventInContext('stripeEvent: Stripe.Event; attempt: number'),
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${ctx.stripeEvent.id}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a context that may hold no event, or holds two: no suggestion',
          code: eventInContext('stripeEvent?: Stripe.Event; previous: Stripe.Event | null'),
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 51,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a context that holds two events: no suggestion',
          code: eventInContext('event: Stripe.Event; previous: Stripe.Event'),
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 51,
              suggestions: [],
            },
          ],
        },
        {
          name: 'one cause and operation in two functions: the function’s name in the key',
          code: twoHandlers,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 51,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${event.id}:refunds.create:onDispute`' },
                  output: edit(
                    twoHandlers,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${event.id}:refunds.create:onDispute\` })`,
                  ),
                },
              ],
            },
            {
              messageId: 'missingOptions',
              line: 9,
              column: 10,
              endLine: 9,
              endColumn: 51,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${event.id}:refunds.create:onFraud`' },
                  output: edit(
                    twoHandlers,
                    `{ charge: 'ch_2' })`,
                    `{ charge: 'ch_2' }, { idempotencyKey: \`\${event.id}:refunds.create:onFraud\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'an Inngest event’s id may be missing: no cause',
          code: `${prelude}import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'shop' });
inngest.createFunction({ id: 'refund' }, { event: 'order/refund' }, async ({ event }) => {
  return stripe.refunds.create({ charge: event.data.charge });
});`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 62,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an OpenAI Agents call that may be missing (details is optional): no cause',
          code: `${prelude}import { tool } from '@openai/agents';
export const refundTool = tool({
  name: 'refund',
  execute: async (input: { charge: string }, context, details) => stripe.refunds.create(input),
});`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 67,
              endLine: 8,
              endColumn: 95,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a LangChain tool call’s id is optional: no cause',
          code: `${prelude}import type { ToolCall } from '@langchain/core/tools';
export async function refund(charge: string, toolCall: ToolCall) {
  return stripe.refunds.create({ charge });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 43,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a ctx or an event of an undeclared shape is no cause, whatever its name',
          code: `${prelude}export async function charge(ctx: { run: { id: string } }, event: { id: string }) {
  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 10,
              endLine: 6,
              endColumn: 72,
              suggestions: [],
            },
          ],
        },
        {
          name: 'an SQS record outside the loop that runs the call once per item',
          code: `${prelude}import type { SQSRecord } from 'aws-lambda';
export async function handler(record: SQSRecord, charges: string[]) {
  for (const charge of charges) await stripe.refunds.create({ charge });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 39,
              endLine: 7,
              endColumn: 72,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a create that attempts a payment (confirm: true) would replay a decline',
          code: `${prelude}${records}export async function checkout(purchase: Purchase) {
  return stripe.paymentIntents.create({ amount: purchase.amount, currency: 'usd', confirm: true });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 99,
              suggestions: [],
            },
          ],
        },
        {
          name: 'params passed in, of a type that may confirm the payment: no record key',
          code: `${prelude}${records}export async function checkout(purchase: Purchase, params: Stripe.PaymentIntentCreateParams) {
  return stripe.paymentIntents.create(params);
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 46,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a record that holds a parent of repeatable creates is no key for them',
          code: `${prelude}interface Account { id: string; stripeCustomerId: string | null; price: string }
export async function subscribe(account: Account) {
  await stripe.subscriptions.create({ customer: 'cus_1', items: [{ price: account.price }] });
  await stripe.invoiceItems.create({ customer: 'cus_1', amount: 100, currency: 'usd' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 9,
              endLine: 7,
              endColumn: 94,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 8,
              column: 9,
              endLine: 8,
              endColumn: 88,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a record whose counterpart id is always set refers to it: no key for a create',
          code: `${prelude}interface Invoice { id: string; customerId: string }
export async function onboard(invoice: Invoice) {
  return stripe.customers.create({ email: 'a@example.com' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 61,
              suggestions: [],
            },
          ],
        },
        {
          name: 'one operation in two functions without names: no key',
          code: `${prelude}export const handlers = [
  async (event: Stripe.Event) => stripe.refunds.create({ charge: 'ch_1' }),
  async (event: Stripe.Event) => stripe.refunds.create({ charge: 'ch_2' }),
];`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 6,
              column: 34,
              endLine: 6,
              endColumn: 75,
              suggestions: [],
            },
            {
              messageId: 'missingOptions',
              line: 7,
              column: 34,
              endLine: 7,
              endColumn: 75,
              suggestions: [],
            },
          ],
        },
      ],
    });
  },
);

describe('stripe23: BullMQ', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'a BullMQ job’s id may be undefined: no cause',
        code: `${prelude}import { Worker } from 'bullmq';
new Worker<{ charge: string }>('refunds', async (job) => stripe.refunds.create({ charge: job.data.charge }));`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 6,
            column: 58,
            endLine: 6,
            endColumn: 108,
            suggestions: [],
          },
        ],
      },
    ],
  });
});

// An incoming request's Idempotency-Key header, where the checker's declared type and a guard say it is present.
const fetchHeader = `${prelude}export async function POST(request: Request) {
  const key = request.headers.get('Idempotency-Key');
  if (!key) return new Response('missing key', { status: 400 });
  return stripe.refunds.create({ charge: 'ch_1' });
}`;

const nextHeader = `${prelude}import { headers } from 'next/headers';
export async function refund() {
  const key = (await headers()).get('Idempotency-Key');
  if (key) await stripe.refunds.create({ charge: 'ch_1' });
}`;

const expressHeader = `${prelude}import type { Request } from 'express';
export async function refund(req: Request) {
  const key = req.get('Idempotency-Key');
  if (key === undefined) throw new Error('missing key');
  await stripe.refunds.create({ charge: 'ch_1' });
}`;

const honoHeader = `${prelude}import type { Context } from 'hono';
export async function refund(c: Context) {
  const key = c.req.header('idempotency-key');
  if (!key) return;
  await stripe.refunds.create({ charge: 'ch_1' });
}`;

describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])(
  '%s: an incoming request’s Idempotency-Key header',
  (fixture) => {
    typedRuleTester(fixture).run('require-idempotency-key', rule, {
      valid: [],
      invalid: [
        {
          name: 'Fetch API: after a guard that leaves where it is missing',
          code: fetchHeader,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 10,
              endLine: 8,
              endColumn: 51,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${key}:refunds.create`' },
                  output: edit(
                    fetchHeader,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${key}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'Next.js headers(): under a test that it is present',
          code: nextHeader,
          errors: [
            {
              messageId: 'missingOptions',
              line: 8,
              column: 18,
              endLine: 8,
              endColumn: 59,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${key}:refunds.create`' },
                  output: edit(
                    nextHeader,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${key}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'Express req.get: after a guard against undefined',
          code: expressHeader,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 50,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${key}:refunds.create`' },
                  output: edit(
                    expressHeader,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${key}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'Hono c.req.header: after a guard',
          code: honoHeader,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 50,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${key}:refunds.create`' },
                  output: edit(
                    honoHeader,
                    `{ charge: 'ch_1' })`,
                    `{ charge: 'ch_1' }, { idempotencyKey: \`\${key}:refunds.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'a header read that may be null at the call: no key',
          code: `${prelude}export async function POST(request: Request) {
  const key = request.headers.get('Idempotency-Key');
  return stripe.refunds.create({ charge: 'ch_1' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 10,
              endLine: 7,
              endColumn: 51,
              suggestions: [],
            },
          ],
        },
        {
          name: 'a guard against null leaves an undefined Express header: no key',
          code: `${prelude}import type { Request } from 'express';
export async function refund(req: Request) {
  const key = req.header('Idempotency-Key');
  if (key === null) return;
  await stripe.refunds.create({ charge: 'ch_1' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 50,
              suggestions: [],
            },
          ],
        },
        {
          name: 'another header, or a header read by an undeclared get, is no key',
          code: `${prelude}export async function POST(request: Request, params: { get(name: string): string }) {
  const signature = request.headers.get('Stripe-Signature');
  const key = params.get('Idempotency-Key');
  if (!signature || !key) return;
  await stripe.refunds.create({ charge: 'ch_1' });
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 9,
              column: 9,
              endLine: 9,
              endColumn: 50,
              suggestions: [],
            },
          ],
        },
      ],
    });
  },
);

const accountAssigned = `${prelude}interface Team { id: string; name: string; stripeAccountId: string }
export async function connect(team: Team) {
  const account = await stripe.accounts.create({ type: 'express' });
  team.stripeAccountId = account.id;
  return account;
}`;

describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])(
  '%s: the record the created id is assigned to',
  (fixture) => {
    typedRuleTester(fixture).run('require-idempotency-key', rule, {
      valid: [],
      invalid: [
        {
          name: 'the created account’s id assigned to a member of the record',
          code: accountAssigned,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 25,
              endLine: 7,
              endColumn: 68,
              suggestions: [
                {
                  messageId: 'addKey',
                  data: { key: '`${team.id}:accounts.create`' },
                  output: edit(
                    accountAssigned,
                    `{ type: 'express' })`,
                    `{ type: 'express' }, { idempotencyKey: \`\${team.id}:accounts.create\` })`,
                  ),
                },
              ],
            },
          ],
        },
        {
          name: 'assigned to a record whose id may be missing: no key',
          code: `${prelude}interface Team { id?: string; stripeAccountId: string }
export async function connect(team: Team) {
  const account = await stripe.accounts.create({ type: 'express' });
  team.stripeAccountId = account.id;
}`,
          errors: [
            {
              messageId: 'missingOptions',
              line: 7,
              column: 25,
              endLine: 7,
              endColumn: 68,
              suggestions: [],
            },
          ],
        },
      ],
    });
  },
);
