import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from './installed-project.js';

// The built CLI, as `npx eslint-plugin-stripe-idempotency` runs it (npm test builds first).
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'cli.js');

function run(args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Sarif {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: { id: string; helpUri: string; help: { text: string; markdown: string } }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { message: { text: string } }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number };
        };
      }[];
    }[];
  }[];
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function temporaryDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  scratch.push(dir);
  return dir;
}

/**
 * A repository with no ESLint config and no tsconfig, whose `stripe` resolves
 * to this repo's (or to none with `stripe: false`).
 */
function bareRepository(files: Record<string, string>, { stripe = true } = {}): string {
  const dir = temporaryDir('cli-repo-');
  if (stripe)
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('stripe-idempotency-lint', () => {
  it('prints the example app’s findings grouped by file, a summary by rule, and exits 1', () => {
    const { status, stdout } = run(['examples/']);
    expect(status).toBe(1);
    expect(stdout).toContain('examples/checkout-service/src/payouts.ts');
    expect(stdout).toMatch(/7 finding\(s\) in \d+ file\(s\) linted\./);
    expect(stdout).toMatch(/\s3 {2}stripe-idempotency\/require-idempotency-key/);
    expect(stdout).not.toContain('orders.ts');
  });

  it('writes SARIF 2.1.0 that the schema accepts, with rule indexes and each rule’s documentation', () => {
    const { status, stdout } = run(['examples/', '--format', 'sarif']);
    expect(status).toBe(1);
    const sarif = JSON.parse(stdout) as Sarif;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    const [runResult] = sarif.runs;
    expect(runResult.tool.driver.name).toBe('eslint-plugin-stripe-idempotency');
    const rules = runResult.tool.driver.rules;
    for (const rule of rules) {
      const name = rule.id.replace('stripe-idempotency/', '');
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(rule.help.markdown).toMatch(/^## Why\n/);
      expect(rule.help.markdown).toContain(`[Full documentation](${rule.helpUri})`);
      expect(rule.help.text).toBe(rule.help.markdown);
    }
    expect(runResult.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${root}/` } });
    expect(runResult.invocations).toEqual([
      { executionSuccessful: true, toolExecutionNotifications: [] },
    ]);
    expect(runResult.results).toHaveLength(7);
    for (const result of runResult.results) {
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/^examples\/checkout-service\/src\/[\w-]+\.ts$/);
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(region.startLine).toBeGreaterThan(0);
      expect(region.startColumn).toBeGreaterThan(0);
    }
  });

  it('writes ESLint’s JSON', () => {
    const { stdout } = run(['examples/checkout-service/src/refunds.ts', '--format', 'json']);
    const results = JSON.parse(stdout) as {
      filePath: string;
      messages: { ruleId: string; line: number }[];
    }[];
    expect(
      results.map((r) => [path.basename(r.filePath), r.messages.map((m) => [m.ruleId, m.line])]),
    ).toEqual([['refunds.ts', [['stripe-idempotency/require-idempotency-key', 9]]]]);
  });

  it('works in a repository without tsconfig.json, JavaScript included, and skips node_modules and build output', () => {
    const repo = bareRepository({
      'src/pay.ts': `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
`,
      'lib/refund.cjs': `const stripe = require('stripe')('sk_test');
stripe.refunds.create({ charge: 'ch_1' });
`,
      'dist/pay.js': `const stripe = require('stripe')('sk_test');
stripe.refunds.create({ charge: 'ch_1' });
`,
    });
    const { status, stdout } = run([], repo);
    expect(status).toBe(1);
    expect(stdout).toContain(path.join('src', 'pay.ts'));
    expect(stdout).toContain(path.join('lib', 'refund.cjs'));
    expect(stdout).not.toContain('dist');
    expect(stdout).toMatch(/2 finding\(s\) in 2 file\(s\) linted\./);
  });

  it('checks each workspace against the stripe package it installs, in one run of the CLI', () => {
    const misnamedKey = `import Stripe from 'stripe';
declare const stripe: Stripe;
export const refund = (charge: string) =>
  stripe.refunds.create({ charge }, { idempotency_key: \`refund:\${charge}\` } as Stripe.RequestOptions);
`;
    const repo = bareRepository({
      'packages/legacy/src/refund.ts': misnamedKey,
      'packages/modern/src/refund.ts': misnamedKey,
    });
    // stripe 8.222 in one workspace, this repository's stripe 23 for the rest: one program would
    // merge 8.222's `declare module 'stripe'` into every file's SDK.
    fs.symlinkSync(
      path.join(root, 'tests', 'fixtures', 'stripe8', 'node_modules'),
      path.join(repo, 'packages', 'legacy', 'node_modules'),
      'dir',
    );
    for (const target of ['packages', '.']) {
      const { stdout } = run([target], repo);
      const [legacy, modern] = ['legacy', 'modern'].map(
        (name) => stdout.split(path.join('packages', name, 'src', 'refund.ts'))[1].split('\n')[1],
      );
      expect(legacy).toContain('stripe-node 8.222.0 still reads it');
      expect(modern).toContain('it is silently ignored');
    }
  });

  it('exits 0 when every request is keyed', () => {
    const repo = bareRepository({
      'refund.ts': `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const refund = (orderId: string) =>
  stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: \`order_\${orderId}_refund\` });
`,
    });
    expect(run(['.'], repo).status).toBe(0);
  });

  it('in a git repository, counts only its own findings and writes SARIF paths from the repository’s top folder', () => {
    const repo = temporaryDir('cli-git-');
    spawnSync('git', ['init', '-q'], { cwd: repo });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    const service = path.join(repo, 'services', 'api');
    fs.mkdirSync(path.join(service, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(service, 'src', 'pay.ts'),
      `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const metadata: any = {};
/* eslint no-console: error */
console.log(metadata);
export const pay = () => stripe.refunds.create({ charge: 'ch_1' });
`,
    );
    const stylish = run([], service);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).not.toContain('no-explicit-any');
    expect(stylish.stdout).not.toContain('no-console');
    expect(stylish.stdout).toContain('1 finding(s) in 1 file(s) linted.');

    const sarif = JSON.parse(run(['--format', 'sarif'], service).stdout) as Sarif;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const [runResult] = sarif.runs;
    expect(runResult.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${repo}/` } });
    expect(
      runResult.results.map((result) => [
        result.ruleId,
        result.locations[0].physicalLocation.artifactLocation.uri,
      ]),
    ).toEqual([['stripe-idempotency/require-idempotency-key', 'services/api/src/pay.ts']]);
  });

  it('reports a file it cannot parse as a SARIF tool notification, not an alert, and exits 2', () => {
    const repo = bareRepository({ 'broken.ts': `export const a = ;\n` });
    const { status, stdout } = run(['--format', 'sarif'], repo);
    expect(status).toBe(2);
    const sarif = JSON.parse(stdout) as Sarif;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const [runResult] = sarif.runs;
    expect(runResult.results).toEqual([]);
    expect(runResult.invocations[0].executionSuccessful).toBe(false);
    expect(runResult.invocations[0].toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      'Parsing error: Expression expected.',
    ]);
  });

  it('says so and exits 2 where stripe is not installed, rather than passing', () => {
    const repo = bareRepository(
      {
        'src/pay.ts': `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = () => stripe.refunds.create({ charge: 'ch_1' });
`,
        'src/util.ts': `export const double = (n: number) => n * 2;\n`,
      },
      { stripe: false },
    );
    const { status, stdout, stderr } = run([], repo);
    expect(status).toBe(2);
    expect(stdout).toContain(
      '1:1  error  No `stripe` package resolves from this file, so nothing in it can be checked',
    );
    expect(stderr).toContain(
      '1 file(s) import stripe, but no stripe package is installed where they are',
    );
  });

  it('applies the rules’ automatic fixes with --fix', () => {
    const repo = bareRepository({
      'refund.ts': `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const refund = (orderId: string) =>
  stripe.refunds.create({ charge: 'ch_1' }, { idempotency_key: \`order_\${orderId}_refund\` });
`,
    });
    expect(run([], repo).stdout).toContain('potentially fixable with the `--fix` option');
    const fixed = run(['--fix'], repo);
    expect(fixed.status).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'refund.ts'), 'utf8')).toContain(
      '{ idempotencyKey: `order_${orderId}_refund` }',
    );
  });

  it('shows progress only on a terminal, not in CI logs', () => {
    const files = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`src/m${i}.ts`, `export const n${i} = ${i};\n`]),
    );
    const { status, stderr } = run([], bareRepository(files));
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('removes its temporary files after a run, and when interrupted', async () => {
    const tmp = temporaryDir('cli-tmp-');
    const env = { ...process.env, TMPDIR: tmp };
    const repo = bareRepository({ 'pay.ts': `export const pay = 1;\n` });
    expect(run([], repo, env).status).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);

    const child = spawn(process.execPath, [cli], { cwd: repo, env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    while (fs.readdirSync(tmp).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('shows an internal error with its stack and exits 3, apart from usage errors', () => {
    // A preloaded module breaks the temporary folder the CLI makes before it lints.
    const preload = temporaryDir('cli-crash-');
    fs.writeFileSync(
      path.join(preload, 'crash.mjs'),
      `import fs from 'node:fs';\n` +
        `fs.mkdtempSync = () => { throw new Error('injected failure'); };\n`,
    );
    const env = {
      ...process.env,
      NODE_OPTIONS: `--import=${pathToFileURL(path.join(preload, 'crash.mjs')).href}`,
    };
    const crash = run([], bareRepository({ 'pay.ts': `export const pay = 1;\n` }), env);
    expect(crash.status).toBe(3);
    expect(crash.stderr).toContain('internal error');
    expect(crash.stderr).toContain('Error: injected failure');
    expect(crash.stderr).toMatch(/\n\s+at .*withTemporaryDir/);
    expect(crash.stderr).not.toContain('Usage:');
  });

  it('exits 2 with usage on an unknown format or a missing path, before loading ESLint or TypeScript', () => {
    // A module hook that refuses the heavy packages: usage errors must not need them.
    const hooks = temporaryDir('cli-hooks-');
    fs.writeFileSync(
      path.join(hooks, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {\n` +
        `  if (/^(eslint|typescript|@typescript-eslint)(\\/|$)/.test(specifier)) throw new Error('heavy import: ' + specifier);\n` +
        `  return next(specifier, context);
}
`,
    );
    fs.writeFileSync(
      path.join(hooks, 'register.mjs'),
      `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`,
    );
    const env = {
      ...process.env,
      NODE_OPTIONS: `--import=${pathToFileURL(path.join(hooks, 'register.mjs')).href}`,
    };
    // The hook itself works: a run that lints fails on it.
    expect(run([], bareRepository({ 'pay.ts': `export const pay = 1;\n` }), env).stderr).toContain(
      'heavy import: ',
    );
    const badFormat = run(['--format', 'xml'], root, env);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain("Unknown format 'xml'");
    const missing = run(['no-such-folder'], root, env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: no-such-folder');
  });
});
