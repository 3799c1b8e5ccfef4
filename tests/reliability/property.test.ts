// Property-based robustness test: random TypeScript
// snippets full of Stripe calls of every shape are linted with all four rules.
// Properties: linting never throws, never hits a parse error (the generator
// only writes valid syntax), gives identical messages when repeated (on the
// same program and after other programs), and every fix or suggestion it
// offers leaves the file syntactically valid.
//
// Reproduce a run with PROPERTY_SEED=<seed>; PROPERTY_RUNS=<n> for more runs.
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { fixtureDir } from '../harness.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20_251_123);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

const dir = fixtureDir('stripe23');
const filename = path.join(dir, 'file.ts');
const linter = new Linter({ configType: 'flat', cwd: dir });
const allRules = Object.fromEntries(
  Object.keys(plugin.rules).map((rule) => [`stripe-idempotency/${rule}`, 'error' as const]),
);
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { projectService: true, tsconfigRootDir: dir },
    },
    plugins: { 'stripe-idempotency': plugin },
    rules: allRules,
  },
];

function lint(code: string): Linter.LintMessage[] {
  return linter.verify(code, config, { filename });
}

/** Syntax only, no types: is `code` still valid TypeScript? */
function syntaxError(code: string): string | undefined {
  try {
    tsParser.parseForESLint(code, { range: true, loc: true, filePath: 'fixed.ts' });
    return undefined;
  } catch (error) {
    return String(error);
  }
}

function applyFix(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

// ---------------------------------------------------------------- generators

const PRELUDE = `import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import { nanoid } from 'nanoid';
import { timeKey, orderKey, randomKey, KeyFactory } from './keys';
declare const stripe: Stripe;
declare const maybeStripe: Stripe | undefined;
declare const anyStripe: any;
declare const order: { id: string; chargeId: string; customerId: string; items: { id: string; amount: number }[] };
declare const item: { id: string; amount: number };
declare const event: { id: string; type: string };
declare const flag: boolean;
declare const anyValue: any;
declare const verb: string;
declare const dynamicName: string;
declare const opts: Stripe.RequestOptions;
declare const extra: { stripeAccount: string };
declare const params: Stripe.RefundCreateParams;
declare const args: [Stripe.RefundCreateParams, Stripe.RequestOptions];
declare function save(value: unknown): Promise<void>;
declare function getStripe(): Stripe;
const client = new Stripe('sk_test_123');
const factory = new KeyFactory();
const storedKey = \`stored_\${order.id}\`;
const FIXED_KEY = 'fixed';
let mutableKey = 'first';
mutableKey = \`\${Date.now()}\`;
function recurse(n: number): string {
  return n <= 0 ? \`r_\${order.id}\` : recurse(n - 1);
}
function pingA(n: number): string {
  return n <= 0 ? Date.now().toString() : pingB(n - 1);
}
function pingB(n: number): string {
  return n <= 0 ? order.id : \`b_\${pingA(n - 1)}\`;
}
`;

const COMMON_LEAVES = [
  "'refund_1'",
  "'order_' + 'fixed'",
  'FIXED_KEY',
  '`refund_${order.id}`',
  'order.id',
  'item.id',
  'event.id',
  'Date.now()',
  'new Date().toISOString()',
  'performance.now()',
  'process.hrtime.bigint()',
  'randomUUID()',
  'crypto.randomUUID()',
  'Math.random().toString(36)',
  'uuidv4()',
  'nanoid()',
  "timeKey('r')",
  'orderKey(order.id)',
  'randomKey()',
  'new KeyFactory().forRefund(order.id)',
  'factory.fresh()',
  'storedKey',
  'mutableKey',
  'undefined',
  "''",
  "'x'.repeat(300)",
  'anyValue',
  'anyValue.key',
  'recurse(3)',
  'pingA(2)',
  'pingB(order.id.length)',
  'h0(order.id)',
  'h1(item.id)',
  'h2(`x_${event.id}`)',
  'h3(storedKey)',
];
/** Inside helpers, their parameter is a leaf too. */
const HELPER_LEAVES = [...COMMON_LEAVES, 'id', 'id', '`${id}_a`'];

function keyArb(depth: number, leaves: readonly string[]): fc.Arbitrary<string> {
  const leaf = fc.constantFrom(...leaves);
  if (depth <= 0) return leaf;
  const sub = keyArb(depth - 1, leaves);
  return fc.oneof(
    { weight: 10, arbitrary: leaf },
    fc.tuple(sub, sub).map(([a, b]) => `\`k_\${${a}}_\${${b}}\``),
    fc.tuple(sub, sub).map(([a, b]) => `${a} + '_' + ${b}`),
    fc.tuple(sub, sub).map(([a, b]) => `(flag ? ${a} : ${b})`),
    fc.tuple(sub, sub).map(([a, b]) => `(${a} ?? ${b})`),
    fc.tuple(sub, sub).map(([a, b]) => `(${a} || ${b})`),
    fc.tuple(sub, sub).map(([a, b]) => `[${a}, ${b}].join('-')`),
    sub.map((a) => `String(${a})`),
    sub.map((a) => `(${a} as string)`),
    sub.map((a) => `(${a})!`),
    sub.map((a) => `(${a} satisfies unknown)`),
    sub.map((a) => `(() => ${a})()`),
    sub.map((a) => `h${a.length % 4}(${a})`),
    sub.map((a) => `JSON.stringify({ k: ${a} })`),
  );
}

const helperArb = (index: number): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 0, max: 3 }), keyArb(2, HELPER_LEAVES)).map(([form, key]) => {
    switch (form) {
      case 0:
        return `function h${index}(id: string): string {\n  return ${key};\n}\n`;
      case 1:
        return `const h${index} = (id: string): string => ${key};\n`;
      case 2:
        return `function h${index}(id: string): string {\n  const value = ${key};\n  return value;\n}\n`;
      default:
        return `function h${index}(id: string): string {\n  if (id.length > 3) return ${key};\n  return h${(index + 1) % 4}(id.slice(1));\n}\n`;
    }
  });

interface Operation {
  readonly path: string;
  readonly id: boolean;
}

const OPERATIONS: readonly Operation[] = [
  { path: 'refunds.create', id: false },
  { path: 'refunds.update', id: true },
  { path: 'refunds.retrieve', id: true },
  { path: 'customers.create', id: false },
  { path: 'customers.retrieve', id: true },
  { path: 'customers.update', id: true },
  { path: 'customers.del', id: true },
  { path: 'subscriptions.create', id: false },
  { path: 'subscriptions.cancel', id: true },
  { path: 'checkout.sessions.create', id: false },
  { path: 'paymentIntents.create', id: false },
  { path: 'paymentIntents.cancel', id: true },
  { path: 'paymentIntents.capture', id: true },
  { path: 'transfers.create', id: false },
  { path: 'invoices.createPreview', id: false },
  { path: 'billingPortal.sessions.create', id: false },
  { path: 'v2.core.accounts.create', id: false },
  { path: 'v2.core.accounts.close', id: true },
];

const CLIENTS = [
  'stripe.',
  'client.',
  'maybeStripe?.',
  'maybeStripe!.',
  'anyStripe.',
  'getStripe().',
  '(stripe as Stripe).',
  'stripe?.',
];

/** `KEY` is replaced by a generated key expression, or `key` when a local key variable was declared. */
const PARAMS = [
  '{}',
  '{ charge: order.chargeId }',
  '{ amount: item.amount, metadata: { order: order.id } }',
  'params',
  '{ ...params }',
  'undefined',
  '{ idempotencyKey: KEY }',
  "{ 'idempotency-key': KEY }",
];

const OPTIONS = [
  '{ idempotencyKey: KEY }',
  '{ idempotencyKey: KEY }',
  "{ idempotencyKey: KEY, stripeAccount: 'acct_1' }",
  '{ ...opts }',
  '{ ...extra, idempotencyKey: KEY }',
  '{ idempotencyKey: KEY, ...opts }',
  'opts',
  "{ headers: { 'Idempotency-Key': KEY } }",
  '{ idempotency_key: KEY }',
  "{ ['idempotencyKey']: KEY }",
  '{ [dynamicName]: KEY }',
  'constOptions',
  'anyValue',
  '({ idempotencyKey: KEY } as Stripe.RequestOptions)',
  '{}',
  'undefined',
  '{ idempotencyKey: undefined }',
];

interface CallShape {
  readonly text: string;
  /** Statements that must come before the call in the same block. */
  readonly before: string;
}

const callArb: fc.Arbitrary<CallShape> = fc
  .record({
    operation: fc.constantFrom(...OPERATIONS),
    client: fc.constantFrom(...CLIENTS),
    form: fc.constantFrom('member', 'member', 'member', 'destructured', 'bound', 'raw'),
    argCount: fc.integer({ min: 0, max: 3 }),
    param: fc.constantFrom(...PARAMS),
    option: fc.constantFrom(...OPTIONS),
    key: keyArb(2, COMMON_LEAVES),
    keyVariable: fc.constantFrom('none', 'none', 'const', 'let', 'stored'),
    rawVerb: fc.constantFrom("'POST'", "'GET'", "'DELETE'", "'post'", 'verb'),
    rawPath: fc.constantFrom("'/v1/refunds'", '`/v1/refunds/${order.id}`', "'/v2/core/accounts'"),
    /** 0: all arguments spread from a tuple; 1: the last one; otherwise none. */
    spreadRoll: fc.integer({ min: 0, max: 9 }),
  })
  .map((s) => {
    const before: string[] = [];
    let keyText = s.key;
    if (s.keyVariable === 'const') {
      before.push(`const key = ${s.key};`);
      keyText = 'key';
    } else if (s.keyVariable === 'let') {
      before.push(`let key = ${s.key};`, 'if (flag) key = `retry_${order.id}`;');
      keyText = 'key';
    } else if (s.keyVariable === 'stored') {
      before.push(`const key = ${s.key};`, 'await save({ key });');
      keyText = 'key';
    }
    const option = s.option.replaceAll('KEY', keyText);
    if (option === 'constOptions')
      before.push(`const constOptions = { idempotencyKey: ${keyText} };`);
    const param = s.param.replaceAll('KEY', keyText);

    let callee: string;
    let argList: string[];
    if (s.form === 'raw') {
      callee = `${s.client}rawRequest`;
      argList = [s.rawVerb, s.rawPath, param, option].slice(0, 2 + s.argCount);
    } else {
      const segments = s.operation.path.split('.');
      const method = segments.pop()!;
      const resource = segments.join('.');
      const client = s.client.replace(/\.$/, '').replace(/\?$/, '');
      if (s.form === 'destructured') {
        const last = segments.pop()!;
        const owner = segments.length
          ? `${client}${s.client.endsWith('?.') ? '?.' : '.'}${segments.join('.')}`
          : client;
        before.push(
          `const { ${last}: resource } = ${owner === 'maybeStripe' ? 'maybeStripe!' : owner};`,
        );
        callee = `resource.${method}`;
      } else if (s.form === 'bound') {
        before.push(`const method = ${s.client}${resource}.${method}.bind(stripe.${resource});`);
        callee = 'method';
      } else {
        callee = `${s.client}${resource}.${method}`;
      }
      const all = s.operation.id ? ['order.customerId', param, option] : [param, option];
      argList = all.slice(0, Math.min(all.length, s.argCount + (s.operation.id ? 1 : 0)));
    }
    if (s.spreadRoll === 0) argList = ['...args'];
    else if (s.spreadRoll === 1 && argList.length > 0)
      argList = [...argList.slice(0, -1), '...args'];
    return { text: `${callee}(${argList.join(', ')})`, before: before.join('\n') };
  });

/** A statement around one call: how its result is used. */
const useArb = fc.constantFrom(
  (call: string) => `await ${call};`,
  (call: string) => `const result = await ${call};`,
  (call: string) => `void ${call};`,
  (call: string) => `${call}.then((r) => r);`,
  (call: string) => `const { id } = await ${call};`,
  (call: string) => `await (flag ? ${call} : undefined);`,
);

type Wrap = (body: string, n: number) => string;

const WRAPS: readonly Wrap[] = [
  (body) => `for (const item of order.items) {\n${body}\n}`,
  (body) =>
    `for (let i = 0; i < order.items.length; i++) {\n  const item = order.items[i];\n${body}\n}`,
  (body) => `while (true) {\n  try {\n${body}\n    break;\n  } catch {\n    continue;\n  }\n}`,
  (body) => `for (let attempt = 0; attempt < 3; attempt++) {\n${body}\n}`,
  (body) => `do {\n${body}\n} while (flag);`,
  (body) => `order.items.forEach(async (item) => {\n${body}\n});`,
  (body) => `await Promise.all(order.items.map(async (item) => {\n${body}\n}));`,
  (body) => `if (flag) {\n${body}\n} else {\n${body}\n}`,
  (body) =>
    `switch (event.type) {\n  case 'a': {\n${body}\n    break;\n  }\n  default: {\n${body}\n  }\n}`,
  (body) => `try {\n${body}\n} finally {\n  await save(null);\n}`,
  (body, n) => `async function run${n}(item: { id: string; amount: number }) {\n${body}\n}`,
  (body, n) => `export const task${n} = async () => {\n${body}\n};`,
  (body, n) =>
    `class Service${n} {\n  constructor(private readonly stripe: Stripe) {}\n  async run() {\n${body.replaceAll('stripe.', 'this.stripe.')}\n  }\n}`,
  (body) => `{\n${body}\n}`,
];

function blockArb(depth: number): fc.Arbitrary<(n: number) => string> {
  const single = fc.tuple(callArb, useArb).map(
    ([call, use]) =>
      () =>
        `${call.before ? `${call.before}\n` : ''}${use(call.text)}`,
  );
  // Two requests sharing one key variable: what no-reused-idempotency-key is about.
  const pair = fc
    .tuple(
      fc.constantFrom(...OPERATIONS),
      fc.constantFrom(...OPERATIONS),
      keyArb(1, COMMON_LEAVES),
      fc.constantFrom(...PARAMS),
    )
    .map(([a, b, key, param]) => () => {
      const args = (operation: Operation) =>
        [
          ...(operation.id ? ['order.customerId'] : []),
          param.replaceAll('KEY', 'shared'),
          '{ idempotencyKey: shared }',
        ].join(', ');
      return `const shared = ${key};\nawait stripe.${a.path}(${args(a)});\nawait stripe.${b.path}(${args(b)});`;
    });
  if (depth <= 0) return fc.oneof({ weight: 4, arbitrary: single }, pair);
  const sub = blockArb(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: single },
    pair,
    fc.tuple(fc.constantFrom(...WRAPS), sub).map(
      ([wrap, inner]) =>
        (n: number) =>
          wrap(inner(n * 10 + 1), n),
    ),
    fc.tuple(sub, sub).map(
      ([a, b]) =>
        (n: number) =>
          `{\n${a(n * 10 + 2)}\n}\n{\n${b(n * 10 + 3)}\n}`,
    ),
  );
}

const snippetArb: fc.Arbitrary<string> = fc
  .tuple(
    helperArb(0),
    helperArb(1),
    helperArb(2),
    helperArb(3),
    fc.array(blockArb(2), { minLength: 1, maxLength: 3 }),
  )
  .map(
    ([h0, h1, h2, h3, blocks]) =>
      `${PRELUDE}${h0}${h1}${h2}${h3}${blocks.map((block, i) => `{\n${block(i + 1)}\n}`).join('\n')}\n`,
  );

// -------------------------------------------------------------------- tests

function summary(messages: Linter.LintMessage[]): string[] {
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? ''}`);
}

describe('random Stripe-call snippets, all four rules', () => {
  const replay: { code: string; messages: Linter.LintMessage[] }[] = [];
  const seen = new Map<string, number>();

  it(`never throws, never fails to parse, and is deterministic (seed ${SEED}, ${RUNS} runs)`, () => {
    console.log(
      `property.test.ts: fast-check seed ${SEED}, ${RUNS} runs (set PROPERTY_SEED / PROPERTY_RUNS to change)`,
    );
    let findings = 0;
    fc.assert(
      fc.property(snippetArb, (code) => {
        const first = lint(code);
        const fatal = first.filter((m) => m.fatal);
        expect(fatal, code).toEqual([]);
        const second = lint(code);
        expect(second, 'a second lint of the same code differs').toEqual(first);

        for (const message of first) {
          expect(message.ruleId).toMatch(/^stripe-idempotency\//);
          expect(message.message).not.toMatch(/\{\{|\}\}|NaN|\[object Object\]/);
          expect(message.line).toBeGreaterThan(0);
          seen.set(message.ruleId!, (seen.get(message.ruleId!) ?? 0) + 1);
          for (const fix of [message.fix, ...(message.suggestions ?? []).map((s) => s.fix)]) {
            if (fix)
              expect(
                syntaxError(applyFix(code, fix)),
                `fix of ${message.messageId} in\n${code}`,
              ).toBeUndefined();
          }
        }
        findings += first.length;
        if (replay.length < 15) replay.push({ code, messages: first });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(
      `property.test.ts: ${findings} findings in ${RUNS} snippets`,
      Object.fromEntries(seen),
    );
    // The generator reaches every rule; otherwise the property says little.
    expect([...seen.keys()].sort()).toEqual(Object.keys(allRules).sort());
  });

  it('gives the same messages for a snippet linted again after other programs', () => {
    expect(replay.length).toBeGreaterThan(0);
    for (const { code, messages } of replay) {
      expect(summary(lint(code)), code).toEqual(summary(messages));
    }
  });
});
