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
// A member of the resource object (8–21) or class (22+): compiled output indents them by two
// spaces (8–11.0) or four (11.5+), their bodies deeper; a file's shallowest members are its own.
const MEMBER = /^( {2}| {4})(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|\(([^)]*)\))/gm;
// 22+: this._makeRequest('POST', '/v1/refunds', ...) or a template path.
const MAKE_REQUEST = /_makeRequest\(\s*'([A-Z]+)'\s*,\s*(?:'([^']*)'|`([^`]*)`)?/g;
// 8–21: stripeMethod({ method: 'POST', fullPath: '/v1/refunds' }), or a `path` under the
// resource's own (8.x–10.x, and OAuth's everywhere).
const METHOD_SPEC = /\bmethod:\s*'([A-Z]+)'/g;
const FULL_PATH_SPEC = /\bfullPath:\s*'([^']*)'/;
const PATH_SPEC = /\bpath:\s*'([^']*)'/;
// What StripeResource joins a relative path to when the resource states no `basePath`.
const DEFAULT_BASE_PATH = '/v1/';
// Before 8.167 a resource lists the shared basic methods it has: `includeBasic: ['create', 'list']`.
const BASIC_NAME = /'([A-Za-z_$][\w$]*)'/g;
// `basePath: '/',`: a resource-level setting.
const STRING_SETTING = /^\s*[\w$]+:\s*'([^']*)'/;

function normalisePath(raw: string): string {
  const withParams = raw.replace(
    /\$\{encodeURIComponent\((\w+)\)\}|\$\{(\w+)\}/g,
    (_, a: string, b: string) => `{${a ?? b}}`,
  );
  return withParams.startsWith('/') ? withParams : `/${withParams}`;
}

/** One method as its resource file writes it. */
export interface MethodSource {
  readonly verbs: ReadonlySet<string>;
  /** The API path as written: whole, or relative to the resource's path. */
  readonly fullPath: string | undefined;
  readonly relativePath: string | undefined;
  /** The JS function's own parameters, when it is written as a function. */
  readonly parameters: readonly string[] | undefined;
}

/** A resource file's members, and the resource-level settings of 8–11's object literals. */
function readResourceSource(source: string): {
  methods: Map<string, MethodSource>;
  basePath: string | undefined;
  path: string | undefined;
  includeBasic: string[];
} {
  const found = [...source.matchAll(MEMBER)];
  const indent = Math.min(...found.map((match) => match[1].length));
  const members = found.filter((match) => match[1].length === indent);
  const methods = new Map<string, MethodSource>();
  const settings = new Map<string, string>();
  members.forEach((member, i) => {
    const name = member[2];
    const body = source.slice(member.index, members[i + 1]?.index ?? source.length);
    const verbs = new Set<string>();
    let fullPath: string | undefined;
    for (const call of body.matchAll(MAKE_REQUEST)) {
      verbs.add(call[1]);
      fullPath ??= call[2] ?? call[3];
    }
    for (const spec of body.matchAll(METHOD_SPEC)) verbs.add(spec[1]);
    if (verbs.size === 0) {
      settings.set(name, body);
      return;
    }
    methods.set(name, {
      verbs,
      fullPath: fullPath ?? FULL_PATH_SPEC.exec(body)?.[1],
      relativePath: PATH_SPEC.exec(body)?.[1],
      parameters: member[3]?.split(',').map((p) => p.trim()),
    });
  });
  const setting = (name: string) => STRING_SETTING.exec(settings.get(name) ?? '')?.[1];
  return {
    methods,
    basePath: setting('basePath'),
    path: setting('path'),
    includeBasic: [...(settings.get('includeBasic') ?? '').matchAll(BASIC_NAME)].map((m) => m[1]),
  };
}

/**
 * Reads the verbs of one resource file; exported for the tests. `basic`: the methods of 8.x's
 * `StripeMethod.basic.js`, for a resource that includes them.
 */
export function parseResourceSource(
  source: string,
  basic?: ReadonlyMap<string, MethodSource>,
): Map<string, SdkMethod> {
  const resource = readResourceSource(source);
  const written = new Map(resource.methods);
  for (const name of resource.includeBasic) {
    const shared = basic?.get(name);
    if (shared && !written.has(name)) written.set(name, shared);
  }
  const methods = new Map<string, SdkMethod>();
  for (const [name, method] of written) {
    // A method of a resource with its own path states its path relative to it, `''` by default.
    const relativePath = method.relativePath ?? (resource.path === undefined ? undefined : '');
    const relative =
      relativePath === undefined
        ? undefined
        : path.posix.join(
            resource.basePath ?? DEFAULT_BASE_PATH,
            resource.path ?? '',
            relativePath,
          );
    const raw = method.fullPath ?? relative;
    const apiPath = raw === undefined ? undefined : normalisePath(raw);
    const [only] = method.verbs;
    // 22+: `create(params, options)`; 8–21: one argument per path placeholder, then params and
    // options.
    const declared = method.parameters;
    const optionsIndex = declared?.includes('options')
      ? declared.indexOf('options')
      : apiPath !== undefined && !declared
        ? (apiPath.match(/\{/g)?.length ?? 0) + 1
        : undefined;
    methods.set(name, {
      verb: method.verbs.size === 1 && VERBS.has(only) ? (only as HttpVerb) : undefined,
      path: apiPath,
      ...(optionsIndex !== undefined && { optionsIndex }),
    });
  }
  // Without the basic file such a method is still the SDK's, its verb left to the name fallback.
  for (const name of resource.includeBasic)
    if (!methods.has(name)) methods.set(name, { verb: undefined, path: undefined });
  return methods;
}

function listResourceFiles(dir: string, prefix: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      listResourceFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`, out);
    else if (entry.name.endsWith('.js')) out.push(`${prefix}${entry.name.slice(0, -3)}`);
  }
}

/** `cjs/resources` (11.18+), else `esm/resources`, else `lib/resources` (8.x to late 11.x). */
function resourcesDirectory(pkg: StripePackage): string {
  const candidates = ['cjs', 'esm', 'lib'].map((top) => path.join(pkg.root, top, 'resources'));
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

/** The shared `create`/`retrieve`/`update`/`list`/`del` of stripe before 8.167, beside `resources/`. */
function readBasicMethods(resourcesDir: string): ReadonlyMap<string, MethodSource> {
  const file = path.join(resourcesDir, '..', 'StripeMethod.basic.js');
  return readResourceSource(fs.readFileSync(file, 'utf8')).methods;
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
    let basic: ReadonlyMap<string, MethodSource> | undefined;
    for (const key of keys) {
      const source = fs.readFileSync(path.join(dir, `${key}.js`), 'utf8');
      const methods = parseResourceSource(
        source,
        source.includes('includeBasic') ? (basic ??= readBasicMethods(dir)) : undefined,
      );
      if (methods.size === 0) continue;
      resources.set(key, methods);
      resourceProperties.add(resourceProperty(key).split('.').pop()!);
      for (const [name, method] of methods) {
        methodNames.add(name);
        if ((method.verb ?? guessVerb(name)) === 'POST') postMethodNames.add(name);
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
