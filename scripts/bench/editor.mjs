// Editor loop: what an editor's ESLint server pays per keystroke.
//
//   npm run bench:editor -- <app dir> <file>...   (files relative to the app dir)
//
// One ESLint instance with typescript-eslint's projectService, kept warm as an
// editor's server keeps it. Each file is linted once (untimed: the program
// exists, as for a file open in the editor; this lint also finds whether the
// file calls Stripe), then re-linted BENCH_EDITS times (default 12), each time
// after an edit, so that a new program and checker are built. Per lint,
// ESLint's own stats give the parse time (the program update) and each rule's
// time; the plugin's four rules and @typescript-eslint/no-floating-promises run
// in the same lint. no-floating-promises is created first (NFP_FIRST=0 puts it
// last), so it pays for the type-checking a new checker needs before anyone
// can ask it anything, and the plugin's figure is its own cost.
//
// The plugin's type queries per lint are counted as in queries.mjs (the
// counting wrappers add well under a millisecond to a lint).
//
// Prints per-file medians, then medians and p90 for the files that call Stripe,
// for those that do not, and for all, against the issue's targets
// (plugin median <= 5 ms and p90 <= 25 ms per lint). Needs `npm run build`.
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';
import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_URL, TS_FILES } from './configs.mjs';
import { classifier, probePlugin, stripeCallFiles } from './probe.mjs';
import { countingPlugin, queriesByFile } from './queries.mjs';

const [appArg, ...files] = process.argv.slice(2);
if (!appArg || files.length === 0) {
  console.error(
    'usage: npm run bench:editor -- <app dir> <file>... (files relative to the app dir)',
  );
  process.exit(2);
}
const EDITS = Math.max(1, Number(process.env.BENCH_EDITS) || 12);
const NFP = '@typescript-eslint/no-floating-promises';
const NS = 'stripe-idempotency';
const appDir = path.resolve(appArg);
const plugin = (await import(PLUGIN_URL)).default;
const ours = Object.keys(plugin.rules).map((rule) => `${NS}/${rule}`);
const oursOn = Object.fromEntries(ours.map((rule) => [rule, 'error']));
const nfpFirst = process.env.NFP_FIRST !== '0';

const eslint = new ESLint({
  cwd: appDir,
  overrideConfigFile: true,
  ignore: false,
  stats: true,
  overrideConfig: [
    {
      files: TS_FILES,
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: true, tsconfigRootDir: appDir },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: {
        [NS]: countingPlugin(plugin),
        '@typescript-eslint': tseslint.plugin,
        bench: probePlugin,
      },
      rules: {
        ...(nfpFirst ? { [NFP]: 'error', ...oursOn } : { ...oursOn, [NFP]: 'error' }),
        // Last, and active only in each file's untimed first lint.
        'bench/stripe-calls': 'error',
      },
    },
  ],
});

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p90 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

function times(result) {
  let ours = 0;
  let nfp = 0;
  let parse = 0;
  for (const pass of result.stats?.times?.passes ?? []) {
    parse += pass.parse?.total ?? 0;
    for (const [id, { total }] of Object.entries(pass.rules ?? {})) {
      if (id.startsWith(`${NS}/`)) ours += total;
      else if (id === NFP) nfp += total;
    }
  }
  return { plugin: ours, nfp, parse };
}

const groups = { stripe: [], other: [] };
for (const file of files) {
  const abs = path.join(appDir, file);
  const text = fs.readFileSync(abs, 'utf8');
  classifier.enabled = true;
  const [first] = await eslint.lintText(text, { filePath: abs });
  classifier.enabled = false;
  const fatal = first.messages.find((message) => message.fatal);
  if (fatal) {
    console.log(`SETUP ${file}: ${fatal.message.split('\n')[0]}`);
    continue;
  }
  const callsStripe = stripeCallFiles.has(abs);
  const lints = [];
  for (let i = 0; i < EDITS; i++) {
    queriesByFile.delete(abs);
    // A keystroke: the file's text changes, so the program and its checker are rebuilt.
    const [result] = await eslint.lintText(`${text}\n// edit ${i}\n`, { filePath: abs });
    lints.push({ ...times(result), queries: queriesByFile.get(abs) ?? 0 });
  }
  groups[callsStripe ? 'stripe' : 'other'].push(...lints);
  const med = (key) => median(lints.map((lint) => lint[key])).toFixed(1);
  console.log(
    `${file} (${callsStripe ? 'calls Stripe' : 'no Stripe call'}): plugin ${med('plugin')} ms, nfp ${med('nfp')} ms, ` +
      `parse ${med('parse')} ms, ${lints[0].queries} type queries/lint, ${first.messages.filter((message) => message.ruleId?.startsWith(`${NS}/`)).length} problems from the plugin`,
  );
}

const summary = (label, lints) => {
  if (!lints.length) return;
  const plugin = lints.map((lint) => lint.plugin);
  const pass = median(plugin) <= 5 && p90(plugin) <= 25;
  console.log(
    `${pass ? 'PASS' : 'FAIL'}  ${label.padEnd(15)} plugin median ${median(plugin).toFixed(1)} ms/lint (p90 ${p90(plugin).toFixed(1)}) ` +
      `vs no-floating-promises ${median(lints.map((lint) => lint.nfp)).toFixed(1)} ms/lint; ` +
      `parse ${median(lints.map((lint) => lint.parse)).toFixed(1)} ms; type queries/lint median ${median(lints.map((lint) => lint.queries))}; ${lints.length} lints`,
  );
};
console.log(
  `\nEditor loop on ${appDir}, ${EDITS} edits per file (target: plugin median <= 5 ms, p90 <= 25 ms):`,
);
summary('Stripe files', groups.stripe);
summary('other files', groups.other);
summary('all', [...groups.stripe, ...groups.other]);
if (!groups.stripe.length && !groups.other.length) process.exit(1);
