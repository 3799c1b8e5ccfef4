// Pathological files: deep nesting, recursive
// helpers, helper chains past the engine's depth limit, keys past its node
// budget, and a 20,000-line file. Each must finish without throwing, report
// what it should for the simple cases in it, and stay within structural bounds
// (type-checker queries, counted by wrapping the checker). No wall-clock assertions:
// speed is for the benchmark.
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { TRACE_LIMITS } from '../../src/key/stability/key-tracer.js';
import { fixtureDir } from '../harness.js';
import { countingConfig, typeQueries } from '../type-queries.js';

const dir = fixtureDir('stripe23');
const linter = new Linter({ configType: 'flat', cwd: dir });
const config: Linter.Config[] = [
  countingConfig,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { projectService: true, tsconfigRootDir: dir },
    },
    plugins: { 'stripe-idempotency': plugin },
    rules: Object.fromEntries(
      Object.keys(plugin.rules).map((rule) => [`stripe-idempotency/${rule}`, 'error' as const]),
    ),
  },
];

const PRELUDE = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string; customerId: string; items: { id: string; amount: number }[] };
`;
const PRELUDE_LINES = PRELUDE.split('\n').length - 1;

/** Lints `body` after the prelude; returns `line rule/messageId` per message (lines of `body`) and the type queries made. */
function lint(body: string): { findings: string[]; typeQueries: number } {
  const before = typeQueries.count;
  const messages = linter.verify(PRELUDE + body, config, { filename: path.join(dir, 'file.ts') });
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal[0].message}`);
  return {
    findings: messages.map(
      (m) =>
        `${m.line - PRELUDE_LINES} ${m.ruleId!.replace('stripe-idempotency/', '')}/${m.messageId}`,
    ),
    typeQueries: typeQueries.count - before,
  };
}

const DEPTH = 200;

describe(`nesting ${DEPTH} deep`, () => {
  it('blocks around the call', () => {
    const body = `${'{ '.repeat(DEPTH)}\nstripe.refunds.create({}, { idempotencyKey: \`r_\${Date.now()}\` });\n${' }'.repeat(DEPTH)}\n`;
    expect(lint(body).findings).toEqual(['2 no-unstable-idempotency-key/timeSource']);
  });

  it('functions and loops around the call', () => {
    const open = Array.from(
      { length: DEPTH / 4 },
      (_, i) => `async function f${i}() { for (const item${i} of order.items) { `,
    ).join('');
    const close = ' } }'.repeat(DEPTH / 4);
    const body = `${open}\nawait stripe.refunds.create({ amount: item${DEPTH / 4 - 1}.amount }, { idempotencyKey: order.id });\n${close}\n`;
    expect(lint(body).findings).toEqual(['2 no-reused-idempotency-key/loopInvariantKey']);
  });

  it('ternaries in the key', () => {
    const key = `${'order.id.length > 1 ? order.id : '.repeat(DEPTH)}\`t_\${Date.now()}\``;
    expect(lint(`stripe.refunds.create({}, { idempotencyKey: ${key} });\n`).findings).toEqual([
      '1 no-unstable-idempotency-key/timeSource',
    ]);
  });

  it('template literals in the key', () => {
    const key = `${'`a${'.repeat(DEPTH)}Date.now()${'}`'.repeat(DEPTH)}`;
    expect(lint(`stripe.refunds.create({}, { idempotencyKey: ${key} });\n`).findings).toEqual([
      '1 no-unstable-idempotency-key/timeSource',
    ]);
  });

  it('template literals whose literal text is too long for Stripe', () => {
    const key = `${'`ab${'.repeat(DEPTH)}order.id${'}`'.repeat(DEPTH)}`;
    expect(lint(`stripe.refunds.create({}, { idempotencyKey: ${key} });\n`).findings).toEqual([
      '1 valid-idempotency-options/keyTooLong',
    ]);
  });

  it('parentheses, casts, non-null assertions and ?? in the key', () => {
    const key = `${'(('.repeat(DEPTH / 2)}Date.now()${' as number)! ?? order.id.length)'.repeat(DEPTH / 2)}`;
    expect(
      lint(`stripe.refunds.create({}, { idempotencyKey: String(${key}) });\n`).findings,
    ).toEqual(['1 no-unstable-idempotency-key/timeSource']);
  });

  it('a key built from a chain of bindings', () => {
    const chain = Array.from(
      { length: DEPTH },
      (_, i) => `const k${i + 1} = \`\${k${i}}_\${order.id}\`;`,
    ).join('\n');
    const body = `const k0 = Date.now();\n${chain}\nstripe.refunds.create({}, { idempotencyKey: k${DEPTH} });\n`;
    expect(lint(body).findings).toEqual([`${DEPTH + 2} no-unstable-idempotency-key/timeSource`]);
  });
});

describe('recursive helpers feeding a key', () => {
  it('a self-recursive helper with a time source at its base', () => {
    const body = `function stamp(n: number): string {
  return n <= 0 ? \`s_\${Date.now()}\` : stamp(n - 1);
}
stripe.refunds.create({}, { idempotencyKey: stamp(3) });
`;
    expect(lint(body).findings).toEqual(['4 no-unstable-idempotency-key/timeSource']);
  });

  it('a self-recursive helper over stable inputs', () => {
    const body = `function path(n: number, id: string): string {
  return n <= 0 ? id : \`\${path(n - 1, id)}/\${n}\`;
}
stripe.refunds.create({}, { idempotencyKey: path(3, order.id) });
`;
    expect(lint(body).findings).toEqual([]);
  });

  it('mutually recursive helpers, the time source in the second', () => {
    const body = `function even(n: number): string {
  return n <= 0 ? order.id : odd(n - 1);
}
function odd(n: number): string {
  return n <= 0 ? \`o_\${Date.now()}\` : even(n - 1);
}
stripe.refunds.create({}, { idempotencyKey: even(4) });
`;
    expect(lint(body).findings).toEqual(['7 no-unstable-idempotency-key/timeSource']);
  });

  it('a cycle of helpers that never returns a value', () => {
    const body = `function a(): string { return b(); }
function b(): string { return c(); }
function c(): string { return a(); }
const x = (): string => y();
const y = (): string => x();
stripe.refunds.create({}, { idempotencyKey: a() });
stripe.customers.create({}, { idempotencyKey: \`\${x()}_\${a()}\` });
`;
    expect(lint(body).findings).toEqual([]);
  });

  it('a recursive method and a recursive getter', () => {
    const body = `class Keys {
  constructor(private readonly id: string) {}
  nested(n: number): string { return n ? this.nested(n - 1) : \`n_\${Math.random()}\`; }
  get self(): string { return this.self; }
}
const keys = new Keys(order.id);
stripe.refunds.create({}, { idempotencyKey: keys.nested(2) });
stripe.customers.create({}, { idempotencyKey: keys.self });
`;
    expect(lint(body).findings).toEqual(['7 no-unstable-idempotency-key/randomSource']);
  });
});

describe(`helper chains and TRACE_LIMITS (helperDepth ${TRACE_LIMITS.helperDepth}, nodesPerKey ${TRACE_LIMITS.nodesPerKey})`, () => {
  /** `p0` holds the time source; `p<n>` calls `p<n-1>`: the key `p<n>(id)` is `length` helpers deep. */
  function chain(prefix: string, length: number): string {
    const helpers = [
      `function ${prefix}0(id: string): string { return \`\${id}_\${Date.now()}\`; }`,
    ];
    for (let i = 1; i < length; i++)
      helpers.push(`function ${prefix}${i}(id: string): string { return ${prefix}${i - 1}(id); }`);
    return `${helpers.join('\n')}\nstripe.refunds.create({}, { idempotencyKey: ${prefix}${length - 1}(order.id) });\n`;
  }

  it('follows a chain as deep as the limit', () => {
    const { findings } = lint(chain('p', TRACE_LIMITS.helperDepth));
    expect(findings).toEqual([
      `${TRACE_LIMITS.helperDepth + 1} no-unstable-idempotency-key/timeSource`,
    ]);
  });

  it('stops at the limit: a source deeper than it is not claimed, and the work is bounded', () => {
    const length = TRACE_LIMITS.helperDepth * 50;
    const { findings, typeQueries } = lint(chain('q', length));
    // The documented bound: what lies past helperDepth is not followed, so nothing is proven.
    expect(findings).toEqual([]);
    // One call, a few queries per helper level followed: far below the chain's length.
    expect(typeQueries).toBeLessThan(TRACE_LIMITS.helperDepth * 10);
  });

  it('stops a single key at nodesPerKey and still reports what it found first', () => {
    const parts = Array.from(
      { length: TRACE_LIMITS.nodesPerKey + 5_000 },
      (_, i) => `'${i % 10}'`,
    ).join(', ');
    const body = `stripe.refunds.create({}, { idempotencyKey: [Date.now(), ${parts}].join('') });
stripe.customers.create({}, { idempotencyKey: [${parts}, Date.now()].join('-') });
`;
    const { findings, typeQueries } = lint(body);
    // The first source is seen before the budget runs out; the second lies past it.
    expect(findings).toEqual(['1 no-unstable-idempotency-key/timeSource']);
    // Literals cost no type query: the budget bounds the walk, not just the queries.
    expect(typeQueries).toBeLessThan(50);
  });
});

describe('a 20,000-line file with many Stripe calls', () => {
  const CHUNKS = 1_000;
  const LINES_PER_CHUNK = 20;
  const EVERY = 50;

  /** Twenty lines per chunk; every 50th chunk has one finding per rule. */
  function chunk(i: number): string {
    const faulty = i % EVERY === 0;
    const lines = [
      `export async function handle${i}(input: { id: string; chargeId: string; customerId: string }) {`,
      `  const ids${i} = order.items.map((item) => item.id).filter(Boolean);`,
      `  console.log(ids${i}.join(','), input.id);`,
      faulty
        ? `  await stripe.refunds.create({ charge: input.chargeId });`
        : `  await stripe.refunds.create({ charge: input.chargeId }, { idempotencyKey: \`refund_\${input.id}\` });`,
      `  const customer${i} = await stripe.customers.retrieve(input.customerId);`,
      faulty
        ? `  await stripe.customers.update(input.customerId, { name: 'x' }, { idempotencyKey: \`u_\${Date.now()}\` });`
        : `  await stripe.customers.update(input.customerId, { name: 'x' }, { idempotencyKey: \`u_\${input.id}\` });`,
      `  const total${i} = order.items.reduce((sum, item) => sum + item.amount, 0);`,
      `  if (total${i} > 0) {`,
      faulty
        ? `    await stripe.paymentIntents.create({ amount: total${i}, currency: 'eur' }, { idempotencyKey: 'pi-fixed' });`
        : `    await stripe.paymentIntents.create({ amount: total${i}, currency: 'eur' }, { idempotencyKey: \`pi_\${input.id}\` });`,
      `  }`,
      `  for (const item of order.items) {`,
      `    await stripe.refunds.create({ amount: item.amount }, { idempotencyKey: \`r_\${input.id}_\${item.id}\` });`,
      `  }`,
      faulty
        ? `  await stripe.customers.create({ email: 'a@b.c', idempotency_key: input.id } as never, { idempotencyKey: \`c_\${input.id}\` });`
        : `  await stripe.customers.create({ email: 'a@b.c' }, { idempotencyKey: \`c_\${input.id}\` });`,
      `  const list${i} = await stripe.customers.list({ limit: 3 });`,
      `  await stripe.subscriptions.cancel('sub_${i}');`,
      `  const repo${i} = { create: (value: string) => value, find: (id: string) => id };`,
      `  repo${i}.create(repo${i}.find(input.id));`,
      `  return [customer${i}, list${i}];`,
      `}`,
    ];
    if (lines.length !== LINES_PER_CHUNK) throw new Error(`chunk has ${lines.length} lines`);
    return `${lines.join('\n')}\n`;
  }

  it('finishes, reports exactly the planted findings, and stays within a type-query bound', () => {
    const body = Array.from({ length: CHUNKS }, (_, i) => chunk(i)).join('');
    expect(body.split('\n').length - 1).toBe(CHUNKS * LINES_PER_CHUNK);
    const { findings, typeQueries } = lint(body);

    const expected: string[] = [];
    for (let i = 0; i < CHUNKS; i += EVERY) {
      const first = i * LINES_PER_CHUNK;
      expected.push(
        `${first + 4} require-idempotency-key/missingOptions`,
        `${first + 6} no-unstable-idempotency-key/timeSource`,
        `${first + 9} no-reused-idempotency-key/constantKey`,
        `${first + 14} valid-idempotency-options/keyInParams`,
      );
    }
    const sort = (list: string[]) =>
      [...list].sort((a, b) => Number.parseInt(a) - Number.parseInt(b) || a.localeCompare(b));
    expect(sort(findings)).toEqual(sort(expected));

    // Structural bound: a handful of type queries per Stripe-looking call, none for the rest.
    const stripeCalls = (body.match(/\bstripe\.\w+\.\w+\(/g) ?? []).length + CHUNKS; // + repo.create, which passes the name filter
    expect(typeQueries).toBeGreaterThan(0);
    expect(typeQueries).toBeLessThan(stripeCalls * 6);
  });
});
