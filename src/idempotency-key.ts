import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { propertyName, unwrap } from './ast.js';
import { engineStats, type FileAnalysis } from './file-analysis.js';
import { honoursHeaderKey } from './stripe-package.js';
import { findHttpKey, getHttpRequest } from './raw-http.js';
import { argumentAt, getStripeRequest, isMutating, type RequestInfo, type StripeRequest } from './stripe-request.js';

/** Where a request's idempotency key comes from, as far as can be proven. */
export type KeyFinding =
  | {
      readonly kind: 'key';
      /** The key expression; undefined when only the options' type proves a key. */
      readonly value: TSESTree.Expression | undefined;
      readonly via: 'option' | 'header' | 'type';
      /** A later spread in the options may replace the key (with `undefined`, say). */
      readonly overridable?: boolean;
    }
  | {
      readonly kind: 'missing';
      readonly reason: 'no-options' | 'no-key' | 'undefined-key' | 'type-without-key';
      /** The options' type, for `type-without-key`. */
      readonly typeText?: string;
    }
  | {
      /** The options may carry a key that syntax and types cannot show. */
      readonly kind: 'unproven';
      readonly reason: 'spread' | 'forwarded' | 'dynamic-property' | 'headers';
    };

const IDEMPOTENCY_HEADER = /^idempotency-key$/i;

function isUndefinedValue(node: TSESTree.Node): boolean {
  return (
    (node.type === 'Identifier' && node.name === 'undefined') ||
    (node.type === 'UnaryExpression' && node.operator === 'void') ||
    (node.type === 'Literal' && node.value === null)
  );
}

function isWriteThroughMember(identifier: TSESTree.Node): boolean {
  const member = identifier.parent;
  if (member?.type !== 'MemberExpression' || member.object !== identifier) return false;
  const user = member.parent;
  return (
    (user?.type === 'AssignmentExpression' && user.left === member) ||
    user?.type === 'UpdateExpression' ||
    (user?.type === 'UnaryExpression' && user.operator === 'delete')
  );
}

/** The object literal an argument certainly is: written in place, or a `const` bound to one. */
export function objectLiteralOf(analysis: FileAnalysis, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const expr = unwrap(node);
  if (expr.type === 'ObjectExpression') return expr;
  return expr.type === 'Identifier' ? constObjectLiteral(analysis, expr) : undefined;
}

/**
 * `const opts = { ... }` never written through afterwards: the object literal
 * the identifier certainly holds.
 */
function constObjectLiteral(analysis: FileAnalysis, identifier: TSESTree.Identifier): TSESTree.ObjectExpression | undefined {
  const variable = ASTUtils.findVariable(analysis.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (
    definition?.type !== 'Variable' ||
    definition.parent.kind !== 'const' ||
    definition.node.id.type !== 'Identifier' ||
    !definition.node.init
  ) {
    return undefined;
  }
  const init = unwrap(definition.node.init);
  if (init.type !== 'ObjectExpression') return undefined;
  return variable!.references.some((ref) => isWriteThroughMember(ref.identifier)) ? undefined : init;
}

function typeMayCarry(analysis: FileAnalysis, node: TSESTree.Node, property: string): boolean {
  engineStats.typeQueries++;
  const type = analysis.services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  return (type.isUnion() ? type.types : [type]).some((part) => part.getProperty(property) !== undefined);
}

/**
 * The `Idempotency-Key` entry (any case) of a headers object literal, for SDK
 * options and raw HTTP alike; undefined when there is none, `unproven` when a
 * spread or computed name may hide one, or the headers are not a literal.
 */
export function findHeaderKey(headers: TSESTree.Node): KeyFinding | undefined {
  const value = unwrap(headers);
  if (value.type !== 'ObjectExpression') return { kind: 'unproven', reason: 'headers' };
  let finding: KeyFinding | undefined;
  for (const property of value.properties) {
    if (property.type === 'SpreadElement') {
      finding ??= { kind: 'unproven', reason: 'headers' };
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) finding ??= { kind: 'unproven', reason: 'dynamic-property' };
    else if (IDEMPOTENCY_HEADER.test(name) && !isUndefinedValue(property.value)) {
      finding = { kind: 'key', value: property.value as TSESTree.Expression, via: 'header' };
    }
  }
  return finding;
}

function fromObjectLiteral(analysis: FileAnalysis, request: StripeRequest, object: TSESTree.ObjectExpression): KeyFinding {
  let option: KeyFinding = { kind: 'missing', reason: 'no-key' };
  let header: KeyFinding | undefined;
  const headersHonoured = honoursHeaderKey(request.sdk);
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      if (typeMayCarry(analysis, property.argument, 'idempotencyKey')) {
        option =
          option.kind === 'key'
            ? { kind: 'key', value: option.value, via: option.via, overridable: true }
            : { kind: 'unproven', reason: 'spread' };
      }
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) {
      if (option.kind === 'missing') option = { kind: 'unproven', reason: 'dynamic-property' };
    } else if (name === 'idempotencyKey') {
      option = isUndefinedValue(property.value)
        ? { kind: 'missing', reason: 'undefined-key' }
        : { kind: 'key', value: property.value as TSESTree.Expression, via: 'option' };
    } else if (name === 'headers' && headersHonoured) {
      header = findHeaderKey(property.value);
    }
  }
  // The SDK applies `headers` after `idempotencyKey`, so a header key wins.
  if (header?.kind === 'key') return header;
  if (option.kind === 'missing' && header) return header;
  return option;
}

function fromType(analysis: FileAnalysis, request: StripeRequest, node: TSESTree.Expression): KeyFinding {
  engineStats.typeQueries++;
  const { checker } = analysis;
  const type = analysis.services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'unproven', reason: 'forwarded' };
  const parts = type.isUnion() ? type.types : [type];
  let proven = true;
  let carriesSomewhere = false;
  let onlyNullish = true;
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) {
      proven = false;
      continue;
    }
    onlyNullish = false;
    const key = part.getProperty('idempotencyKey');
    const headers = honoursHeaderKey(request.sdk) ? part.getProperty('headers') : undefined;
    if (headers) carriesSomewhere = true;
    if (!key) {
      proven = false;
      continue;
    }
    carriesSomewhere = true;
    const keyType = checker.getTypeOfSymbol(key);
    const optional = (key.flags & ts.SymbolFlags.Optional) !== 0;
    const maybeUndefined = (keyType.isUnion() ? keyType.types : [keyType]).some(
      (t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0,
    );
    if (optional || maybeUndefined) proven = false;
  }
  if (onlyNullish) return { kind: 'missing', reason: 'no-options' };
  if (proven) return { kind: 'key', value: undefined, via: 'type' };
  if (carriesSomewhere) return { kind: 'unproven', reason: 'forwarded' };
  return { kind: 'missing', reason: 'type-without-key', typeText: checker.typeToString(type) };
}

const findings = new WeakMap<TSESTree.CallExpression, KeyFinding>();

/**
 * The idempotency key a Stripe request sends, from its request-options
 * argument: an object literal (or a `const` bound to one) is read
 * syntactically; anything else is judged by its type.
 */
export function findIdempotencyKey(analysis: FileAnalysis, request: StripeRequest): KeyFinding {
  const known = findings.get(request.call);
  if (known) return known;
  let finding: KeyFinding;
  const slot = request.optionsIndex === undefined ? { kind: 'absent' as const } : argumentAt(request, request.optionsIndex);
  if (slot.kind === 'unknown') finding = { kind: 'unproven', reason: 'spread' };
  else if (slot.kind === 'absent' || isUndefinedValue(slot.node)) finding = { kind: 'missing', reason: 'no-options' };
  else {
    const options = unwrap(slot.node);
    const literal = objectLiteralOf(analysis, options);
    finding = literal ? fromObjectLiteral(analysis, request, literal) : fromType(analysis, request, options);
  }
  findings.set(request.call, finding);
  return finding;
}

/** A mutating request to Stripe and what can be said of its key. */
export interface MutatingRequest {
  readonly request: RequestInfo;
  /** Made through the SDK (its key is an option), or raw HTTP (its key is a header). */
  readonly viaSdk: boolean;
  readonly finding: KeyFinding;
}

/** The mutating request to Stripe a call makes, through the SDK or raw HTTP. */
export function getMutatingRequest(analysis: FileAnalysis, call: TSESTree.CallExpression): MutatingRequest | undefined {
  const sdkRequest = getStripeRequest(analysis, call, 'post');
  if (sdkRequest) {
    return isMutating(sdkRequest) ? { request: sdkRequest, viaSdk: true, finding: findIdempotencyKey(analysis, sdkRequest) } : undefined;
  }
  const httpRequest = getHttpRequest(analysis, call);
  return httpRequest && isMutating(httpRequest)
    ? { request: httpRequest, viaSdk: false, finding: findHttpKey(analysis, httpRequest) }
    : undefined;
}

/** A mutating request and the key expression it sends: what the key rules judge. */
export function getKeyedRequest(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
): { request: RequestInfo; key: TSESTree.Expression } | undefined {
  const mutating = getMutatingRequest(analysis, call);
  const finding = mutating?.finding;
  return finding?.kind === 'key' && finding.value ? { request: mutating!.request, key: finding.value } : undefined;
}
