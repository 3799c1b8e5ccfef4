import { describe } from 'vitest';
import rule from '../rules/no-reused-idempotency-key.js';
import { typedRuleTester, type Fixture } from './harness.js';

const prelude = `import Stripe from 'stripe';
import { createHash } from 'node:crypto';
declare const stripe: Stripe;
`;

const updateOnTarget = `${prelude}export async function changePlan(sub: Stripe.Subscription, price: string) {
  return stripe.subscriptions.update(
    sub.id,
    { items: [{ id: sub.items.data[0].id, price }] },
    { idempotencyKey: \`\${sub.id}:subscriptions.update\` },
  );
}`;

const refundOnParent = `${prelude}export async function refund(pi: string, amount: number) {
  return stripe.refunds.create({ payment_intent: pi, amount }, { idempotencyKey: \`refund-\${pi}\` });
}`;

const creditOnCustomer = `${prelude}export async function credit(customerId: string, amount: number) {
  return stripe.customers.createBalanceTransaction(
    customerId,
    { amount, currency: 'usd' },
    { idempotencyKey: customerId },
  );
}`;

const renameOnTarget = `${prelude}export async function rename(customerId: string, name: string) {
  return stripe.customers.update(customerId, { name }, { idempotencyKey: \`\${customerId}:customers.update\` });
}`;

const throughConstAndHash = `${prelude}export async function changeQuantity(subscriptionId: string, quantity: number) {
  const subId = subscriptionId;
  const key = createHash('sha256').update(\`sub_\${subId}\`).digest('hex');
  return stripe.subscriptions.update(subscriptionId, { quantity }, { idempotencyKey: key });
}`;

const chargeOnCustomer = `${prelude}export async function charge(customerId: string, amount: number) {
  return stripe.paymentIntents.create(
    { customer: customerId, amount, currency: 'usd' },
    { idempotencyKey: \`pi-\${customerId}\` },
  );
}`;

const payOnTarget = `${prelude}export async function pay(invoiceId: string) {
  return stripe.invoices.pay(invoiceId, {}, { idempotencyKey: invoiceId });
}`;

const confirmOnTarget = `${prelude}export async function confirm(intent: Stripe.PaymentIntent) {
  return stripe.paymentIntents.confirm(intent.id, {}, { idempotencyKey: \`confirm_\${intent.id}\` });
}`;

const metadataUpdate = `${prelude}export async function tagTenant(subscriptionId: string, tenantId: string) {
  return stripe.subscriptions.update(
    subscriptionId,
    { metadata: { tenantId } },
    { idempotencyKey: \`tag:\${subscriptionId}\` },
  );
}`;

const confirmOnOrder = `${prelude}interface Order { id: string; total: number; paymentIntentId?: string }
export async function charge(order: Order, paymentMethod: string) {
  return stripe.paymentIntents.create(
    { amount: order.total, currency: 'usd', payment_method: paymentMethod, confirm: true },
    { idempotencyKey: \`\${order.id}\` },
  );
}`;

const subscribeOrFail = (
  behavior: string,
) => `${prelude}interface Account { id: string; stripeCustomerId: string; stripeSubscriptionId?: string }
export async function subscribe(account: Account) {
  return stripe.subscriptions.create(
    { customer: account.stripeCustomerId, items: [{ price: 'price_pro' }], payment_behavior: '${behavior}' },
    { idempotencyKey: \`subscription-\${account.id}\` },
  );
}`;

const subscribeThenRetry = `${prelude}interface Workspace { id: string; stripeCustomerId: string; stripeSubscriptionId: string | null }
export async function subscribe(ctx: { workspace: Workspace }, price: string, retryId: string) {
  const params: Stripe.SubscriptionCreateParams = { customer: ctx.workspace.stripeCustomerId, items: [{ price }], payment_behavior: 'error_if_incomplete' };
  let idempotencyKey = \`subscribe:\${ctx.workspace.id}\`;
  try {
    return await stripe.subscriptions.create(params, { idempotencyKey });
  } catch {
    idempotencyKey = \`\${idempotencyKey}:\${retryId}\`;
    return stripe.subscriptions.create(params, { idempotencyKey });
  }
}`;

const subscribeFromContext = `${prelude}interface Workspace { id: string; stripeCustomerId: string; stripeSubscriptionId: string | null }
export async function subscribe(ctx: { workspace: Workspace }, price: string) {
  return stripe.subscriptions.create(
    { customer: ctx.workspace.stripeCustomerId, items: [{ price }], payment_behavior: 'error_if_incomplete' },
    { idempotencyKey: \`subscribe:\${ctx.workspace.id}\` },
  );
}`;

// The record holds no field for the subscription: the key names only where its customer is read from.
const subscribeOnCustomerRecord = (
  behavior: string,
  customer = 'ws.stripeCustomerId',
) => `${prelude}interface Workspace { id: string; stripeCustomerId: string }
export async function subscribe(ws: Workspace, items: Stripe.SubscriptionCreateParams.Item[], customerId: string) {
  return stripe.subscriptions.create(
    { customer: ${customer}, items, payment_behavior: '${behavior}' },
    { idempotencyKey: \`deploy-subscribe:\${ws.id}\` },
  );
}`;

const runTimeParam = `${prelude}export async function touch(subscriptionId: string) {
  return stripe.subscriptions.update(
    subscriptionId,
    { metadata: { touched: new Date().toISOString() } },
    { idempotencyKey: \`touch:\${subscriptionId}\` },
  );
}`;

describe.each<Fixture>(['stripe12', 'stripe18', 'stripe23'])(
  '%s: keys too broad for their operation',
  (fixture) => {
    typedRuleTester(fixture).run('no-reused-idempotency-key', rule, {
      valid: [
        {
          name: 'the cause in the key',
          code: `${prelude}export async function onEvent(event: Stripe.Event, subId: string, price: string) {
  return stripe.subscriptions.update(subId, { items: [{ price }] }, { idempotencyKey: \`\${event.id}:\${subId}\` });
}`,
        },
        {
          name: 'the varying value in the key',
          code: `${prelude}export async function changePlan(subId: string, price: string) {
  return stripe.subscriptions.update(subId, { items: [{ price }] }, { idempotencyKey: \`\${subId}:\${price}\` });
}`,
        },
        {
          name: 'a hash of the params',
          code: `${prelude}export async function changePlan(subId: string, price: string) {
  const params = { items: [{ price }] };
  const key = createHash('sha256').update(JSON.stringify({ subId, params })).digest('hex');
  return stripe.subscriptions.update(subId, params, { idempotencyKey: key });
}`,
        },
        {
          name: 'a record made for this change',
          code: `${prelude}export async function changePlan(change: { id: string; subId: string; price: string }) {
  return stripe.subscriptions.update(change.subId, { items: [{ price: change.price }] }, { idempotencyKey: \`plan-change:\${change.id}\` });
}`,
        },
        {
          name: 'a caller’s key',
          code: `${prelude}export async function rename(customerId: string, name: string, key: string) {
  return stripe.customers.update(customerId, { name }, { idempotencyKey: key });
}`,
        },
        {
          name: 'a helper the analysis cannot see through',
          code: `${prelude}declare function keyFor(id: string): string;
export async function rename(customerId: string, name: string) {
  return stripe.customers.update(customerId, { name }, { idempotencyKey: keyFor(customerId) });
}`,
        },
        {
          name: 'params that do not vary: a constant cancel key is out of scope',
          code: `${prelude}export async function cancel(subId: string) {
  return stripe.subscriptions.update(subId, { cancel_at_period_end: true }, { idempotencyKey: \`cancel:\${subId}\` });
}`,
        },
        {
          name: 'params read from the target itself or from module constants',
          code: `${prelude}declare const PRO_PRICE: string;
export async function upgrade(sub: Stripe.Subscription) {
  return stripe.subscriptions.update(
    sub.id,
    { items: [{ id: sub.items.data[0].id, price: PRO_PRICE }] },
    { idempotencyKey: \`upgrade:\${sub.id}\` },
  );
}`,
        },
        {
          name: 'a one-time operation keyed on its target',
          code: `${prelude}export async function finalize(invoiceId: string, autoAdvance: boolean) {
  return stripe.invoices.finalizeInvoice(invoiceId, { auto_advance: autoAdvance }, { idempotencyKey: invoiceId });
}`,
        },
        {
          name: 'the key the suggestion writes for a one-time operation',
          code: `${prelude}export async function voidDraft(invoiceId: string) {
  return stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:invoices.voidInvoice\` });
}`,
        },
        {
          name: 'a create keyed on the record whose counterpart it makes',
          code: `${prelude}export async function signUp(user: { id: string; email: string }) {
  return stripe.customers.create({ email: user.email }, { idempotencyKey: \`customer:\${user.id}\` });
}`,
        },
        {
          name: 'a full refund keyed on its charge: nothing in the params varies',
          code: `${prelude}export async function refundCharge(chargeId: string) {
  return stripe.refunds.create({ charge: chargeId }, { idempotencyKey: \`refund-\${chargeId}\` });
}`,
        },
        {
          name: 'a full refund keyed on its payment intent, its metadata aside',
          code: `${prelude}export async function refundBooking(paymentIntentId: string, bookingRef: string) {
  return stripe.refunds.create(
    { payment_intent: paymentIntentId, reason: 'requested_by_customer', metadata: { bookingRef } },
    { idempotencyKey: \`allotment-full:\${paymentIntentId}\` },
  );
}`,
        },
        {
          name: 'a params property that names no parent object (transfer_group is a string)',
          code: `${prelude}export async function pay(group: string, destination: string, amount: number) {
  return stripe.transfers.create(
    { amount, currency: 'usd', destination, transfer_group: group },
    { idempotencyKey: \`tr-\${group}\` },
  );
}`,
        },
        {
          name: 'a create keyed on its record without a payment attempt',
          code: `${prelude}interface Order { id: string; total: number; paymentIntentId?: string }
export async function charge(order: Order) {
  return stripe.paymentIntents.create(
    { amount: order.total, currency: 'usd' },
    { idempotencyKey: \`\${order.id}:paymentIntents.create\` },
  );
}`,
        },
        {
          name: 'a confirming create keyed on a record that holds no counterpart',
          code: `${prelude}export async function charge(cart: { id: string; total: number }) {
  return stripe.paymentIntents.create(
    { amount: cart.total, currency: 'usd', confirm: true },
    { idempotencyKey: \`\${cart.id}\` },
  );
}`,
        },
        {
          name: 'a confirming create keyed on the attempt',
          code: `${prelude}interface Order { id: string; total: number; paymentIntentId?: string }
export async function charge(order: Order, attempt: { id: string }) {
  return stripe.paymentIntents.create(
    { amount: order.total, currency: 'usd', confirm: true },
    { idempotencyKey: \`\${order.id}:\${attempt.id}\` },
  );
}`,
        },
        {
          name: 'a let key reassigned later in a loop around the call is not certain there',
          code: `${prelude}interface Workspace { id: string; stripeCustomerId: string; stripeSubscriptionId: string | null }
export async function subscribe(ctx: { workspace: Workspace }, price: string, retryIds: string[]) {
  let idempotencyKey = \`subscribe:\${ctx.workspace.id}\`;
  for (const retryId of retryIds) {
    try {
      return await stripe.subscriptions.create({ customer: ctx.workspace.stripeCustomerId, items: [{ price }], payment_behavior: 'error_if_incomplete' }, { idempotencyKey });
    } catch {
      idempotencyKey = \`subscribe:\${ctx.workspace.id}:\${retryId}\`;
    }
  }
}`,
        },
        {
          name: 'a subscription that does not fail on a decline, keyed on the record that holds it',
          code: subscribeOrFail('default_incomplete'),
        },
        {
          name: 'a subscription that does not fail on a decline, keyed on the record its customer is read from',
          code: subscribeOnCustomerRecord('default_incomplete'),
        },
        {
          name: 'a subscription that fails on a decline, keyed on a record its customer is not read from',
          code: subscribeOnCustomerRecord('error_if_incomplete', 'customerId'),
        },
        {
          name: 'a payment attempt keyed on the attempt',
          code: `${prelude}export async function pay(invoiceId: string, attempt: { id: string }) {
  return stripe.invoices.pay(invoiceId, {}, { idempotencyKey: \`\${invoiceId}:\${attempt.id}\` });
}`,
        },
      ],
      invalid: [
        {
          name: 'an update keyed on the subscription it changes while the price varies',
          code: updateOnTarget,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 55,
              data: {
                operation: '`subscriptions.update`',
                fixed: 'sub.id',
                varying: 'price',
              },
            },
          ],
        },
        {
          name: 'a refund keyed on its payment intent while the amount varies',
          code: refundOnParent,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 5,
              column: 82,
              endLine: 5,
              endColumn: 96,
              data: { operation: '`refunds.create`', fixed: 'pi', varying: 'amount' },
            },
          ],
        },
        {
          name: 'a credit keyed on its customer',
          code: creditOnCustomer,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 33,
              data: {
                operation: '`customers.createBalanceTransaction`',
                fixed: 'customerId',
                varying: 'amount',
              },
            },
          ],
        },
        {
          name: 'the key the old suggestion wrote for an update',
          code: renameOnTarget,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 5,
              column: 74,
              endLine: 5,
              endColumn: 106,
            },
          ],
        },
        {
          name: 'through a const alias and a hash of the target',
          code: throughConstAndHash,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 7,
              column: 86,
              endLine: 7,
              endColumn: 89,
              data: {
                operation: '`subscriptions.update`',
                fixed: 'subId',
                varying: 'quantity',
              },
            },
          ],
        },
        {
          name: 'a payment intent keyed on its customer while the amount varies',
          code: chargeOnCustomer,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 7,
              column: 23,
              endLine: 7,
              endColumn: 41,
            },
          ],
        },
        {
          name: 'a value computed at run time in the params',
          code: runTimeParam,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 48,
              data: {
                operation: '`subscriptions.update`',
                fixed: 'subscriptionId',
                varying: 'new Date().toISOString()',
              },
            },
          ],
        },
        {
          name: 'an update of metadata is the change itself',
          code: metadataUpdate,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 46,
              data: {
                operation: '`subscriptions.update`',
                fixed: 'subscriptionId',
                varying: 'tenantId',
              },
            },
          ],
        },
        {
          name: 'invoices.pay keyed only on the invoice replays a decline',
          code: payOnTarget,
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 5,
              column: 63,
              endLine: 5,
              endColumn: 72,
              data: { operation: '`invoices.pay`', fixed: 'invoiceId' },
            },
          ],
        },
        {
          name: 'a confirming create keyed only on the order it is made for replays a decline',
          code: confirmOnOrder,
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 36,
              data: { operation: '`paymentIntents.create`', fixed: 'order.id' },
            },
          ],
        },
        {
          name: 'keyed on the id the target was retrieved by while the price varies',
          code: `${prelude}export async function changePlan(subId: string, price: string) {
  const sub = await stripe.subscriptions.retrieve(subId);
  return stripe.subscriptions.update(
    sub.id,
    { items: [{ id: sub.items.data[0].id, price }] },
    { idempotencyKey: subId },
  );
}`,
          errors: [
            {
              messageId: 'tooBroadKey',
              line: 9,
              column: 23,
              endLine: 9,
              endColumn: 28,
              data: { operation: '`subscriptions.update`', fixed: 'subId', varying: 'price' },
            },
          ],
        },
        {
          name: 'a subscription that fails on a decline, keyed only on the record that holds it',
          code: subscribeOrFail('error_if_incomplete'),
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 51,
              data: { operation: '`subscriptions.create`', fixed: 'account.id' },
            },
          ],
        },
        {
          name: 'a subscription that fails on a decline, keyed on a record read through the context',
          code: subscribeFromContext,
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 54,
              data: { operation: '`subscriptions.create`', fixed: 'ctx.workspace.id' },
            },
          ],
        },
        {
          name: 'a subscription that fails on a decline, keyed on the record its customer is read from',
          code: subscribeOnCustomerRecord('error_if_incomplete'),
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 8,
              column: 23,
              endLine: 8,
              endColumn: 50,
              data: { operation: '`subscriptions.create`', fixed: 'ws.id' },
            },
          ],
        },
        {
          name: 'a let key reassigned only after the call: its first value is certain there',
          code: subscribeThenRetry,
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 9,
              column: 56,
              endLine: 9,
              endColumn: 70,
              data: { operation: '`subscriptions.create`', fixed: 'ctx.workspace.id' },
            },
          ],
        },
        {
          name: 'paymentIntents.confirm keyed only on the intent replays a decline',
          code: confirmOnTarget,
          errors: [
            {
              messageId: 'targetOnlyAttempt',
              line: 5,
              column: 73,
              endLine: 5,
              endColumn: 95,
            },
          ],
        },
      ],
    });
  },
);
