// One benchmark run in a fresh process (started with --expose-gc): lints with
// one configuration and prints a JSON summary on stdout. Argument: a JSON spec
// { kind, cwd, patterns, tsconfigRootDir, configFile?, concurrency? }.
// With `concurrency`, the config comes from `configFile` (worker threads
// cannot receive in-memory plugin objects). The `queries` kind (untimed) also
// reports the plugin's type queries per file and the files that call Stripe.
import fs from 'node:fs';
import v8 from 'node:v8';
import { ESLint } from 'eslint';
import { configFor } from './configs.mjs';
import { stripeCallFiles } from './probe.mjs';
import { queriesByFile, queriesByRule } from './queries.mjs';

const spec = JSON.parse(process.argv[2]);

// Bytes allocated (heap used before each collection minus after the one before) and the
// collections' main-thread time: unlike CPU time, allocation does not depend on the machine's load.
const gcProfiler = new v8.GCProfiler();
gcProfiler.start();

const eslint = spec.concurrency
  ? new ESLint({
      cwd: spec.cwd,
      overrideConfigFile: spec.configFile,
      concurrency: spec.concurrency,
      stats: true,
    })
  : new ESLint({
      cwd: spec.cwd,
      overrideConfigFile: true,
      overrideConfig: await configFor(spec.kind, spec.tsconfigRootDir),
      stats: true,
    });
const results = await eslint.lintFiles(spec.patterns);
// Wall time from process start (Node's time origin), imports and startup included.
const wallMs = performance.now();
const usage = process.resourceUsage();
const { statistics: collections } = gcProfiler.stop();
let allocated = 0;
let usedAfter = collections[0]?.beforeGC.heapStatistics.usedHeapSize ?? 0;
let gcMs = 0;
for (const { beforeGC, afterGC, cost } of collections) {
  allocated += beforeGC.heapStatistics.usedHeapSize - usedAfter;
  usedAfter = afterGC.heapStatistics.usedHeapSize;
  gcMs += cost / 1000;
}
// The main thread's own CPU time (Linux: utime + stime of the task whose id is the pid, in clock
// ticks of 10 ms): unlike the process total, it leaves out the collector's and libuv's helper threads.
const mainThreadMs = (() => {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
})();
// What stays alive after a full GC (program, checker, caches): unlike peak RSS,
// it does not depend on when the GC happened to run. Workers' heaps are gone by now.
globalThis.gc();
const retainedKb = spec.concurrency ? undefined : process.memoryUsage().heapUsed / 1024;

// Rule times (ms: create() plus listeners) summed over files and fix passes (one pass: no --fix).
const ruleMs = {};
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    for (const [ruleId, { total }] of Object.entries(pass.rules ?? {}))
      ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + total;
  }
}

const messages = {};
let fatal = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) fatal++;
    // A real project's disable comments name rules this config does not load: counted as `other`.
    const id = message.fatal
      ? 'fatal'
      : message.ruleId?.startsWith('stripe-idempotency/')
        ? message.ruleId
        : 'other';
    messages[id] = (messages[id] ?? 0) + 1;
  }
}

process.stdout.write(
  JSON.stringify({
    files: results.length,
    ruleMs,
    messages,
    fatal,
    reportedFiles: results
      .filter((result) =>
        result.messages.some((message) => message.ruleId?.startsWith('stripe-idempotency/')),
      )
      .map((result) => result.filePath),
    queriesByFile: spec.kind === 'queries' ? Object.fromEntries(queriesByFile) : undefined,
    queriesByRule: spec.kind === 'queries' ? Object.fromEntries(queriesByRule) : undefined,
    stripeCallFiles: spec.kind === 'queries' ? [...stripeCallFiles] : undefined,
    wallMs,
    maxRssKb: usage.maxRSS,
    retainedKb,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    sysMs: usage.systemCPUTime / 1000,
    mainThreadMs,
    gcMs,
    gcCount: collections.length,
    allocatedMb: allocated / 2 ** 20,
  }),
);
