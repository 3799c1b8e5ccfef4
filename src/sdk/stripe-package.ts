import fs from 'node:fs';
import path from 'node:path';

/** One installed copy of the `stripe` npm package, as its `package.json` reads now. */
export interface StripePackage {
  /** Real path of the folder that holds stripe's `package.json`. */
  readonly root: string;
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /**
   * `ambient`: stripe 8–21, types inside `declare module 'stripe'`, under `types/<api-version>/`
   * (8–11.0: `types/2020-08-27/`) or flat under `types/` (11.5–21).
   * `classes`: stripe 22+, generated classes beside the resource JS.
   */
  readonly layout: 'ambient' | 'classes';
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  types?: unknown;
  typings?: unknown;
}

// The declarations' entry of the `types/` layouts: `types/index.d.ts`, or before 11.5
// `types/<api-version>/index.d.ts` (the API version is a date, which changes with the major).
const AMBIENT_ENTRY = /^(?:\.\/)?types\/(?:\d{4}-\d{2}-\d{2}\/)?index\.d\.ts$/;

function isAmbientLayout(root: string, json: PackageJson): boolean {
  const entry = json.types ?? json.typings;
  return (
    (typeof entry === 'string' && AMBIENT_ENTRY.test(entry)) ||
    fs.existsSync(path.join(root, 'types', 'index.d.ts'))
  );
}

function readPackageJson(file: string): PackageJson | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error) {
    throw new Error(
      `eslint-plugin-stripe-idempotency: cannot parse ${file} (${(error as Error).message}); reinstall the package.`,
    );
  }
}

// An editor's ESLint server lives for days: a package is known by its
// package.json's identity, so a reinstall (new version, same folder) is noticed.
const packages = new Map<string, StripePackage>();

function packageAt(root: string): StripePackage | undefined {
  const manifest = path.join(root, 'package.json');
  const stat = fs.statSync(manifest, { throwIfNoEntry: false });
  if (!stat) return undefined;
  const identity = `${root}\0${stat.mtimeMs}\0${stat.size}`;
  const known = packages.get(identity);
  if (known) return known;
  const json = readPackageJson(manifest);
  if (json?.name !== 'stripe') return undefined;
  const version = typeof json.version === 'string' ? json.version : '0.0.0';
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/, 3).map(Number);
  const pkg: StripePackage = {
    root,
    version,
    major,
    minor,
    patch,
    layout: isAmbientLayout(root, json) ? 'ambient' : 'classes',
  };
  for (const [key, old] of packages) if (old.root === root) packages.delete(key);
  packages.set(identity, pkg);
  return pkg;
}

/** A directory's owner, and the package.json files that decided it, as they were then. */
interface Owner {
  readonly root: string | null;
  /**
   * Each package.json from the directory up to the first with a name: path and identity ('' where
   * none).
   */
  readonly evidence: readonly (readonly [file: string, identity: string])[];
}

// A package can be installed, removed or renamed while an editor's ESLint server runs: an
// answer holds while the package.json files that decided it are as they were.
const ownerByDirectory = new Map<string, Owner>();

function manifestIdentity(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.ino}\0${stat.mtimeMs}\0${stat.size}` : '';
}

function isCurrentOwner(owner: Owner): boolean {
  return owner.evidence.every(([file, identity]) => manifestIdentity(file) === identity);
}

/**
 * The root of the stripe package a file belongs to: the nearest
 * `package.json` that has a name must be stripe's (nameless ones such as
 * `esm/package.json` only set the module type). Cached by directory, and
 * checked again with a `stat` of each package.json that decided it (once per
 * `checked` set: a caller that asks of every file of one import graph passes
 * one per graph).
 */
export function stripeRootOwning(fileName: string, checked?: WeakSet<object>): string | undefined {
  const known = ownerByDirectory.get(path.dirname(fileName));
  if (known && (checked?.has(known) || isCurrentOwner(known))) {
    checked?.add(known);
    return known.root ?? undefined;
  }
  const visited: string[] = [];
  const evidence: [string, string][] = [];
  let root: string | null = null;
  for (let dir = path.dirname(fileName); ;) {
    const manifest = path.join(dir, 'package.json');
    visited.push(dir);
    // The identity before the read: a change after it is noticed next time.
    evidence.push([manifest, manifestIdentity(manifest)]);
    const json = readPackageJson(manifest);
    if (json && typeof json.name === 'string') {
      root = json.name === 'stripe' ? dir : null;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  visited.forEach((dir, i) => {
    const owner = { root, evidence: evidence.slice(i) };
    ownerByDirectory.set(dir, owner);
    checked?.add(owner);
  });
  return root ?? undefined;
}

/** The stripe package a declaration file belongs to, as installed now. */
export function stripePackageOwning(fileName: string): StripePackage | undefined {
  const root = stripeRootOwning(fileName);
  return root === undefined ? undefined : packageAt(root);
}

/**
 * The stripe package Node would resolve from a source file: the first
 * `node_modules/stripe` on the way up. Only path lookups; nothing is loaded.
 * What each directory on the way found is remembered, and checked again with
 * one `stat` per call, so that a reinstall or removal is noticed (once per
 * `checked` set: a caller that passes one per program checks each package once
 * per program); where none was found the way up is walked again, so that an
 * install is.
 */
export function stripePackageInstalledFor(
  fileName: string,
  checked?: WeakSet<object>,
): StripePackage | undefined {
  const visited: string[] = [];
  for (let dir = path.dirname(path.resolve(fileName)); ;) {
    let found = installedFrom.get(dir);
    if (found && !checked?.has(found)) {
      if (isCurrent(found)) checked?.add(found);
      else {
        installedFrom.delete(dir);
        found = undefined;
      }
    }
    if (!found) {
      const candidate = path.join(dir, 'node_modules', 'stripe');
      const stat = fs.statSync(path.join(candidate, 'package.json'), { throwIfNoEntry: false });
      // The link's target, not the link: pnpm's node_modules/stripe points into its store.
      const pkg = stat && packageAt(fs.realpathSync(candidate));
      if (stat && pkg) found = { candidate, identity: identityOf(candidate, stat), pkg };
    }
    visited.push(dir);
    if (found) {
      for (const seen of visited) installedFrom.set(seen, found);
      return found.pkg;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface Found {
  /** `<dir>/node_modules/stripe`, as Node finds it (perhaps a link). */
  readonly candidate: string;
  /** Its package.json's identity when found. */
  readonly identity: string;
  readonly pkg: StripePackage;
}

function isCurrent(found: Found): boolean {
  const stat = fs.statSync(path.join(found.candidate, 'package.json'), { throwIfNoEntry: false });
  return stat !== undefined && identityOf(found.candidate, stat) === found.identity;
}

// Per directory: the `node_modules/stripe` its files resolve to, as its package.json was then.
const installedFrom = new Map<string, Found>();

function identityOf(candidate: string, stat: fs.Stats): string {
  return `${candidate}\0${stat.ino}\0${stat.mtimeMs}\0${stat.size}`;
}

/** `stripe` or a path inside it (`stripe/esm/…`): a module specifier that names the package. */
export function isStripeModule(specifier: string): boolean {
  return specifier === 'stripe' || specifier.startsWith('stripe/');
}

/**
 * Whether the SDK reads the option `idempotency_key` as `idempotencyKey`: a deprecated alias that
 * 11.0.0 removed (its CHANGELOG, #1600); 8–10 send it, with a deprecation warning.
 */
export function readsDeprecatedKeyOption(pkg: StripePackage): boolean {
  return pkg.major < 11;
}

/** Whether the SDK honours an `Idempotency-Key` entry in `options.headers` (20.4.1+). */
export function honoursHeaderKey(pkg: StripePackage): boolean {
  if (pkg.major !== 20) return pkg.major > 20;
  return pkg.minor > 4 || (pkg.minor === 4 && pkg.patch >= 1);
}
