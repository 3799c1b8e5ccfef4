#!/usr/bin/env node
// stripe-idempotency-lint: the plugin's recommended rules on any JS/TS
// repository, with no ESLint config of its own.
//
// Only Node's own modules are imported up front: the arguments are checked
// before ESLint and TypeScript load, so a usage error answers at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ESLint, Linter } from 'eslint';

const USAGE = `Usage: stripe-idempotency-lint [paths...] [--format stylish|json|sarif] [--fix]

Lints the given files and folders (default: .) with eslint-plugin-stripe-idempotency's
recommended rules and typed linting. Uses the tsconfig.json of the current folder
when there is one. Skips node_modules and build output.

  -f, --format  stylish (default), json, or sarif (for GitHub code scanning)
      --fix     apply the rules' automatic fixes to the files
  -h, --help    show this help

Exit codes: 0 no findings, 1 findings, 2 usage or setup error (a file that
could not be parsed, or that imports stripe where no stripe package is installed),
3 internal error (a bug: its stack is printed; please report it).`;

const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
const IGNORED = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/*.d.ts',
];
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.git',
]);
const BATCH = 50;
const PREFIX = 'stripe-idempotency/';

type Format = 'stylish' | 'json' | 'sarif';
interface Options {
  paths: string[];
  format: Format;
  fix: boolean;
}

class UsageError extends Error {}

/** The options, or undefined when the user asked for help. */
function parseOptions(argv: string[]): Options | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        fix: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return undefined;
  const format = parsed.values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`Unknown format '${format}'.`);
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  for (const target of paths) {
    if (!fs.existsSync(target)) throw new UsageError(`No such file or folder: ${target}`);
  }
  return { paths, format, fix: parsed.values.fix ?? false };
}

/**
 * Runs `task` with a temporary folder that is removed afterwards: on success, on an error, and on
 * an interrupt.
 */
async function withTemporaryDir<T>(task: (dir: string) => Promise<T>): Promise<T> {
  let dir: string | undefined;
  const remove = () => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    // `once` has removed this handler: end of the same signal, as without it.
    process.kill(process.pid, signal);
  };
  // Handlers first: a signal that lands while the folder is being made would
  // otherwise end the process by default and leave the folder behind.
  for (const signal of signals) process.once(signal, onSignal);
  // An exception nobody awaits ends the process without reaching `finally`.
  process.once('exit', remove);
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-idempotency-lint-'));
    return await task(dir);
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', remove);
    remove();
  }
}

/**
 * A tsconfig in `dir` that gives every linted file type information: it
 * extends the repository's tsconfig.json when there is one (so its paths and
 * module settings apply), and includes the target paths, JavaScript too.
 */
function writeProject(
  ts: typeof import('typescript'),
  cwd: string,
  paths: string[],
  dir: string,
): string {
  const base = path.join(cwd, 'tsconfig.json');
  const hasBase = fs.existsSync(base);
  const baseOptions = hasBase
    ? ts.parseJsonConfigFileContent(
        ts.readConfigFile(base, (file) => ts.sys.readFile(file)).config,
        ts.sys,
        cwd,
      ).options
    : {};
  const typeRoots = path.join(cwd, 'node_modules', '@types');
  const compilerOptions: Record<string, unknown> = {
    allowJs: true,
    noEmit: true,
    skipLibCheck: true,
  };
  if (!hasBase)
    Object.assign(compilerOptions, {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
    });
  if (!baseOptions.typeRoots && fs.existsSync(typeRoots)) compilerOptions.typeRoots = [typeRoots];
  const include = paths.flatMap((target) => {
    const absolute = path.resolve(cwd, target);
    return fs.statSync(absolute).isDirectory()
      ? EXTENSIONS.map((ext) => `${absolute}/**/*.${ext}`)
      : [absolute];
  });
  const file = path.join(dir, 'tsconfig.json');
  const exclude = IGNORED.map((pattern) => path.join(cwd, pattern));
  fs.writeFileSync(
    file,
    JSON.stringify(
      { ...(hasBase && { extends: base }), compilerOptions, include, exclude },
      null,
      2,
    ),
  );
  return file;
}

/**
 * Only this plugin's findings and the files that could not be parsed count:
 * the repository's comments for its own linter's rules (`eslint-disable`
 * of rules this run does not load) are not findings.
 */
function ownMessages(result: ESLint.LintResult): ESLint.LintResult {
  const messages = result.messages.filter(
    (message) => message.fatal || message.ruleId?.startsWith(PREFIX),
  );
  const count = (severity: Linter.Severity, fixable: boolean) =>
    messages.filter((message) => message.severity === severity && (!fixable || message.fix)).length;
  return {
    ...result,
    messages,
    errorCount: count(2, false),
    warningCount: count(1, false),
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
  };
}

/**
 * The top folder of the git repository around `cwd`, where code scanning resolves SARIF paths; else
 * `cwd`.
 */
function repositoryRoot(cwd: string): string {
  const git = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return git.status === 0 ? path.resolve(git.stdout.trim()) : cwd;
}

async function lint(
  { paths, format, fix }: Options,
  cwd: string,
  tempDir: string,
): Promise<number> {
  const [{ ESLint }, { default: ts }, { default: plugin }, { toSarif }] = await Promise.all([
    import('eslint'),
    import('typescript'),
    import('../index.js'),
    import('./sarif.js'),
  ]);
  const project = writeProject(ts, cwd, paths, tempDir);
  const files = EXTENSIONS.map((ext) => `**/*.${ext}`);
  const config: Linter.Config[] = [
    { ignores: IGNORED },
    { ...plugin.configs.recommended, files },
    {
      files,
      languageOptions: { parserOptions: { project, tsconfigRootDir: cwd } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
  ];
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: config,
    errorOnUnmatchedPattern: false,
    fix,
  });

  // Lint in batches so that long runs can show progress, on a terminal only (not in CI logs).
  const targets = await listFiles(eslint, cwd, paths);
  const results: ESLint.LintResult[] = [];
  const showProgress = targets.length > BATCH && process.stderr.isTTY === true;
  for (let i = 0; i < targets.length; i += BATCH) {
    results.push(...(await eslint.lintFiles(targets.slice(i, i + BATCH))).map(ownMessages));
    if (showProgress)
      process.stderr.write(
        `\rstripe-idempotency-lint: ${Math.min(i + BATCH, targets.length)}/${targets.length} files`,
      );
  }
  if (showProgress) process.stderr.write('\n');
  if (fix) await ESLint.outputFixes(results);

  if (format === 'json') console.log(JSON.stringify(results, null, 2));
  else if (format === 'sarif')
    console.log(JSON.stringify(toSarif(results, plugin, repositoryRoot(cwd)), null, 2));
  else {
    const stylish = await eslint.loadFormatter('stylish');
    process.stdout.write(await stylish.format(results));
    console.log(summary(results, targets.length));
  }

  const unparsed = results.filter((result) => result.fatalErrorCount > 0).length;
  const withoutStripe = results.filter((result) =>
    result.messages.some((m) => m.messageId === 'stripeNotInstalled'),
  ).length;
  if (unparsed > 0)
    console.error(
      `stripe-idempotency-lint: ${unparsed} file(s) could not be linted (see the messages above).`,
    );
  if (withoutStripe > 0) {
    console.error(
      `stripe-idempotency-lint: ${withoutStripe} file(s) import stripe, but no stripe package is installed where they are: ` +
        'install the dependencies (npm ci) and run again.',
    );
  }
  if (unparsed > 0 || withoutStripe > 0) return 2;
  return results.some((result) => result.messages.length > 0) ? 1 : 0;
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
  for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${String(count).padStart(4)}  ${rule}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const cwd = process.cwd();
  return withTemporaryDir((dir) => lint(options, cwd, dir));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`stripe-idempotency-lint: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    // Anything else is a bug of ours: the stack is what a report needs.
    const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`stripe-idempotency-lint: internal error, please report it:\n${details}`);
    process.exitCode = 3;
  },
);
