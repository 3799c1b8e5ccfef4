import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { defineRequestVisitor } from '../src/request/request-visitor.js';
import { fixtureDir, type Fixture } from './harness.js';
import { countingConfig, typeQueries } from './type-queries.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

const typedLanguageOptions: Linter.Config['languageOptions'] = {
  parser: tsParser,
  parserOptions: { projectService: true, tsconfigRootDir: fixtureDir('stripe23') },
};

function eslintWith(config: Linter.Config[]): ESLint {
  return new ESLint({
    cwd: fixtureDir('stripe23'),
    overrideConfigFile: true,
    overrideConfig: config,
  });
}

async function lint(code: string, config: Linter.Config[]) {
  const [result] = await eslintWith(config).lintText(code, {
    filePath: path.join(fixtureDir('stripe23'), 'file.ts'),
  });
  return result;
}

describe('the plugin object', () => {
  it('names itself after its package', () => {
    expect(plugin.meta).toEqual({
      name: packageJson.name,
      version: packageJson.version,
      namespace: 'stripe-idempotency',
    });
  });

  it('keeps every rule’s name, file, doc and URL in step', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.name).toBe(name);
      expect(fs.existsSync(path.join(root, 'rules', `${name}.ts`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(rule.meta.docs?.requiresTypeChecking).toBe(true);
      expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`[${name}]`);
    }
  });

  it('enables every recommended rule as an error in configs.recommended', () => {
    expect(plugin.configs.recommended.name).toBe('stripe-idempotency/recommended');
    expect(plugin.configs.recommended.files).toEqual([
      '**/*.ts',
      '**/*.tsx',
      '**/*.mts',
      '**/*.cts',
    ]);
    expect(plugin.configs.recommended.plugins['stripe-idempotency']).toBe(plugin);
    expect(plugin.configs.recommended.languageOptions.parser).toBe(tsParser);
    expect(plugin.configs.recommended.rules).toEqual({
      'stripe-idempotency/no-reused-idempotency-key': 'error',
      'stripe-idempotency/no-unstable-idempotency-key': 'error',
      'stripe-idempotency/require-idempotency-key': 'error',
      'stripe-idempotency/valid-idempotency-options': 'error',
    });
  });

  it('adds requireProvenKey, checkAllPosts and reportIneffectiveKeys in configs.strict', () => {
    expect(plugin.configs.strict.name).toBe('stripe-idempotency/strict');
    expect(plugin.configs.strict.files).toEqual(plugin.configs.recommended.files);
    expect(plugin.configs.strict.plugins['stripe-idempotency']).toBe(plugin);
    expect(plugin.configs.strict.languageOptions.parser).toBe(tsParser);
    expect(plugin.configs.strict.rules).toEqual({
      'stripe-idempotency/no-reused-idempotency-key': 'error',
      'stripe-idempotency/no-unstable-idempotency-key': 'error',
      'stripe-idempotency/require-idempotency-key': [
        'error',
        { requireProvenKey: true, checkAllPosts: true },
      ],
      'stripe-idempotency/valid-idempotency-options': ['error', { reportIneffectiveKeys: true }],
    });
  });
});

describe('linting through ESLint', () => {
  const recommended = [
    { files: ['**/*.ts'], languageOptions: typedLanguageOptions },
    countingConfig,
    plugin.configs.recommended,
  ] as Linter.Config[];

  it('reports through configs.recommended', async () => {
    const result = await lint(
      `import Stripe from 'stripe';
declare const stripe: Stripe;
stripe.refunds.create({ charge: 'ch_1' });
`,
      recommended,
    );
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['stripe-idempotency/require-idempotency-key', 3],
    ]);
  });

  it('makes no type-checker query for a file without Stripe-looking calls', async () => {
    const before = typeQueries.count;
    const result = await lint(
      `const items = [1, 2, 3].map((n) => n * 2);
console.log(items.join(','));
export const repo = { find(id: string) { return id; } };
repo.find('a');
`,
      recommended,
    );
    expect(result.messages).toEqual([]);
    expect(typeQueries.count).toBe(before);
  });

  it('makes no type-checker query in a file that cannot see the stripe SDK through its imports', async () => {
    const before = typeQueries.count;
    const result = await lint(
      `declare const repo: { create(data: object): object };
repo.create({});
`,
      recommended,
    );
    expect(result.messages).toEqual([]);
    expect(typeQueries.count).toBe(before);
  });

  it('gives the call visitor only to a file that says `stripe`, or sees the SDK through its imports and names an SDK method or a call the rule asks for', async () => {
    // A rule built on the engine's visitor, reporting which listeners the engine gave it.
    const probe: Linter.Config = {
      plugins: {
        probe: {
          rules: {
            listeners: {
              meta: { type: 'problem', schema: [], messages: { listeners: '{{names}}' } },
              create(context) {
                const listeners = defineRequestVisitor(
                  context as unknown as Parameters<typeof defineRequestVisitor>[0],
                  {
                    request: () => undefined,
                    otherCallNames: () => new Set(['recordedCharge']),
                  },
                );
                return {
                  Program: (node) =>
                    context.report({
                      node,
                      messageId: 'listeners',
                      data: { names: Object.keys(listeners).join(' ') },
                    }),
                };
              },
            },
          },
        },
      },
      rules: { 'probe/listeners': 'error' },
    };
    const listenersFor = async (code: string) =>
      (
        await lint(code, [{ files: ['**/*.ts'], languageOptions: typedLanguageOptions }, probe])
      ).messages.map((m) => m.message);
    expect(
      await listenersFor(
        `declare const repo: { create(data: object): object };
repo.create({});
`,
      ),
    ).toEqual(['']);
    // Through another file: a caller of a function the rule asks for, or a caller of an SDK
    // method's name; a file that names neither has no call to visit.
    expect(
      await listenersFor(`import { recordedCharge } from './billing-wrappers';
export const charge = () => recordedCharge({ id: 'o_1', amount: 100 }, 'k');
`),
    ).toEqual(['CallExpression']);
    expect(
      await listenersFor(`import { chargeOrder } from './billing-wrappers';
export const charge = () => chargeOrder({ id: 'o_1', amount: 100 }, 'k');
`),
    ).toEqual(['']);
    expect(
      await listenersFor(`import { Payments } from './billing-wrappers';
export declare const payments: Payments;
declare const refunds: { create(params: object): object };
refunds.create({});
`),
    ).toEqual(['CallExpression']);
    // A method called by a quoted name is no identifier.
    expect(
      await listenersFor(`import { Payments } from './billing-wrappers';
export declare const payments: Payments;
declare const refunds: Record<string, (params: object) => object>;
refunds['create']({});
`),
    ).toEqual(['CallExpression']);
    // A raw HTTP request names its URL in the file; an SDK request needs the SDK's types.
    expect(
      await listenersFor(`fetch('https://api.stripe.com/v1/refunds', { method: 'POST' });\n`),
    ).toEqual(['CallExpression']);
    expect(
      await listenersFor(`import type S from 'stripe';
export type Client = S;
`),
    ).toEqual(['CallExpression']);
  });

  it('makes no type query for receivers that are certainly not a Stripe resource, in a file that sees the SDK', async () => {
    const before = typeQueries.count;
    const result = await lint(
      `import type Stripe from 'stripe';
export type Client = Stripe;
declare const prisma: { user: { create(data: object): object }; $transaction(fn: (tx: typeof prisma) => void): void };
prisma.user.create({ data: {} });
prisma.$transaction((tx) => tx.user.create({ data: {} }));
const proto = Object.create(null);
const local = { update(data: object) { return data; } };
local.update({ proto });
function create(data: object) { return data; }
create({});
const { user } = prisma;
user.create({ data: {} });
import { createClient } from 'action-builder';
const analytics = createClient({ capture(event: string) { return event; } });
declare function useAnalytics(): { capture(event: string): void };
const tracker = useAnalytics();
tracker.capture('paid');
useAnalytics()?.capture('paid');
function users() { return prisma.user; }
users().create({ data: {} });
interface Repo { update(data: object): object }
declare const repo: Repo;
const getRepo = (): Repo => repo;
getRepo().update({});
declare function resolveService<T>(token: string): T;
resolveService<Repo>('repo').update({});
new ReadableStream({ start(controller) { controller.close(); } });
new Promise<{ cancel(): void }>((resolve) => resolve.cancel?.());
import { v4 as capture } from 'uuid';
capture();
new Promise<void>((resolve, cancel) => cancel());`,
      recommended,
    );
    expect(result.messages).toEqual([]);
    expect(typeQueries.count).toBe(before);
  });

  it('still judges resources handed on by their name, under a parameter, or as a bound method', async () => {
    const result = await lint(
      `import Stripe from 'stripe';
import { stripe } from './client';
const getStripe = () => stripe;
const refunds = getStripe().refunds;
refunds.create({ charge: 'ch_1' });
export function capture(intents: Stripe['paymentIntents']) { return intents.capture('pi_1'); }
new Proxy(stripe.paymentIntents, { get(target) { return target.capture('pi_2'); } });
const cancel = stripe.subscriptions.cancel.bind(stripe.subscriptions);
cancel('sub_1');`,
      recommended,
    );
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['stripe-idempotency/require-idempotency-key', 5],
      ['stripe-idempotency/require-idempotency-key', 6],
      ['stripe-idempotency/require-idempotency-key', 7],
    ]);
  });

  it('judges resources a call says it returns: a function of the file returning one, or a type argument of the SDK', async () => {
    const result = await lint(
      `import Stripe from 'stripe';
import { stripe } from './client';
declare function resolve<T>(token: string): T;
function intents(client: Stripe) { return client.paymentIntents; }
const typed = (): Stripe.RefundResource => stripe.refunds;
function pick(name: 'refunds' | 'customers') { return stripe[name]; }
const indexed = <K extends keyof Stripe>(key: K): Stripe[K] => stripe[key];
intents(stripe).capture('pi_1');
const held = intents(stripe);
held.capture('pi_2');
typed().create({ charge: 'ch_1' });
pick('refunds').create({ charge: 'ch_1' });
resolve<Stripe.RefundResource>('refunds').create({ charge: 'ch_1' });
indexed('refunds').create({ charge: 'ch_1' });`,
      recommended,
    );
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['stripe-idempotency/require-idempotency-key', 8],
      ['stripe-idempotency/require-idempotency-key', 10],
      ['stripe-idempotency/require-idempotency-key', 11],
      ['stripe-idempotency/require-idempotency-key', 12],
      ['stripe-idempotency/require-idempotency-key', 13],
      ['stripe-idempotency/require-idempotency-key', 14],
    ]);
  });

  it('looks a Stripe-looking call up in its declarations alone in a file that sees the SDK, and reports nothing when it is not Stripe’s', async () => {
    const before = new Map(typeQueries.byMethod);
    const result = await lint(
      `import type Stripe from 'stripe';
export type Client = Stripe;
declare const repo: { create(data: object): object };
repo.create({});
`,
      recommended,
    );
    expect(result.messages).toEqual([]);
    const asked = [...typeQueries.byMethod].filter(
      ([method, n]) => n !== (before.get(method) ?? 0),
    );
    // The receiver's symbol, its written-down type, and the method in it: nothing the checker infers.
    expect(
      Object.fromEntries(asked.map(([method, n]) => [method, n - (before.get(method) ?? 0)])),
    ).toEqual({
      getSymbolAtLocation: 1,
      getTypeOfSymbol: 1,
      getPropertyOfType: 1,
    });
  });

  it('asks no type of a record whose id the request already takes as its id argument', async () => {
    const lines = (id: string) =>
      `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const db: { schedules: { findMany(): Promise<{ id: string; subscription: string }[]> } };
export async function releaseAll() {
  for (const schedule of await db.schedules.findMany()) await stripe.subscriptionSchedules.release(${id});
}`;
    const typesAsked = async (code: string) => {
      const before = typeQueries.byMethod.get('getTypeAtLocation') ?? 0;
      const result = await lint(code, recommended);
      return { result, types: (typeQueries.byMethod.get('getTypeAtLocation') ?? 0) - before };
    };
    const byId = await typesAsked(lines('schedule.id'));
    expect(
      byId.result.messages.flatMap((m) =>
        (m.suggestions ?? []).map((suggestion) => suggestion.desc),
      ),
    ).toEqual([expect.stringContaining('`${schedule.id}:subscriptionSchedules.release`')]);
    // Acting on another id, the loop's item is a binding in scope, and its type is asked for.
    const byOther = await typesAsked(lines('schedule.subscription'));
    expect(byOther.types).toBe(byId.types + 1);
  });

  it('asks a webhook event in scope for its id, but not a string, a boolean or a promise (their lib types would be resolved)', async () => {
    const before = typeQueries.propertiesAskedFor.length;
    const result = await lint(
      `import Stripe from 'stripe';
declare const stripe: Stripe;
export async function refund(userId: string, notify: boolean, pending: Promise<string> | undefined, event: Stripe.Event) {
  await stripe.refunds.create({ charge: 'ch_1' });
}`,
      recommended,
    );
    expect(
      result.messages.flatMap((m) => (m.suggestions ?? []).map((suggestion) => suggestion.desc)),
    ).toEqual([expect.stringContaining('`${event.id}:refunds.create`')]);
    expect(
      typeQueries.propertiesAskedFor.slice(before).filter((name) => name === 'id'),
    ).toHaveLength(1);
  });

  describe('callbacks of a library’s generic builder chain (next-safe-action, tRPC), whose types cost a new program the most', () => {
    const builder = (body: string) =>
      [
        `import Stripe from 'stripe';`,
        `import { createClient } from 'action-builder';`,
        `declare const stripe: Stripe;`,
        `const client = createClient({ id: 'u_1', user: { id: 'u_1' } });`,
        `export const act = client.input({ amount: 1 }).action(async ({ ctx }) => {`,
        body,
        `});`,
      ].join('\n');
    const queried = async (code: string) => {
      const before = new Map(typeQueries.byMethod);
      const result = await lint(code, recommended);
      const asked = (method: string) =>
        (typeQueries.byMethod.get(method) ?? 0) - (before.get(method) ?? 0);
      return {
        result,
        signatures: asked('getResolvedSignature'),
        types: asked('getTypeAtLocation'),
      };
    };

    it('traces a key through the callback’s parameters without resolving the chain’s signatures', async () => {
      const { result, signatures } = await queried(
        builder(
          `  return stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: \`refund_\${ctx.user.id}\` });`,
        ),
      );
      expect(result.messages).toEqual([]);
      expect(signatures).toBe(0);
    });

    it('still follows a callback into a helper the program declares', async () => {
      const { result } = await queried(
        `import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
declare const stripe: Stripe;
const withKey = <T>(fn: (key: string) => Promise<T>) => fn(randomUUID());
export const pay = () => withKey((key) => stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: key }));`,
      );
      expect(result.messages.map((m) => m.ruleId)).toEqual([
        'stripe-idempotency/no-unstable-idempotency-key',
      ]);
    });

    it('suggests no key from a callback whose call an outer generic call types (better-auth’s hooks), and does at statement level', async () => {
      const hook = (wrap: (call: string) => string, params = '(event)') =>
        [
          `import Stripe from 'stripe';`,
          `import { configure, middleware } from 'action-builder';`,
          `declare const stripe: Stripe;`,
          wrap(`middleware(async ${params} => stripe.refunds.create({ charge: 'ch_1' }))`),
        ].join('\n');
      const suggestions = (result: ESLint.LintResult) =>
        result.messages.flatMap((m) => (m.suggestions ?? []).map((s) => s.desc));
      const alone = await queried(hook((call) => `export const after = ${call};`));
      expect(suggestions(alone.result)).toEqual([
        expect.stringContaining('`${event.id}:refunds.create`'),
      ]);
      for (const wrap of [
        (call: string) => `export const auth = configure({ hooks: { after: ${call} } });`,
        (call: string) => `export const auth = configure(() => ${call});`,
        (call: string) => `export const auth = configure(function () { return [${call}]; });`,
      ]) {
        const nested = await queried(hook(wrap));
        expect(nested.result.messages.map((m) => m.ruleId)).toEqual([
          'stripe-idempotency/require-idempotency-key',
        ]);
        expect(suggestions(nested.result)).toEqual([]);
        expect(nested.types).toBe((await queried(hook(wrap, '()'))).types);
      }
    });

    it('suggests no key from the callback’s parameters, whose type it does not ask for', async () => {
      const body = `  return stripe.refunds.create({ charge: 'ch_1' });`;
      const { result, types } = await queried(builder(body));
      expect(result.messages.map((m) => [m.ruleId, m.suggestions ?? []])).toEqual([
        ['stripe-idempotency/require-idempotency-key', []],
      ]);
      // As many as for the same callback without parameters (the annotated `stripe` is asked about in both).
      const withoutParameters = await queried(
        builder(body).replace('async ({ ctx }) =>', 'async () =>'),
      );
      expect(types).toBe(withoutParameters.types);
    });
  });

  describe('a client whose type the checker would have to infer (made by `new Stripe(key, config)`), read from its declarations', () => {
    // On the ambient layout (12–21) and the class layout (22+) alike.
    const lintIn = async (fixture: Fixture, code: string) => {
      const dir = fixtureDir(fixture);
      const config = [
        {
          files: ['**/*.ts'],
          languageOptions: {
            ...typedLanguageOptions,
            parserOptions: { projectService: true, tsconfigRootDir: dir },
          },
        },
        countingConfig,
        plugin.configs.recommended,
      ] as Linter.Config[];
      const asked = typeQueries.symbolsAskedAt.length;
      const properties = typeQueries.propertiesAskedFor.length;
      const symbolTypes = typeQueries.symbolTypesAskedFor.length;
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
      const [result] = await eslint.lintText(code, { filePath: path.join(dir, 'file.ts') });
      return {
        lines: result.messages.map((m) => [m.ruleId, m.line]),
        asked: typeQueries.symbolsAskedAt.slice(asked),
        properties: typeQueries.propertiesAskedFor.slice(properties),
        symbolTypes: typeQueries.symbolTypesAskedFor.slice(symbolTypes),
      };
    };
    const missing = (...lines: number[]) =>
      lines.map((line) => ['stripe-idempotency/require-idempotency-key', line]);
    const shapes = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test', { maxNetworkRetries: 2, timeout: 1000 });
function createClient() {
  return new Stripe('sk_test', { maxNetworkRetries: 2 });
}
let cached: Stripe | undefined;
export function getStripe() {
  if (!cached) cached = createClient();
  return cached;
}
const client = getStripe();
class Billing {
  private readonly stripe = createClient();
  refund() {
    return this.stripe.refunds.create({ charge: 'ch_3' });
  }
}
stripe.refunds.create({ charge: 'ch_1' });
client.refunds.create({ charge: 'ch_2' });
getStripe().refunds.create({ charge: 'ch_4' });
export function charge(annotated: Stripe, { held }: { held: { client: Stripe } }) {
  annotated.refunds.create({ charge: 'ch_5' });
  held.client.refunds.create({ charge: 'ch_6' });
}
export { Billing };`;

    for (const fixture of ['stripe12', 'stripe23'] as const) {
      it(`recognises a module's client, a helper's, a singleton's, a class field's and a parameter's without asking the checker about the method (${fixture})`, async () => {
        const { lines, asked, properties, symbolTypes } = await lintIn(fixture, shapes);
        expect(lines).toEqual(missing(15, 18, 19, 20, 22, 23));
        expect(asked).not.toContain('create');
        // The SDK's types are read off their declarations: the checker never resolves the client's
        // members, nor the type of `refunds` (the class its annotation names is looked up by name).
        expect(properties).not.toContain('refunds');
        expect(properties).not.toContain('create');
        expect(symbolTypes).not.toContain('refunds');
      });
    }

    it('leaves to the checker a union the code may narrow, an async helper and a generic one, with the same findings', async () => {
      const { lines, asked } = await lintIn(
        'stripe23',
        `import Stripe from 'stripe';
class Fake { refunds = { create(params: object) { return params; } }; }
function pick(): Stripe | Fake { return new Fake(); }
const either = pick();
if (either instanceof Stripe) either.refunds.create({ charge: 'ch_1' });
async function make() { return new Stripe('sk_test'); }
export async function run() {
  const made = await make();
  await made.refunds.create({ charge: 'ch_2' });
}
function same<T>(value: T) { return value; }
same(new Stripe('sk_test')).refunds.create({ charge: 'ch_3' });`,
      );
      expect(lines).toEqual(missing(5, 9, 12));
      expect(asked.filter((text) => text === 'create')).toHaveLength(3);
    });

    it('finds no request on an object of the program’s own that looks like the SDK', async () => {
      const { lines } = await lintIn(
        'stripe23',
        `import Stripe from 'stripe';
export type Client = Stripe;
class Fake { refunds = { create(params: object) { return params; } }; }
const fake = new Fake();
fake.refunds.create({ charge: 'ch_1' });
function makeFake() { return new Fake(); }
makeFake().refunds.create({ charge: 'ch_2' });`,
      );
      expect(lines).toEqual([]);
    });
  });

  it('needs only parserOptions.projectService beside a config, which sets the parser', async () => {
    const projectServiceOnly = [
      plugin.configs.recommended,
      {
        languageOptions: {
          parserOptions: { projectService: true, tsconfigRootDir: fixtureDir('stripe23') },
        },
      },
    ] as Linter.Config[];
    const result = await lint(
      `import Stripe from 'stripe';
declare const stripe: Stripe;
stripe.refunds.create({ charge: 'ch_1' })!;
`,
      projectServiceOnly,
    );
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['stripe-idempotency/require-idempotency-key', 3],
    ]);
  });

  it('says how to enable typed linting, not "Unexpected token", for TypeScript syntax with a config alone', async () => {
    await expect(
      lint(`export const a = [1][0]!;\n`, [plugin.configs.recommended] as Linter.Config[]),
    ).rejects.toThrow(/requires type information.*typed-linting/s);
  });

  it('fails with one clear message without type information', async () => {
    const untyped = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      plugin.configs.recommended,
    ] as Linter.Config[];
    await expect(lint(`export const a = 1;\n`, untyped)).rejects.toThrow(
      /requires type information.*typed-linting/s,
    );
  });

  it('rejects invalid options with ESLint’s schema error', async () => {
    const invalid = [
      {
        files: ['**/*.ts'],
        languageOptions: typedLanguageOptions,
        plugins: { 'stripe-idempotency': plugin },
      },
      {
        rules: {
          'stripe-idempotency/require-idempotency-key': [
            'error',
            { ignoreOperations: 'refunds.create' },
          ],
        },
      },
    ] as Linter.Config[];
    await expect(lint(`export const a = 1;\n`, invalid)).rejects.toThrow(
      /require-idempotency-key.*should be array/s,
    );
  });

  it('rejects invalid shared settings', async () => {
    const invalid = [
      {
        files: ['**/*.ts'],
        languageOptions: typedLanguageOptions,
        settings: { 'stripe-idempotency': { untypedClients: 'yes' } },
      },
      plugin.configs.recommended,
    ] as Linter.Config[];
    await expect(lint(`export const a = 1;\n`, invalid)).rejects.toThrow(
      /settings\['stripe-idempotency'\] must be an object with only the boolean `untypedClients`/,
    );
  });

  it('rejects unknown options', async () => {
    const invalid = [
      {
        files: ['**/*.ts'],
        languageOptions: typedLanguageOptions,
        plugins: { 'stripe-idempotency': plugin },
      },
      { rules: { 'stripe-idempotency/require-idempotency-key': ['error', { requireKey: true }] } },
    ] as Linter.Config[];
    await expect(lint(`export const a = 1;\n`, invalid)).rejects.toThrow(
      /should NOT have additional properties/,
    );
  });
});

describe('installed as a package', () => {
  it('lints the example app from its own eslint.config.mjs, importing the built package by name', async () => {
    const app = path.join(root, 'examples', 'checkout-service');
    const results = await new ESLint({ cwd: app }).lintFiles(['src']);
    const findings = results.flatMap((result) =>
      result.messages.map((m) => `${path.relative(app, result.filePath)}:${m.line} ${m.ruleId}`),
    );
    expect(findings.sort()).toEqual([
      'src/batch-refunds.ts:14 stripe-idempotency/no-reused-idempotency-key',
      'src/payouts.ts:13 stripe-idempotency/no-unstable-idempotency-key',
      'src/portal.ts:11 stripe-idempotency/require-idempotency-key',
      'src/refunds.ts:9 stripe-idempotency/require-idempotency-key',
      'src/signup.ts:10 stripe-idempotency/valid-idempotency-options',
      'src/subscriptions.ts:25 stripe-idempotency/no-reused-idempotency-key',
      'src/subscriptions.ts:7 stripe-idempotency/require-idempotency-key',
    ]);
  });
});

describe('a file that sees stripe only through another package', () => {
  it('filters calls by the verb table of the stripe package its program holds', async () => {
    // Outside the repository, so no node_modules/stripe is found on the way up;
    // `paths` stands in for a workspace package that depends on stripe.
    const project = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-through-paths-')),
    );
    try {
      fs.writeFileSync(
        path.join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'preserve',
            noEmit: true,
            types: [],
            paths: { stripe: [path.join(root, 'node_modules/stripe')] },
          },
          include: ['*.ts'],
        }),
      );
      fs.writeFileSync(path.join(project, 'file.ts'), '');
      const eslint = new ESLint({
        cwd: project,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: {
              parser: tsParser,
              parserOptions: { projectService: true, tsconfigRootDir: project },
            },
          },
          countingConfig,
          plugin.configs.recommended,
        ] as Linter.Config[],
      });
      const lines = [
        `import Stripe from 'stripe';`,
        `declare const stripe: Stripe;`,
        `declare const prisma: { user: { create(data: object): object } };`,
        `stripe.refunds.create({ charge: 'ch_1' });`,
      ];
      const queriesFor = async (code: string) => {
        const before = typeQueries.count;
        const [result] = await eslint.lintText(code, { filePath: path.join(project, 'file.ts') });
        expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
          ['stripe-idempotency/require-idempotency-key', 4],
        ]);
        return typeQueries.count - before;
      };
      const without = await queriesFor(lines.join('\n'));
      // `prisma.user` is no resource of the SDK's table: its `create` costs no type query.
      const withPrisma = await queriesFor(
        [...lines, `prisma.user.create({ data: {} });`].join('\n'),
      );
      expect(withPrisma).toBe(without);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
