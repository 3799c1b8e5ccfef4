import { afterAll, describe, expect, it } from 'vitest';
import { satisfies } from '../src/cli/peer-dependencies.js';
import {
  installedProject,
  packageJson,
  REFUND,
  removeInstalledProjects,
  runCli,
  sarifSchemaErrors,
} from './installed-project.js';

afterAll(removeInstalledProjects);

interface FailedSarif {
  runs: {
    tool: { driver: { name: string; semanticVersion: string } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string } }[];
    }[];
    results: unknown[];
  }[];
}

/** The one notification of a SARIF log of a failed run. */
function failure(stdout: string): string {
  const sarif = JSON.parse(stdout) as FailedSarif;
  expect(sarifSchemaErrors(sarif)).toEqual([]);
  const [run] = sarif.runs;
  expect(run.tool.driver.name).toBe(packageJson.name);
  expect(run.tool.driver.semanticVersion).toBe(packageJson.version);
  expect(run.results).toEqual([]);
  expect(run.invocations).toHaveLength(1);
  expect(run.invocations[0].executionSuccessful).toBe(false);
  const notifications = run.invocations[0].toolExecutionNotifications;
  expect(notifications.map((notification) => notification.level)).toEqual(['error']);
  return notifications[0].message.text;
}

// A TypeScript without a JavaScript API (7.0) and an ESLint that must not load: the check reads
// package.json files only.
const TYPESCRIPT_7 = {
  typescript: { version: '7.0.0' },
  eslint: { version: '9.39.0', main: `throw new Error('ESLint was loaded');\n` },
};

describe('stripe-idempotency-lint on a setup it cannot lint with', () => {
  it('exits 2 with one message on TypeScript 7, without loading ESLint or TypeScript', () => {
    const dir = installedProject({ 'src/refund.ts': REFUND }, { stubs: TYPESCRIPT_7 });
    const { status, stdout, stderr } = runCli(dir);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `stripe-idempotency-lint: typescript 7.0.0 is installed, but ${packageJson.name} needs typescript >=5.0.0 <6.1.0. ` +
        'TypeScript 7 has no JavaScript API before 7.1: install TypeScript 6 as `typescript` beside it, ' +
        '`npm install --save-dev typescript@npm:@typescript/typescript6 typescript7@npm:typescript@^7`.\n',
    );
  });

  it('writes a SARIF log of the failed run on TypeScript 7, so that the upload shows why', () => {
    const dir = installedProject({ 'src/refund.ts': REFUND }, { stubs: TYPESCRIPT_7 });
    const { status, stdout, stderr } = runCli(dir, ['--format', 'sarif']);
    expect(status).toBe(2);
    expect(failure(stdout)).toMatch(/^typescript 7\.0\.0 is installed, but /);
    expect(stderr).not.toContain('ESLint was loaded');
    expect(stderr).not.toContain('    at ');
  });

  it('exits 2 naming each missing peer, with a SARIF log of the failed run', () => {
    const dir = installedProject(
      { 'src/refund.ts': REFUND },
      { without: ['eslint', '@typescript-eslint/parser'] },
    );
    const stylish = runCli(dir);
    expect(stylish.status).toBe(2);
    expect(stylish.stderr).toBe(
      `stripe-idempotency-lint: @typescript-eslint/parser is not installed: install it beside ${packageJson.name}, \`npm install --save-dev "@typescript-eslint/parser@${packageJson.peerDependencies['@typescript-eslint/parser']}"\`.\n` +
        `eslint is not installed: install it beside ${packageJson.name}, \`npm install --save-dev "eslint@${packageJson.peerDependencies.eslint}"\`.\n`,
    );
    const sarif = runCli(dir, ['--format', 'sarif']);
    expect(sarif.status).toBe(2);
    expect(failure(sarif.stdout)).toContain('eslint is not installed');
  });

  it('exits 3 and shows the stack once when a supported peer fails to load (a bug or a broken install)', () => {
    // Node also reports an error thrown while an imported CommonJS module loads as uncaught
    // (nodejs/node#51603), which used to print it twice and exit 1.
    const dir = installedProject(
      { 'src/refund.ts': REFUND },
      {
        stubs: {
          '@typescript-eslint/parser': {
            version: '8.72.0',
            main: `throw new Error('broken parser');\n`,
          },
        },
      },
    );
    const { status, stdout, stderr } = runCli(dir, ['--format', 'sarif']);
    expect(status).toBe(3);
    expect(stderr.match(/Error: broken parser/g)).toHaveLength(1);
    expect(stderr).toMatch(
      /^stripe-idempotency-lint: internal error, please report it:\nError: broken parser\n\s+at /,
    );
    expect(failure(stdout)).toBe('internal error, please report it: broken parser');
  });

  it('writes a SARIF log of the failed run on a usage error once the format is known', () => {
    const dir = installedProject({ 'src/refund.ts': REFUND }, { stubs: TYPESCRIPT_7 });
    const { status, stdout, stderr } = runCli(dir, ['--format', 'sarif', 'no-such-folder']);
    expect(status).toBe(2);
    expect(failure(stdout)).toBe('No such file or folder: no-such-folder');
    expect(stderr).toContain('Usage:');
  });
});

describe('the peer ranges the CLI checks', () => {
  it('reads npm ranges as package.json files write them', () => {
    expect(satisfies('6.0.3', '>=5.0.0 <6.1.0')).toBe(true);
    expect(satisfies('6.1.0', '>=5.0.0 <6.1.0')).toBe(false);
    expect(satisfies('7.0.2', '>=5.0.0 <6.1.0')).toBe(false);
    expect(satisfies('4.9.5', '>=5.0.0 <6.1.0')).toBe(false);
    expect(satisfies('10.15.0', '^9.0.0 || ^10.0.0')).toBe(true);
    expect(satisfies('9.24.0', '^9.24.0')).toBe(true);
    expect(satisfies('9.23.1', '^9.24.0')).toBe(false);
    expect(satisfies('11.0.0', '^9.0.0 || ^10.0.0')).toBe(false);
    expect(satisfies('0.3.1', '^0.3.0')).toBe(true);
    expect(satisfies('0.4.0', '^0.3.0')).toBe(false);
    expect(satisfies('6.0.9', '~6.0.3')).toBe(true);
    expect(satisfies('6.1.0', '~6.0.3')).toBe(false);
    // A prerelease counts as its release.
    expect(satisfies('6.1.0-dev.20260101', '>=5.0.0 <6.1.0')).toBe(false);
  });
});
