import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as users get it: packed from a clean copy of the repository
// (without dist/, which prepack builds), then installed in projects outside
// the repository.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootModules = path.join(root, 'node_modules');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const ruleNames = fs
  .readdirSync(path.join(root, 'rules'))
  .map((file) => path.basename(file, '.ts'));

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'packed-')));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let packedFiles: string[] = [];
let unpacked = '';

beforeAll(() => {
  const clone = path.join(scratch, 'clone');
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8' },
  );
  for (const file of files
    .split('\0')
    .filter((name) => name && fs.existsSync(path.join(root, name)))) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(clone, file));
  }
  fs.symlinkSync(rootModules, path.join(clone, 'node_modules'), 'dir');
  const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: clone,
    encoding: 'utf8',
  });
  const tarball = path.join(scratch, output.trim().split('\n').at(-1)!);
  packedFiles = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((file) => file.replace(/^package\//, ''))
    .sort();
  execFileSync('tar', ['-xzf', tarball, '-C', scratch]);
  unpacked = path.join(scratch, 'package');
});

/**
 * A project with the packed package installed and every other package linked
 * from this repository's node_modules; `links` points some names elsewhere
 * (`typescript` at the TypeScript 6 alias, `eslint` at ESLint 10).
 */
function project(
  name: string,
  files: Record<string, string>,
  links: Record<string, string> = {},
): string {
  const dir = path.join(scratch, name);
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  for (const entry of fs.readdirSync(rootModules)) {
    if (!entry.startsWith('.') && !(entry in links))
      fs.symlinkSync(path.join(rootModules, entry), path.join(modules, entry), 'dir');
  }
  for (const [entry, target] of Object.entries(links))
    fs.symlinkSync(path.join(rootModules, target), path.join(modules, entry), 'dir');
  fs.cpSync(unpacked, path.join(modules, packageJson.name), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** An installed package's manifest, from this repository's node_modules. */
function manifest(name: string) {
  return JSON.parse(fs.readFileSync(path.join(rootModules, name, 'package.json'), 'utf8')) as {
    version: string;
    bin?: Record<string, string>;
    dependencies?: Record<string, string>;
  };
}

function node(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The README's code block in `language` that contains `marker`. */
function readmeSnippet(marker: string, language = 'js'): string {
  const blocks = [
    ...fs
      .readFileSync(path.join(root, 'README.md'), 'utf8')
      .matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g')),
  ].map((match) => match[1]);
  const found = blocks.filter((block) => block.includes(marker));
  expect(found).toHaveLength(1);
  return found[0];
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    strict: true,
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['src'],
});
const REFUND = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const refund = (charge: string) => stripe.refunds.create({ charge });
`;
const REFUND_FINDING = ['src/refund.ts', 3, 'stripe-idempotency/require-idempotency-key'];

/** ESLint's JSON results as `[file, line, ruleId]`, fatal messages as `[file, line, message]`. */
function findings(cwd: string, stdout: string) {
  const results = JSON.parse(stdout) as {
    filePath: string;
    messages: { line: number; ruleId: string | null; fatal?: boolean; message: string }[];
  }[];
  return results.flatMap((result) =>
    result.messages.map((m) => [
      path.relative(cwd, result.filePath),
      m.line,
      m.fatal ? m.message : m.ruleId,
    ]),
  );
}

describe('the packed package', () => {
  it('holds dist/ and the commands, built by prepack from a clean copy', () => {
    for (const file of packedFiles) {
      expect(file).toMatch(
        /^(LICENSE|README\.md|CHANGELOG\.md|package\.json|docs\/rules\/[a-z-]+\.md|dist\/(src|rules)\/([a-z-]+\/)*[a-z-]+\.(js|d\.ts|cjs|d\.cts))$/,
      );
    }
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'dist/src/cli/cli.js',
        'dist/src/index.cjs',
        'dist/src/index.d.cts',
        'dist/src/index.d.ts',
        'dist/src/index.js',
        ...ruleNames.flatMap((name) => [`dist/rules/${name}.js`, `docs/rules/${name}.md`]),
      ]),
    );
    // `npx eslint-plugin-stripe-idempotency` runs the command named like the package.
    expect(Object.keys(packageJson.bin).sort()).toEqual([
      packageJson.name,
      'stripe-idempotency-lint',
    ]);
    for (const bin of Object.values(packageJson.bin)) {
      const file = path.normalize(bin);
      expect(packedFiles).toContain(file);
      expect(fs.statSync(path.join(unpacked, file)).mode & 0o111).not.toBe(0);
      expect(fs.readFileSync(path.join(unpacked, file), 'utf8')).toMatch(
        /^#!\/usr\/bin\/env node\n/,
      );
    }
  });

  it('is the plugin itself to require() in CommonJS, as in the README’s eslint.config.cjs', () => {
    const dir = project('commonjs', {
      'eslint.config.cjs': readmeSnippet("require('eslint-plugin-stripe-idempotency')"),
      'tsconfig.json': TSCONFIG,
      'src/refund.ts': REFUND,
      'check.cjs': `const plugin = require('eslint-plugin-stripe-idempotency');
import('eslint-plugin-stripe-idempotency').then(({ default: imported }) => {
  const { recommended } = plugin.configs;
  console.log(JSON.stringify([plugin === imported, plugin.meta.name, recommended.name, recommended.plugins['stripe-idempotency'] === plugin]));
});
`,
    });
    const check = node(dir, ['check.cjs']);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toEqual([
      true,
      packageJson.name,
      'stripe-idempotency/recommended',
      true,
    ]);

    const lint = node(dir, ['node_modules/eslint/bin/eslint.js', '--format', 'json', 'src']);
    expect(findings(dir, lint.stdout)).toEqual([REFUND_FINDING]);
  });

  it.each([['eslint-9-lowest'], ['eslint'], ['eslint10']])(
    'type-checks in eslint.config.ts with defineConfig and Linter.Config[] on %s',
    (eslint) => {
      const dir = project(
        `types-${eslint}`,
        {
          'package.json': JSON.stringify({ type: 'module' }),
          'tsconfig.json': JSON.stringify({
            compilerOptions: {
              target: 'es2022',
              module: 'nodenext',
              strict: true,
              types: ['node'],
              noEmit: true,
              skipLibCheck: true,
            },
            include: ['eslint.config.ts', 'eslint.config.cts'],
          }),
          'eslint.config.ts': `import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import stripeIdempotency from 'eslint-plugin-stripe-idempotency';

export const configs: Linter.Config[] = [
  stripeIdempotency.configs.strict,
  { plugins: { 'stripe-idempotency': stripeIdempotency }, rules: { 'stripe-idempotency/require-idempotency-key': 'warn' } },
];

export default defineConfig(stripeIdempotency.configs.recommended, {
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
});

// The check is real: the plugin's types and ESLint's are resolved, not \`any\`.
// @ts-expect-error
export const name: number = stripeIdempotency.configs.recommended.name;
// @ts-expect-error
export const wrong: Linter.Config = { name: 1 };
`,
          // CommonJS: require() gets the plugin, typed.
          'eslint.config.cts': `import type { Linter } from 'eslint';
import stripeIdempotency = require('eslint-plugin-stripe-idempotency');

export = [stripeIdempotency.configs.recommended, { plugins: { 'stripe-idempotency': stripeIdempotency } }] satisfies Linter.Config[];
`,
        },
        { eslint },
      );
      // Through the links, as after an install: an alias's own dependencies then see it as `eslint`.
      const tsc = node(dir, ['node_modules/typescript/bin/tsc', '-p', '.', '--preserveSymlinks']);
      expect(tsc.stdout).toBe('');
      expect(tsc.status).toBe(0);
    },
  );

  it('lints through `typescript` aliased to @typescript/typescript6 (projects on TypeScript 7), with the README’s setup', () => {
    const dir = project(
      'typescript6-alias',
      {
        'eslint.config.mjs': readmeSnippet(
          'export default defineConfig(stripeIdempotency.configs.recommended, {',
        ),
        'tsconfig.json': TSCONFIG,
        'src/refund.ts': REFUND,
        'lint.mjs': `import fs from 'node:fs';
import { createRequire } from 'node:module';
import { ESLint } from 'eslint';
const results = await new ESLint().lintFiles(['src']);
const loaded = Object.keys(createRequire(import.meta.url).cache).map((file) => fs.realpathSync(file));
console.log(JSON.stringify({ results, typescript: loaded.filter((file) => file.endsWith('/lib/typescript.js')) }));
`,
      },
      { typescript: '@typescript/typescript6' },
    );
    // Node resolves from the project's node_modules as after an install: through the links, not from their targets.
    const lint = node(dir, ['--preserve-symlinks', '--preserve-symlinks-main', 'lint.mjs']);
    const { results, typescript } = JSON.parse(lint.stdout) as {
      results: unknown;
      typescript: string[];
    };
    expect(findings(dir, JSON.stringify(results))).toEqual([REFUND_FINDING]);
    expect(typescript.sort()).toEqual([
      path.join(rootModules, '@typescript', 'old', 'lib', 'typescript.js'),
      path.join(rootModules, '@typescript', 'typescript6', 'lib', 'typescript.js'),
    ]);

    // Which `tsc` runs, as the README's table says: the alias ships only `tsc6` and runs the
    // `typescript@6` it depends on, `@typescript/old`, whose own `tsc` npm links first (it links
    // commands in path order, the first claim winning): ahead of `typescript` in this repository's
    // `npm ci`, as ahead of a `typescript7` alias in a user's project.
    expect(manifest('@typescript/typescript6').bin).toEqual({ tsc6: './bin/tsc6' });
    expect(manifest('@typescript/typescript6').dependencies).toEqual({
      '@typescript/old': 'npm:typescript@^6',
    });
    expect(manifest('@typescript/old').bin).toMatchObject({ tsc: './bin/tsc' });
    const bin = path.join(rootModules, '.bin');
    expect(fs.realpathSync(path.join(bin, 'tsc'))).toBe(
      path.join(rootModules, '@typescript', 'old', 'bin', 'tsc'),
    );
    expect(fs.realpathSync(path.join(bin, 'tsc6'))).toBe(
      path.join(rootModules, '@typescript', 'typescript6', 'bin', 'tsc6'),
    );
    for (const command of ['tsc', 'tsc6'])
      expect(node(root, [path.join(bin, command), '--version']).stdout).toMatch(/^Version 6\./);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(
      '| `tsc` (`npx tsc`, `pnpm tsc`, `tsc` in package.json scripts) | TypeScript 6 | TypeScript 7 |',
    );
    expect(readme).toContain('| `tsc6` | TypeScript 6 | TypeScript 6 |');
  });

  it('allows in its peer range no ESLint 9 older than the lowest the tests lint with', () => {
    const lowest = /^\^(9\.\d+\.\d+) \|\| /.exec(packageJson.peerDependencies.eslint)?.[1];
    expect(lowest).toBeDefined();
    expect(packageJson.devDependencies['eslint-9-lowest']).toBe(`npm:eslint@${lowest}`);
    expect(manifest('eslint-9-lowest').version).toBe(lowest);
  });

  // The lowest ESLint the peer range allows and the newest major; the other tests run 9.39.
  it.each([['eslint-9-lowest'], ['eslint10']])(
    'lints with the README’s setup on %s once the README’s one-line tsconfig.json includes the files',
    (eslint) => {
      const dir = project(
        `setup-${eslint}`,
        {
          'eslint.config.mjs': readmeSnippet(
            'export default defineConfig(stripeIdempotency.configs.recommended, {',
          ),
          'src/refund.ts': REFUND,
        },
        { eslint },
      );
      // Node resolves from the project's node_modules as after an install: through the links.
      const preserve = ['--preserve-symlinks', '--preserve-symlinks-main'];
      const eslintBin = [...preserve, 'node_modules/eslint/bin/eslint.js'];
      expect(node(dir, [...eslintBin, '--version']).stdout.trim()).toBe(
        `v${manifest(eslint).version}`,
      );

      // Without a tsconfig.json, every file gets the error the README quotes.
      const without = node(dir, [...eslintBin, '--format', 'json', 'src']);
      expect(findings(dir, without.stdout)).toEqual([
        [
          'src/refund.ts',
          undefined,
          `Parsing error: ${path.join(dir, 'src', 'refund.ts')} was not found by the project service. Consider either including it in the tsconfig.json or including it in allowDefaultProject.`,
        ],
      ]);
      expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(
        'was not found by the project service',
      );

      fs.writeFileSync(path.join(dir, 'tsconfig.json'), readmeSnippet('"include"', 'json'));
      const lint = node(dir, [...eslintBin, '--format', 'json', 'src']);
      expect(lint.stderr).toBe('');
      expect(findings(dir, lint.stdout)).toEqual([REFUND_FINDING]);

      const cli = node(dir, [
        ...preserve,
        path.join('node_modules', packageJson.name, packageJson.bin[packageJson.name]),
        '--format',
        'json',
      ]);
      expect(cli.status).toBe(1);
      expect(findings(dir, cli.stdout)).toEqual([REFUND_FINDING]);
    },
  );

  it('lints with the README’s typescript-eslint setup, its own config file included', () => {
    const dir = project('typescript-eslint', {
      'eslint.config.mjs': readmeSnippet('tseslint.configs.recommendedTypeChecked'),
      'tsconfig.json': TSCONFIG,
      'src/refund.ts': REFUND,
    });
    const lint = node(dir, ['node_modules/eslint/bin/eslint.js', '--format', 'json', '.']);
    expect(lint.stderr).toBe('');
    expect(findings(dir, lint.stdout)).toEqual([REFUND_FINDING]);
    const linted = (JSON.parse(lint.stdout) as { filePath: string }[]).map((result) =>
      path.relative(dir, result.filePath),
    );
    expect(linted).toContain('eslint.config.mjs');
  });
});
