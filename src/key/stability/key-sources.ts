import { normaliseModule, type Origin } from '../../sdk/index.js';

/** What makes a key change when the same code path runs again. */
export type SourceKind = 'time' | 'random';

/** An export of a module that yields a fresh value on every call. */
export interface ModuleSource {
  readonly module: string;
  /** The export's name; `default` for a default export; a dotted member such as `DateTime.now`. */
  readonly export: string;
}

/** How a call or `new` of a known export yields a fresh value. */
export interface SourceEntry {
  readonly kind: SourceKind;
  /** Only without arguments: `dayjs()` is now, `dayjs(order.createdAt)` is not. */
  readonly withoutArguments?: boolean;
}

/** `module` → dotted export name (its last part may be `*`) → entry. */
export type ExportTable = ReadonlyMap<string, ReadonlyMap<string, SourceEntry>>;

export interface SourceTable {
  /** For calls (and `new`) of the export. */
  readonly calls: ExportTable;
  /** Exports that return a generator whose calls are sources (`customAlphabet(...)()`). */
  readonly factories: ExportTable;
}

const TIME: SourceEntry = { kind: 'time' };
const NOW: SourceEntry = { kind: 'time', withoutArguments: true };
const RANDOM: SourceEntry = { kind: 'random' };

/**
 * Globals by dotted name, with no user declaration of the first name (`Date()` and `new Date()` are
 * handled apart).
 */
export const GLOBAL_SOURCES: ReadonlyMap<string, SourceEntry> = new Map([
  ['Date.now', TIME],
  ['performance.now', TIME],
  ['process.hrtime', TIME],
  ['process.hrtime.bigint', TIME],
  ['Temporal.Now.*', TIME],
  ['Math.random', RANDOM],
  ['crypto.randomUUID', RANDOM],
  ['crypto.getRandomValues', RANDOM],
]);

const CALLS: readonly (readonly [string, readonly string[], SourceEntry])[] = [
  // uuid v3 and v5 hash their input: deterministic, so not listed.
  ['uuid', ['v1', 'v4', 'v6', 'v7'], RANDOM],
  [
    'crypto',
    [
      'randomUUID',
      'randomBytes',
      'randomInt',
      'getRandomValues',
      'randomFillSync',
      'randomFill',
      'pseudoRandomBytes',
      'webcrypto.randomUUID',
      'webcrypto.getRandomValues',
    ],
    RANDOM,
  ],
  // The globals' own modules: `import { performance } from 'node:perf_hooks'`, `node:process`.
  ['perf_hooks', ['performance.now'], TIME],
  ['process', ['hrtime', 'hrtime.bigint', 'default.hrtime', 'default.hrtime.bigint'], TIME],
  ['nanoid', ['nanoid'], RANDOM],
  ['nanoid/non-secure', ['nanoid'], RANDOM],
  ['cuid', ['default', 'createId'], RANDOM],
  ['@paralleldrive/cuid2', ['createId'], RANDOM],
  ['ulid', ['ulid'], RANDOM],
  ['ulidx', ['ulid'], RANDOM],
  ['bson', ['ObjectId'], RANDOM],
  ['mongodb', ['ObjectId'], RANDOM],
  // Time libraries: the current time when given no date. `utc` is both a
  // default-export member (`dayjs.utc()`) and a module member under CommonJS interop.
  ['dayjs', ['default', 'default.utc', 'utc'], NOW],
  ['moment', ['default', 'default.utc', 'utc'], NOW],
  ['moment', ['default.now', 'now'], TIME],
  ['moment-timezone', ['default', 'default.utc', 'utc'], NOW],
  ['luxon', ['DateTime.now'], TIME],
  ['luxon', ['DateTime.local', 'DateTime.utc'], NOW],
  ['@js-temporal/polyfill', ['Temporal.Now.*'], TIME],
  ['temporal-polyfill', ['Temporal.Now.*'], TIME],
];

/** Functions that fill the buffer they are given with random bytes, and keep nothing. */
const RANDOM_FILLS: ReadonlySet<string> = new Set([
  'getRandomValues',
  'randomFillSync',
  'randomFill',
]);

/** Whether a callee, as its dotted text, fills its argument with random bytes: no store of it. */
export function isRandomFill(text: string): boolean {
  return RANDOM_FILLS.has(text.slice(text.lastIndexOf('.') + 1));
}

const FACTORIES: readonly (readonly [string, readonly string[]])[] = [
  ['nanoid', ['customAlphabet', 'customRandom']],
  ['nanoid/non-secure', ['customAlphabet']],
  ['@paralleldrive/cuid2', ['init']],
  ['ulid', ['monotonicFactory', 'factory']],
  ['ulidx', ['monotonicFactory', 'factory']],
];

/**
 * Retry functions whose callback is re-run on failure, and the callback
 * parameter that receives the attempt number: `pRetry((attempt) => …)`,
 * `retry(async (bail, attempt) => …)`, `promiseRetry((retry, attempt) => …)`.
 */
export const RETRY_FUNCTIONS: ReadonlyMap<
  string,
  { readonly export: string; readonly attemptParameter: number }
> = new Map([
  ['p-retry', { export: 'default', attemptParameter: 0 }],
  ['async-retry', { export: 'default', attemptParameter: 1 }],
  ['promise-retry', { export: 'default', attemptParameter: 1 }],
]);

/** The entry for a dotted name: exact, or under a `*` that ends an entry (`Temporal.Now.*`). */
export function lookUp(
  entries: ReadonlyMap<string, SourceEntry> | undefined,
  name: string,
): SourceEntry | undefined {
  if (!entries) return undefined;
  const exact = entries.get(name);
  if (exact) return exact;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? entries.get(`${name.slice(0, dot)}.*`) : undefined;
}

function add(
  into: Map<string, Map<string, SourceEntry>>,
  module: string,
  name: string,
  entry: SourceEntry,
): void {
  const key = normaliseModule(module);
  if (!into.has(key)) into.set(key, new Map());
  into.get(key)!.set(name, entry);
}

/** The default sources plus a rule's configured additions. */
export function buildSourceTable(
  extraRandom: readonly ModuleSource[] = [],
  extraTime: readonly ModuleSource[] = [],
): SourceTable {
  const calls = new Map<string, Map<string, SourceEntry>>();
  const factories = new Map<string, Map<string, SourceEntry>>();
  for (const [module, names, entry] of CALLS)
    for (const name of names) add(calls, module, name, entry);
  for (const [module, names] of FACTORIES)
    for (const name of names) add(factories, module, name, RANDOM);
  for (const source of extraRandom) add(calls, source.module, source.export, RANDOM);
  for (const source of extraTime) add(calls, source.module, source.export, TIME);
  return { calls, factories };
}

/** The source entry an origin matches in a table of module exports, or among the globals. */
export function sourceEntry(origin: Origin, table: ExportTable): SourceEntry | undefined {
  if (origin.module === undefined) {
    for (const name of origin.names) {
      const entry = lookUp(GLOBAL_SOURCES, name);
      if (entry) return entry;
    }
    return undefined;
  }
  const entries = table.get(origin.module);
  for (const name of origin.names.length === 0 ? ['default'] : origin.names) {
    const entry = lookUp(entries, name);
    if (entry) return entry;
  }
  return undefined;
}

const SOURCE_MODULES: ReadonlySet<string> = new Set(
  [...[...CALLS, ...FACTORIES].map(([module]) => module), ...RETRY_FUNCTIONS.keys()].map(
    normaliseModule,
  ),
);

/**
 * Whether a module makes values that change on every run: it exports a default source, a factory
 * of them, or a retry function that passes the attempt number; or it is one of `added`.
 */
export function isSourceModule(module: string, added: ReadonlySet<string>): boolean {
  const normalised = normaliseModule(module);
  return SOURCE_MODULES.has(normalised) || added.has(normalised);
}

/** The modules of the sources the options add, as `isSourceModule` compares them. */
export function sourceModulesOf(sources: readonly ModuleSource[]): ReadonlySet<string> {
  return new Set(sources.map((source) => normaliseModule(source.module)));
}

/** The globals whose members are default sources: `Date`, `Math`, `crypto`, … */
export const GLOBAL_SOURCE_ROOTS: ReadonlySet<string> = new Set(
  [...GLOBAL_SOURCES.keys()].map((name) => name.split('.')[0]),
);
