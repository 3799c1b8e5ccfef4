import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { fixtureDir, type Fixture } from './harness.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// What users read inline: every finding of a realistic service, rendered.
// One sentence each (typescript-eslint's median message is 64 characters).
const MAX_LENGTH = 160;
const MAX_MEDIAN = 110;

const service = `import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');

interface Order {
  id: string;
  chargeId: string;
  customerId: string;
  amount: number;
  priceId: string;
}

export async function onInvoicePaid(event: Stripe.Event, invoice: Stripe.Invoice) {
  return stripe.creditNotes.create({ invoice: invoice.id, amount: 100 }, { stripeAccount: event.account ?? undefined });
}

export async function refund(order: Order) {
  return stripe.refunds.create({ charge: order.chargeId });
}

export async function checkout(order: Order) {
  return stripe.checkout.sessions.create(
    { mode: 'payment', line_items: [{ price: order.priceId, quantity: 1 }], success_url: 'https://shop.example/thanks' },
    { idempotencyKey: undefined },
  );
}

export async function upgrade(subscriptionId: string, priceId: string, options: { stripeAccount: string }) {
  return stripe.subscriptions.update(subscriptionId, { items: [{ price: priceId }] }, options);
}

export async function payInvoice(invoiceId: string) {
  return stripe.invoices.pay(invoiceId);
}

export async function chargeForwarded(order: Order, options: Stripe.RequestOptions) {
  return stripe.paymentIntents.create({ amount: order.amount, currency: 'usd', customer: order.customerId }, options);
}

export async function rawTransfer(event: Stripe.Event, body: URLSearchParams) {
  return fetch('https://api.stripe.com/v1/transfers', { method: 'POST', body, headers: { Authorization: 'Bearer sk_test' } });
}

export async function rawCustomer(email: string) {
  return stripe.rawRequest('POST', '/v1/customers', { email });
}

export async function paySeller(sellerId: string, amount: number) {
  return stripe.transfers.create({ amount, currency: 'usd', destination: sellerId }, { idempotencyKey: \`transfer_\${sellerId}_\${Date.now()}\` });
}

function newKey() {
  return randomUUID();
}

export async function topUp(amount: number) {
  return stripe.topups.create({ amount, currency: 'usd' }, { idempotencyKey: newKey() });
}

export async function refundWithRetries(order: Order) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: randomUUID() });
    } catch {}
  }
}

export async function captureThenRefund(order: Order) {
  const key = \`order_\${order.id}\`;
  await stripe.paymentIntents.capture(order.chargeId, {}, { idempotencyKey: key });
  await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: key });
}

export async function refundBatch(batchId: string, orders: Order[]) {
  for (const order of orders) {
    await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`batch_\${batchId}\` });
  }
}

export async function nightlyPayout() {
  return stripe.payouts.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: 'nightly-payout' });
}

export async function signup(userId: string, email: string) {
  return stripe.customers.create({ email, idempotencyKey: \`signup_\${userId}\` } as Stripe.CustomerCreateParams, {});
}

export async function renameCustomer(order: Order, name: string) {
  return stripe.customers.update(order.customerId, { name }, { stripeAccount: 'acct_1', idempotency_key: order.id } as Stripe.RequestOptions);
}

export async function emptyKey(order: Order) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: '' });
}

export async function longKey(order: Order) {
  return stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: '${'k'.repeat(256)}' });
}

export async function refundUntilDone(order: Order) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}_\${attempt}\` });
    } catch {}
  }
}

export const worker = new Worker<Order>('refunds', async (job) =>
  stripe.refunds.create({ charge: job.data.chargeId }, { idempotencyKey: \`refund_\${job.data.id}_\${job.attemptsMade}\` }),
);

export async function changePlan(sub: Stripe.Subscription, price: string) {
  return stripe.subscriptions.update(sub.id, { items: [{ price }] }, { idempotencyKey: \`\${sub.id}:subscriptions.update\` });
}

export async function payAgain(invoiceId: string) {
  return stripe.invoices.pay(invoiceId, {}, { idempotencyKey: invoiceId });
}

export async function loadCustomer(order: Order) {
  return stripe.customers.retrieve(order.customerId, {}, { idempotencyKey: \`load_\${order.id}\` });
}

export async function pause(subscriptionId: string, opId?: string) {
  return stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: 'void' } }, { idempotencyKey: opId && \`pause_\${opId}\` });
}
`;

// Only the old SDKs reject the header form and drop params mistaken for options.
const legacy = `import Stripe from 'stripe';

declare const stripe: Stripe;

export async function refund(chargeId: string, refundId: string) {
  return stripe.refunds.create({ charge: chargeId }, { headers: { 'Idempotency-Key': \`refund_\${refundId}\` } } as Stripe.RequestOptions);
}

export async function signup(userId: string, email: string) {
  return stripe.customers.create({ email, idempotencyKey: \`signup_\${userId}\` } as Stripe.CustomerCreateParams);
}
`;

// A project outside this repository, where no stripe package resolves.
const uninstalled = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'messages-no-stripe-')));
fs.writeFileSync(
  path.join(uninstalled, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: { strict: true, module: 'preserve', types: [], noEmit: true },
    include: ['*.ts'],
  }),
);
fs.writeFileSync(path.join(uninstalled, 'file.ts'), '');
afterAll(() => fs.rmSync(uninstalled, { recursive: true, force: true }));

const withoutStripe = `import Stripe from 'stripe';
export const stripe = new Stripe('sk_test');
`;

/** Lints `code` as `file.ts` of a fixture, or of a project folder given by its path. */
async function lint(fixtureOrDir: string, code: string): Promise<Linter.LintMessage[]> {
  const dir = path.isAbsolute(fixtureOrDir) ? fixtureOrDir : fixtureDir(fixtureOrDir as Fixture);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        languageOptions: {
          parser: tsParser,
          parserOptions: { projectService: true, tsconfigRootDir: dir },
        },
      },
      plugin.configs.strict,
    ] as Linter.Config[],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(dir, 'file.ts') });
  return result.messages;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('rendered messages', () => {
  it('are one short sentence each, for every message of every rule', async () => {
    const messages = [
      ...(await lint('stripe23', service)),
      ...(await lint('stripe18', legacy)),
      ...(await lint(uninstalled, withoutStripe)),
    ];
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const findings = messages.map((m) => m.message);
    const suggestions = messages.flatMap((m) => m.suggestions ?? []);

    const ids = new Set(
      messages.flatMap((m) => [m.messageId, ...(m.suggestions ?? []).map((s) => s.messageId)]),
    );
    const every = Object.values(plugin.rules).flatMap((rule) => Object.keys(rule.meta.messages));
    expect([...ids].sort()).toEqual([...new Set(every)].sort());

    for (const text of [...findings, ...suggestions.map((s) => s.desc)])
      expect(text.length, text).toBeLessThanOrEqual(MAX_LENGTH);
    expect(median(findings.map((text) => text.length))).toBeLessThanOrEqual(MAX_MEDIAN);
    expect(findings.map((text) => `${text.length} ${text}`)).toMatchInlineSnapshot(`
      [
        "90 \`creditNotes.create\` has options without \`idempotencyKey\`, so a retry repeats it; add one.",
        "81 \`refunds.create\` needs an \`idempotencyKey\` in its options, or a retry repeats it.",
        "98 \`checkout.sessions.create\` sets \`idempotencyKey\` to \`undefined\`, so a retry repeats it; set a key.",
        "122 \`subscriptions.update\` gets options of type \`{ stripeAccount: string; }\`, without \`idempotencyKey\`, so a retry repeats it.",
        "79 \`invoices.pay\` needs an \`idempotencyKey\` in its options, or a retry repeats it.",
        "101 \`paymentIntents.create\` may lack an idempotency key: its forwarded request options may not carry one.",
        "86 \`fetch (POST /v1/transfers)\` needs an \`Idempotency-Key\` header, or a retry repeats it.",
        "98 \`rawRequest (POST /v1/customers)\` needs an \`idempotencyKey\` in its options, or a retry repeats it.",
        "116 The key of \`transfers.create\` uses \`Date.now()\` at line 51, so it changes on retry; key it on what caused this call.",
        "120 The key of \`topups.create\` uses \`randomUUID()\` in newKey() at line 55, so it changes on retry; store it before the call.",
        "123 The key of \`refunds.create\` is made by \`randomUUID()\` at line 65 inside the retry loop at line 63; make it before the loop.",
        "104 \`refunds.create\` reuses the key of \`paymentIntents.capture\` at line 72; give each operation its own key.",
        "98 \`refunds.create\` sends one key for every item of the loop at line 77; include the item in the key.",
        "94 \`payouts.create\` has the constant key 'nightly-payout'; key it on what names this one request.",
        "139 \`idempotencyKey\` in the params of \`customers.create\`: stripe-node 23.1.0 sends it as an unknown param; move it to the options (argument 2).",
        "106 \`idempotency_key\` is no option of \`customers.update\` (it is silently ignored); rename it \`idempotencyKey\`.",
        "93 The key of \`refunds.create\` is empty, so none is sent; key it on what names this one request.",
        "120 \`refunds.create\` has the constant key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'; key it on what names this one request.",
        "95 The key of \`refunds.create\` has at least 256 characters, over Stripe's 255; shorten or hash it.",
        "122 The key of \`refunds.create\` includes the retry counter \`attempt\` at line 103; leave it out so every attempt sends one key.",
        "132 The key of \`refunds.create\` includes the job attempt count \`job.attemptsMade\` at line 111; use the job id alone so retries reuse it.",
        "114 The key of \`subscriptions.update\` is fixed for \`sub.id\` but its params vary with \`price\`; key this change instead.",
        "105 The key of \`invoices.pay\` names only \`invoiceId\`, so a retry after a decline replays it; key the attempt.",
        "79 \`customers.retrieve\` is a GET, so its idempotency key has no effect; remove it.",
        "110 \`subscriptions.update\` may send no idempotency key: its key is typed \`string | undefined\`; make it always set.",
        "96 stripe-node 18.5.0 throws on \`headers\` in the options of \`refunds.create\`; use \`idempotencyKey\`.",
        "128 \`idempotencyKey\` in the params of \`customers.create\`: stripe-node 18.5.0 drops every param; move it to the options (argument 2).",
        "101 No \`stripe\` package resolves from this file, so nothing in it can be checked; install \`stripe\` first.",
      ]
    `);
  });
});

describe('rule docs', () => {
  it('document every message of their rule', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const doc = fs.readFileSync(path.join(root, 'docs', 'rules', `${name}.md`), 'utf8');
      for (const id of Object.keys(rule.meta.messages))
        expect(doc, `${name}: ${id}`).toContain(`\`${id}\``);
    }
  });
});
