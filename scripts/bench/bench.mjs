// Whole-project benchmark of eslint-plugin-stripe-idempotency.
//
//   npm run bench                  generate a synthetic service and lint it
//   npm run bench -- <project>     lint a real project (its own tsconfigs, found
//                                  by typescript-eslint's projectService from
//                                  <project>, so a monorepo root works too)
//
// (The editor loop is scripts/bench/editor.mjs, `npm run bench:editor`.)
//
// Every timed lint runs in a fresh child process (lint-child.mjs),
// configurations alternate in a rotating order for BENCH_ROUNDS rounds
// (default 3), and medians are reported. One more, untimed, run counts the
// plugin's type queries per file (queries.mjs) and finds the files that call
// Stripe. For a real project the synthetic 2,000-call file and the
// concurrency run are skipped unless BENCH_EXTRA=1. Needs `npm run build`
// first (the plugin is loaded from dist/). Always exits 0 once it has run: the
// targets are reported, not enforced.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject, generateStress } from './generate.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./lint-child.mjs', import.meta.url));
const CONFIGS_URL = new URL('./configs.mjs', import.meta.url).href;
const PLUGIN_PREFIX = 'stripe-idempotency/';
const NFP = '@typescript-eslint/no-floating-promises';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 3);
// A large app's program fills Node's default heap, and the garbage collector
// then dominates every configuration (rallly: 99 min instead of 10): each
// child gets BENCH_HEAP_MB (default 8192) of old space.
const HEAP_MB = Math.max(512, Number(process.env.BENCH_HEAP_MB) || 8192);
// Extra Node flags for every child, e.g. `--single-threaded-gc` so that the collector's helper
// threads add no CPU time of their own (the same flags for every configuration).
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

if (!fs.existsSync(path.join(REPO, 'dist/src/index.js'))) {
  console.error('dist/src/index.js is missing: run `npm run build` first.');
  process.exit(1);
}

/** Runs one lint in a fresh process; resolves to its summary and the 1-minute load average before it started. */
function runChild(spec) {
  return new Promise((resolve, reject) => {
    const load = os.loadavg()[0];
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        `--max-old-space-size=${HEAP_MB}`,
        ...NODE_FLAGS,
        CHILD,
        JSON.stringify(spec),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        // A run as `npx eslint .` makes it: typescript-eslint takes a process it does not know for
        // an editor, and then reloads every project (at most every 250 ms) when a file is in none,
        // so how many programs a run builds depends on its timing.
        env: { TSESTREE_SINGLE_RUN: 'true', ...process.env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        reject(new Error(`lint child (${spec.kind}) exited with ${code}:\n${stderr}`));
      else resolve({ ...JSON.parse(stdout), load });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const pluginMs = (run) =>
  Object.entries(run.ruleMs).reduce(
    (sum, [id, ms]) => (id.startsWith(PLUGIN_PREFIX) ? sum + ms : sum),
    0,
  );
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (kb) => fmt(kb / 1024);
const pad = (cells, widths) =>
  cells
    .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
    .join('  ');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-idempotency-bench-'));
const modules = path.join(tmp, 'node_modules');
try {
  // The generated projects resolve `stripe` and `@types/node` through this link.
  fs.symlinkSync(path.join(REPO, 'node_modules'), modules, 'dir');
  const target = process.argv[2] && path.resolve(process.argv[2]);
  const project = target ? { root: target } : generateProject(path.join(tmp, 'service'));
  const extra = !target || Boolean(process.env.BENCH_EXTRA);
  const stress = extra ? generateStress(path.join(tmp, 'stress')) : undefined;
  const lintProject = (kind) => ({
    kind,
    cwd: project.root,
    patterns: ['.'],
    tsconfigRootDir: project.root,
  });

  // Untimed: the plugin's type queries per file, and the files with a call into the stripe package.
  console.log(`Counting type queries and finding the files that call Stripe (untimed run)...`);
  const counted = await runChild(lintProject('queries'));
  let stripeFiles;
  if (target) {
    stripeFiles = new Set(counted.stripeCallFiles);
    console.log(`${fmt(counted.files)} files linted, ${fmt(stripeFiles.size)} call Stripe.`);
  } else {
    // The generator knows which files make Stripe calls (also through the service's wrappers).
    stripeFiles = new Set(project.stripeFiles.map((rel) => path.join(project.root, rel)));
    console.log(
      `Generated ${fmt(project.files)} files, ${fmt(project.lines)} lines in ${project.root}; ` +
        `${project.stripeFiles.length} files (${fmt((100 * project.stripeFiles.length) / project.files, 1)}%) make ${project.stripeCalls} Stripe calls.`,
    );
  }

  // Worker threads cannot receive in-memory plugins: the concurrency run loads (b) from a config file.
  const configFile = path.join(tmp, 'eslint.config.mjs');
  fs.writeFileSync(
    configFile,
    `import { configFor } from ${JSON.stringify(CONFIGS_URL)};\nexport default await configFor('b', ${JSON.stringify(project.root)});\n`,
  );

  const jobs = {
    a: lintProject('a'),
    b: lintProject('b'),
    c: lintProject('c'),
    d: lintProject('d'),
  };
  if (stress)
    jobs.stress = {
      kind: 'b',
      cwd: stress.root,
      patterns: [stress.file],
      tsconfigRootDir: stress.root,
    };
  const runs = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  const names = Object.keys(jobs);
  const progress = (label, run) =>
    console.log(
      `  ${label.padEnd(22)} wall ${fmt(run.wallMs / 1000, 1).padStart(5)} s  cpu ${fmt(run.cpuMs / 1000, 1).padStart(5)} s  ` +
        `(main thread ${fmt(run.mainThreadMs / 1000, 1).padStart(5)} s, gc ${fmt(run.gcMs / 1000, 1).padStart(4)} s)  ` +
        `allocated ${fmt(run.allocatedMb).padStart(6)} MB  peak ${mb(run.maxRssKb).padStart(5)} MB  ` +
        `plugin ${fmt(pluginMs(run)).padStart(6)} ms  nfp ${fmt(run.ruleMs[NFP] ?? 0).padStart(5)} ms  (load before: ${fmt(run.load, 1)})`,
    );
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so that no configuration always runs first or last.
    for (const name of [
      ...names.slice(round % names.length),
      ...names.slice(0, round % names.length),
    ]) {
      const run = await runChild(jobs[name]);
      runs[name].push(run);
      progress(`round ${round + 1}/${ROUNDS}: ${name}`, run);
    }
  }
  // One run: on two cores, each worker builds its own TypeScript program, so this is slow and large.
  const concurrent = extra ? await runChild({ ...jobs.b, configFile, concurrency: 2 }) : undefined;
  if (concurrent) progress('(b) with concurrency 2', concurrent);

  const med = (name, pick) => median(runs[name].map(pick));
  const wall = (name) => med(name, (run) => run.wallMs);
  const cpu = (name) => med(name, (run) => run.cpuMs);
  const rss = (name) => med(name, (run) => run.maxRssKb);
  const retained = (name) => med(name, (run) => run.retainedKb);
  const plugin = (name) => med(name, pluginMs);
  const nfp = med('c', (run) => run.ruleMs[NFP] ?? 0);
  // In one process, no-floating-promises created first: the plugin's own cost against it.
  const nfpFirst = med('d', (run) => run.ruleMs[NFP] ?? 0);

  // Type queries per file are deterministic; they come from the untimed counting run.
  const queries = Object.entries(counted.queriesByFile);
  const offStripe = queries.filter(([file]) => !stripeFiles.has(file)).sort((x, y) => y[1] - x[1]);
  const offStripeTotal = offStripe.reduce((sum, [, n]) => sum + n, 0);
  const falseReports = runs.b[0].reportedFiles.filter((file) => !stripeFiles.has(file));

  const spread = (name, pick) => {
    const values = runs[name].map(pick);
    return `${fmt(Math.min(...values) / 1000, 1)}–${fmt(Math.max(...values) / 1000, 1)}`;
  };
  // Ratios within each round: its two runs are minutes apart, so a slow spell of the machine
  // weighs on both (the medians of all runs can pair a slow run with a quick one).
  const perRound = (x, y, pick) => runs[x].map((run, i) => pick(run) / pick(runs[y][i]));
  const widths = [41, 7, 7, 8, 8, 12, 10, 7];
  console.log(`\nMedians of ${ROUNDS} runs (fresh process each)${target ? ` for ${target}` : ''}:`);
  console.log(
    pad(
      [
        'configuration',
        'wall s',
        'cpu s',
        'alloc GB',
        'peak MB',
        'retained MB',
        'plugin ms',
        'nfp ms',
      ],
      widths,
    ),
  );
  const row = (label, name, run) => {
    const value = (pick) => (run ? pick(run) : med(name, pick));
    console.log(
      pad(
        [
          label,
          fmt(value((r) => r.wallMs) / 1000, 1),
          fmt(value((r) => r.cpuMs) / 1000, 1),
          fmt(value((r) => r.allocatedMb) / 1024, 2),
          mb(value((r) => r.maxRssKb)),
          run ? '-' : mb(value((r) => r.retainedKb)),
          name === 'a' || name === 'c' ? '-' : fmt(value(pluginMs)),
          name === 'c' ? fmt(nfp) : name === 'd' ? fmt(nfpFirst) : '-',
        ],
        widths,
      ),
    );
  };
  row('(a) typed parse + baseline typed rule', 'a');
  row('(b) (a) + stripe-idempotency recommended', 'b');
  row('(c) (a) + no-floating-promises', 'c');
  row('(d) (c) + stripe-idempotency after it', 'd');
  if (concurrent) row('(b) with concurrency: 2 (one run)', 'b', concurrent);
  if (stress) row('2,000-call file alone, (b)', 'stress');
  console.log(
    `Spread (min–max over ${ROUNDS} runs), s: ${['a', 'b', 'c', 'd']
      .map(
        (name) =>
          `(${name}) wall ${spread(name, (r) => r.wallMs)}, cpu ${spread(name, (r) => r.cpuMs)}`,
      )
      .join('; ')}.`,
  );
  const ratios = (x, y, pick) =>
    perRound(x, y, pick)
      .map((ratio) => fmt(ratio, 3))
      .join(', ');
  console.log(
    `Per round, CPU (b)/(a): ${ratios('b', 'a', (r) => r.cpuMs)} (median ${fmt(median(perRound('b', 'a', (r) => r.cpuMs)), 3)}); ` +
      `(d)/(c): ${ratios('d', 'c', (r) => r.cpuMs)} (median ${fmt(median(perRound('d', 'c', (r) => r.cpuMs)), 3)}).`,
  );
  console.log(
    `Memory allocated (a steadier figure than CPU time), medians: (b)/(a) ${fmt(med('b', (r) => r.allocatedMb) / med('a', (r) => r.allocatedMb), 3)}, ` +
      `(d)/(c) ${fmt(med('d', (r) => r.allocatedMb) / med('c', (r) => r.allocatedMb), 3)}.`,
  );

  console.log(
    `\nPlugin rule time by rule, ms: (b) and % of no-floating-promises in (c) (${fmt(nfp)} ms); ` +
      `(d) and % of no-floating-promises in (d) (${fmt(nfpFirst)} ms)${stress ? '; 2,000-call file' : ''}:`,
  );
  for (const id of Object.keys(runs.b[0].ruleMs).filter((ruleId) =>
    ruleId.startsWith(PLUGIN_PREFIX),
  )) {
    const ms = med('b', (run) => run.ruleMs[id] ?? 0);
    const msFirst = med('d', (run) => run.ruleMs[id] ?? 0);
    console.log(
      `  ${id.slice(PLUGIN_PREFIX.length).padEnd(30)} ${fmt(ms).padStart(7)} (${fmt((100 * ms) / nfp)}%)` +
        `  ${fmt(msFirst).padStart(7)} (${fmt((100 * msFirst) / nfpFirst)}%)` +
        `${stress ? ` / ${fmt(med('stress', (run) => run.ruleMs[id] ?? 0))}` : ''}`,
    );
  }
  console.log(
    `Type queries in (b): ${fmt(queries.reduce((sum, [, n]) => sum + n, 0))} in ${fmt(queries.length)} files; ` +
      `${fmt(offStripeTotal)} in ${fmt(offStripe.length)} of the ${fmt(runs.b[0].files - stripeFiles.size)} files without Stripe calls` +
      `${
        offStripe.length
          ? `, most in ${offStripe
              .slice(0, 3)
              .map(([file, n]) => `${path.relative(project.root, file)} (${n})`)
              .join(', ')}`
          : ''
      }.`,
  );
  console.log(
    `Type queries by rule (the rule whose code asked): ${Object.entries(counted.queriesByRule)
      .map(([rule, n]) => `${rule} ${fmt(n)}`)
      .join(', ')}.`,
  );
  console.log(
    `Problems reported in (b): ${JSON.stringify(runs.b[0].messages)}; in files without Stripe calls: ${falseReports.length}` +
      `${
        falseReports.length
          ? ` (${falseReports
              .slice(0, 3)
              .map((file) => path.relative(project.root, file))
              .join(', ')})`
          : ''
      }.`,
  );
  if (runs.b[0].fatal)
    console.log(`Warning: ${runs.b[0].fatal} files could not be parsed (not in a tsconfig?).`);
  console.log(
    `Retained heap b/a: ${fmt(retained('b') / retained('a'), 3)}.` +
      (concurrent
        ? ` Concurrency 2 vs single-threaded (b): wall ${fmt(concurrent.wallMs / wall('b'), 2)}x, peak memory ${fmt(concurrent.maxRssKb / rss('b'), 2)}x.`
        : ''),
  );

  const targets = [
    ['wall b/a <= 1.05', fmt(wall('b') / wall('a'), 3), wall('b') / wall('a') <= 1.05],
    // CPU time is the steadier figure when the machine is shared (see the load averages above).
    ['cpu b/a <= 1.05', fmt(cpu('b') / cpu('a'), 3), cpu('b') / cpu('a') <= 1.05],
    ['cpu d/c <= 1.03', fmt(cpu('d') / cpu('c'), 3), cpu('d') / cpu('c') <= 1.03],
    ['peak memory b/a <= 1.05', fmt(rss('b') / rss('a'), 3), rss('b') / rss('a') <= 1.05],
    // As the editor loop measures it: in one process, with no-floating-promises created first.
    [
      'plugin rule time <= 10% of no-floating-promises, (d)',
      `${fmt((100 * plugin('d')) / nfpFirst, 1)}%`,
      plugin('d') <= nfpFirst / 10,
    ],
    ['type queries on files without Stripe calls = 0', fmt(offStripeTotal), offStripeTotal === 0],
  ];
  if (stress)
    targets.push([
      '2,000-call file: plugin rule time < 2 s',
      `${fmt(plugin('stress') / 1000, 2)} s`,
      plugin('stress') < 2000,
    ]);
  console.log('\nTargets:');
  for (const [label, value, pass] of targets)
    console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${label.padEnd(50)} ${value}`);
} finally {
  // Unlink first so that removing the folder can never reach the real node_modules.
  if (fs.existsSync(modules)) fs.unlinkSync(modules);
  fs.rmSync(tmp, { recursive: true, force: true });
}
