import type { TSESTree } from '@typescript-eslint/utils';
import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import { propertyName, unwrap, walk } from '../util/index.js';
import { type FileAnalysis, honoursHeaderKey, readsDeprecatedKeyOption } from '../sdk/index.js';
import { findHeaderKey, isUndefinedValue, type KeyFinding } from './key-finding.js';
import { DEPRECATED_KEY_OPTION, KEY_OPTION } from './key-spelling.js';
import { objectLiteralOf } from './object-literal.js';
import { RAW_REQUEST } from './call-syntax.js';
import { argumentAt, type StripeRequest } from './stripe-request.js';

/** The options stripe-node reads the key from: `idempotencyKey`, and on 8–10 its deprecated alias. */
function keyOptionNames(request: StripeRequest): readonly string[] {
  return readsDeprecatedKeyOption(request.sdk) ? [KEY_OPTION, DEPRECATED_KEY_OPTION] : [KEY_OPTION];
}

/**
 * The option whose headers the SDK sends: `rawRequest`'s `additionalHeaders` (17+, where it
 * exists), or `headers` where the SDK honours it (20.4.1+).
 */
function headersOption(request: StripeRequest, headersHonoured: boolean): string | undefined {
  if (request.operation === RAW_REQUEST) return 'additionalHeaders';
  return headersHonoured ? 'headers' : undefined;
}

function typeMayCarry(analysis: FileAnalysis, node: TSESTree.Node, property: string): boolean {
  const type = analysis.services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  return unionConstituents(type).some((part) => part.getProperty(property) !== undefined);
}

function fromObjectLiteral(
  analysis: FileAnalysis,
  request: StripeRequest,
  object: TSESTree.ObjectExpression,
): KeyFinding {
  let option: KeyFinding = { kind: 'missing', reason: 'no-key' };
  let header: KeyFinding | undefined;
  const headersHonoured = honoursHeaderKey(request.sdk);
  const keyNames = keyOptionNames(request);
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      if (keyNames.some((name) => typeMayCarry(analysis, property.argument, name))) {
        option =
          option.kind === 'key'
            ? { kind: 'key', value: option.value, via: option.via, overridable: true }
            : { kind: 'unproven', reason: 'spread' };
      }
      continue;
    }
    const name = propertyName(property, analysis.sourceCode);
    if (name === undefined) {
      if (option.kind === 'missing') option = { kind: 'unproven', reason: 'dynamic-property' };
    } else if (keyNames.includes(name)) {
      option = isUndefinedValue(property.value)
        ? { kind: 'missing', reason: 'undefined-key' }
        : { kind: 'key', value: property.value as TSESTree.Expression, via: 'option' };
    } else if (name === headersOption(request, headersHonoured)) {
      header = findHeaderKey(
        property.value,
        (node) => objectLiteralOf(analysis, node),
        analysis.sourceCode,
      );
    }
  }
  // The SDK applies `headers` after `idempotencyKey`, so a header key wins.
  if (header?.kind === 'key') return header;
  if (option.kind === 'missing' && header) return header;
  return option;
}

function fromType(
  analysis: FileAnalysis,
  request: StripeRequest,
  node: TSESTree.Expression,
): KeyFinding {
  const { checker } = analysis;
  const type = analysis.services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))
    return { kind: 'unproven', reason: 'forwarded' };
  const parts = unionConstituents(type);
  let proven = true;
  let carriesSomewhere = false;
  let onlyNullish = true;
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) {
      proven = false;
      continue;
    }
    onlyNullish = false;
    const key = keyOptionNames(request)
      .map((name) => part.getProperty(name))
      .find((found) => found !== undefined);
    const headersName = headersOption(request, honoursHeaderKey(request.sdk));
    const headers = headersName === undefined ? undefined : part.getProperty(headersName);
    if (headers) carriesSomewhere = true;
    if (!key) {
      proven = false;
      continue;
    }
    carriesSomewhere = true;
    const keyType = checker.getTypeOfSymbol(key);
    const optional = (key.flags & ts.SymbolFlags.Optional) !== 0;
    const maybeUndefined = unionConstituents(keyType).some(
      (t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0,
    );
    if (optional || maybeUndefined) proven = false;
  }
  if (onlyNullish) return { kind: 'missing', reason: 'no-options' };
  if (proven) return { kind: 'key', value: undefined, via: 'type' };
  if (carriesSomewhere) return { kind: 'unproven', reason: 'forwarded' };
  return { kind: 'missing', reason: 'type-without-key', typeText: checker.typeToString(type) };
}

/**
 * The idempotency key a Stripe request sends, from its request-options
 * argument: an object literal (or a `const` bound to one) is read
 * syntactically; anything else is judged by its type.
 */
export function findIdempotencyKey(analysis: FileAnalysis, request: StripeRequest): KeyFinding {
  const slot =
    request.optionsIndex === undefined
      ? { kind: 'absent' as const }
      : argumentAt(request, request.optionsIndex);
  if (slot.kind === 'unknown') return { kind: 'unproven', reason: 'spread' };
  if (slot.kind === 'absent') return { kind: 'missing', reason: 'no-options' };
  return fromOptions(analysis, request, slot.node, 0);
}

/** How deep conditionals between options are followed. */
const CONDITIONAL_DEPTH = 4;

function fromOptions(
  analysis: FileAnalysis,
  request: StripeRequest,
  node: TSESTree.Expression,
  depth: number,
): KeyFinding {
  if (isUndefinedValue(node)) return { kind: 'missing', reason: 'no-options' };
  const options = unwrap(node);
  const literal = objectLiteralOf(analysis, options);
  if (literal) return fromObjectLiteral(analysis, request, literal);
  if (options.type === 'ConditionalExpression' && depth < CONDITIONAL_DEPTH) {
    const missing = missingBranch(analysis, request, options, depth);
    if (missing) return missing;
  }
  return fromType(analysis, request, options);
}

/**
 * A branch of options chosen by a condition that sends no key: `acct ? { stripeAccount: acct } :
 * { idempotencyKey }` sends none for a connected account. Not when the condition tests what the
 * other branch passes on (`key ? { idempotencyKey: key } : undefined`, `opts ? opts : {}`): that is
 * the caller's key, when it has one.
 */
function missingBranch(
  analysis: FileAnalysis,
  request: StripeRequest,
  conditional: TSESTree.ConditionalExpression,
  depth: number,
): KeyFinding | undefined {
  const branches = [conditional.consequent, conditional.alternate];
  const findings = branches.map((branch) => fromOptions(analysis, request, branch, depth + 1));
  const index = findings.findIndex((finding) => finding.kind === 'missing');
  if (index === -1) return undefined;
  const tested = namesIn(analysis, conditional.test);
  const other = namesIn(analysis, branches[1 - index]);
  return [...tested].some((name) => other.has(name)) ? undefined : findings[index];
}

function namesIn(analysis: FileAnalysis, node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  walk(node, analysis.sourceCode.visitorKeys, (child) => {
    if (child.type === 'Identifier') names.add(child.name);
  });
  return names;
}

/** The request-options argument as written at the call, when there is one to read. */
export function optionsArgument(request: StripeRequest): TSESTree.Expression | undefined {
  if (request.optionsIndex === undefined) return undefined;
  const slot = argumentAt(request, request.optionsIndex);
  return slot.kind === 'present' && !isUndefinedValue(slot.node) ? slot.node : undefined;
}

/**
 * The `idempotencyKey` values written in the branches of options chosen at the call (`key ? {
 * idempotencyKey: key } : undefined`, `opts ?? { idempotencyKey }`): where such options write
 * their key.
 */
export function keyValuesInBranches(options: TSESTree.Node): TSESTree.Node[] {
  const expr = unwrap(options);
  if (expr.type === 'ConditionalExpression')
    return [...keyValuesInBranches(expr.consequent), ...keyValuesInBranches(expr.alternate)];
  if (expr.type === 'LogicalExpression')
    return [...keyValuesInBranches(expr.left), ...keyValuesInBranches(expr.right)];
  if (expr.type !== 'ObjectExpression') return [];
  return expr.properties.flatMap((property) =>
    property.type === 'Property' && propertyName(property) === KEY_OPTION ? [property.value] : [],
  );
}
