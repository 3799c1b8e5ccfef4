import { describe } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import { typedRuleTester } from './harness.js';

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
interface Order { id: string; chargeId: string; accountId: string }
declare function randomUUID(): string;
`;

describe('stripe 23: the suggestion that writes the key', () => {
  typedRuleTester('stripe23').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'a record parameter the params read: order.id',
        code: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 6,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${order.id}:refunds.create`' },
                output: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a job handed to the callback of a queue made with new: job.id',
        code: `${prelude}declare class Queue<T> {\n  constructor(name: string);\n  process(fn: (job: { id: string; data: T }) => Promise<unknown>): void;\n}\nconst queue = new Queue<Order>('refunds');\nqueue.process(async (job) => stripe.refunds.create({ charge: job.data.chargeId }));`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 10,
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${job.id}:refunds.create`' },
                output: `${prelude}declare class Queue<T> {\n  constructor(name: string);\n  process(fn: (job: { id: string; data: T }) => Promise<unknown>): void;\n}\nconst queue = new Queue<Order>('refunds');\nqueue.process(async (job) => stripe.refunds.create({ charge: job.data.chargeId }, { idempotencyKey: \`\${job.id}:refunds.create\` }));`,
              },
            ],
          },
        ],
      },
      {
        name: 'two operations on one order get two keys',
        code: `${prelude}export async function settle(order: Order) {\n  await stripe.refunds.create({ charge: order.chargeId });\n  await stripe.transfers.create({ amount: 100, currency: 'usd', destination: order.accountId });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 6,
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function settle(order: Order) {\n  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:refunds.create\` });\n  await stripe.transfers.create({ amount: 100, currency: 'usd', destination: order.accountId });\n}`,
              },
            ],
          },
          {
            messageId: 'missingOptions',
            line: 7,
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function settle(order: Order) {\n  await stripe.refunds.create({ charge: order.chargeId });\n  await stripe.transfers.create({ amount: 100, currency: 'usd', destination: order.accountId }, { idempotencyKey: \`\${order.id}:transfers.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a job with an id',
        code: `${prelude}export async function invoiceJob(job: { id: string; data: { customerId: string } }) {\n  return stripe.invoices.create({ customer: job.data.customerId });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function invoiceJob(job: { id: string; data: { customerId: string } }) {\n  return stripe.invoices.create({ customer: job.data.customerId }, { idempotencyKey: \`\${job.id}:invoices.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the id the request acts on: invoices.pay(invoiceId) gets an empty params object first',
        code: `${prelude}export async function pay(invoiceId: string) {\n  return stripe.invoices.pay(invoiceId);\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${invoiceId}:invoices.pay`' },
                output: `${prelude}export async function pay(invoiceId: string) {\n  return stripe.invoices.pay(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:invoices.pay\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a webhook event in scope',
        code: `${prelude}export async function onCheckoutCompleted(event: Stripe.Event) {\n  return stripe.customers.create({ email: 'a@example.com' });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                data: { key: '`${event.id}:customers.create`' },
                output: `${prelude}export async function onCheckoutCompleted(event: Stripe.Event) {\n  return stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: \`\${event.id}:customers.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a webhook event from constructEvent, assigned in a try',
        code: `${prelude}export async function webhook(body: string, signature: string) {\n  let event: Stripe.Event;\n  try {\n    event = stripe.webhooks.constructEvent(body, signature, 'whsec_1');\n  } catch {\n    return;\n  }\n  if (event.type === 'charge.dispute.created') await stripe.refunds.create({ charge: String(event.data.object.charge) });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            line: 12,
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function webhook(body: string, signature: string) {\n  let event: Stripe.Event;\n  try {\n    event = stripe.webhooks.constructEvent(body, signature, 'whsec_1');\n  } catch {\n    return;\n  }\n  if (event.type === 'charge.dispute.created') await stripe.refunds.create({ charge: String(event.data.object.charge) }, { idempotencyKey: \`\${event.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an event.data.object handler: the Stripe object’s id',
        code: `${prelude}export async function handleInvoicePaid(invoice: Stripe.Invoice) {\n  return stripe.creditNotes.create({ invoice: invoice.id });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function handleInvoicePaid(invoice: Stripe.Invoice) {\n  return stripe.creditNotes.create({ invoice: invoice.id }, { idempotencyKey: \`\${invoice.id}:creditNotes.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'best first: the id acted on, then the webhook event',
        code: `${prelude}export async function onInvoiceFinalized(event: Stripe.Event) {\n  const invoice = event.data.object as Stripe.Invoice;\n  return stripe.invoices.pay(invoice.id);\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function onInvoiceFinalized(event: Stripe.Event) {\n  const invoice = event.data.object as Stripe.Invoice;\n  return stripe.invoices.pay(invoice.id, {}, { idempotencyKey: \`\${invoice.id}:invoices.pay\` });\n}`,
              },
              {
                messageId: 'addKey',
                output: `${prelude}export async function onInvoiceFinalized(event: Stripe.Event) {\n  const invoice = event.data.object as Stripe.Invoice;\n  return stripe.invoices.pay(invoice.id, {}, { idempotencyKey: \`\${event.id}:invoices.pay\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the item of a batch loop',
        code: `${prelude}export async function refundAll(orders: Order[]) {\n  for (const order of orders) await stripe.refunds.create({ charge: order.chargeId });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function refundAll(orders: Order[]) {\n  for (const order of orders) await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'merged into existing options',
        code: `${prelude}export async function charge(order: Order) {\n  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { stripeAccount: order.accountId });\n}`,
        errors: [
          {
            messageId: 'missingKey',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function charge(order: Order) {\n  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { stripeAccount: order.accountId, idempotencyKey: \`\${order.id}:paymentIntents.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'merged into multi-line options, on its own line',
        code: `${prelude}export async function charge(order: Order) {\n  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, {\n    stripeAccount: order.accountId,\n  });\n}`,
        errors: [
          {
            messageId: 'missingKey',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function charge(order: Order) {\n  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, {\n    stripeAccount: order.accountId,\n    idempotencyKey: \`\${order.id}:paymentIntents.create\`,\n  });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'in place of idempotencyKey: undefined',
        code: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: undefined });\n}`,
        errors: [
          {
            messageId: 'undefinedKey',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'raw HTTP: an Idempotency-Key header in the headers object',
        code: `${prelude}export async function refund(order: Order) {\n  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', headers: { Authorization: 'Bearer sk' } });\n}`,
        errors: [
          {
            messageId: 'missingHeader',
            suggestions: [
              {
                messageId: 'addKeyHeader',
                data: { key: '`${order.id}:refunds`' },
                output: `${prelude}export async function refund(order: Order) {\n  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', headers: { Authorization: 'Bearer sk', 'Idempotency-Key': \`\${order.id}:refunds\` } });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'no identity in scope: no suggestion',
        code: `${prelude}export async function refund(chargeId: string) {\n  return stripe.refunds.create({ charge: chargeId });\n}`,
        errors: [{ messageId: 'missingOptions', suggestions: [] }],
      },
      {
        name: 'names are not identities: an untyped order, an order without an id, a string called id',
        code: `${prelude}export async function refund(id: string, order: any, refundable: { chargeId: string }) {\n  return stripe.refunds.create({ charge: refundable.chargeId, metadata: { id, order } });\n}`,
        errors: [{ messageId: 'missingOptions', suggestions: [] }],
      },
      {
        name: 'an optional or literal id is no identity',
        code: `${prelude}export async function refund(draft: { id?: string; chargeId: string }, nightly: { id: 'nightly' }) {\n  return stripe.refunds.create({ charge: draft.chargeId, metadata: { run: nightly.id } });\n}`,
        errors: [{ messageId: 'missingOptions', suggestions: [] }],
      },
      {
        name: 'a random value in scope is no identity',
        code: `${prelude}export async function refund(chargeId: string) {\n  const requestId = randomUUID();\n  const attempt = { id: randomUUID() };\n  return stripe.refunds.create({ charge: chargeId, metadata: { requestId, attempt: attempt.id } });\n}`,
        errors: [{ messageId: 'missingOptions', suggestions: [] }],
      },
      {
        name: 'a random or literal id argument is no identity',
        code: `${prelude}export async function pay() {\n  const invoiceId = randomUUID();\n  await stripe.invoices.pay(invoiceId);\n  await stripe.invoices.pay('in_1');\n}`,
        errors: [
          { messageId: 'missingOptions', line: 7, suggestions: [] },
          { messageId: 'missingOptions', line: 8, suggestions: [] },
        ],
      },
      {
        name: 'the record the call itself returns is not in scope yet',
        code: `${prelude}export async function refund(chargeId: string) {\n  const created = await stripe.refunds.create({ charge: chargeId });\n  return created;\n}`,
        errors: [{ messageId: 'missingOptions', suggestions: [] }],
      },
      {
        name: 'options that are not written in the call: no suggestion',
        code: `${prelude}export async function refund(order: Order) {\n  const options = { stripeAccount: order.accountId };\n  return stripe.refunds.create({ charge: order.chargeId }, options);\n}`,
        errors: [{ messageId: 'missingKey', suggestions: [] }],
      },
      {
        name: 'raw HTTP without a headers object: no suggestion',
        code: `${prelude}export async function refund(order: Order) {\n  return fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body: order.chargeId });\n}`,
        errors: [{ messageId: 'missingHeader', suggestions: [] }],
      },
    ],
  });
});

describe('stripe 18: the ambient layout and its overloads', () => {
  typedRuleTester('stripe18').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'a record parameter, no options',
        code: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`\${order.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'merged into existing options',
        code: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: order.accountId });\n}`,
        errors: [
          {
            messageId: 'missingKey',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function refund(order: Order) {\n  return stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: order.accountId, idempotencyKey: \`\${order.id}:refunds.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the id argument: invoices.pay(invoiceId)',
        code: `${prelude}export async function pay(invoiceId: string) {\n  return stripe.invoices.pay(invoiceId);\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function pay(invoiceId: string) {\n  return stripe.invoices.pay(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:invoices.pay\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'a webhook event (a union type on 18)',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {\n  return stripe.customers.create();\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function onEvent(event: Stripe.Event) {\n  return stripe.customers.create({}, { idempotencyKey: \`\${event.id}:customers.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'an event.data.object handler: Stripe.Invoice declares its id optional (previews), still an identity',
        code: `${prelude}export async function handleInvoicePaid(invoice: Stripe.Invoice) {\n  return stripe.creditNotes.create({ invoice: invoice.id! });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function handleInvoicePaid(invoice: Stripe.Invoice) {\n  return stripe.creditNotes.create({ invoice: invoice.id! }, { idempotencyKey: \`\${invoice.id}:creditNotes.create\` });\n}`,
              },
            ],
          },
        ],
      },
      {
        name: 'the one-argument options overload: merged into it',
        code: `${prelude}export async function signup(order: Order) {\n  return stripe.customers.create({ stripeAccount: order.accountId });\n}`,
        errors: [
          {
            messageId: 'missingKey',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function signup(order: Order) {\n  return stripe.customers.create({ stripeAccount: order.accountId, idempotencyKey: \`\${order.id}:customers.create\` });\n}`,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('stripe 12: the oldest supported layout', () => {
  typedRuleTester('stripe12').run('require-idempotency-key', rule, {
    valid: [],
    invalid: [
      {
        name: 'a webhook event (an interface on 12)',
        code: `${prelude}export async function onEvent(event: Stripe.Event) {\n  return stripe.customers.create({ email: 'a@example.com' });\n}`,
        errors: [
          {
            messageId: 'missingOptions',
            suggestions: [
              {
                messageId: 'addKey',
                output: `${prelude}export async function onEvent(event: Stripe.Event) {\n  return stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: \`\${event.id}:customers.create\` });\n}`,
              },
            ],
          },
        ],
      },
    ],
  });
});
