import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { RULES } from '../src/cli/rule-ids.js';
import { installedProject, removeInstalledProjects, runCli } from './installed-project.js';

afterAll(removeInstalledProjects);

// A codebase adopting the plugin with findings it cannot fix at once: ESLint's bulk suppressions
// (ESLint 9.24+) accept them, and only new ones fail. ESLint's CLI and stripe-idempotency-lint
// write and read the same file.
const CONFIG = `import stripeIdempotency from 'eslint-plugin-stripe-idempotency';

export default [
  stripeIdempotency.configs.recommended,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
];
`;
const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true },
  include: ['src'],
});
const BILLING = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const refund = (charge: string) => stripe.refunds.create({ charge });
export const invite = (email: string) => stripe.customers.create({ email });
`;
const PAYOUTS = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const payout = (amount: number) => stripe.payouts.create({ amount, currency: 'usd' });
`;
const NEW_FINDING = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const transfer = (destination: string) =>
  stripe.transfers.create({ amount: 1, currency: 'usd', destination });
`;
const RULE = 'stripe-idempotency/require-idempotency-key';
const SUPPRESSED = {
  'src/billing.ts': { [RULE]: { count: 2 } },
  'src/payouts.ts': { [RULE]: { count: 1 } },
};

function existingCodebase(): string {
  return installedProject({
    'eslint.config.mjs': CONFIG,
    'tsconfig.json': TSCONFIG,
    'src/billing.ts': BILLING,
    'src/payouts.ts': PAYOUTS,
  });
}

function eslint(dir: string, args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['node_modules/eslint/bin/eslint.js', '--format', 'json', ...args],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The findings of ESLint's or the CLI's JSON output, as `file:line ruleId`. */
function findings(dir: string, stdout: string): string[] {
  const results = JSON.parse(stdout) as {
    filePath: string;
    messages: { line: number; ruleId: string }[];
  }[];
  return results.flatMap((result) =>
    result.messages.map(
      (message) => `${path.relative(dir, result.filePath)}:${message.line} ${message.ruleId}`,
    ),
  );
}

const read = (dir: string, file = 'eslint-suppressions.json') =>
  fs.readFileSync(path.join(dir, file), 'utf8');

// Each run builds a typed program: minutes on a loaded machine.
describe('adopting on an existing codebase with bulk suppressions', { timeout: 400_000 }, () => {
  it('through ESLint’s own CLI: --suppress-all accepts the findings, a new one fails the gate', () => {
    const dir = existingCodebase();
    const suppress = eslint(dir, ['--suppress-all', 'src']);
    expect(suppress.stderr).toBe('');
    expect(suppress.status).toBe(0);
    expect(JSON.parse(read(dir))).toEqual(SUPPRESSED);

    fs.writeFileSync(path.join(dir, 'src', 'transfers.ts'), NEW_FINDING);
    const gate = eslint(dir, ['src']);
    expect(gate.status).toBe(1);
    expect(findings(dir, gate.stdout)).toEqual([`src/transfers.ts:4 ${RULE}`]);

    // The CLI honours ESLint's file: the same gate.
    const cli = runCli(dir, ['--format', 'json']);
    expect(cli.status).toBe(1);
    expect(findings(dir, cli.stdout)).toEqual([`src/transfers.ts:4 ${RULE}`]);
  });

  it('through stripe-idempotency-lint: the same ratchet, in the same file, for a repository without ESLint', () => {
    const dir = existingCodebase();
    const suppress = runCli(dir, ['--suppress-all']);
    expect(suppress.status).toBe(0);
    expect(suppress.stdout).toContain(
      '0 finding(s) in 3 file(s) linted.\n3 more suppressed in the suppressions file.\n',
    );
    const written = read(dir);
    expect(JSON.parse(written)).toEqual(SUPPRESSED);

    // Byte for byte what ESLint writes for the same findings.
    fs.rmSync(path.join(dir, 'eslint-suppressions.json'));
    expect(eslint(dir, ['--suppress-all', 'src']).status).toBe(0);
    expect(read(dir)).toBe(written);

    // A new finding fails, in a file with suppressions too: more than the count reports them all.
    fs.writeFileSync(
      path.join(dir, 'src', 'payouts.ts'),
      `${PAYOUTS}${NEW_FINDING.split('\n').slice(2).join('\n')}`,
    );
    const gate = runCli(dir, ['--format', 'json']);
    expect(gate.status).toBe(1);
    expect(findings(dir, gate.stdout)).toEqual([
      `src/payouts.ts:3 ${RULE}`,
      `src/payouts.ts:5 ${RULE}`,
    ]);
    expect(eslint(dir, ['src']).status).toBe(1);
  });

  it('fails on suppressions that no longer occur until they are pruned, leaving other rules’ entries alone', () => {
    const dir = existingCodebase();
    // An ESLint project's file also counts other plugins' rules, which this CLI does not run.
    fs.writeFileSync(
      path.join(dir, 'eslint-suppressions.json'),
      JSON.stringify({
        ...SUPPRESSED,
        'src/billing.ts': { 'no-console': { count: 4 }, [RULE]: { count: 2 } },
      }),
    );

    // One finding fixed: the count of 2 would let a new one in unnoticed.
    fs.writeFileSync(
      path.join(dir, 'src', 'billing.ts'),
      BILLING.split('\n').slice(0, 3).join('\n'),
    );
    fs.rmSync(path.join(dir, 'src', 'payouts.ts'));
    const stale = runCli(dir);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toBe(
      'stripe-idempotency-lint: suppressions that no longer occur (run with --prune-suppressions):\n' +
        `  src/billing.ts: ${RULE}\n`,
    );
    expect(runCli(dir, ['--pass-on-unpruned-suppressions']).status).toBe(0);

    expect(runCli(dir, ['--prune-suppressions']).status).toBe(0);
    expect(JSON.parse(read(dir))).toEqual({
      'src/billing.ts': { 'no-console': { count: 4 }, [RULE]: { count: 1 } },
    });
  });

  it('uses the file --suppressions-location names, which must exist unless --suppress-all creates it', () => {
    const dir = existingCodebase();
    const args = ['--suppressions-location', 'config/suppressions.json'];
    const missing = runCli(dir, args);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'stripe-idempotency-lint: The suppressions file config/suppressions.json does not exist: create it with --suppress-all or --suppress-rule.\n',
    );
    fs.mkdirSync(path.join(dir, 'config'));
    expect(runCli(dir, [...args, '--suppress-all']).status).toBe(0);
    expect(JSON.parse(read(dir, 'config/suppressions.json'))).toEqual(SUPPRESSED);
    expect(fs.existsSync(path.join(dir, 'eslint-suppressions.json'))).toBe(false);

    const sarif = runCli(dir, [...args, '--format', 'sarif']);
    expect(sarif.status).toBe(0);
    expect(
      (JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0].results,
    ).toEqual([]);
  });

  it('with --suppress-rule, accepts one rule’s findings, as ESLint does, and leaves the others failing', () => {
    const dir = existingCodebase();
    fs.writeFileSync(
      path.join(dir, 'src', 'retries.ts'),
      `import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
const stripe = new Stripe('sk_test');
export const retry = (charge: string) =>
  stripe.refunds.create({ charge }, { idempotencyKey: randomUUID() });
`,
    );
    const UNSTABLE = 'stripe-idempotency/no-unstable-idempotency-key';
    const suppress = runCli(dir, ['--suppress-rule', RULE, '--format', 'json']);
    expect(suppress.status).toBe(1);
    expect(findings(dir, suppress.stdout)).toEqual([`src/retries.ts:5 ${UNSTABLE}`]);
    const written = read(dir);
    expect(JSON.parse(written)).toEqual(SUPPRESSED);

    // Byte for byte what ESLint writes; a second rule joins the first one's counts.
    fs.rmSync(path.join(dir, 'eslint-suppressions.json'));
    expect(eslint(dir, ['--suppress-rule', RULE, 'src']).status).toBe(1);
    expect(read(dir)).toBe(written);
    expect(runCli(dir, ['--suppress-rule', UNSTABLE]).status).toBe(0);
    expect(JSON.parse(read(dir))).toEqual({
      ...SUPPRESSED,
      'src/retries.ts': { [UNSTABLE]: { count: 1 } },
    });
  });

  it('rejects --suppress-all or --suppress-rule with --prune-suppressions, both together, and a rule it does not run, before linting', () => {
    const dir = existingCodebase();
    const usage = (args: string[], message: string) => {
      const { status, stderr } = runCli(dir, args);
      expect(status).toBe(2);
      expect(stderr.split('\n\nUsage:')[0]).toBe(`stripe-idempotency-lint: ${message}`);
    };
    usage(
      ['--suppress-all', '--prune-suppressions'],
      '--suppress-all and --prune-suppressions cannot be used together.',
    );
    usage(
      ['--suppress-rule', RULE, '--prune-suppressions'],
      '--suppress-rule and --prune-suppressions cannot be used together.',
    );
    usage(
      ['--suppress-all', '--suppress-rule', RULE],
      '--suppress-all and --suppress-rule cannot be used together.',
    );
    usage(
      ['--suppress-rule', 'require-idempotency-key', '--suppress-rule', 'no-console'],
      '--suppress-rule names no rule this command runs: require-idempotency-key, no-console. ' +
        'Its rules: stripe-idempotency/no-reused-idempotency-key, stripe-idempotency/no-unstable-idempotency-key, ' +
        'stripe-idempotency/require-idempotency-key, stripe-idempotency/valid-idempotency-options.',
    );
    expect(fs.existsSync(path.join(dir, 'eslint-suppressions.json'))).toBe(false);
  });

  it('knows the rules of the recommended config it runs', () => {
    expect(RULES).toEqual(Object.keys(plugin.configs.recommended.rules));
  });
});
