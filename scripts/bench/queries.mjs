// Counting the plugin's type queries from the outside, without any counter in
// the plugin's own code.
//
// A type query is a call of a method of the program's TypeChecker
// (getTypeAtLocation, getSymbolAtLocation, getResolvedSignature,
// getTypeOfSymbol, ...). typescript-eslint's parser services and every rule
// reach the checker through the one object `program.getTypeChecker()` returns
// (the parser creates it while parsing), so wrapping that object's methods in
// place sees every call, whoever holds a reference to it.
//
// Calls are attributed to the plugin only while one of its rules' own code
// runs: the plugin given to ESLint is a copy whose rules' `create` and
// listeners set the current file around the original functions. Calls made by
// other rules (the baseline, no-floating-promises, the classifier) and by
// ESLint itself are not counted. A nested call (a checker method that calls
// another through the object) counts once.
//
// The wrappers cost a function call per listener call and per checker call,
// so the timed whole-repo runs do not use them: the benchmark counts in its
// untimed run. The editor loop counts in every lint (the overhead is well
// under a millisecond per lint) and says so.

// BENCH_SLOW_QUERY_MS=5: print each plugin type query slower than that, with
// the node asked about and the plugin's frames that asked (where time goes).
const SLOW_QUERY_MS = process.env.BENCH_SLOW_QUERY_MS
  ? Number(process.env.BENCH_SLOW_QUERY_MS)
  : undefined;

function reportSlowQuery(method, node, ms) {
  if (ms < SLOW_QUERY_MS) return;
  const frames = new Error().stack
    .split('\n')
    .filter((line) => line.includes('/dist/'))
    .slice(0, 6)
    .map((line) =>
      line
        .trim()
        .replace(/^at /, '')
        .replace(/\(.*\/dist\//, '('),
    );
  const text =
    typeof node?.getText === 'function' ? node.getText().replace(/\s+/g, ' ').slice(0, 60) : '';
  console.error(
    `slow query ${ms.toFixed(1)} ms in ${activeFile}: ${method}(${text}) from ${frames.join(' < ')}`,
  );
}

const instrumented = new WeakSet();
/** Queries made by the plugin's rules, per linted file. */
export const queriesByFile = new Map();
/** The same queries per rule (the rule whose code was running; with a shared engine, the first to ask). */
export const queriesByRule = new Map();
let activeFile;
let activeRule;
let depth = 0;

function instrumentChecker(checker) {
  if (instrumented.has(checker)) return;
  instrumented.add(checker);
  for (const key of Object.keys(checker)) {
    const original = checker[key];
    if (typeof original !== 'function') continue;
    checker[key] = function countedQuery(...args) {
      if (activeFile !== undefined && depth === 0) {
        queriesByFile.set(activeFile, (queriesByFile.get(activeFile) ?? 0) + 1);
        queriesByRule.set(activeRule, (queriesByRule.get(activeRule) ?? 0) + 1);
      }
      depth++;
      const started = SLOW_QUERY_MS === undefined ? 0 : performance.now();
      try {
        return original.apply(this, args);
      } finally {
        depth--;
        if (SLOW_QUERY_MS !== undefined && depth === 0 && activeFile !== undefined) {
          reportSlowQuery(key, args[0], performance.now() - started);
        }
      }
    };
  }
}

/** Runs `fn` with queries attributed to `file` and `ruleName` (nested runs restore the outer ones). */
function attributed(file, ruleName, fn, self, args) {
  const outer = [activeFile, activeRule];
  activeFile = file;
  activeRule = ruleName;
  try {
    return fn.apply(self, args);
  } finally {
    [activeFile, activeRule] = outer;
  }
}

function countingRule(ruleName, rule) {
  return {
    ...rule,
    create(context) {
      const file = context.physicalFilename;
      // Cheap: typescript-eslint created the checker while parsing the file.
      const program = context.sourceCode.parserServices?.program;
      if (program) instrumentChecker(program.getTypeChecker());
      const listeners = attributed(file, ruleName, rule.create, rule, [context]);
      const wrapped = {};
      for (const [selector, listener] of Object.entries(listeners)) {
        wrapped[selector] = function countedListener(...args) {
          return attributed(file, ruleName, listener, this, args);
        };
      }
      return wrapped;
    },
  };
}

/** A copy of `plugin` whose rules attribute their checker calls to the file being linted. */
export function countingPlugin(plugin) {
  const rules = Object.fromEntries(
    Object.entries(plugin.rules).map(([name, rule]) => [name, countingRule(name, rule)]),
  );
  return { ...plugin, rules };
}

/** The plugin's recommended config, with the counting copy of the plugin under the same namespace. */
export function countingConfig(plugin, config) {
  const counted = countingPlugin(plugin);
  return {
    ...config,
    plugins: Object.fromEntries(
      Object.entries(config.plugins ?? {}).map(([ns, p]) => [
        ns,
        p === plugin || p?.rules === plugin.rules ? counted : p,
      ]),
    ),
  };
}
