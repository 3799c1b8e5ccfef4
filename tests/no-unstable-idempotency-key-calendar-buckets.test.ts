import rule from '../rules/no-unstable-idempotency-key.js';
import { TRACE_LIMITS } from '../src/key/stability/key-tracer.js';
import { typedRuleTester } from './harness.js';

// More values than one trace may visit: an amount the trace of the params cannot finish.
const manyParts = Array.from({ length: TRACE_LIMITS.nodesPerKey + 1 }, () => 'cents').join(', ');

// Lines 1–4 of every case; the code under test starts on line 5.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const sub: Stripe.Subscription;
declare const customerId: string;
`;

const subscriptionsUpdate = '`subscriptions.update`';
const customersCreate = '`customers.create`';

// A usage record of the day (or month) the value names, keyed on the same value.
const usageOf = (imports: string, made: string) => `${prelude}${imports}
export async function recordUsage(amount: number) {
  const period = ${made};
  return stripe.invoiceItems.create(
    { customer: customerId, amount, currency: 'usd', metadata: { period } },
    { idempotencyKey: \`usage:\${customerId}:\${period}\` },
  );
}`;

/** Written as the day or coarser: each must pass, and its finer twin below must not. */
const dayForms: readonly [string, string, string][] = [
  [
    "import dayjs from 'dayjs';",
    "dayjs().format('YYYY-MM-DD')",
    "dayjs().format('YYYY-MM-DD HH:mm')",
  ],
  [
    "import moment from 'moment';",
    "moment().format('YYYY-MM')",
    "moment().format('YYYY-MM [at] LT')",
  ],
  [
    "import { format } from 'date-fns';",
    "format(new Date(), 'yyyy-MM')",
    "format(new Date(), 'yyyy-MM-dd HH')",
  ],
  [
    "import { DateTime } from 'luxon';",
    'DateTime.now().toISODate()',
    "DateTime.now().toFormat('yyyy-MM-dd f')",
  ],
  ['', "new Date().toISOString().split('T')[0]", "new Date().toISOString().split('.')[0]"],
  [
    'const d = new Date();',
    '`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`',
    '`${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCHours()}`',
  ],
];

typedRuleTester('stripe23').run('no-unstable-idempotency-key: calendar buckets', rule, {
  valid: [
    ...dayForms.map(([imports, day]) => ({
      name: `a day or month written as ${day}, sent in the metadata and keyed on`,
      code: usageOf(imports, day),
    })),
    {
      name: 'a date-fns month bucket sent as the trial end and keyed on',
      code: `${prelude}import { addMonths, startOfMonth } from 'date-fns';
export async function alignTrial() {
  const firstOfNextMonth = startOfMonth(addMonths(new Date(), 1));
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(firstOfNextMonth.getTime() / 1000), proration_behavior: 'none' },
    { idempotencyKey: \`align:\${sub.id}:\${firstOfNextMonth.toISOString()}\` },
  );
}`,
    },
    {
      name: 'a month bucket sent in the metadata beside an amount whose trace is cut',
      code: `${prelude}export async function billOverage(cents: number, endedAt: number | null) {
  const month = new Date((endedAt ?? Math.floor(Date.now() / 1000)) * 1000).toISOString().slice(0, 7);
  const parts = [${manyParts}];
  return stripe.invoiceItems.create(
    { customer: customerId, amount: parts.length, currency: 'usd', metadata: { month } },
    { idempotencyKey: \`overage:\${customerId}:\${month}\` },
  );
}`,
    },
    {
      name: 'a month bucket beside a param value whose trace is cut, which may send it',
      code: `${prelude}export async function billOverage(cents: number, endedAt: number | null) {
  const month = new Date((endedAt ?? Math.floor(Date.now() / 1000)) * 1000).toISOString().slice(0, 7);
  const parts = [${manyParts}];
  return stripe.invoiceItems.create(
    { customer: customerId, amount: parts.length, currency: 'usd' },
    { idempotencyKey: \`overage:\${customerId}:\${month}\` },
  );
}`,
    },
    {
      name: 'a date built from a year and a month',
      code: `${prelude}export async function alignTrial() {
  const now = new Date();
  const firstOfNextMonth = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(firstOfNextMonth.getTime() / 1000) },
    { idempotencyKey: \`align:\${sub.id}:\${firstOfNextMonth.toISOString()}\` },
  );
}`,
    },
    {
      name: 'a UTC day in seconds',
      code: `${prelude}export async function alignTrial() {
  const now = new Date();
  const anchor = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 0) / 1000;
  return stripe.subscriptions.update(sub.id, { trial_end: anchor }, { idempotencyKey: \`align:\${sub.id}:\${anchor}\` });
}`,
    },
    {
      name: 'a dayjs month bucket',
      code: `${prelude}import dayjs from 'dayjs';
export async function alignTrial() {
  const nextMonth = dayjs().add(1, 'month').startOf('month');
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: nextMonth.unix() },
    { idempotencyKey: \`align:\${sub.id}:\${nextMonth.format('YYYY-MM')}\` },
  );
}`,
    },
    {
      name: 'a luxon month bucket',
      code: `${prelude}import { DateTime } from 'luxon';
export async function alignTrial() {
  const first = DateTime.now().plus({ months: 1 }).startOf('month');
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: first.toSeconds() },
    { idempotencyKey: \`align:\${sub.id}:\${first.toISO()}\` },
  );
}`,
    },
    {
      name: 'a month bucket from a helper in another file',
      code: `${prelude}import { firstOfNextMonth } from './billing-dates';
export async function alignTrial() {
  const first = firstOfNextMonth();
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(first.getTime() / 1000) },
    { idempotencyKey: \`align:\${sub.id}:\${first.getTime()}\` },
  );
}`,
    },
    {
      name: 'the day of an ISO date, sent in the params',
      code: `${prelude}export async function tagDay() {
  const today = new Date().toISOString().slice(0, 10);
  return stripe.subscriptions.update(
    sub.id,
    { metadata: { lastSeen: today } },
    { idempotencyKey: \`seen:\${sub.id}:\${today}\` },
  );
}`,
    },
    {
      name: 'today’s Temporal date, sent in the params',
      code: `${prelude}export async function tagDay() {
  const today = Temporal.Now.plainDateISO().toString();
  return stripe.subscriptions.update(
    sub.id,
    { metadata: { day: today } },
    { idempotencyKey: \`day:\${sub.id}:\${today}\` },
  );
}`,
    },
  ],
  invalid: [
    {
      name: 'a Temporal date and time sent in the params is no bucket',
      code: `${prelude}export async function tagMinute() {
  const now = Temporal.Now.plainDateTimeISO().toString();
  return stripe.subscriptions.update(
    sub.id,
    { metadata: { at: now } },
    { idempotencyKey: \`at:\${sub.id}:\${now}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: subscriptionsUpdate,
            source: 'Temporal.Now.plainDateTimeISO()',
            where: ' at line 6',
          },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 44,
        },
      ],
    },
    ...dayForms.map(([imports, , finer]) => ({
      name: `an instant written as ${finer}, sent in the metadata and keyed on, is no bucket`,
      code: usageOf(imports, finer),
      errors: [
        { messageId: 'timeSource' as const, line: 10, column: 23, endLine: 10, endColumn: 54 },
      ],
    })),
    {
      name: 'the current time sent in the params and keyed on is no bucket',
      code: `${prelude}export async function endTrial() {
  const now = new Date();
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(now.getTime() / 1000) },
    { idempotencyKey: \`end:\${sub.id}:\${now.toISOString()}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: subscriptionsUpdate, source: 'new Date()', where: ' at line 6' },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 59,
        },
      ],
    },
    {
      name: 'a month bucket that the params do not send',
      code: `${prelude}import { addMonths, startOfMonth } from 'date-fns';
export async function upgrade() {
  const firstOfNextMonth = startOfMonth(addMonths(new Date(), 1));
  return stripe.subscriptions.update(
    sub.id,
    { metadata: { plan: 'pro' } },
    { idempotencyKey: \`plan:\${sub.id}:\${firstOfNextMonth.toISOString()}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: subscriptionsUpdate, source: 'new Date()', where: ' at line 7' },
          line: 11,
          column: 23,
          endLine: 11,
          endColumn: 73,
        },
      ],
    },
    {
      name: 'an hour bucket from a helper, sent in the params',
      code: `${prelude}import { thisHour } from './billing-dates';
export async function endTrial() {
  const hour = thisHour();
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(hour.getTime() / 1000) },
    { idempotencyKey: \`end:\${sub.id}:\${hour.getTime()}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: subscriptionsUpdate,
            source: 'new Date()',
            where: ' in thisHour() at billing-dates.ts:11',
          },
          line: 11,
          column: 23,
          endLine: 11,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'a five-second slot sent in the params',
      code: `${prelude}export async function tag() {
  const slot = Math.floor(Date.now() / 5000);
  return stripe.subscriptions.update(
    sub.id,
    { metadata: { slot: String(slot) } },
    { idempotencyKey: \`tag:\${sub.id}:\${slot}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: subscriptionsUpdate, source: 'Date.now()', where: ' at line 6' },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'a date built down to the hour',
      code: `${prelude}export async function endTrial() {
  const now = new Date();
  const hour = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours());
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(hour.getTime() / 1000) },
    { idempotencyKey: \`end:\${sub.id}:\${hour.toISOString()}\` },
  );
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: { operation: subscriptionsUpdate, source: 'new Date()', where: ' at line 6' },
          line: 11,
          column: 23,
          endLine: 11,
          endColumn: 60,
        },
      ],
    },
    {
      name: 'a five-second bucket hashed in an imported helper, through a conditional options object: at the key it writes',
      code: `${prelude}import { buildCustomerKey } from './customer-keys';
export async function createCustomer(email: string, userId: string) {
  const idempotencyKey = buildCustomerKey(userId);
  return stripe.customers.create({ email }, idempotencyKey ? { idempotencyKey } : undefined);
}`,
      errors: [
        {
          messageId: 'timeSource',
          data: {
            operation: customersCreate,
            source: 'Date.now()',
            where: ' in buildCustomerKey() at customer-keys.ts:6',
          },
          line: 8,
          column: 64,
          endLine: 8,
          endColumn: 78,
        },
      ],
    },
  ],
});

typedRuleTester('stripe12').run(
  'no-unstable-idempotency-key: calendar buckets on stripe 12',
  rule,
  {
    valid: [
      {
        name: 'a date-fns month bucket sent as the trial end and keyed on',
        code: `${prelude}import { addMonths, startOfMonth } from 'date-fns';
export async function alignTrial() {
  const firstOfNextMonth = startOfMonth(addMonths(new Date(), 1));
  return stripe.subscriptions.update(
    sub.id,
    { trial_end: Math.floor(firstOfNextMonth.getTime() / 1000) },
    { idempotencyKey: \`align:\${sub.id}:\${firstOfNextMonth.toISOString()}\` },
  );
}`,
      },
    ],
    invalid: [],
  },
);
