import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { propertyName, staticString, unwrap } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { findHeaderKey, type KeyFinding } from './key-finding.js';
import { isIdempotencyHeader } from './key-names.js';
import type { RequestInfo } from './stripe-request.js';
import type { HttpVerb } from './verb-table.js';

/** A request to the Stripe API made with an HTTP client instead of the SDK. */
export interface HttpRequest extends RequestInfo {
  /** The client, as messages name the operation: `fetch`, `axios`, `got`, `undici`, `ky`. */
  readonly operation: string;
  /** The headers argument: absent, or the expression that holds them. */
  readonly headers: TSESTree.Node | undefined;
}

const STRIPE_API = 'https://api.stripe.com';
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

/** The URL text with `{…}` for its dynamic parts, when its fixed start is known. */
function urlText(node: TSESTree.Node | undefined): string | undefined {
  const text = staticString(node);
  if (text !== undefined) return text;
  const expr = node && unwrap(node);
  if (expr?.type === 'TemplateLiteral') return expr.quasis.map((q) => q.value.cooked ?? '').join('{…}');
  return undefined;
}

function stripePath(url: string | undefined, base = ''): string | undefined {
  const full = url === undefined ? undefined : url.startsWith('https://') ? url : base && `${base.replace(/\/$/, '')}${url}`;
  if (!full?.startsWith(`${STRIPE_API}/`)) return undefined;
  return full.slice(STRIPE_API.length);
}

function objectProperty(object: TSESTree.Node | undefined, name: string): TSESTree.Node | undefined {
  const expr = object && unwrap(object);
  if (expr?.type !== 'ObjectExpression') return undefined;
  const property = expr.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyName(p) === name);
  return property?.value;
}

function verbOf(node: TSESTree.Node | undefined, fallback: HttpVerb): HttpVerb | undefined {
  if (!node) return fallback;
  const text = staticString(node)?.toUpperCase();
  return text === 'GET' || text === 'POST' || text === 'DELETE' ? text : undefined;
}

class HttpClients {
  constructor(private readonly analysis: FileAnalysis) {}

  /** The HTTP client a callee stands for: a global `fetch`, or an import or require of a known client. */
  private client(identifier: TSESTree.Identifier): string | undefined {
    const variable = ASTUtils.findVariable(this.analysis.sourceCode.getScope(identifier), identifier);
    if (!variable || variable.defs.length === 0) return identifier.name === 'fetch' ? 'fetch' : undefined;
    const definition = variable.defs[0];
    if (definition.type === 'ImportBinding' && definition.parent.type === 'ImportDeclaration') {
      const module = CLIENT_MODULES.get(String(definition.parent.source.value));
      if (!module) return undefined;
      const imported =
        definition.node.type === 'ImportSpecifier' && definition.node.imported.type === 'Identifier'
          ? definition.node.imported.name
          : 'default';
      if (module === 'undici') return imported === 'request' || imported === 'fetch' ? `undici.${imported}` : undefined;
      if (module === 'fetch') return 'fetch';
      return imported === 'default' ? module : undefined;
    }
    if (definition.type === 'Variable' && definition.node.init) {
      const init = unwrap(definition.node.init);
      if (init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
        const [source] = init.arguments;
        const module = source?.type === 'Literal' ? CLIENT_MODULES.get(String(source.value)) : undefined;
        return module === 'axios' || module === 'got' || module === 'ky' ? module : undefined;
      }
    }
    return undefined;
  }

  /** `const api = axios.create({ baseURL: 'https://api.stripe.com' })`: the instance's base URL. */
  private axiosInstanceBase(identifier: TSESTree.Identifier): string | undefined {
    const variable = ASTUtils.findVariable(this.analysis.sourceCode.getScope(identifier), identifier);
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
    return urlText(objectProperty(init.arguments[0], 'baseURL'));
  }

  /** The raw HTTP request to `https://api.stripe.com` this call makes, if it is one. */
  requestAt(call: TSESTree.CallExpression): HttpRequest | undefined {
    // Syntax first: no URL that can be Stripe's, no request.
    const [first, second, third] = call.arguments;
    const firstUrl = urlText(first) ?? urlText(objectProperty(first, 'url'));
    if (firstUrl === undefined || !(firstUrl.startsWith(`${STRIPE_API}/`) || firstUrl.startsWith('/'))) return undefined;
    const callee = unwrap(call.callee);
    const make = (
      operation: string,
      verb: HttpVerb | undefined,
      path: string | undefined,
      headers: TSESTree.Node | undefined,
      body: TSESTree.Node | undefined,
    ): HttpRequest | undefined =>
      path === undefined ? undefined : { call, operation, verb, path, headers, payload: [first, ...(body ? [body] : [])] };

    if (callee.type === 'Identifier') {
      const client = this.client(callee);
      if (!client) return undefined;
      if (client === 'axios' && first.type === 'ObjectExpression') {
        return make(
          'axios',
          verbOf(objectProperty(first, 'method'), 'GET'),
          stripePath(urlText(objectProperty(first, 'url'))),
          objectProperty(first, 'headers'),
          objectProperty(first, 'data'),
        );
      }
      const init = second;
      const body =
        objectProperty(init, client === 'axios' ? 'data' : client === 'got' || client === 'ky' ? 'json' : 'body') ??
        objectProperty(init, 'body') ??
        objectProperty(init, 'form');
      return make(client, verbOf(objectProperty(init, 'method'), 'GET'), stripePath(urlText(first)), objectProperty(init, 'headers'), body);
    }
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier')
      return undefined;
    const method = callee.property.name;
    const client = this.client(callee.object);
    const base = client ? '' : this.axiosInstanceBase(callee.object);
    const name = client ?? (base !== undefined ? 'axios' : undefined);
    if (!name || name.startsWith('undici') || name === 'fetch') return undefined;
    if (method === 'request' && name === 'axios') {
      return make(
        'axios',
        verbOf(objectProperty(first, 'method'), 'GET'),
        stripePath(urlText(objectProperty(first, 'url')), base),
        objectProperty(first, 'headers'),
        objectProperty(first, 'data'),
      );
    }
    const verb = VERB_METHODS.get(method);
    if (!verb) return undefined;
    // axios.post(url, data, config); got.post(url, options); ky.post(url, options)
    const config = name === 'axios' && verb !== 'GET' && verb !== 'DELETE' ? third : second;
    const body =
      name === 'axios' ? second : (objectProperty(second, 'json') ?? objectProperty(second, 'body') ?? objectProperty(second, 'form'));
    return make(name, verb === 'OTHER' ? undefined : verb, stripePath(urlText(first), base), objectProperty(config, 'headers'), body);
  }

  /** The `Idempotency-Key` header the request sends: from a plain object, `new Headers(...)`, or a const holding either. */
  findKey(request: HttpRequest): KeyFinding {
    if (!request.headers) return { kind: 'missing', reason: 'no-key' };
    let headers = unwrap(request.headers);
    if (headers.type === 'Identifier') {
      const variable = ASTUtils.findVariable(this.analysis.sourceCode.getScope(headers), headers);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init)
        return { kind: 'unproven', reason: 'headers' };
      // headers.set('Idempotency-Key', key) on the same object counts too.
      for (const reference of variable!.references) {
        const member = reference.identifier.parent;
        const setter = member?.parent;
        if (member?.type === 'MemberExpression' && setter?.type === 'CallExpression' && setter.callee === member) {
          const [name, value] = setter.arguments;
          if (isIdempotencyHeader(staticString(name) ?? '') && value && value.type !== 'SpreadElement') {
            return { kind: 'key', value, via: 'header' };
          }
        }
      }
      headers = unwrap(definition.node.init);
    }
    if (headers.type === 'NewExpression' && headers.callee.type === 'Identifier' && headers.callee.name === 'Headers') {
      const [init] = headers.arguments;
      if (!init) return { kind: 'missing', reason: 'no-key' };
      headers = unwrap(init);
    }
    return findHeaderKey(headers) ?? { kind: 'missing', reason: 'no-key' };
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
 * Decided from syntax and scope alone, with no type query.
 */
export function getHttpRequest(analysis: FileAnalysis, call: TSESTree.CallExpression): HttpRequest | undefined {
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
