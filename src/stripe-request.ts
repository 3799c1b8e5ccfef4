import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { staticString } from './ast.js';
import { calleeMethodName, mayBeStripeRequest, RAW_REQUEST, type FileAnalysis } from './file-analysis.js';
import { receiverMayBeStripe } from './receiver-shape.js';
import { isStackOverflow } from './stack-overflow.js';
import { stripePackageOwning, stripeRootOwning, type StripePackage } from './stripe-package.js';
import { canReachStripe } from './stripe-reach.js';
import { getVerbTable, resolveVerb, resourceProperty, type HttpVerb } from './verb-table.js';

/** What every rule needs of a request to Stripe, whichever way the code sends it. */
export interface RequestInfo {
  readonly call: TSESTree.CallExpression;
  /** How the request is named in messages: `refunds.create`, `rawRequest`, `fetch`. */
  readonly operation: string;
  /** Undefined when the code does not state it as a literal. */
  readonly verb: HttpVerb | undefined;
  /** API path with `{placeholders}`, when known. */
  readonly path: string | undefined;
  /** What the request does, apart from its key: the arguments that are not the options (URL and body for raw HTTP). */
  readonly payload: readonly TSESTree.Node[];
}

/** A call the type checker resolves to a request method of the installed stripe SDK. */
export interface StripeRequest extends RequestInfo {
  readonly sdk: StripePackage;
  /** Dotted resource path and method, e.g. `checkout.sessions.create`; `rawRequest` for raw calls. */
  readonly operation: string;
  /** Where the verb comes from: the SDK's JS, the documented guess, or `rawRequest`'s argument. */
  readonly verbSource: 'sdk' | 'guess' | 'argument';
  readonly api: 'v1' | 'v2';
  /** Index of the argument bound to the `RequestOptions` parameter of the resolved signature (or, for an untyped client, of the SDK's JS). */
  readonly optionsIndex: number | undefined;
  /** Index of the argument bound to the request params, when the signature has them. */
  readonly paramsIndex: number | undefined;
}

const requests = new WeakMap<TSESTree.CallExpression, StripeRequest | null>();

const OPTIONS_TYPES = new Set(['RequestOptions', 'RawRequestOptions']);

function typeReferenceName(node: ts.TypeNode | undefined): string | undefined {
  if (!node || !ts.isTypeReferenceNode(node)) return undefined;
  return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}

function parameterIndexes(signature: ts.Signature): { optionsIndex: number | undefined; paramsIndex: number | undefined } {
  const declarations = signature.parameters.map((p) => p.valueDeclaration);
  const optionsIndex = declarations.findIndex(
    (d) => d !== undefined && ts.isParameter(d) && OPTIONS_TYPES.has(typeReferenceName(d.type) ?? ''),
  );
  const paramsIndex = declarations.findIndex(
    (d) => d !== undefined && ts.isParameter(d) && ts.isIdentifier(d.name) && d.name.text === 'params',
  );
  return {
    optionsIndex: optionsIndex < 0 ? undefined : optionsIndex,
    paramsIndex: paramsIndex < 0 ? undefined : paramsIndex,
  };
}

/**
 * `types/Checkout/SessionsResource.d.ts` (12–21) or
 * `cjs|esm/resources/Checkout/Sessions.d.ts` (22+) → `Checkout/Sessions`.
 */
function resourceKeyOf(pkg: StripePackage, fileName: string): string | undefined {
  const relative = path.relative(pkg.root, fileName).split(path.sep).join('/');
  const ambient = /^types\/(.+)Resource\.d\.ts$/.exec(relative);
  if (ambient) return ambient[1];
  return /^(?:cjs|esm)\/resources\/(.+)\.d\.ts$/.exec(relative)?.[1];
}

function withPayload(call: TSESTree.CallExpression, indexes: { optionsIndex: number | undefined; paramsIndex: number | undefined }) {
  const payload = call.arguments.filter((_, index) => index !== indexes.optionsIndex);
  return { ...indexes, payload };
}

const RAW_REQUEST_INDEXES = { optionsIndex: 3, paramsIndex: 2 };

function rawRequest(call: TSESTree.CallExpression, sdk: StripePackage, signature: ts.Signature | undefined): StripeRequest {
  const verbText = staticString(call.arguments[0])?.toUpperCase();
  const verb = verbText === 'POST' || verbText === 'GET' || verbText === 'DELETE' ? verbText : undefined;
  const apiPath = staticString(call.arguments[1]);
  return {
    call,
    sdk,
    operation: RAW_REQUEST,
    verb,
    verbSource: 'argument',
    path: apiPath,
    api: apiPath?.startsWith('/v2/') ? 'v2' : 'v1',
    ...withPayload(call, signature ? parameterIndexes(signature) : RAW_REQUEST_INDEXES),
  };
}

/**
 * The declarations of the method a call invokes, from the callee's symbol:
 * unlike resolving the call's signature, this does not check the arguments,
 * so it is cheap for the many calls that turn out not to be Stripe's.
 */
function calleeDeclarations(checker: ts.TypeChecker, tsCall: ts.CallExpression): readonly ts.Node[] {
  let callee: ts.Expression = tsCall.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  if (ts.isPropertyAccessExpression(callee)) return checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
  if (ts.isElementAccessExpression(callee)) return checker.getSymbolAtLocation(callee.argumentExpression)?.declarations ?? [];
  // A destructured method (`const { create } = stripe.refunds`): its declaration is in its type's signatures.
  return checker
    .getTypeAtLocation(callee)
    .getCallSignatures()
    .flatMap((signature) => (signature.declaration ? [signature.declaration] : []));
}

function resolve(analysis: FileAnalysis, call: TSESTree.CallExpression): StripeRequest | null {
  const tsCall = analysis.services.esTreeNodeToTSNodeMap.get(call);
  const { checker } = analysis;
  let signature: ts.Signature | undefined;
  let declaration: ts.SignatureDeclaration | undefined;
  try {
    const candidates = calleeDeclarations(checker, tsCall);
    if (candidates.length === 0) return analysis.untypedClients ? untypedRequest(analysis, call) : null;
    const stripeDeclarations = candidates.filter(
      (d): d is ts.SignatureDeclaration => ts.isFunctionLike(d) && stripeRootOwning(d.getSourceFile().fileName) !== undefined,
    );
    if (stripeDeclarations.length === 0) return null;
    // One declaration (stripe 22+) is the signature; overloads (12–21's options-only `create`) need resolving.
    if (stripeDeclarations.length === 1) signature = checker.getSignatureFromDeclaration(stripeDeclarations[0]);
    else {
      signature = checker.getResolvedSignature(tsCall);
    }
    const resolved = signature?.declaration;
    declaration = resolved && !ts.isJSDocSignature(resolved) ? resolved : undefined;
  } catch (error) {
    if (isStackOverflow(error)) return null;
    throw error;
  }
  if (!signature || !declaration?.name || !ts.isIdentifier(declaration.name)) return null;
  const fileName = declaration.getSourceFile().fileName;
  const sdk = stripePackageOwning(fileName);
  if (!sdk) return null;
  const methodName = declaration.name.text;
  const resourceKey = resourceKeyOf(sdk, fileName);
  if (resourceKey === undefined) return methodName === RAW_REQUEST ? rawRequest(call, sdk, signature) : null;
  const table = getVerbTable(sdk);
  // With a readable SDK, a method it does not implement as a request (such as
  // `oauth.authorizeUrl`) is no request; the name-based guess is for unreadable SDKs.
  if (table.unreadable === undefined && !table.resources.get(resourceKey)?.has(methodName)) return null;
  const { verb, path: apiPath, source } = resolveVerb(sdk, resourceKey, methodName);
  return {
    call,
    sdk,
    operation: `${resourceProperty(resourceKey)}.${methodName}`,
    verb,
    verbSource: source,
    path: apiPath,
    api: resourceKey.startsWith('V2/') || apiPath?.startsWith('/v2/') ? 'v2' : 'v1',
    ...withPayload(call, parameterIndexes(signature)),
  };
}

/**
 * Opt-in (`settings['stripe-idempotency'].untypedClients`): a call on an
 * `any`-typed client, matched by its member path against the installed SDK's
 * resources (`x.checkout.sessions.create` → `Checkout/Sessions`), with the
 * options position read from the SDK's JS.
 */
function untypedRequest(analysis: FileAnalysis, call: TSESTree.CallExpression): StripeRequest | null {
  const sdk = analysis.installed;
  const table = analysis.table;
  if (!sdk || !table || call.callee.type !== 'MemberExpression') return null;
  const names: string[] = [];
  let node: TSESTree.Node = call.callee;
  while (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    names.unshift(node.property.name);
    node = node.object;
  }
  const method = names.pop();
  if (method === undefined || names.length === 0) return null;
  if (method === RAW_REQUEST) return rawRequest(call, sdk, undefined);
  for (let start = 0; start < names.length; start++) {
    const resourceKey = names
      .slice(start)
      .map((name) => (name === 'oauth' ? 'OAuth' : name[0].toUpperCase() + name.slice(1)))
      .join('/');
    const sdkMethod = table.resources.get(resourceKey)?.get(method);
    if (!sdkMethod) continue;
    const optionsIndex = sdkMethod.optionsIndex;
    return {
      call,
      sdk,
      operation: `${resourceProperty(resourceKey)}.${method}`,
      verb: sdkMethod.verb,
      verbSource: 'sdk',
      path: sdkMethod.path,
      api: resourceKey.startsWith('V2/') ? 'v2' : 'v1',
      ...withPayload(call, { optionsIndex, paramsIndex: optionsIndex === undefined || optionsIndex === 0 ? undefined : optionsIndex - 1 }),
    };
  }
  return null;
}

/**
 * The Stripe request `call` makes, or undefined. Syntax decides first: only a
 * call whose method name passes the `verbs` filter costs a type query, and
 * each call is resolved once per file for all rules.
 */
export function getStripeRequest(analysis: FileAnalysis, call: TSESTree.CallExpression, verbs: 'post' | 'any'): StripeRequest | undefined {
  const name = calleeMethodName(call);
  if (name === undefined || !mayBeStripeRequest(analysis, name, verbs)) return undefined;
  if (name !== RAW_REQUEST && !receiverMayBeStripe(analysis, call)) return undefined;
  // A file that cannot see the SDK's types through its imports makes no SDK request.
  if (!analysis.untypedClients && !canReachStripe(analysis.services.program, analysis.sourceFile.fileName)) return undefined;
  let request = requests.get(call);
  if (request === undefined) {
    request = resolve(analysis, call);
    requests.set(call, request);
  }
  return request ?? undefined;
}

/** `refunds.create (POST /v1/refunds)`: how messages name a request. */
export function describeRequest(request: RequestInfo): string {
  const route = [request.verb, request.path].filter(Boolean).join(' ');
  return route ? `${request.operation} (${route})` : request.operation;
}

/** Whether a retry of the request repeats a side effect: POST, on v1 and v2 alike. */
export function isMutating(request: RequestInfo): boolean {
  return request.verb === 'POST';
}

export type ArgumentSlot =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present'; readonly node: TSESTree.Expression }
  /** A spread argument at or before the slot: which value lands there is unknown. */
  | { readonly kind: 'unknown' };

/** The argument bound to parameter `index` of the request's call. */
export function argumentAt(request: StripeRequest, index: number): ArgumentSlot {
  const args = request.call.arguments;
  for (let i = 0; i <= index && i < args.length; i++) {
    if (args[i].type === 'SpreadElement') return { kind: 'unknown' };
  }
  const node = args[index];
  if (!node || node.type === 'SpreadElement') return { kind: 'absent' };
  return { kind: 'present', node };
}
