import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../util/index.js';
import { invocationOf } from './call-syntax.js';
import { isUndefinedValue } from './key-finding.js';
import { isIdempotencyHeader, KEY_OPTION } from './key-spelling.js';
import type { HttpRequest } from './raw-http.js';
import { argumentAt, type StripeRequest } from './stripe-request.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
export type KeyEdit = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
/** Writes a key, given the text of its value expression. */
export type KeyWriter = (value: string) => KeyEdit;

/** `idempotencyKey: value`, or the shorthand `idempotencyKey` when the value is a variable of that name. */
function keyOption(value: string): string {
  return value === KEY_OPTION ? value : `${KEY_OPTION}: ${value}`;
}

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

const FUNCTION_LITERALS = new Set<string>(['ArrowFunctionExpression', 'FunctionExpression']);

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
  const property = keyOption;
  const slot = argumentAt(request, optionsIndex);
  if (slot.kind === 'unknown') return undefined;
  if (slot.kind === 'absent') {
    // The arguments the method receives: after `.call`'s `this`, or inside `.apply`'s array.
    const { args } = request;
    // A callback (stripe-node before 13 takes one last): options written after it are an unknown
    // argument, and the SDK throws.
    if (args.some((arg) => FUNCTION_LITERALS.has(unwrap(arg).type))) return undefined;
    const missingParams = args.length === paramsIndex && paramsIndex === optionsIndex - 1;
    if (args.length !== optionsIndex && !missingParams) return undefined;
    const text = (value: string) => `${missingParams ? '{}, ' : ''}{ ${property(value)} }`;
    // After the last argument the method receives; with none, after `.call`'s `this`, or first in
    // the call's parentheses or `.apply`'s array.
    const [thisArg, list] = call.arguments;
    const through = args === call.arguments ? undefined : invocationOf(call)?.through;
    const last = args.at(-1) ?? (through === 'call' ? thisArg : undefined);
    if (last) return (value) => (fixer) => fixer.insertTextAfter(last, `, ${text(value)}`);
    const closing =
      through === undefined
        ? sourceCode.getLastToken(call)
        : list?.type === 'ArrayExpression'
          ? sourceCode.getLastToken(list)
          : undefined;
    return closing?.value === ')' || closing?.value === ']'
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
 * the one given to `new Headers(...)`; for a request described by one object
 * without `headers`, into a new `headers` entry of that object. Undefined for
 * any other headers.
 */
export function keyHeaderWriter(
  sourceCode: SourceCode,
  request: HttpRequest,
): KeyWriter | undefined {
  const { headers, description } = request;
  if (headers === undefined && description)
    return (value) =>
      addProperty(sourceCode, description, `headers: { 'Idempotency-Key': ${value} }`);
  if (!headers) return undefined;
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

/** Removes a property and its separating comma, keeping the object's other lines as they are. */
export function removeProperty(sourceCode: SourceCode, property: TSESTree.Property): KeyEdit {
  return (fixer) => {
    const after = sourceCode.getTokenAfter(property)!;
    const before = sourceCode.getTokenBefore(property)!;
    const lineStart = sourceCode.text.lastIndexOf('\n', property.range[0] - 1) + 1;
    const ownLine = sourceCode.text.slice(lineStart, property.range[0]).trim() === '';
    const end = after.value === ',' ? after.range[1] : property.range[1];
    const rest = sourceCode.text.slice(end, sourceCode.text.indexOf('\n', end) + 1 || undefined);
    if (ownLine && rest.trim() === '' && rest.endsWith('\n'))
      return fixer.removeRange([lineStart, end + rest.length]);
    if (after.value === ',')
      return fixer.removeRange([
        property.range[0],
        sourceCode.getTokenAfter(after, { includeComments: true })!.range[0],
      ]);
    if (before.value === ',') return fixer.removeRange([before.range[0], property.range[1]]);
    return fixer.remove(property);
  };
}

/**
 * Removes the key option `property`; when it is the only option, removes the whole options
 * argument.
 */
export function removeKeyOption(
  sourceCode: SourceCode,
  request: StripeRequest,
  property: TSESTree.Property,
): KeyEdit {
  const options = property.parent;
  const { args } = request;
  if (
    options.type === 'ObjectExpression' &&
    options.properties.length === 1 &&
    args.at(-1) === options &&
    args.length > 1
  ) {
    return (fixer) =>
      fixer.removeRange([sourceCode.getTokenBefore(options)!.range[0], options.range[1]]);
  }
  return removeProperty(sourceCode, property);
}

/** Renames an option to `idempotencyKey`, keeping its value (`idempotencyKey: name` for a shorthand). */
export function renameToKeyOption(property: TSESTree.Property, name: string): KeyEdit {
  return (fixer) =>
    property.shorthand
      ? fixer.replaceText(property, `${KEY_OPTION}: ${name}`)
      : fixer.replaceText(property.key, KEY_OPTION);
}

/** Replaces an options entry (`headers: { 'Idempotency-Key': k }`) with the key option `k`. */
export function replaceWithKeyOption(
  sourceCode: SourceCode,
  replaced: TSESTree.Property,
  key: TSESTree.Property,
): KeyEdit {
  return (fixer) => fixer.replaceText(replaced, keyOption(sourceCode.getText(key.value)));
}
