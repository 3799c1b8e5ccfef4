// Misconfiguration: what a user sees when typed
// linting is missing, when a file is outside the TypeScript project, when the
// installed stripe package cannot be read, and when rule options are invalid.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tsParser, { clearCaches } from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { stripePackageInstalledFor } from '../../src/sdk/stripe-package.js';
import { getVerbTable } from '../../src/sdk/verb-table.js';
import { fixtureDir } from '../harness.js';

const fixture = fixtureDir('stripe23');
const typed: Linter.Config = {
  files: ['**/*.ts'],
  languageOptions: {
    parser: tsParser,
    parserOptions: { projectService: true, tsconfigRootDir: fixture },
  },
};
const recommended = plugin.configs.recommended as Linter.Config;

async function lint(
  code: string,
  config: Linter.Config[],
  filePath = path.join(fixture, 'file.ts'),
  cwd = fixture,
) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(code, { filePath });
  return result;
}

async function lintError(code: string, config: Linter.Config[], filePath?: string): Promise<Error> {
  try {
    await lint(code, config, filePath);
  } catch (error) {
    return error as Error;
  }
  throw new Error('linting did not fail');
}

const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const STRIPE_CALL = `import Stripe from 'stripe';\ndeclare const stripe: Stripe;\nstripe.refunds.create({ charge: 'ch_1' });\n`;

describe('(a) no type information', () => {
  it('stops with typescript-eslint’s one error that says how to enable typed linting', async () => {
    const untyped = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, recommended];
    const error = await lintError(STRIPE_CALL, untyped);
    expect(error.message).toMatch(/You have used a rule which requires type information/);
    expect(error.message).toMatch(
      /See https:\/\/\S+\/typed-linting for enabling linting with type information/,
    );
    // One error, naming the file and the rule that hit it first: not one per rule or per call.
    expect(error.message).toContain(path.join(fixture, 'file.ts'));
    expect(error.message.match(/requires type information/g)).toHaveLength(1);
    expect(error.message).toMatch(
      /^Error while loading rule 'stripe-idempotency\/[a-z-]+': You have used a rule/,
    );
  });

  it('says the same with the default parser on TypeScript files', async () => {
    const espree = [recommended];
    const error = await lintError(`export const a = 1;\n`, espree);
    expect(error.message).toMatch(/requires type information.*typed-linting/s);
  });

  it('leaves JavaScript files alone: the configs apply to TypeScript files only', async () => {
    const result = await lint(
      `stripe.refunds.create({});\n`,
      [recommended],
      path.join(fixture, 'file.js'),
    );
    expect(result.messages).toEqual([]);
  });
});

describe('(b) a file outside the TypeScript project', () => {
  it('is a parse error naming the file and the two ways to fix it', async () => {
    const dir = temporaryDir('stripe-outside-');
    const outside = path.join(dir, 'outside.ts');
    const result = await lint(STRIPE_CALL, [typed, recommended], outside, dir);
    expect(result.messages).toHaveLength(1);
    const [message] = result.messages;
    expect(message.fatal).toBe(true);
    expect(message.ruleId).toBeNull();
    expect(message.message).toBe(
      `Parsing error: ${outside} was not found by the project service. Consider either including it in the tsconfig.json or including it in allowDefaultProject.`,
    );
  });

  it('names the allowDefaultProject globs that did not match', async () => {
    // typescript-eslint keeps one project service per process, created with the first
    // options it sees: start a fresh one for this case, and drop it afterwards.
    const dir = temporaryDir('stripe-outside-');
    const outside = path.join(dir, 'outside.ts');
    const config: Linter.Config = {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: dir },
      },
    };
    clearCaches();
    try {
      const result = await lint(STRIPE_CALL, [config, recommended], outside, dir);
      expect(result.messages.map((m) => [m.fatal, m.message])).toEqual([
        [
          true,
          `Parsing error: ${outside} was not found by the project service. Consider either including it in the tsconfig.json or including it in allowDefaultProject.\n` +
            `allowDefaultProject is set to ["*.js"], which does not match 'outside.ts'.`,
        ],
      ]);
    } finally {
      clearCaches();
    }
  });
});

describe('(c) a stripe package whose resource JavaScript cannot be read', () => {
  // A project whose node_modules/stripe has the declarations of stripe 22+ but no resource JS.
  function unreadableProject(): string {
    const dir = temporaryDir('stripe-unreadable-');
    const stripe = path.join(dir, 'node_modules', 'stripe');
    const resources = path.join(stripe, 'cjs', 'resources');
    fs.mkdirSync(resources, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'preserve', types: [], noEmit: true },
        include: ['*.ts'],
      }),
    );
    fs.writeFileSync(path.join(dir, 'file.ts'), '');
    fs.writeFileSync(
      path.join(stripe, 'package.json'),
      JSON.stringify({ name: 'stripe', version: '23.1.0', types: './index.d.ts' }),
    );
    fs.writeFileSync(
      path.join(stripe, 'index.d.ts'),
      `import { RefundResource } from './cjs/resources/Refunds.js';
import { CustomerResource } from './cjs/resources/Customers.js';
import { SubscriptionResource } from './cjs/resources/Subscriptions.js';
declare class Stripe {
  constructor(key: string);
  refunds: RefundResource;
  customers: CustomerResource;
  subscriptions: SubscriptionResource;
}
export default Stripe;
`,
    );
    const options = `export interface RequestOptions { idempotencyKey?: string }\n`;
    fs.writeFileSync(
      path.join(resources, 'Refunds.d.ts'),
      `${options}export declare class RefundResource { create(params?: object, options?: RequestOptions): Promise<object>; }\n`,
    );
    fs.writeFileSync(
      path.join(resources, 'Customers.d.ts'),
      `${options}export declare class CustomerResource {
  retrieve(id: string, params?: object, options?: RequestOptions): Promise<object>;
  del(id: string, params?: object, options?: RequestOptions): Promise<object>;
}
`,
    );
    fs.writeFileSync(
      path.join(resources, 'Subscriptions.d.ts'),
      `${options}export declare class SubscriptionResource { cancel(id: string, params?: object, options?: RequestOptions): Promise<object>; }\n`,
    );
    return dir;
  }

  it('falls back to the documented name-based guess, with one process warning for the package', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const dir = unreadableProject();
      const config: Linter.Config = {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: { projectService: true, tsconfigRootDir: dir },
        },
      };
      const code = `import Stripe from 'stripe';
declare const stripe: Stripe;
stripe.refunds.create({});
stripe.customers.retrieve('cus_1');
stripe.customers.del('cus_1');
stripe.subscriptions.cancel('sub_1');
`;
      const first = await lint(code, [config, recommended], path.join(dir, 'file.ts'), dir);
      const second = await lint(
        `${code}stripe.refunds.create({});\n`,
        [config, recommended],
        path.join(dir, 'file.ts'),
        dir,
      );
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on the next tick

      // `create` guessed POST; `retrieve` GET and `del` DELETE are left alone; `cancel` is guessed
      // POST although the SDK sends a DELETE: the guess errs towards reporting, as documented.
      expect(first.messages.map((m) => [m.line, m.ruleId, m.messageId])).toEqual([
        [3, 'stripe-idempotency/require-idempotency-key', 'missingOptions'],
        [6, 'stripe-idempotency/require-idempotency-key', 'missingOptions'],
      ]);
      expect(second.messages.map((m) => m.line)).toEqual([3, 6, 7]);
      expect(first.messages[0].message).toMatch(/^`refunds\.create` needs an `idempotencyKey`/);
      expect(first.messages[1].message).toMatch(
        /^`subscriptions\.cancel` needs an `idempotencyKey`/,
      );

      // One explanation for the package and the whole process, not one per call or per file.
      const stripeRoot = path.join(dir, 'node_modules', 'stripe');
      const ours = warnings.filter((w) => w.message.includes(stripeRoot));
      expect(ours).toHaveLength(1);
      expect((ours[0] as Error & { code?: string }).code).toBe('STRIPE_IDEMPOTENCY_UNREADABLE_SDK');
      expect(ours[0].message).toMatch(
        /cannot read the resource files of stripe 23\.1\.0 .*no resource methods found.*guessed from method names/,
      );
      expect(
        getVerbTable(stripePackageInstalledFor(path.join(dir, 'file.ts'))!).unreadable,
      ).toMatch(/^no resource methods found under /);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('(d) invalid rule options', () => {
  const cases: [rule: string, options: unknown, error: RegExp][] = [
    ['require-idempotency-key', { ignoreOperations: 'refunds.create' }, /should be array/],
    ['require-idempotency-key', { requireProvenKey: 'yes' }, /should be boolean/],
    ['require-idempotency-key', { ignoreOperations: ['refunds create'] }, /should match pattern/],
    ['require-idempotency-key', { requireKey: true }, /should NOT have additional properties/],
    [
      'no-unstable-idempotency-key',
      { randomSources: [{ module: 'my-ids' }] },
      /should have required property 'export'/,
    ],
    [
      'no-unstable-idempotency-key',
      { timeSources: [{ module: '', export: 'now' }] },
      /should NOT be shorter than 1 characters/,
    ],
    ['no-unstable-idempotency-key', { storeCalls: ['db.save()'] }, /should match pattern/],
    ['no-unstable-idempotency-key', { storeCalls: ['a', 'a'] }, /should NOT have duplicate items/],
    ['no-reused-idempotency-key', { strict: true }, /should NOT have more than 0 items/],
    ['valid-idempotency-options', { maxLength: 100 }, /should NOT have additional properties/],
    ['valid-idempotency-options', { reportIneffectiveKeys: 'yes' }, /should be boolean/],
  ];

  it.each(cases)('%s with %j fails with ESLint’s schema error', async (rule, options, error) => {
    const config: Linter.Config[] = [
      { ...typed, plugins: { 'stripe-idempotency': plugin } },
      { rules: { [`stripe-idempotency/${rule}`]: ['error', options] } },
    ];
    const thrown = await lintError(`export const a = 1;\n`, config);
    expect(thrown.message).toContain(`Key "rules": Key "stripe-idempotency/${rule}":`);
    expect(thrown.message).toMatch(error);
  });

  it('covers every rule', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(Object.keys(plugin.rules)));
  });
});
