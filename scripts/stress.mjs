#!/usr/bin/env node
// Stress run: lints every source file under a path
// with all four rules and typed linting, and reports crashes, parse errors,
// the slowest files and the plugin's total rule time.
//
//   npm run build && node scripts/stress.mjs <path> [options]
//
//   --skip-node-modules  skip node_modules folders below <path> (<path> itself is
//                        taken literally, so it may be inside node_modules)
//   --max-files <n>      lint at most n files (in path order)
//   --top <n>            how many slowest files to list (default 10)
//   --json <file>        also write the full report as JSON
//
// Typed linting: one TypeScript program over exactly the files found (allowJs,
// no type-checking of its own), handed to the parser as `parserOptions.programs`.
// This is what a generated tsconfig.json with `files` + `project` would give,
// without writing into the linted tree. `projectService.allowDefaultProject`
// does not fit: it rejects `**` globs, serves at most 8 files by default
// (maximumDefaultProjectFileMatchCount) and builds one inferred project per file.
//
// A crash is an exception thrown by ESLint (a rule or the parser), or a fatal
// message that is not a syntax error of the file itself; syntax errors (the
// TypeScript parser's own diagnostics for the file) are counted separately.
// Exit code: 0 without crashes, 1 with crashes, 2 on usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { countingPlugin, queriesByFile } from './bench/queries.mjs';

// Crashes inside deep recursion need their outer frames to show which rule call triggered them.
Error.stackTraceLimit = 200;

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const PREFIX = 'stripe-idempotency';

function usage(message) {
  if (message) console.error(`stress: ${message}`);
  console.error(
    'Usage: node scripts/stress.mjs <path> [--skip-node-modules] [--max-files n] [--top n] [--json file]',
  );
  process.exit(2);
}

function parseArguments(argv) {
  const options = {
    target: undefined,
    skipNodeModules: false,
    maxFiles: Infinity,
    top: 10,
    json: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--skip-node-modules') options.skipNodeModules = true;
    else if (arg === '--max-files') options.maxFiles = Number(argv[++i]);
    else if (arg === '--top') options.top = Number(argv[++i]);
    else if (arg === '--json') options.json = argv[++i];
    else if (arg === '--help' || arg === '-h') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (options.target === undefined) options.target = arg;
    else usage('one path only');
  }
  if (options.target === undefined) usage('a path is required');
  if (
    !(options.maxFiles > 0) ||
    !(options.top >= 0) ||
    (options.json !== undefined && options.json === '')
  )
    usage('bad option value');
  return options;
}

async function loadPlugin() {
  const built = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    'dist',
    'src',
    'index.js',
  );
  if (!fs.existsSync(built)) {
    console.error(
      `stress: ${path.relative(process.cwd(), built)} not found; run \`npm run build\` first.`,
    );
    process.exit(2);
  }
  const plugin = (await import(pathToFileURL(built).href)).default;
  // Type queries are counted from outside the plugin: the checker's methods are
  // wrapped and a call counts while one of the plugin's rules runs (bench/queries.mjs).
  const stats = {
    get typeQueries() {
      let total = 0;
      for (const n of queriesByFile.values()) total += n;
      return total;
    },
  };
  return { plugin: countingPlugin(plugin), stats };
}

/** Source files under `root`, in path order. Symlinked folders are not followed (no cycles); symlinked files are. */
function listFiles(root, skipNodeModules) {
  const files = [];
  let skippedLinks = 0;
  const walk = (dir) => {
    const entries = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (skipNodeModules && entry.name === 'node_modules') continue;
        walk(full);
      } else if (entry.isSymbolicLink()) {
        let stat;
        try {
          stat = fs.statSync(full);
        } catch {
          skippedLinks++;
          continue;
        }
        if (stat.isDirectory()) skippedLinks++;
        else if (stat.isFile() && EXTENSIONS.has(extensionOf(entry.name))) files.push(full);
      } else if (entry.isFile() && EXTENSIONS.has(extensionOf(entry.name))) {
        files.push(full);
      }
    }
  };
  const stat = fs.statSync(root);
  if (stat.isFile()) return { files: [root], skippedLinks };
  walk(root);
  return { files, skippedLinks };
}

function extensionOf(name) {
  return path.extname(name).toLowerCase();
}

/** Nearest `node_modules/@types` folders above `dir`, so library code gets Node's types when they are installed. */
function typeRootsAbove(dir) {
  const roots = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', '@types');
    if (fs.existsSync(candidate)) roots.push(candidate);
    if (path.dirname(current) === current) return roots;
  }
}

function createProgram(files, root) {
  const typeRoots = typeRootsAbove(root);
  const options = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.Preserve,
    strict: true,
    allowArbitraryExtensions: true,
    maxNodeModuleJsDepth: 0,
    types: typeRoots.some((r) => fs.existsSync(path.join(r, 'node'))) ? ['node'] : [],
    typeRoots,
  };
  return ts.createProgram({ rootNames: files, options });
}

/** The file's own syntax errors, as TypeScript's parser sees them. */
function syntaxErrors(program, file) {
  const source = program.getSourceFile(file);
  if (!source) return [];
  return program
    .getSyntacticDiagnostics(source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { plugin, stats } = await loadPlugin();
  const requested = path.resolve(options.target);
  if (!fs.existsSync(requested)) usage(`${options.target} does not exist`);
  const root = fs.realpathSync(requested);

  const started = performance.now();
  const { files: found, skippedLinks } = listFiles(root, options.skipNodeModules);
  const files = found.slice(0, options.maxFiles);
  console.log(
    `stress: ${files.length} files under ${root}${options.skipNodeModules ? ' (nested node_modules skipped)' : ''}`,
  );
  if (files.length === 0) return;

  const programStart = performance.now();
  const program = createProgram(files, fs.statSync(root).isFile() ? path.dirname(root) : root);
  program.getTypeChecker();
  const programMs = performance.now() - programStart;
  console.log(
    `stress: TypeScript program of ${program.getSourceFiles().length} files in ${formatMs(programMs)}`,
  );

  const ruleIds = Object.keys(plugin.rules).map((rule) => `${PREFIX}/${rule}`);
  const eslint = new ESLint({
    cwd: fs.statSync(root).isFile() ? path.dirname(root) : root,
    overrideConfigFile: true,
    ignore: false,
    stats: true,
    overrideConfig: [
      {
        files: [...EXTENSIONS].map((ext) => `**/*${ext}`),
        languageOptions: {
          parser: tsParser,
          parserOptions: { programs: [program], tsconfigRootDir: root },
        },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        plugins: { [PREFIX]: plugin },
        rules: Object.fromEntries(ruleIds.map((id) => [id, 'error'])),
      },
    ],
  });

  const crashes = [];
  const parseErrors = [];
  const timings = [];
  const findingsByRule = Object.fromEntries(ruleIds.map((id) => [id, 0]));
  const ruleMs = Object.fromEntries(ruleIds.map((id) => [id, 0]));
  let parseMs = 0;
  let linted = 0;
  const queriesBefore = stats?.typeQueries ?? 0;
  const lintStart = performance.now();

  for (const [index, file] of files.entries()) {
    const relative = path.relative(root, file) || path.basename(file);
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      crashes.push({ file: relative, kind: 'read', message: String(error), stack: error?.stack });
      continue;
    }
    const fileStart = performance.now();
    let result;
    try {
      [result] = await eslint.lintText(text, { filePath: file });
    } catch (error) {
      crashes.push({
        file: relative,
        kind: 'exception',
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      timings.push({
        file: relative,
        ms: performance.now() - fileStart,
        lines: text.split('\n').length,
      });
      continue;
    }
    linted++;
    const wallMs = performance.now() - fileStart;
    const passes = result.stats?.times.passes ?? [];
    let fileRuleMs = 0;
    const byRule = {};
    for (const pass of passes) {
      parseMs += pass.parse?.total ?? 0;
      for (const [id, time] of Object.entries(pass.rules ?? {})) {
        if (id in ruleMs) {
          ruleMs[id] += time.total;
          fileRuleMs += time.total;
          byRule[id.slice(PREFIX.length + 1)] =
            (byRule[id.slice(PREFIX.length + 1)] ?? 0) + time.total;
        }
      }
    }
    const total = passes.reduce((sum, pass) => sum + (pass.total ?? 0), 0) || wallMs;
    timings.push({
      file: relative,
      ms: total,
      ruleMs: fileRuleMs,
      byRule,
      lines: text.split('\n').length,
    });

    for (const message of result.messages) {
      if (message.fatal) {
        const own = syntaxErrors(program, file);
        if (own.length > 0)
          parseErrors.push({ file: relative, message: message.message, line: message.line });
        else
          crashes.push({
            file: relative,
            kind: 'fatal',
            message: message.message,
            line: message.line,
          });
      } else if (message.ruleId && message.ruleId in findingsByRule) {
        findingsByRule[message.ruleId]++;
      }
    }
    if ((index + 1) % 250 === 0)
      console.log(`stress: ${index + 1}/${files.length} files, ${crashes.length} crashes`);
  }

  const lintMs = performance.now() - lintStart;
  const typeQueries = stats ? stats.typeQueries - queriesBefore : undefined;
  const pluginRuleMs = Object.values(ruleMs).reduce((a, b) => a + b, 0);
  const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, options.top);
  const slowestRules = [...timings]
    .sort((a, b) => (b.ruleMs ?? 0) - (a.ruleMs ?? 0))
    .slice(0, options.top);
  const report = {
    root,
    files: files.length,
    linted,
    skippedSymlinkedFolders: skippedLinks,
    crashes,
    parseErrors,
    findings: findingsByRule,
    programMs,
    lintMs,
    parseMs,
    pluginRuleMs,
    ruleMs,
    typeQueries,
    slowest,
    slowestRules,
    totalMs: performance.now() - started,
  };

  console.log('');
  console.log(
    `Files linted:       ${linted} of ${files.length}${skippedLinks ? ` (${skippedLinks} symlinked folders not followed)` : ''}`,
  );
  console.log(`Crashes:            ${crashes.length}`);
  console.log(`Parse errors:       ${parseErrors.length} (syntax errors of the files themselves)`);
  console.log(
    `Findings:           ${Object.entries(findingsByRule)
      .map(([id, n]) => `${id.slice(PREFIX.length + 1)} ${n}`)
      .join(', ')}`,
  );
  console.log(`Program build:      ${formatMs(programMs)}`);
  console.log(`Lint (wall):        ${formatMs(lintMs)}, of which parsing ${formatMs(parseMs)}`);
  console.log(
    `Plugin rule time:   ${formatMs(pluginRuleMs)} (${Object.entries(ruleMs)
      .map(([id, ms]) => `${id.slice(PREFIX.length + 1)} ${formatMs(ms)}`)
      .join(', ')})`,
  );
  if (typeQueries !== undefined)
    console.log(`Type queries:       ${typeQueries} (checker calls made by the plugin's rules)`);
  console.log(`Total:              ${formatMs(report.totalMs)}`);
  if (slowest.length > 0) {
    console.log(`\nSlowest ${slowest.length} files (parse + rules, ESLint stats):`);
    for (const t of slowest) {
      console.log(
        `  ${formatMs(t.ms).padStart(10)}  rules ${formatMs(t.ruleMs ?? 0).padStart(9)}  ${String(t.lines).padStart(6)} lines  ${t.file}`,
      );
    }
  }
  if (slowestRules.length > 0 && (slowestRules[0].ruleMs ?? 0) > 0) {
    console.log(`\nMost plugin rule time:`);
    for (const t of slowestRules) {
      const parts = Object.entries(t.byRule ?? {})
        .filter(([, ms]) => ms >= 0.05)
        .map(([rule, ms]) => `${rule} ${formatMs(ms)}`)
        .join(', ');
      console.log(`  ${formatMs(t.ruleMs ?? 0).padStart(10)}  ${t.file}  (${parts})`);
    }
  }
  if (parseErrors.length > 0) {
    console.log('\nParse errors:');
    for (const p of parseErrors.slice(0, 20)) console.log(`  ${p.file}:${p.line}  ${p.message}`);
    if (parseErrors.length > 20) console.log(`  ... and ${parseErrors.length - 20} more`);
  }
  if (crashes.length > 0) {
    console.log('\nCrashes:');
    for (const c of crashes) {
      console.log(`\n  ${c.file} (${c.kind}${c.line ? `, line ${c.line}` : ''})`);
      console.log(`    ${(c.stack ?? c.message).split('\n').join('\n    ')}`);
    }
  }
  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nstress: report written to ${options.json}`);
  }
  process.exitCode = crashes.length > 0 ? 1 : 0;
}

await main();
