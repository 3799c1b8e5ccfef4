import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI, as `npx stripe-idempotency-lint` runs it (npm test builds first).
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A repository with no ESLint config and no tsconfig, whose `stripe` resolves to this repo's. */
function bareRepository(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-repo-'));
  scratch.push(dir);
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
    expect(stdout).toMatch(/\s4 {2}stripe-idempotency\/require-idempotency-key/);
    expect(stdout).not.toContain('orders.ts');
  });

  it('writes SARIF 2.1.0', () => {
    const { status, stdout } = run(['examples/', '--format', 'sarif']);
    expect(status).toBe(1);
    const sarif = JSON.parse(stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const [runResult] = sarif.runs;
    expect(runResult.tool.driver.name).toBe('eslint-plugin-stripe-idempotency');
    const ruleIds = runResult.tool.driver.rules.map((rule) => rule.id);
    expect(runResult.results).toHaveLength(7);
    for (const result of runResult.results) {
      expect(ruleIds).toContain(result.ruleId);
      expect(result.level).toBe('error');
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/^examples\/checkout-service\/src\/[\w-]+\.ts$/);
      expect(region.startLine).toBeGreaterThan(0);
      expect(region.startColumn).toBeGreaterThan(0);
    }
  });

  it('writes ESLint’s JSON', () => {
    const { stdout } = run(['examples/checkout-service/src/refunds.ts', '--format', 'json']);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => [m.ruleId, m.line])])).toEqual([
      ['refunds.ts', [['stripe-idempotency/require-idempotency-key', 9]]],
    ]);
  });

  it('works in a repository without tsconfig.json, JavaScript included, and skips node_modules and build output', () => {
    const repo = bareRepository({
      'src/pay.ts': `import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test');\nexport const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });\n`,
      'lib/refund.cjs': `const stripe = require('stripe')('sk_test');\nstripe.refunds.create({ charge: 'ch_1' });\n`,
      'dist/pay.js': `const stripe = require('stripe')('sk_test');\nstripe.refunds.create({ charge: 'ch_1' });\n`,
    });
    const { status, stdout } = run([], repo);
    expect(status).toBe(1);
    expect(stdout).toContain(path.join('src', 'pay.ts'));
    expect(stdout).toContain(path.join('lib', 'refund.cjs'));
    expect(stdout).not.toContain('dist');
    expect(stdout).toMatch(/2 finding\(s\) in 2 file\(s\) linted\./);
  });

  it('exits 0 when every request is keyed', () => {
    const repo = bareRepository({
      'refund.ts': `import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test');\nexport const refund = (orderId: string) =>\n  stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: \`order_\${orderId}_refund\` });\n`,
    });
    expect(run(['.'], repo).status).toBe(0);
  });

  it('exits 2 with usage on an unknown format or a missing path', () => {
    const badFormat = run(['--format', 'xml']);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain("Unknown format 'xml'");
    const missing = run(['no-such-folder']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: no-such-folder');
  });
});
