import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../util/index.js';
import {
  isUndefinedValue,
  isIdempotencyHeader,
  KEY_OPTION,
  argumentAt,
  type StripeRequest,
} from '../request/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
export type KeyEdit = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
/** Writes a key, given the text of its value expression. */
export type KeyWriter = (value: string) => KeyEdit;

/**
 * Adds `property` as the last entry of an object literal, on its own line when the entries are on
 * their own lines.
 */
function addProperty(
  sourceCode: SourceCode,
  object: TSESTree.ObjectExpression,
  property: string,
): KeyEdit {
  const last = object.properties.at(-1);
  if (!last) return (fixer) => fixer.replaceText(object, `{ ${property} }`);
  const comma = sourceCode.getTokenAfter(last);
  const trailing = comma?.value === ',' ? comma : undefined;
  const ownLines =
    last.loc.start.line > object.loc.start.line && last.loc.end.line < object.loc.end.line;
  const indent = /^\s*/.exec(sourceCode.lines[last.loc.start.line - 1])![0];
  const text = ownLines ? `\n${indent}${property}${trailing ? ',' : ''}` : ` ${property}`;
  return (fixer) =>
    trailing ? fixer.insertTextAfter(trailing, text) : fixer.insertTextAfter(last, `,${text}`);
}

/**
 * Where `idempotencyKey` can go in the request options of a call, when the
 * edit is certainly right: merged into an options object literal written in
 * the call (replacing `idempotencyKey: undefined`), in place of an `undefined`
 * options argument, or as a new options argument right after the params (an
 * empty params object first when the call has none). Undefined for options
 * that are not a literal, spread arguments, or an existing key.
 */
export function keyOptionWriter(
  sourceCode: SourceCode,
  request: StripeRequest,
): KeyWriter | undefined {
  const { optionsIndex, paramsIndex, call } = request;
  if (optionsIndex === undefined) return undefined;
  const property = (value: string) => (value === KEY_OPTION ? value : `${KEY_OPTION}: ${value}`);
  const slot = argumentAt(request, optionsIndex);
  if (slot.kind === 'unknown') return undefined;
  if (slot.kind === 'absent') {
    // The arguments the method receives: after `.call`'s `this`, or inside `.apply`'s array.
    const { args } = request;
    const missingParams = args.length === paramsIndex && paramsIndex === optionsIndex - 1;
    if (args.length !== optionsIndex && !missingParams) return undefined;
    const text = (value: string) => `${missingParams ? '{}, ' : ''}{ ${property(value)} }`;
    const last = args.at(-1);
    if (last) return (value) => (fixer) => fixer.insertTextAfter(last, `, ${text(value)}`);
    const closing = args === call.arguments ? sourceCode.getLastToken(call) : undefined;
    return closing?.value === ')'
      ? (value) => (fixer) => fixer.insertTextBefore(closing, text(value))
      : undefined;
  }
  if (isUndefinedValue(slot.node))
    return (value) => (fixer) => fixer.replaceText(slot.node, `{ ${property(value)} }`);
  const options = unwrap(slot.node);
  if (options.type !== 'ObjectExpression') return undefined;
  const existing = options.properties.find(
    (p): p is TSESTree.Property => p.type === 'Property' && propertyName(p) === KEY_OPTION,
  );
  if (existing) {
    if (existing.shorthand || !isUndefinedValue(existing.value)) return undefined;
    return (value) => (fixer) => fixer.replaceText(existing.value, value);
  }
  return (value) => addProperty(sourceCode, options, property(value));
}

/**
 * Where an `Idempotency-Key` header can go: into a headers object literal, or
 * the one given to `new Headers(...)`. Undefined for any other headers.
 */
export function keyHeaderWriter(
  sourceCode: SourceCode,
  headers: TSESTree.Node,
): KeyWriter | undefined {
  let object = unwrap(headers);
  if (
    object.type === 'NewExpression' &&
    object.callee.type === 'Identifier' &&
    object.callee.name === 'Headers'
  ) {
    const [init] = object.arguments;
    if (!init) return undefined;
    object = unwrap(init);
  }
  if (object.type !== 'ObjectExpression') return undefined;
  const target = object;
  if (
    target.properties.some(
      (p) => p.type === 'Property' && isIdempotencyHeader(propertyName(p) ?? ''),
    )
  )
    return undefined;
  return (value) => addProperty(sourceCode, target, `'Idempotency-Key': ${value}`);
}
