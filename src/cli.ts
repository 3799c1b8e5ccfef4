#!/usr/bin/env node
// stripe-idempotency-lint: the plugin's recommended rules on any JS/TS
// repository, with no ESLint config of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import plugin from './index.js';
import { toSarif } from './sarif.js';

const USAGE = `Usage: stripe-idempotency-lint [paths...] [--format stylish|json|sarif]

Lints the given files and folders (default: .) with eslint-plugin-stripe-idempotency's
recommended rules and typed linting. Uses the tsconfig.json of the current folder
when there is one. Skips node_modules and build output.

Exit codes: 0 no findings, 1 findings, 2 usage or setup error.`;

const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.next/**', '**/*.d.ts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.git']);
const BATCH = 50;

class UsageError extends Error {}

function parseOptions(argv: string[]): { paths: string[]; format: 'stylish' | 'json' | 'sarif' } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const format = parsed.values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif') throw new UsageError(`Unknown format '${format}'.`);
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  for (const target of paths) {
    if (!fs.existsSync(target)) throw new UsageError(`No such file or folder: ${target}`);
  }
  return { paths, format };
}

/**
 * A temporary tsconfig that gives every linted file type information: it
 * extends the repository's tsconfig.json when there is one (so its paths and
 * module settings apply), and includes the target paths, JavaScript too.
 */
function writeProject(cwd: string, paths: string[]): string {
  const base = path.join(cwd, 'tsconfig.json');
  const hasBase = fs.existsSync(base);
  const baseOptions = hasBase
    ? ts.parseJsonConfigFileContent(ts.readConfigFile(base, (file) => ts.sys.readFile(file)).config, ts.sys, cwd).options
    : {};
  const typeRoots = path.join(cwd, 'node_modules', '@types');
  const compilerOptions: Record<string, unknown> = { allowJs: true, noEmit: true, skipLibCheck: true };
  if (!hasBase) Object.assign(compilerOptions, { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true });
  if (!baseOptions.typeRoots && fs.existsSync(typeRoots)) compilerOptions.typeRoots = [typeRoots];
  const include = paths.flatMap((target) => {
    const absolute = path.resolve(cwd, target);
    return fs.statSync(absolute).isDirectory() ? EXTENSIONS.map((ext) => `${absolute}/**/*.${ext}`) : [absolute];
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-idempotency-lint-'));
  const file = path.join(dir, 'tsconfig.json');
  const exclude = IGNORED.map((pattern) => path.join(cwd, pattern));
  fs.writeFileSync(file, JSON.stringify({ ...(hasBase && { extends: base }), compilerOptions, include, exclude }, null, 2));
  return file;
}

async function main(): Promise<number> {
  const { paths, format } = parseOptions(process.argv.slice(2));
  const cwd = process.cwd();
  const project = writeProject(cwd, paths);
  const files = EXTENSIONS.map((ext) => `**/*.${ext}`);
  const config: Linter.Config[] = [
    { ignores: IGNORED },
    {
      files,
      languageOptions: { parser: tsParser, parserOptions: { project, tsconfigRootDir: cwd } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...(plugin.configs.recommended as Linter.Config), files },
  ];
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, errorOnUnmatchedPattern: false });

  // Lint in batches so that long runs can show progress.
  const targets = await listFiles(eslint, cwd, paths);
  const results: ESLint.LintResult[] = [];
  const showProgress = targets.length > BATCH && process.stderr.isTTY !== false;
  for (let i = 0; i < targets.length; i += BATCH) {
    results.push(...(await eslint.lintFiles(targets.slice(i, i + BATCH))));
    if (showProgress) process.stderr.write(`\rstripe-idempotency-lint: ${Math.min(i + BATCH, targets.length)}/${targets.length} files`);
  }
  if (showProgress) process.stderr.write('\n');
  fs.rmSync(path.dirname(project), { recursive: true, force: true });

  const fatal = results.filter((result) => result.messages.some((m) => m.fatal));
  const findings = results.reduce((sum, result) => sum + result.messages.filter((m) => !m.fatal).length, 0);
  if (format === 'json') console.log(JSON.stringify(results, null, 2));
  else if (format === 'sarif') console.log(JSON.stringify(toSarif(results, plugin, cwd), null, 2));
  else {
    const stylish = await eslint.loadFormatter('stylish');
    process.stdout.write(await stylish.format(results));
    console.log(summary(results, targets.length));
  }
  if (fatal.length > 0) {
    console.error(`stripe-idempotency-lint: ${fatal.length} file(s) could not be linted (see the messages above).`);
    return 2;
  }
  return findings > 0 ? 1 : 0;
}

async function listFiles(eslint: ESLint, cwd: string, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (absolute: string): Promise<void> => {
    if (fs.statSync(absolute).isDirectory()) {
      if (SKIPPED_FOLDERS.has(path.basename(absolute))) return;
      for (const entry of fs.readdirSync(absolute).sort()) await visit(path.join(absolute, entry));
    } else if (!(await eslint.isPathIgnored(absolute))) {
      found.push(absolute);
    }
  };
  for (const target of paths) await visit(path.resolve(cwd, target));
  return found;
}

function summary(results: ESLint.LintResult[], fileCount: number): string {
  const byRule = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId) byRule.set(message.ruleId, (byRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  const lines = [`${total} finding(s) in ${fileCount} file(s) linted.`];
  for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(count).padStart(4)}  ${rule}`);
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error instanceof Error ? error.message : String(error);
    console.error(`stripe-idempotency-lint: ${message}`);
    process.exitCode = 2;
  },
);
