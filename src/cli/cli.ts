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
import { SetupError, UsageError } from './errors.js';
import { withMessages } from './lint-result.js';
import { peerProblems } from './peer-dependencies.js';
import { RULES } from './rule-ids.js';
import { failedRunSarif, toSarif } from './sarif.js';
import {
  applySuppressions,
  prune,
  record,
  type Applied,
  type Suppressions,
} from './suppressions.js';

const USAGE = `Usage: stripe-idempotency-lint [paths...] [--format stylish|json|sarif] [--fix]
                               [--suppress-all | --suppress-rule <rule>... | --prune-suppressions]

Lints the given files and folders (default: .) with eslint-plugin-stripe-idempotency's
recommended rules and typed linting. Uses the tsconfig.json of the current folder
when there is one. Skips node_modules and build output.

  -f, --format <format>       stylish (default), json, or sarif (for GitHub code scanning)
      --fix                   apply the rules' automatic fixes to the files
      --suppress-all          accept every current finding in the suppressions file:
                              only new ones fail from then on
      --suppress-rule <rule>  the same for one rule (repeat it for more), e.g.
                              stripe-idempotency/require-idempotency-key
      --prune-suppressions    remove suppressions of findings that no longer occur
      --suppressions-location <file>
                              the suppressions file (default: eslint-suppressions.json in
                              the current folder), in ESLint's format: ESLint 9.24+ and
                              this command read what the other writes
      --pass-on-unpruned-suppressions
                              do not fail on suppressions that no longer occur
  -h, --help                  show this help

Exit codes:
  0  no findings (suppressed ones aside)
  1  findings
  2  usage or setup error: ESLint, TypeScript or @typescript-eslint/parser missing or
     unsupported, a file that could not be parsed, a file that imports stripe where no
     stripe package is installed, or suppressions that no longer occur
  3  internal error: a bug, its stack is printed; please report it
With --format sarif, a run that fails still writes a SARIF log that says why.`;

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

const SUPPRESSIONS_FILE = 'eslint-suppressions.json';

type Format = 'stylish' | 'json' | 'sarif';
interface Options {
  paths: string[];
  format: Format;
  fix: boolean;
  suppressAll: boolean;
  /** `--suppress-rule`, as given: empty when not. */
  suppressRules: string[];
  pruneSuppressions: boolean;
  /** Given on the command line, else undefined: then its file need not exist. */
  suppressionsLocation: string | undefined;
  passOnUnprunedSuppressions: boolean;
}

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
        'suppress-all': { type: 'boolean' },
        'suppress-rule': { type: 'string', multiple: true },
        'prune-suppressions': { type: 'boolean' },
        'suppressions-location': { type: 'string' },
        'pass-on-unpruned-suppressions': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return undefined;
  const format = values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`Unknown format '${format}'.`);
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format,
    fix: values.fix ?? false,
    suppressAll: values['suppress-all'] ?? false,
    suppressRules: values['suppress-rule'] ?? [],
    pruneSuppressions: values['prune-suppressions'] ?? false,
    suppressionsLocation: values['suppressions-location'],
    passOnUnprunedSuppressions: values['pass-on-unpruned-suppressions'] ?? false,
  };
}

/**
 * What the options name must exist before the run starts: the paths to lint, and a suppressions
 * file given by name unless this run creates it (as in ESLint).
 */
function checkOptions(options: Options, cwd: string): void {
  for (const target of options.paths) {
    if (!fs.existsSync(path.resolve(cwd, target)))
      throw new UsageError(`No such file or folder: ${target}`);
  }
  const suppressing = options.suppressAll || options.suppressRules.length > 0;
  if (options.suppressAll && options.suppressRules.length > 0)
    throw new UsageError('--suppress-all and --suppress-rule cannot be used together.');
  if (suppressing && options.pruneSuppressions)
    throw new UsageError(
      `${options.suppressAll ? '--suppress-all' : '--suppress-rule'} and --prune-suppressions cannot be used together.`,
    );
  const unknown = options.suppressRules.filter((rule) => !RULES.includes(rule));
  if (unknown.length > 0)
    throw new UsageError(
      `--suppress-rule names no rule this command runs: ${unknown.join(', ')}. Its rules: ${RULES.join(', ')}.`,
    );
  const location = options.suppressionsLocation;
  if (location === undefined) return;
  const file = path.resolve(cwd, location);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory())
    throw new UsageError(`--suppressions-location names a folder, not a file: ${location}`);
  if (!fs.existsSync(file) && !suppressing)
    throw new SetupError(
      `The suppressions file ${location} does not exist: create it with --suppress-all or --suppress-rule.`,
    );
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
 * The folders under the targets that hold a stripe package of their own (a workspace pinning
 * another version), apart from the targets themselves and the current folder: each needs a
 * TypeScript program of its own, as one program merges every `declare module 'stripe'` of
 * stripe 8–21 into one, and every package would be checked against one version.
 */
function nestedStripeRoots(cwd: string, targets: readonly string[]): string[] {
  const roots: string[] = [];
  const visit = (folder: string): void => {
    if (
      !targets.includes(folder) &&
      folder !== cwd &&
      fs.existsSync(path.join(folder, 'node_modules', 'stripe', 'package.json'))
    )
      roots.push(folder);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }))
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name))
        visit(path.join(folder, entry.name));
  };
  for (const target of targets) if (fs.statSync(target).isDirectory()) visit(target);
  return roots;
}

/**
 * The tsconfigs in `dir` that give every linted file type information: each extends the
 * repository's tsconfig.json when there is one (so its paths and module settings apply), and
 * includes the target paths, JavaScript too. One project, or, where folders under the targets
 * hold stripe packages of their own, one for each of them and one for the rest.
 */
function writeProjects(
  ts: typeof import('typescript'),
  cwd: string,
  paths: string[],
  dir: string,
): string[] {
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
  const targets = paths.map((target) => path.resolve(cwd, target));
  const globsUnder = (folder: string) => EXTENSIONS.map((ext) => `${folder}/**/*.${ext}`);
  const include = targets.flatMap((absolute) =>
    fs.statSync(absolute).isDirectory() ? globsUnder(absolute) : [absolute],
  );
  const ignored = IGNORED.map((pattern) => path.join(cwd, pattern));
  const roots = nestedStripeRoots(cwd, targets);
  const write = (name: string, included: string[], excluded: string[]): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          ...(hasBase && { extends: base }),
          compilerOptions,
          include: included,
          exclude: [...ignored, ...excluded],
        },
        null,
        2,
      ),
    );
    return file;
  };
  const under = (folder: string, root: string) => folder.startsWith(`${root}${path.sep}`);
  return [
    // A file in a folder with its own stripe goes to that folder's project, first in the list.
    ...roots.map((root, i) =>
      write(
        `tsconfig.${i}.json`,
        globsUnder(root),
        roots.filter((other) => under(other, root)).map((other) => `${other}/**`),
      ),
    ),
    write(
      'tsconfig.json',
      include,
      roots.map((root) => `${root}/**`),
    ),
  ];
}

/**
 * Only this plugin's findings and the files that could not be parsed count:
 * the repository's comments for its own linter's rules (`eslint-disable`
 * of rules this run does not load) are not findings.
 */
function ownMessages(result: ESLint.LintResult): ESLint.LintResult {
  return withMessages(
    result,
    result.messages.filter((message) => message.fatal || message.ruleId?.startsWith(PREFIX)),
  );
}

/**
 * The top folder of the git repository around `cwd`, where code scanning resolves SARIF paths; else
 * `cwd`.
 */
function repositoryRoot(cwd: string): string {
  const git = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return git.status === 0 ? path.resolve(git.stdout.trim()) : cwd;
}

/**
 * The suppressions this run applies, after recording or pruning them as asked; none without a
 * suppressions file.
 */
function suppress(options: Options, cwd: string, results: ESLint.LintResult[]): Applied {
  const suppressions: Suppressions = {
    file: path.resolve(cwd, options.suppressionsLocation ?? SUPPRESSIONS_FILE),
    cwd,
    owns: (ruleId) => ruleId.startsWith(PREFIX),
  };
  if (options.suppressAll) record(suppressions, results);
  if (options.suppressRules.length > 0) record(suppressions, results, options.suppressRules);
  if (options.pruneSuppressions) prune(suppressions, results);
  if (!fs.existsSync(suppressions.file)) return { results, suppressed: 0, unused: [] };
  return applySuppressions(suppressions, results);
}

async function lint(options: Options, cwd: string, tempDir: string): Promise<number> {
  const { paths, format, fix } = options;
  // One after the other: the plugin needs both, and loading it beside a broken one would fail
  // twice over.
  const { ESLint } = await import('eslint');
  const { default: ts } = await import('typescript');
  const { default: plugin } = await import('../index.js');
  const project = writeProjects(ts, cwd, paths, tempDir);
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
  const linted: ESLint.LintResult[] = [];
  const showProgress = targets.length > BATCH && process.stderr.isTTY === true;
  for (let i = 0; i < targets.length; i += BATCH) {
    linted.push(...(await eslint.lintFiles(targets.slice(i, i + BATCH))).map(ownMessages));
    if (showProgress)
      process.stderr.write(
        `\rstripe-idempotency-lint: ${Math.min(i + BATCH, targets.length)}/${targets.length} files`,
      );
  }
  if (showProgress) process.stderr.write('\n');
  if (fix) await ESLint.outputFixes(linted);

  // A missing stripe is a setup error whatever the suppressions say.
  const withoutStripe = linted.filter((result) =>
    result.messages.some((m) => m.messageId === 'stripeNotInstalled'),
  ).length;
  const { results, suppressed, unused } = suppress(options, cwd, linted);

  if (format === 'json') console.log(JSON.stringify(results, null, 2));
  else if (format === 'sarif')
    console.log(JSON.stringify(toSarif(results, plugin, repositoryRoot(cwd)), null, 2));
  else {
    const stylish = await eslint.loadFormatter('stylish');
    process.stdout.write(await stylish.format(results));
    console.log(summary(results, targets.length, suppressed));
  }

  const unparsed = results.filter((result) => result.fatalErrorCount > 0).length;
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
  const stale = options.passOnUnprunedSuppressions ? [] : unused;
  if (stale.length > 0)
    console.error(
      `stripe-idempotency-lint: suppressions that no longer occur (run with --prune-suppressions):\n` +
        stale.map((entry) => `  ${entry}`).join('\n'),
    );
  if (unparsed > 0 || withoutStripe > 0 || stale.length > 0) return 2;
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

function summary(results: ESLint.LintResult[], fileCount: number, suppressed: number): string {
  const byRule = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId) byRule.set(message.ruleId, (byRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  const lines = [`${total} finding(s) in ${fileCount} file(s) linted.`];
  if (suppressed > 0) lines.push(`${suppressed} more suppressed in the suppressions file.`);
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
  try {
    checkOptions(options, cwd);
    const problems = peerProblems();
    if (problems.length > 0) throw new SetupError(problems.join('\n'));
    return await withTemporaryDir((dir) => lint(options, cwd, dir));
  } catch (error) {
    // Code scanning's upload reports this instead of failing on an empty file.
    if (options.format === 'sarif')
      console.log(JSON.stringify(failedRunSarif(failure(error)), null, 2));
    throw error;
  }
}

/** What went wrong, in one message: the user's to fix, or a bug of ours. */
function failure(error: unknown): string {
  if (error instanceof UsageError || error instanceof SetupError) return error.message;
  return `internal error, please report it: ${error instanceof Error ? error.message : String(error)}`;
}

/** Says what went wrong on stderr, and returns the exit code for it. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`stripe-idempotency-lint: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof SetupError) {
    console.error(`stripe-idempotency-lint: ${error.message}`);
    return 2;
  }
  // Anything else is a bug of ours: the stack is what a report needs.
  const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`stripe-idempotency-lint: internal error, please report it:\n${details}`);
  return 3;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Node also reports an error thrown while a CommonJS module loads for an `import` as
    // uncaught (nodejs/node#51603), which would print it again and exit 1: it is reported here.
    process.on('uncaughtException', (again) => {
      if (again !== error) process.exitCode = report(again);
    });
    process.exitCode = report(error);
  },
);
