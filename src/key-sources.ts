/** What makes a key change when the same code path runs again. */
export type SourceKind = 'time' | 'random';

/** An export of a module that yields a fresh value on every call. */
export interface ModuleSource {
  readonly module: string;
  /** The export's name; `default` for a default export. */
  readonly export: string;
}

export interface SourceTable {
  /** `module` → `export` → kind, for calls (and `new`) of the export. */
  readonly calls: ReadonlyMap<string, ReadonlyMap<string, SourceKind>>;
  /** `module` → exports that return a generator whose calls are sources (`customAlphabet(...)()`). */
  readonly factories: ReadonlyMap<string, ReadonlyMap<string, SourceKind>>;
}

/** Globals: `object.method()` (or `Date()`) with no user declaration of `object`. */
export const GLOBAL_SOURCES: ReadonlyMap<string, ReadonlyMap<string, SourceKind>> = new Map([
  ['Date', new Map([['now', 'time']])],
  ['performance', new Map([['now', 'time']])],
  ['process', new Map([['hrtime', 'time']])],
  ['Math', new Map([['random', 'random']])],
  [
    'crypto',
    new Map<string, SourceKind>([
      ['randomUUID', 'random'],
      ['getRandomValues', 'random'],
    ]),
  ],
]);

const RANDOM_CALLS: readonly (readonly [string, readonly string[]])[] = [
  // uuid v3 and v5 hash their input: deterministic, so not listed.
  ['uuid', ['v1', 'v4', 'v6', 'v7']],
  ['crypto', ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues', 'randomFillSync', 'pseudoRandomBytes']],
  ['nanoid', ['nanoid']],
  ['nanoid/non-secure', ['nanoid']],
  ['cuid', ['default', 'createId']],
  ['@paralleldrive/cuid2', ['createId']],
  ['ulid', ['ulid']],
  ['ulidx', ['ulid']],
  ['bson', ['ObjectId']],
  ['mongodb', ['ObjectId']],
];

const RANDOM_FACTORIES: readonly (readonly [string, readonly string[]])[] = [
  ['nanoid', ['customAlphabet', 'customRandom']],
  ['nanoid/non-secure', ['customAlphabet']],
  ['@paralleldrive/cuid2', ['init']],
  ['ulid', ['monotonicFactory', 'factory']],
  ['ulidx', ['monotonicFactory', 'factory']],
];

/** `node:crypto` and `crypto` are one module. */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

function addAll(
  into: Map<string, Map<string, SourceKind>>,
  entries: readonly (readonly [string, readonly string[]])[] | readonly ModuleSource[],
  kind: SourceKind,
): void {
  const add = (module: string, name: string) => {
    const key = normaliseModule(module);
    if (!into.has(key)) into.set(key, new Map());
    into.get(key)!.set(name, kind);
  };
  for (const entry of entries) {
    if (Array.isArray(entry)) for (const name of entry[1] as readonly string[]) add(entry[0] as string, name);
    else add((entry as ModuleSource).module, (entry as ModuleSource).export);
  }
}

/** The default sources plus a rule's configured additions. */
export function buildSourceTable(extraRandom: readonly ModuleSource[] = [], extraTime: readonly ModuleSource[] = []): SourceTable {
  const calls = new Map<string, Map<string, SourceKind>>();
  const factories = new Map<string, Map<string, SourceKind>>();
  addAll(calls, RANDOM_CALLS, 'random');
  addAll(factories, RANDOM_FACTORIES, 'random');
  addAll(calls, extraRandom, 'random');
  addAll(calls, extraTime, 'time');
  return { calls, factories };
}
