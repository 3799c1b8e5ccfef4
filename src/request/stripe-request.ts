import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { propertyName, staticString, unwrap, isStackOverflow } from '../util/index.js';
import {
  invocationOf,
  mayBeStripeRequest,
  RAW_REQUEST,
  requestMethodName,
  type Invocation,
} from './call-syntax.js';
import {
  type FileAnalysis,
  declaredType,
  memberOf,
  stripePackageOwning,
  stripeRootOwning,
  type StripePackage,
  getVerbTable,
  readsDeprecatedKeyOption,
  resolveVerb,
  resourceKeyOf,
  resourceProperty,
  type HttpVerb,
} from '../sdk/index.js';
import { objectLiteralOf } from './object-literal.js';
import { receiverMayBeStripe } from './receiver-shape.js';

/** What every rule needs of a request to Stripe, whichever way the code sends it. */
export interface RequestInfo {
  readonly call: TSESTree.CallExpression;
  /** How the request is named in messages: `refunds.create`, `rawRequest`, `fetch`. */
  readonly operation: string;
  /** Undefined when the code does not state it as a literal. */
  readonly verb: HttpVerb | undefined;
  /** API path with `{placeholders}`, when known. */
  readonly path: string | undefined;
  /**
   * What the request does, apart from its key: the arguments that are not the options (URL and body
   * for raw HTTP).
   */
  readonly payload: readonly TSESTree.Node[];
  /** For a call through a union of resources (`stripe[kind].create`): each operation it may be. */
  readonly alternatives?: readonly {
    readonly operation: string;
    readonly verb: HttpVerb | undefined;
  }[];
}

/** A call the type checker resolves to a request method of the installed stripe SDK. */
export interface StripeRequest extends RequestInfo {
  readonly sdk: StripePackage;
  /**
   * Dotted resource path and method, e.g. `checkout.sessions.create`; `rawRequest` for raw calls.
   */
  readonly operation: string;
  /** Where the verb comes from: the SDK's JS, the documented guess, or `rawRequest`'s argument. */
  readonly verbSource: 'sdk' | 'guess' | 'argument';
  readonly api: 'v1' | 'v2';
  /**
   * Index of the argument bound to the `RequestOptions` parameter of the resolved signature (or,
   * for an untyped client, of the SDK's JS).
   */
  readonly optionsIndex: number | undefined;
  /** Index of the argument bound to the request params, when the signature has them. */
  readonly paramsIndex: number | undefined;
  /**
   * The arguments the method receives: the call's own, or those passed on by `.call` / `.apply`.
   */
  readonly args: readonly TSESTree.CallExpressionArgument[];
}

const requests = new WeakMap<TSESTree.CallExpression, StripeRequest | null>();

const OPTIONS_TYPES = new Set(['RequestOptions', 'RawRequestOptions']);

function typeReferenceName(node: ts.TypeNode | undefined): string | undefined {
  if (!node || !ts.isTypeReferenceNode(node)) return undefined;
  return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}

function parameterIndexes(signature: ts.Signature): {
  optionsIndex: number | undefined;
  paramsIndex: number | undefined;
} {
  const declarations = signature.parameters.map((p) => p.valueDeclaration);
  const optionsIndex = declarations.findIndex(
    (d) =>
      d !== undefined && ts.isParameter(d) && OPTIONS_TYPES.has(typeReferenceName(d.type) ?? ''),
  );
  const paramsIndex = declarations.findIndex(
    (d) =>
      d !== undefined && ts.isParameter(d) && ts.isIdentifier(d.name) && d.name.text === 'params',
  );
  return {
    optionsIndex: optionsIndex < 0 ? undefined : optionsIndex,
    paramsIndex: paramsIndex < 0 ? undefined : paramsIndex,
  };
}

interface Indexes {
  readonly optionsIndex: number | undefined;
  readonly paramsIndex: number | undefined;
}

function withPayload(args: readonly TSESTree.CallExpressionArgument[], indexes: Indexes) {
  const payload = args.filter((_, index) => index !== indexes.optionsIndex);
  return { ...indexes, args, payload };
}

const RAW_REQUEST_INDEXES = { optionsIndex: 3, paramsIndex: 2 };

function rawRequest(
  analysis: FileAnalysis,
  invocation: Invocation,
  call: TSESTree.CallExpression,
  sdk: StripePackage,
  signature: ts.Signature | undefined,
): StripeRequest {
  const { args } = invocation;
  // The verb and path are often named constants (`const path = '/v1/refunds'`).
  const verbText = staticString(args[0], analysis.sourceCode)?.toUpperCase();
  const verb =
    verbText === 'POST' || verbText === 'GET' || verbText === 'DELETE' ? verbText : undefined;
  const apiPath = staticString(args[1], analysis.sourceCode);
  return {
    call,
    sdk,
    operation: RAW_REQUEST,
    verb,
    verbSource: 'argument',
    path: apiPath,
    api: apiPath?.startsWith('/v2/') ? 'v2' : 'v1',
    ...withPayload(args, signature ? parameterIndexes(signature) : RAW_REQUEST_INDEXES),
  };
}

/**
 * The declarations of the method a call invokes (of each member, for `stripe[kind].create`),
 * from the callee's symbol and the receiver's declared type: unlike resolving the call's
 * signature, this checks no arguments, so it stays cheap for the many calls that are not Stripe's.
 */
function calleeDeclarations(analysis: FileAnalysis, tsCallee: ts.Expression): readonly ts.Node[] {
  const { checker } = analysis;
  let callee: ts.Expression = tsCallee;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee))
    callee = callee.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const declared = ts.isIdentifier(callee.name)
      ? declaredType(checker, callee.expression)
      : undefined;
    const member = declared && memberOf(checker, declared, callee.name.text);
    return (member ?? checker.getSymbolAtLocation(callee.name))?.declarations ?? [];
  }
  if (ts.isElementAccessExpression(callee))
    return checker.getSymbolAtLocation(callee.argumentExpression)?.declarations ?? [];
  // A destructured method (`const { create } = stripe.refunds`): its declaration is in its type's
  // signatures.
  return checker
    .getTypeAtLocation(callee)
    .getCallSignatures()
    .flatMap((signature) => (signature.declaration ? [signature.declaration] : []));
}

/** The keys of stripe-node's request options (`OPTIONS_KEYS`), across majors. */
const OPTION_KEYS = new Set([
  'apiKey',
  'idempotencyKey',
  'stripeAccount',
  'apiVersion',
  'maxNetworkRetries',
  'timeout',
  'host',
  'stripeContext',
  'authenticator',
  'additionalHeaders',
  'headers',
]);

/** 8–10 also take the deprecated spellings (`DEPRECATED_OPTIONS`), which 11.0.0 removed. */
const DEPRECATED_OPTION_KEYS = new Set([
  'api_key',
  'idempotency_key',
  'stripe_account',
  'stripe_version',
  'stripeVersion',
]);

/** Whether stripe-node (of some major) takes `name` as a request option. */
export function isOptionKey(sdk: StripePackage, name: string): boolean {
  return (
    OPTION_KEYS.has(name) || (readsDeprecatedKeyOption(sdk) && DEPRECATED_OPTION_KEYS.has(name))
  );
}

/**
 * Whether the last argument is request options in the overload TypeScript
 * takes: an object whose keys are all option keys (one with params mixed in
 * type-checks as neither, and reads as params). Undefined when unsure.
 */
function isOptionsArgument(
  analysis: FileAnalysis,
  sdk: StripePackage,
  arg: TSESTree.CallExpressionArgument,
): boolean | undefined {
  if (arg.type === 'SpreadElement') return undefined;
  const literal = objectLiteralOf(analysis, arg);
  let names: (string | undefined)[];
  if (literal)
    names = literal.properties.map((property) =>
      property.type === 'Property' ? propertyName(property) : undefined,
    );
  else {
    const expr = unwrap(arg);
    if (expr.type === 'Literal' || expr.type === 'TemplateLiteral') return false;
    const type = analysis.services.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) || type.isUnion()) return undefined;
    names = type.getProperties().map((property) => property.name);
  }
  const isOption = (name: string) => isOptionKey(sdk, name);
  // A param written in place settles it, whatever a spread adds.
  if (names.some((name) => name !== undefined && !isOption(name))) return false;
  if (names.includes(undefined)) return undefined;
  return names.length > 0;
}

/**
 * The overload of an SDK method (12–21: `create(params, options)` and `create(options)`) the
 * arguments take, told by their number and whether the last is request options, not by checking
 * them against the params types (seconds on a new program). Undefined when that cannot be told.
 */
function pickOverload(
  analysis: FileAnalysis,
  sdk: StripePackage,
  overloads: readonly ts.SignatureDeclaration[],
  args: readonly TSESTree.CallExpressionArgument[],
): ts.SignatureDeclaration | undefined {
  if (args.some((arg) => arg.type === 'SpreadElement')) return undefined;
  const fitting = overloads.filter(
    (overload) =>
      overload.parameters.every((p) => !p.dotDotDotToken) &&
      overload.parameters.filter((p) => !p.questionToken && !p.initializer).length <= args.length &&
      overload.parameters.length >= args.length,
  );
  if (fitting.length <= 1 || args.length === 0) return fitting[0];
  const lastIsOptions = (overload: ts.SignatureDeclaration) =>
    OPTIONS_TYPES.has(typeReferenceName(overload.parameters[args.length - 1].type) ?? '');
  // Only the last argument can be the options: the overloads that fit differ there, or not at all.
  if (fitting.every((overload) => lastIsOptions(overload) === lastIsOptions(fitting[0])))
    return fitting[0];
  const options = isOptionsArgument(analysis, sdk, args[args.length - 1]);
  return options === undefined
    ? undefined
    : fitting.find((overload) => lastIsOptions(overload) === options);
}

/**
 * The full signature: what arguments passed on by `.call`/`.apply` or to a union of resources are
 * read against when unsure.
 */
function fullest(declarations: readonly ts.SignatureDeclaration[]): ts.SignatureDeclaration {
  return declarations.reduce((a, b) => (b.parameters.length > a.parameters.length ? b : a));
}

/** A resource method the call may invoke. */
interface Member {
  readonly resourceKey: string;
  readonly methodName: string;
  readonly signature: ts.Signature;
}

function resolve(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  invocation: Invocation,
): StripeRequest | null {
  const tsCall = analysis.services.esTreeNodeToTSNodeMap.get(call);
  const tsCallee = analysis.services.esTreeNodeToTSNodeMap.get(invocation.callee) as ts.Expression;
  const { checker } = analysis;
  const direct = invocation.callee === call.callee;
  let sdk: StripePackage | undefined;
  const members: Member[] = [];
  try {
    const found = calleeDeclarations(analysis, tsCallee);
    if (found.length === 0)
      return analysis.untypedClients ? untypedRequest(analysis, call, invocation) : null;
    // Every member of a union must be the SDK's: a Stripe resource or some other object is no
    // Stripe request.
    const root = stripeRootOwning(found[0].getSourceFile().fileName);
    const candidates = found.filter(ts.isFunctionLike);
    if (root === undefined || candidates.length !== found.length) return null;
    if (candidates.some((d) => stripeRootOwning(d.getSourceFile().fileName) !== root)) return null;
    // Most often the package this lint has already read.
    sdk =
      root === analysis.sdk?.root
        ? analysis.sdk
        : stripePackageOwning(candidates[0].getSourceFile().fileName);
    if (!sdk) return null;
    if (
      candidates.length === 1 &&
      candidates[0].name &&
      ts.isIdentifier(candidates[0].name) &&
      candidates[0].name.text === RAW_REQUEST
    ) {
      return rawRequest(
        analysis,
        invocation,
        call,
        sdk,
        checker.getSignatureFromDeclaration(candidates[0]),
      );
    }
    const byResource = new Map<string, ts.SignatureDeclaration[]>();
    for (const declaration of candidates) {
      const resourceKey = resourceKeyOf(sdk, declaration);
      if (resourceKey === undefined || !declaration.name || !ts.isIdentifier(declaration.name))
        return null;
      byResource.set(resourceKey, [...(byResource.get(resourceKey) ?? []), declaration]);
    }
    for (const [resourceKey, declarations] of byResource) {
      // One declaration (stripe 22+) is the signature; of overloads (12–21), the one the arguments
      // take,
      // resolved by the checker only when syntax and the last argument's type cannot tell.
      const chosen =
        declarations.length === 1
          ? declarations[0]
          : pickOverload(analysis, sdk, declarations, invocation.args);
      const signature = chosen
        ? checker.getSignatureFromDeclaration(chosen)
        : direct && byResource.size === 1
          ? checker.getResolvedSignature(tsCall)
          : checker.getSignatureFromDeclaration(fullest(declarations));
      const resolved = signature?.declaration;
      if (
        !signature ||
        !resolved ||
        ts.isJSDocSignature(resolved) ||
        !resolved.name ||
        !ts.isIdentifier(resolved.name)
      )
        return null;
      members.push({ resourceKey, methodName: resolved.name.text, signature });
    }
  } catch (error) {
    if (isStackOverflow(error)) return null;
    throw error;
  }
  const table = getVerbTable(sdk);
  // With a readable SDK, a method it does not implement as a request (such as
  // `oauth.authorizeUrl`) is no request; the name-based guess is for unreadable SDKs.
  if (
    table.unreadable === undefined &&
    members.some((m) => !table.resources.get(m.resourceKey)?.has(m.methodName))
  )
    return null;
  const operations = members.map((member) => {
    const { verb, path: apiPath, source } = resolveVerb(sdk, member.resourceKey, member.methodName);
    return {
      operation: `${resourceProperty(member.resourceKey)}.${member.methodName}`,
      verb,
      verbSource: source,
      path: apiPath,
      api:
        member.resourceKey.startsWith('V2/') || apiPath?.startsWith('/v2/')
          ? ('v2' as const)
          : ('v1' as const),
      indexes: parameterIndexes(member.signature),
    };
  });
  const [first] = operations;
  // The members' arguments must mean the same, or the call cannot be judged.
  if (
    operations.some(
      (o) =>
        o.indexes.optionsIndex !== first.indexes.optionsIndex ||
        o.indexes.paramsIndex !== first.indexes.paramsIndex,
    )
  ) {
    return null;
  }
  const same = <T>(values: T[]): T | undefined =>
    values.every((v) => v === values[0]) ? values[0] : undefined;
  const verbs = operations.map((o) => o.verb);
  return {
    call,
    sdk,
    operation: operations.map((o) => o.operation).join(' | '),
    // Mutating when any member is a POST: a retry of that member repeats it.
    verb: verbs.includes('POST') ? 'POST' : same(verbs),
    verbSource: operations.every((o) => o.verbSource === 'sdk') ? 'sdk' : 'guess',
    path: same(operations.map((o) => o.path)),
    api: operations.every((o) => o.api === 'v2') ? 'v2' : 'v1',
    ...(operations.length > 1 && {
      alternatives: operations.map(({ operation, verb }) => ({ operation, verb })),
    }),
    ...withPayload(invocation.args, first.indexes),
  };
}

/**
 * Opt-in (`settings['stripe-idempotency'].untypedClients`): a call on an
 * `any`-typed client, matched by its member path against the installed SDK's
 * resources (`x.checkout.sessions.create` → `Checkout/Sessions`), with the
 * options position read from the SDK's JS.
 */
function untypedRequest(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  invocation: Invocation,
): StripeRequest | null {
  const sdk = analysis.installed;
  const table = analysis.table;
  if (!sdk || !table || invocation.callee.type !== 'MemberExpression') return null;
  const names: string[] = [];
  let node: TSESTree.Node = invocation.callee;
  while (
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.property.type === 'Identifier'
  ) {
    names.unshift(node.property.name);
    node = node.object;
  }
  const method = names.pop();
  if (method === undefined || names.length === 0) return null;
  if (method === RAW_REQUEST) return rawRequest(analysis, invocation, call, sdk, undefined);
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
      ...withPayload(invocation.args, {
        optionsIndex,
        paramsIndex:
          optionsIndex === undefined || optionsIndex === 0 ? undefined : optionsIndex - 1,
      }),
    };
  }
  return null;
}

/**
 * The Stripe request `call` makes, or undefined. Syntax decides first: only a
 * call whose method name passes the `verbs` filter costs a type query, and
 * each call is resolved once per file for all rules.
 */
export function getStripeRequest(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  verbs: 'post' | 'any',
): StripeRequest | undefined {
  const name = requestMethodName(analysis, call);
  if (name === undefined || !mayBeStripeRequest(analysis, name, verbs)) return undefined;
  let request = requests.get(call);
  if (request === undefined) {
    const invocation = invocationOf(call);
    request =
      invocation &&
      (name === RAW_REQUEST || receiverMayBeStripe(analysis, invocation)) &&
      // Last of the filters, as the only one that is not syntax: a file that cannot see the SDK's
      // types through its imports makes no SDK request.
      analysis.seesSdk
        ? resolve(analysis, call, invocation)
        : null;
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
  const args = request.args;
  for (let i = 0; i <= index && i < args.length; i++) {
    if (args[i].type === 'SpreadElement') return { kind: 'unknown' };
  }
  const node = args[index];
  if (!node || node.type === 'SpreadElement') return { kind: 'absent' };
  return { kind: 'present', node };
}

/** What the key analysis needs of an SDK call in code other than the linted file's. */
export interface ProgramSdkCall {
  /** `refunds.create`. */
  readonly operation: string;
  readonly verb: HttpVerb | undefined;
  readonly optionsIndex: number;
}

/**
 * The SDK method a call anywhere in the program invokes, read on the TypeScript side: for the
 * body of a wrapper in another file, which ESLint does not parse. One resource only; `rawRequest`
 * by its literal verb.
 */
export function programSdkCall(
  analysis: FileAnalysis,
  call: ts.CallExpression,
): ProgramSdkCall | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const name = callee.name.text;
  if (!mayBeStripeRequest(analysis, name, 'post')) return undefined;
  const { checker } = analysis;
  let declarations: ts.SignatureDeclaration[];
  try {
    declarations = calleeDeclarations(analysis, callee).filter(ts.isFunctionLike);
  } catch (error) {
    if (isStackOverflow(error)) return undefined;
    throw error;
  }
  const [first] = declarations;
  const root = first && stripeRootOwning(first.getSourceFile().fileName);
  const sdk = root && stripePackageOwning(first.getSourceFile().fileName);
  if (!sdk) return undefined;
  if (name === RAW_REQUEST) {
    const verb =
      call.arguments[0] && ts.isStringLiteralLike(call.arguments[0])
        ? call.arguments[0].text.toUpperCase()
        : undefined;
    return {
      operation: RAW_REQUEST,
      verb: verb === 'POST' || verb === 'GET' || verb === 'DELETE' ? verb : undefined,
      optionsIndex: RAW_REQUEST_INDEXES.optionsIndex,
    };
  }
  const resourceKey = resourceKeyOf(sdk, first);
  if (
    resourceKey === undefined ||
    declarations.some(
      (d) =>
        stripeRootOwning(d.getSourceFile().fileName) !== root ||
        resourceKeyOf(sdk, d) !== resourceKey,
    )
  )
    return undefined;
  // Overloads (12–21): the one the checker resolves; a wrapper's body is small.
  const signature =
    declarations.length === 1
      ? checker.getSignatureFromDeclaration(first)
      : checker.getResolvedSignature(call);
  const optionsIndex = signature && parameterIndexes(signature).optionsIndex;
  if (optionsIndex === undefined) return undefined;
  return {
    operation: `${resourceProperty(resourceKey)}.${name}`,
    verb: resolveVerb(sdk, resourceKey, name).verb,
    optionsIndex,
  };
}
