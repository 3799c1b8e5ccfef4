import fs from 'node:fs';
import path from 'node:path';
import type { StripePackage } from './stripe-package.js';

export type HttpVerb = 'GET' | 'POST' | 'DELETE';

export interface SdkMethod {
  /** Undefined when the method's JS has no single readable verb. */
  readonly verb: HttpVerb | undefined;
  /** API path with `{placeholders}`, e.g. `/v1/refunds/{id}`. */
  readonly path: string | undefined;
  /**
   * Position of the request-options argument, when the JS shows it; for calls the type checker
   * cannot resolve.
   */
  readonly optionsIndex?: number;
}

/** Every resource method of one installed SDK, read from its JS as text. */
export interface VerbTable {
  /**
   * Resource key (JS path under `resources/` without `.js`, e.g. `Checkout/Sessions`) → method →
   * verb.
   */
  readonly resources: ReadonlyMap<string, ReadonlyMap<string, SdkMethod>>;
  /** Names of methods that are a POST on some resource. */
  readonly postMethodNames: ReadonlySet<string>;
  /** Names of every method with a readable verb. */
  readonly methodNames: ReadonlySet<string>;
  /**
   * The property each resource sits under on its parent: `refunds`, `sessions` (of
   * `checkout.sessions`).
   */
  readonly resourceProperties: ReadonlySet<string>;
  /** Why the resource JS could not be read, when it could not; the name-based guess applies. */
  readonly unreadable: string | undefined;
}

export interface ResolvedVerb extends SdkMethod {
  /** `sdk`: read from the installed package; `guess`: the documented name-based fallback. */
  readonly source: 'sdk' | 'guess';
}

// Keyed by the package as installed now: a reinstall makes a new StripePackage, and so a new table.
const tables = new WeakMap<StripePackage, VerbTable>();

const VERBS = new Set<string>(['GET', 'POST', 'DELETE']);
// A member of the resource object (12–21) or class (22+): compiled output
// indents them by exactly four spaces, their bodies deeper.
const MEMBER = /^ {4}(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|\(([^)]*)\))/gm;
// 22+: this._makeRequest('POST', '/v1/refunds', ...) or a template path.
const MAKE_REQUEST = /_makeRequest\(\s*'([A-Z]+)'\s*,\s*(?:'([^']*)'|`([^`]*)`)?/g;
// 12–21: stripeMethod({ method: 'POST', fullPath: '/v1/refunds' }).
const METHOD_SPEC = /\bmethod:\s*'([A-Z]+)'/g;
const PATH_SPEC = /\b(?:fullPath|path):\s*'([^']*)'/;

function normalisePath(raw: string): string {
  const withParams = raw.replace(
    /\$\{encodeURIComponent\((\w+)\)\}|\$\{(\w+)\}/g,
    (_, a: string, b: string) => `{${a ?? b}}`,
  );
  return withParams.startsWith('/') ? withParams : `/${withParams}`;
}

/** Reads the verbs of one resource file; exported for the tests. */
export function parseResourceSource(source: string): Map<string, SdkMethod> {
  const members: { name: string; start: number; parameters: string | undefined }[] = [];
  for (const match of source.matchAll(MEMBER))
    members.push({ name: match[1], start: match.index, parameters: match[2] });
  const methods = new Map<string, SdkMethod>();
  members.forEach((member, i) => {
    const body = source.slice(member.start, members[i + 1]?.start ?? source.length);
    const verbs = new Set<string>();
    let apiPath: string | undefined;
    for (const call of body.matchAll(MAKE_REQUEST)) {
      verbs.add(call[1]);
      const raw = call[2] ?? call[3];
      apiPath ??= raw === undefined ? undefined : normalisePath(raw);
    }
    for (const spec of body.matchAll(METHOD_SPEC)) verbs.add(spec[1]);
    if (verbs.size === 0) return;
    const specPath = PATH_SPEC.exec(body)?.[1];
    apiPath ??= specPath === undefined ? undefined : normalisePath(specPath);
    const [only] = verbs;
    // 22+: `create(params, options)`; 12–21: one argument per path placeholder, then params and
    // options.
    const declared = member.parameters?.split(',').map((p) => p.trim());
    const optionsIndex = declared?.includes('options')
      ? declared.indexOf('options')
      : specPath !== undefined && !declared
        ? (specPath.match(/\{/g)?.length ?? 0) + 1
        : undefined;
    methods.set(member.name, {
      verb: verbs.size === 1 && VERBS.has(only) ? (only as HttpVerb) : undefined,
      path: apiPath,
      ...(optionsIndex !== undefined && { optionsIndex }),
    });
  });
  return methods;
}

function listResourceFiles(dir: string, prefix: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      listResourceFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`, out);
    else if (entry.name.endsWith('.js')) out.push(`${prefix}${entry.name.slice(0, -3)}`);
  }
}

function resourcesDirectory(pkg: StripePackage): string {
  const cjs = path.join(pkg.root, 'cjs', 'resources');
  return fs.existsSync(cjs) ? cjs : path.join(pkg.root, 'esm', 'resources');
}

/** `Checkout/Sessions` → `checkout.sessions`, as the SDK names its properties. */
export function resourceProperty(resourceKey: string): string {
  return resourceKey
    .split('/')
    .map((segment) => (segment === 'OAuth' ? 'oauth' : segment[0].toLowerCase() + segment.slice(1)))
    .join('.');
}

/** The verb table of an installed SDK, read once per installed version. */
export function getVerbTable(pkg: StripePackage): VerbTable {
  const cached = tables.get(pkg);
  if (cached) return cached;
  const resources = new Map<string, Map<string, SdkMethod>>();
  const postMethodNames = new Set<string>();
  const methodNames = new Set<string>();
  const resourceProperties = new Set<string>();
  let unreadable: string | undefined;
  try {
    const dir = resourcesDirectory(pkg);
    const keys: string[] = [];
    listResourceFiles(dir, '', keys);
    for (const key of keys) {
      const methods = parseResourceSource(fs.readFileSync(path.join(dir, `${key}.js`), 'utf8'));
      if (methods.size === 0) continue;
      resources.set(key, methods);
      resourceProperties.add(resourceProperty(key).split('.').pop()!);
      for (const [name, method] of methods) {
        methodNames.add(name);
        if (method.verb === 'POST') postMethodNames.add(name);
      }
    }
  } catch (error) {
    // A missing or unreadable file: the documented fallback. Anything else is a bug.
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    unreadable = (error as Error).message;
  }
  if (resources.size === 0 && unreadable === undefined) {
    unreadable = `no resource methods found under ${resourcesDirectory(pkg)}`;
  }
  const table: VerbTable = {
    resources,
    postMethodNames,
    methodNames,
    resourceProperties,
    unreadable,
  };
  tables.set(pkg, table);
  if (unreadable !== undefined) {
    // Once per package for the process, not once per call.
    process.emitWarning(
      `eslint-plugin-stripe-idempotency: cannot read the resource files of stripe ${pkg.version} at ${pkg.root} (${unreadable}); ` +
        'HTTP verbs are guessed from method names until it is reinstalled.',
      { code: 'STRIPE_IDEMPOTENCY_UNREADABLE_SDK' },
    );
  }
  return table;
}

/**
 * The documented fallback when the SDK's JS gives no verb: names that read
 * like queries are GET, `del`/`delete*` are DELETE, everything else is POST.
 * It errs towards POST, so an unreadable SDK leads to reports, not silence.
 */
export function guessVerb(methodName: string): HttpVerb {
  if (/^(?:retrieve|list|search|find|get)(?:[A-Z]|$)/.test(methodName) || methodName === 'pdf')
    return 'GET';
  if (/^del(?:ete)?(?:[A-Z]|$)/.test(methodName)) return 'DELETE';
  return 'POST';
}

/** The verb of `resourceKey`'s `methodName`, from the SDK when it says, else guessed. */
export function resolveVerb(
  pkg: StripePackage,
  resourceKey: string,
  methodName: string,
): ResolvedVerb {
  const method = getVerbTable(pkg).resources.get(resourceKey)?.get(methodName);
  if (method?.verb) return { ...method, source: 'sdk' };
  return { verb: guessVerb(methodName), path: method?.path, source: 'guess' };
}
