import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import {
  callReceiving,
  certainInit,
  localFunction,
  propertyName,
  staticString,
  unwrap,
  walk,
} from '../util/index.js';
import {
  importedConstantText,
  mayMention,
  type FileAnalysis,
  type HttpVerb,
} from '../sdk/index.js';
import { calleeMethodName, invocationOf } from './call-syntax.js';
import { objectLiteralOf } from './object-literal.js';
import { isTestFile, literalTypeText, onlyDescribesRequest } from './request-describers.js';
import { findHeaderKey, type KeyFinding } from './key-finding.js';
import { isIdempotencyHeader } from './key-spelling.js';
import type { RequestInfo } from './stripe-request.js';

/** A request to the Stripe API made with an HTTP client instead of the SDK. */
export interface HttpRequest extends RequestInfo {
  /** The client, as messages name the operation: `fetch`, `axios`, `got`, `undici`, `ky`. */
  readonly operation: string;
  /**
   * The headers argument: absent, the expression that holds them, or null when a spread may hold
   * them.
   */
  readonly headers: TSESTree.Node | undefined | null;
  /** The object that describes the request to a client of any kind (`httpRequest({ ... })`). */
  readonly description?: TSESTree.ObjectExpression;
}

const STRIPE_HOST = 'api.stripe.com';
const STRIPE_API = `https://${STRIPE_HOST}`;
const CLIENT_MODULES = new Map([
  ['axios', 'axios'],
  ['got', 'got'],
  ['ky', 'ky'],
  ['undici', 'undici'],
  ['node-fetch', 'fetch'],
  ['cross-fetch', 'fetch'],
]);
const VERB_METHODS = new Map<string, HttpVerb | 'OTHER'>([
  ['get', 'GET'],
  ['delete', 'DELETE'],
  ['post', 'POST'],
  ['put', 'OTHER'],
  ['patch', 'OTHER'],
  ['head', 'OTHER'],
]);

/**
 * The fixed text of a URL written in place, `{…}` for its dynamic parts: the cheap check before any
 * scope lookup.
 */
function literalUrlText(node: TSESTree.Node | undefined | null): string | undefined {
  const text = staticString(node ?? undefined);
  if (text !== undefined) return text;
  const expr = node && unwrap(node);
  if (expr?.type === 'TemplateLiteral')
    return expr.quasis.map((q) => q.value.cooked ?? '').join('{…}');
  return undefined;
}

function mayBeStripeUrl(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith(`${STRIPE_API}/`) || url.startsWith('/'));
}

/** `base` + `url` as `new URL(url, base)` joins them (absolute, root-relative or relative). */
function joinUrl(base: string, url: string): string {
  if (/^https?:\/\//.test(url)) return url;
  const origin = /^https?:\/\/[^/]*/.exec(base)?.[0] ?? '';
  if (url.startsWith('/')) return `${origin}${url}`;
  return `${base.slice(0, base.lastIndexOf('/') + 1) || `${origin}/`}${url}`;
}

function stripePath(url: string | undefined, base = ''): string | undefined {
  const full =
    url === undefined
      ? undefined
      : url.startsWith('https://')
        ? url
        : base && `${base.replace(/\/$/, '')}${url}`;
  if (!full?.startsWith(`${STRIPE_API}/`)) return undefined;
  return full.slice(STRIPE_API.length);
}

class HttpClients {
  private clientNames: ReadonlySet<string> | undefined;
  private describesStripeUrls: boolean | undefined;

  constructor(private readonly analysis: FileAnalysis) {}

  /**
   * Names a client can be called by in this file without a scope lookup: the
   * global `fetch`, and what its top-level imports and requires of a known
   * client bind (plus axios instances made at the top level).
   */
  private namesOfClients(): ReadonlySet<string> {
    if (this.clientNames) return this.clientNames;
    const names = new Set(['fetch']);
    for (const statement of this.analysis.sourceCode.ast.body) {
      if (
        statement.type === 'ImportDeclaration' &&
        CLIENT_MODULES.has(String(statement.source.value))
      ) {
        for (const specifier of statement.specifiers) names.add(specifier.local.name);
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          const init = declarator.init && unwrap(declarator.init);
          if (declarator.id.type !== 'Identifier' || init?.type !== 'CallExpression') continue;
          const required =
            init.callee.type === 'Identifier' &&
            init.callee.name === 'require' &&
            CLIENT_MODULES.has(String(staticString(init.arguments[0])));
          const instance =
            init.callee.type === 'MemberExpression' &&
            init.callee.object.type === 'Identifier' &&
            names.has(init.callee.object.name);
          if (required || instance) names.add(declarator.id.name);
        }
      }
    }
    return (this.clientNames = names);
  }

  /**
   * Property `name` of the object literal a node certainly is (in place, or a
   * `const` bound to one); null when a spread after its last mention may set it.
   */
  private objectProperty(
    object: TSESTree.Node | null | undefined,
    name: string,
  ): TSESTree.Node | undefined | null {
    const literal = object && objectLiteralOf(this.analysis, object);
    for (const property of [...(literal?.properties ?? [])].reverse()) {
      if (property.type === 'SpreadElement') return null;
      if (propertyName(property) === name) return property.value;
    }
    return undefined;
  }

  /**
   * The URL a node holds, with `{…}` for its dynamic parts, when its start is
   * known: a literal, a template or `+` whose fixed parts may come from
   * constants (`` `${STRIPE_API}/v1/refunds` ``), `new URL(path, base)`, or a
   * `const` holding one of these.
   */
  private urlText(node: TSESTree.Node | undefined | null, depth = 0): string | undefined {
    const { sourceCode } = this.analysis;
    const expr = node && unwrap(node);
    if (!expr || depth > 4) return undefined;
    const known = staticString(expr, sourceCode);
    if (known !== undefined) return known;
    const part = (piece: TSESTree.Node) =>
      staticString(piece, sourceCode) ??
      this.constantMember(piece) ??
      this.importedText(piece) ??
      '{…}';
    if (expr.type === 'TemplateLiteral') {
      return expr.quasis
        .map(
          (q, i) =>
            (q.value.cooked ?? '') + (i < expr.expressions.length ? part(expr.expressions[i]) : ''),
        )
        .join('');
    }
    if (expr.type === 'BinaryExpression' && expr.operator === '+') {
      const left = this.urlText(expr.left, depth + 1);
      return left === undefined ? undefined : left + part(expr.right);
    }
    if (
      expr.type === 'NewExpression' &&
      expr.callee.type === 'Identifier' &&
      expr.callee.name === 'URL'
    ) {
      const [url, base] = expr.arguments;
      const path = this.urlText(url, depth + 1);
      if (path === undefined || !base) return path;
      const baseText = staticString(base, sourceCode);
      return baseText === undefined ? undefined : joinUrl(baseText, path);
    }
    // `url.href`, `url.toString()` of a URL held in a const.
    if (
      expr.type === 'MemberExpression' &&
      !expr.computed &&
      expr.property.type === 'Identifier' &&
      expr.property.name === 'href'
    ) {
      return this.urlText(expr.object, depth + 1);
    }
    if (
      expr.type === 'CallExpression' &&
      expr.arguments.length === 0 &&
      expr.callee.type === 'MemberExpression' &&
      expr.callee.property.type === 'Identifier' &&
      expr.callee.property.name === 'toString'
    ) {
      return this.urlText(expr.callee.object, depth + 1);
    }
    if (expr.type === 'Identifier') {
      const variable = ASTUtils.findVariable(sourceCode.getScope(expr), expr);
      const init = variable ? certainInit(variable) : undefined;
      return init ? this.urlText(init, depth + 1) : this.importedText(expr);
    }
    return this.constantMember(expr) ?? this.importedText(expr);
  }

  /**
   * A string constant of another module of the program, read through this file's import of it:
   * `` `${stripeCommon.baseUrl}/refunds` `` with `import { stripeCommon } from '../common'`, as
   * platforms' Stripe actions share their base URL.
   */
  private importedText(node: TSESTree.Node): string | undefined {
    const properties: string[] = [];
    let expr = unwrap(node);
    while (
      expr.type === 'MemberExpression' &&
      !expr.computed &&
      expr.property.type === 'Identifier'
    ) {
      properties.unshift(expr.property.name);
      expr = unwrap(expr.object);
    }
    if (expr.type !== 'Identifier') return undefined;
    const { sourceCode, services, sourceFile } = this.analysis;
    const variable = ASTUtils.findVariable(sourceCode.getScope(expr), expr);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (
      definition?.type !== 'ImportBinding' ||
      definition.parent.type !== 'ImportDeclaration' ||
      definition.parent.importKind === 'type'
    )
      return undefined;
    const imported =
      definition.node.type === 'ImportSpecifier'
        ? definition.node.imported.type === 'Identifier'
          ? definition.node.imported.name
          : definition.node.imported.value
        : definition.node.type === 'ImportDefaultSpecifier'
          ? 'default'
          : properties.shift();
    return imported === undefined
      ? undefined
      : importedConstantText(
          services.program,
          sourceFile,
          String(definition.parent.source.value),
          imported,
          properties,
        );
  }

  /** `stripeCommon.baseUrl` where `const stripeCommon = { baseUrl: 'https://…' }`. */
  private constantMember(node: TSESTree.Node): string | undefined {
    const expr = unwrap(node);
    if (expr.type !== 'MemberExpression' || expr.computed || expr.property.type !== 'Identifier')
      return undefined;
    const object = unwrap(expr.object);
    if (object.type !== 'Identifier') return undefined;
    return staticString(
      this.objectProperty(object, expr.property.name) ?? undefined,
      this.analysis.sourceCode,
    );
  }

  private verbOf(node: TSESTree.Node | undefined | null, fallback: HttpVerb): HttpVerb | undefined {
    if (node === undefined) return fallback;
    const text = node && staticString(node, this.analysis.sourceCode)?.toUpperCase();
    return text === 'GET' || text === 'POST' || text === 'DELETE' ? text : undefined;
  }

  /**
   * The HTTP client a callee stands for: a global `fetch`, or an import or require of a known
   * client.
   */
  private client(identifier: TSESTree.Identifier): string | undefined {
    const variable = ASTUtils.findVariable(
      this.analysis.sourceCode.getScope(identifier),
      identifier,
    );
    if (!variable || variable.defs.length === 0)
      return identifier.name === 'fetch' ? 'fetch' : undefined;
    const definition = variable.defs[0];
    if (definition.type === 'ImportBinding' && definition.parent.type === 'ImportDeclaration') {
      const module = CLIENT_MODULES.get(String(definition.parent.source.value));
      if (!module) return undefined;
      const imported =
        definition.node.type === 'ImportSpecifier' && definition.node.imported.type === 'Identifier'
          ? definition.node.imported.name
          : 'default';
      if (module === 'undici')
        return imported === 'request' || imported === 'fetch' ? `undici.${imported}` : undefined;
      if (module === 'fetch') return 'fetch';
      return imported === 'default' ? module : undefined;
    }
    if (definition.type === 'Variable' && definition.node.init) {
      const init = unwrap(definition.node.init);
      if (
        init.type === 'CallExpression' &&
        init.callee.type === 'Identifier' &&
        init.callee.name === 'require'
      ) {
        const [source] = init.arguments;
        const module =
          source?.type === 'Literal' ? CLIENT_MODULES.get(String(source.value)) : undefined;
        return module === 'axios' || module === 'got' || module === 'ky' ? module : undefined;
      }
    }
    return undefined;
  }

  /** `const api = axios.create({ baseURL: 'https://api.stripe.com' })`: the instance's base URL. */
  private axiosInstanceBase(identifier: TSESTree.Identifier): string | undefined {
    const variable = ASTUtils.findVariable(
      this.analysis.sourceCode.getScope(identifier),
      identifier,
    );
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || !definition.node.init) return undefined;
    const init = unwrap(definition.node.init);
    if (
      init.type !== 'CallExpression' ||
      init.callee.type !== 'MemberExpression' ||
      init.callee.object.type !== 'Identifier' ||
      this.client(init.callee.object) !== 'axios' ||
      init.callee.property.type !== 'Identifier' ||
      init.callee.property.name !== 'create'
    ) {
      return undefined;
    }
    return this.urlText(this.objectProperty(init.arguments[0], 'baseURL'));
  }

  /** The raw HTTP request to `https://api.stripe.com` this call makes, if it is one. */
  requestAt(call: TSESTree.CallExpression): HttpRequest | undefined {
    return this.clientRequest(call) ?? this.describedRequest(call);
  }

  /** A request through a known client: `fetch`, axios, got, undici, ky. */
  private clientRequest(call: TSESTree.CallExpression): HttpRequest | undefined {
    const [first, second, third] = call.arguments;
    if (!first) return undefined;
    const callee = unwrap(call.callee);
    // Syntax first: a callee named as a client in this file, or a Stripe URL written in place; only
    // then scope lookups.
    const calleeName =
      callee.type === 'Identifier'
        ? callee.name
        : callee.type === 'MemberExpression' && callee.object.type === 'Identifier'
          ? callee.object.name
          : undefined;
    if (calleeName === undefined) return undefined;
    const inPlace =
      literalUrlText(first) ??
      (first.type === 'ObjectExpression'
        ? literalUrlText(this.objectProperty(first, 'url'))
        : undefined);
    if (!this.namesOfClients().has(calleeName) && !mayBeStripeUrl(inPlace)) return undefined;
    const firstUrl = this.urlText(first) ?? this.urlText(this.objectProperty(first, 'url'));
    if (!mayBeStripeUrl(firstUrl)) return undefined;
    const make = (
      operation: string,
      verb: HttpVerb | undefined,
      path: string | undefined,
      headers: TSESTree.Node | undefined | null,
      body: TSESTree.Node | undefined | null,
    ): HttpRequest | undefined =>
      path === undefined
        ? undefined
        : { call, operation, verb, path, headers, payload: [first, ...(body ? [body] : [])] };

    if (callee.type === 'Identifier') {
      const client = this.client(callee);
      if (!client) return undefined;
      if (client === 'axios' && objectLiteralOf(this.analysis, first)) {
        return make(
          'axios',
          this.verbOf(this.objectProperty(first, 'method'), 'GET'),
          stripePath(this.urlText(this.objectProperty(first, 'url'))),
          this.objectProperty(first, 'headers'),
          this.objectProperty(first, 'data'),
        );
      }
      const init = second;
      const body =
        this.objectProperty(
          init,
          client === 'axios' ? 'data' : client === 'got' || client === 'ky' ? 'json' : 'body',
        ) ??
        this.objectProperty(init, 'body') ??
        this.objectProperty(init, 'form');
      return make(
        client,
        this.verbOf(this.objectProperty(init, 'method'), 'GET'),
        stripePath(this.urlText(first)),
        this.objectProperty(init, 'headers'),
        body,
      );
    }
    if (
      callee.type !== 'MemberExpression' ||
      callee.object.type !== 'Identifier' ||
      callee.property.type !== 'Identifier'
    )
      return undefined;
    const method = callee.property.name;
    const client = this.client(callee.object);
    const base = client ? '' : this.axiosInstanceBase(callee.object);
    const name = client ?? (base !== undefined ? 'axios' : undefined);
    if (!name || name.startsWith('undici') || name === 'fetch') return undefined;
    if (method === 'request' && name === 'axios') {
      return make(
        'axios',
        this.verbOf(this.objectProperty(first, 'method'), 'GET'),
        stripePath(this.urlText(this.objectProperty(first, 'url')), base),
        this.objectProperty(first, 'headers'),
        this.objectProperty(first, 'data'),
      );
    }
    const verb = VERB_METHODS.get(method);
    if (!verb) return undefined;
    // axios.post(url, data, config); got.post(url, options); ky.post(url, options)
    const config = name === 'axios' && verb !== 'GET' && verb !== 'DELETE' ? third : second;
    const body =
      name === 'axios'
        ? second
        : (this.objectProperty(second, 'json') ??
          this.objectProperty(second, 'body') ??
          this.objectProperty(second, 'form'));
    return make(
      name,
      verb === 'OTHER' ? undefined : verb,
      stripePath(this.urlText(first), base),
      this.objectProperty(config, 'headers'),
      body,
    );
  }

  /**
   * A request through any client, described by an object handed to the call: `{ method: 'POST',
   * url: 'https://api.stripe.com/v1/refunds', headers }` (automation platforms' `httpRequest`,
   * `z.request`, a project's own wrapper), or fetch's shape, the URL and then an object with the
   * method (`stripeFetch('https://api.stripe.com/v1/refunds', { method: 'POST', body })`, `ofetch`).
   * The method must be stated, as a literal or a constant of a literal type (`HttpMethod.POST`),
   * and the URL be written in this file, from its own literals or constants it imports. Not in
   * tests, nor when the call only matches, logs or copies the description.
   */
  private describedRequest(call: TSESTree.CallExpression): HttpRequest | undefined {
    if (
      !(this.describesStripeUrls ??=
        // The description states its method: a file that never names `method` has none.
        mayMention(this.analysis.sourceFile, 'method') &&
        (this.analysis.sourceCode.text.includes(STRIPE_HOST) ||
          this.analysis.sourceCode.ast.body.some(
            (statement) =>
              statement.type === 'ImportDeclaration' && statement.importKind !== 'type',
          )))
    )
      return undefined;
    const invocation = invocationOf(call);
    if (!invocation) return undefined;
    for (const [index, arg] of invocation.args.entries()) {
      const object = arg.type === 'SpreadElement' ? undefined : objectLiteralOf(this.analysis, arg);
      const method = object && this.objectProperty(object, 'method');
      if (!object || !method) continue;
      const before = index > 0 ? invocation.args[index - 1] : undefined;
      const url =
        this.objectProperty(object, 'url') ??
        this.objectProperty(object, 'uri') ??
        (before?.type === 'SpreadElement' ? undefined : before);
      if (!url) continue;
      const base = this.objectProperty(object, 'baseURL') ?? this.objectProperty(object, 'baseUrl');
      const path = stripePath(this.urlText(url), base ? this.urlText(base) : '');
      const verbText = (
        staticString(method, this.analysis.sourceCode) ??
        (path === undefined ? undefined : literalTypeText(this.analysis, method))
      )?.toUpperCase();
      const verb =
        verbText === 'POST' || verbText === 'GET' || verbText === 'DELETE' ? verbText : undefined;
      if (path === undefined || verb === undefined || this.sentElsewhere(object, call)) continue;
      if (
        isTestFile(this.analysis) ||
        onlyDescribesRequest(this.analysis, call) ||
        this.callsNothing(invocation.callee)
      )
        return undefined;
      const body = ['body', 'data', 'json', 'form']
        .map((name) => this.objectProperty(object, name))
        .find((value) => value !== undefined);
      return {
        call,
        operation: calleeMethodName(call) ?? 'request',
        verb,
        path,
        headers: this.objectProperty(object, 'headers'),
        description: object,
        payload: [url, ...(body ? [body] : [])],
      };
    }
    return undefined;
  }

  /**
   * Whether the callee is a function written in this file whose body calls nothing, so sends
   * nothing (`function fetch(url, init) { return [url, init]; }`).
   */
  private callsNothing(callee: TSESTree.Expression): boolean {
    const name = unwrap(callee);
    const fn =
      name.type === 'Identifier' ? localFunction(this.analysis.sourceCode, name) : undefined;
    if (!fn?.body) return false;
    const { sourceCode } = this.analysis;
    let calls = false;
    walk(fn.body, sourceCode.visitorKeys, (node) => {
      if (node.type === 'CallExpression' || node.type === 'NewExpression') calls = true;
      return !calls;
    });
    return !calls;
  }

  /**
   * Whether a request object held in a `const` is handed to another call too: which of them sends
   * it cannot be told.
   */
  private sentElsewhere(object: TSESTree.ObjectExpression, call: TSESTree.CallExpression): boolean {
    let declarator = object.parent;
    while (declarator.type === 'TSAsExpression' || declarator.type === 'TSSatisfiesExpression')
      declarator = declarator.parent;
    if (declarator.type !== 'VariableDeclarator') return false;
    return this.analysis.sourceCode.getDeclaredVariables(declarator).some((variable) =>
      variable.references.some((reference) => {
        const receiver = callReceiving(reference.identifier);
        return receiver !== undefined && receiver !== call;
      }),
    );
  }

  /**
   * The `Idempotency-Key` header the request sends: from a plain object, `new Headers(...)`, or a
   * const holding either.
   */
  findKey(request: HttpRequest): KeyFinding {
    if (request.headers === null) return { kind: 'unproven', reason: 'headers' };
    if (!request.headers) return { kind: 'missing', reason: 'no-key' };
    let headers = unwrap(request.headers);
    if (headers.type === 'Identifier') {
      const variable = ASTUtils.findVariable(this.analysis.sourceCode.getScope(headers), headers);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (
        definition?.type !== 'Variable' ||
        definition.parent.kind !== 'const' ||
        !definition.node.init
      )
        return { kind: 'unproven', reason: 'headers' };
      // headers.set('Idempotency-Key', key) on the same object counts too.
      for (const reference of variable!.references) {
        const member = reference.identifier.parent;
        const setter = member?.parent;
        if (
          member?.type === 'MemberExpression' &&
          setter?.type === 'CallExpression' &&
          setter.callee === member
        ) {
          const [name, value] = setter.arguments;
          if (
            isIdempotencyHeader(staticString(name) ?? '') &&
            value &&
            value.type !== 'SpreadElement'
          ) {
            return { kind: 'key', value, via: 'header' };
          }
        }
      }
      headers = unwrap(definition.node.init);
    }
    if (
      headers.type === 'NewExpression' &&
      headers.callee.type === 'Identifier' &&
      headers.callee.name === 'Headers'
    ) {
      const [init] = headers.arguments;
      if (!init) return { kind: 'missing', reason: 'no-key' };
      headers = unwrap(init);
    }
    return (
      findHeaderKey(
        headers,
        (node) => objectLiteralOf(this.analysis, node),
        this.analysis.sourceCode,
      ) ?? {
        kind: 'missing',
        reason: 'no-key',
      }
    );
  }
}

const clients = new WeakMap<FileAnalysis, HttpClients>();
const requests = new WeakMap<TSESTree.CallExpression, HttpRequest | null>();

function clientsOf(analysis: FileAnalysis): HttpClients {
  let found = clients.get(analysis);
  if (!found) clients.set(analysis, (found = new HttpClients(analysis)));
  return found;
}

/**
 * The raw HTTP request to the Stripe API a call makes: `fetch`, axios (calls,
 * config objects, instances with a Stripe `baseURL`), got, undici `request`
 * and ky, when the URL is a literal or a template starting with the API host.
 * Decided from syntax and scope alone, with no type query. The URL's parts
 * are this file's own literals or the constants it imports from the program's
 * modules; a file whose text never says `stripe` is not searched.
 */
export function getHttpRequest(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
): HttpRequest | undefined {
  if (!analysis.mentionsStripe) return undefined;
  let request = requests.get(call);
  if (request === undefined) {
    request = clientsOf(analysis).requestAt(call) ?? null;
    requests.set(call, request);
  }
  return request ?? undefined;
}

export function findHttpKey(analysis: FileAnalysis, request: HttpRequest): KeyFinding {
  return clientsOf(analysis).findKey(request);
}
