import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installedProject,
  packageJson,
  REFUND,
  removeInstalledProjects,
  root,
  runCli,
  sarifSchemaErrors,
} from './installed-project.js';

afterAll(removeInstalledProjects);

interface Sarif {
  runs: {
    tool: {
      driver: {
        version: string;
        semanticVersion: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          fullDescription: { text: string; markdown: string };
        }[];
      };
    };
  }[];
}

const ruleNames = fs
  .readdirSync(path.join(root, 'rules'))
  .map((file) => path.basename(file, '.ts'))
  .sort();

describe('the SARIF rules of the installed CLI', () => {
  let status: number | null;
  let stdout: string;
  let driver: Sarif['runs'][number]['tool']['driver'];
  beforeAll(() => {
    ({ status, stdout } = runCli(installedProject({ 'src/refund.ts': REFUND }), [
      '--format',
      'sarif',
    ]));
    driver = (JSON.parse(stdout) as Sarif).runs[0].tool.driver;
  });

  it('has every rule with a full description, for GitHub’s SARIF checks, and the driver’s semantic version', () => {
    expect(status).toBe(1);
    expect(sarifSchemaErrors(JSON.parse(stdout))).toEqual([]);
    expect(driver.version).toBe(packageJson.version);
    expect(driver.semanticVersion).toBe(packageJson.version);
    expect(driver.rules.map((rule) => rule.id)).toEqual(
      ruleNames.map((name) => `stripe-idempotency/${name}`),
    );
    for (const rule of driver.rules) {
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.fullDescription.markdown).not.toContain('\n');
    }
  });

  it('takes the full description from the first paragraph of the rule’s doc, in plain text and markdown', () => {
    const rule = driver.rules.find(
      (r) => r.id === 'stripe-idempotency/no-unstable-idempotency-key',
    );
    expect(rule?.fullDescription.markdown).toMatch(
      /^An idempotency key protects a Stripe request only if a retry sends the \*same\* key\. .* `` `charge_\$\{Date\.now\(\)\}` `` or a new `uuid\(\)` that was never written anywhere\. .* performs it again\.$/,
    );
    expect(rule?.fullDescription.text).toMatch(
      /^An idempotency key protects a Stripe request only if a retry sends the same key\. .* `charge_\$\{Date\.now\(\)\}` or a new uuid\(\) that was never written anywhere\. .* performs it again\.$/,
    );
  });
});
