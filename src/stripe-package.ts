import fs from 'node:fs';
import path from 'node:path';

/** One installed copy of the `stripe` npm package. */
export interface StripePackage {
  /** Real path of the folder that holds stripe's `package.json`. */
  readonly root: string;
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /**
   * `ambient`: stripe 12–21, types under `types/` inside `declare module 'stripe'`.
   * `classes`: stripe 22+, generated classes beside the resource JS.
   */
  readonly layout: 'ambient' | 'classes';
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
}

const packages = new Map<string, StripePackage>();
const ownerByDirectory = new Map<string, StripePackage | null>();
const installedByDirectory = new Map<string, StripePackage | null>();

function readPackageJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function loadPackage(root: string, json: PackageJson): StripePackage {
  const known = packages.get(root);
  if (known) return known;
  const version = typeof json.version === 'string' ? json.version : '0.0.0';
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/, 3).map(Number);
  const pkg: StripePackage = {
    root,
    version,
    major,
    minor,
    patch,
    layout: fs.existsSync(path.join(root, 'types', 'index.d.ts')) ? 'ambient' : 'classes',
  };
  packages.set(root, pkg);
  return pkg;
}

/**
 * The stripe package a declaration file belongs to: the nearest `package.json`
 * that has a name must be stripe's (nameless ones such as `esm/package.json`
 * only set the module type).
 */
export function stripePackageOwning(fileName: string): StripePackage | undefined {
  const visited: string[] = [];
  let dir = path.dirname(fileName);
  let found: StripePackage | null = null;
  for (;;) {
    const cached = ownerByDirectory.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const json = readPackageJson(path.join(dir, 'package.json'));
    if (json && typeof json.name === 'string') {
      found = json.name === 'stripe' ? loadPackage(dir, json) : null;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const seen of visited) ownerByDirectory.set(seen, found);
  return found ?? undefined;
}

/**
 * The stripe package Node would resolve from a source file: the first
 * `node_modules/stripe` on the way up. Only a path lookup; nothing is loaded.
 */
export function stripePackageInstalledFor(fileName: string): StripePackage | undefined {
  const visited: string[] = [];
  let dir = path.dirname(path.resolve(fileName));
  let found: StripePackage | null = null;
  for (;;) {
    const cached = installedByDirectory.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const candidate = path.join(dir, 'node_modules', 'stripe');
    const json = readPackageJson(path.join(candidate, 'package.json'));
    if (json?.name === 'stripe') {
      found = loadPackage(fs.realpathSync(candidate), json);
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const seen of visited) installedByDirectory.set(seen, found);
  return found ?? undefined;
}

/** Whether the SDK honours an `Idempotency-Key` entry in `options.headers` (20.4.1+). */
export function honoursHeaderKey(pkg: StripePackage): boolean {
  if (pkg.major !== 20) return pkg.major > 20;
  return pkg.minor > 4 || (pkg.minor === 4 && pkg.patch >= 1);
}
