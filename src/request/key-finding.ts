import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../util/index.js';
import { isIdempotencyHeader } from './key-spelling.js';

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

/** `undefined`, `void …` or `null`: a key that is not sent. */
export function isUndefinedValue(node: TSESTree.Node): boolean {
  return (
    (node.type === 'Identifier' && node.name === 'undefined') ||
    (node.type === 'UnaryExpression' && node.operator === 'void') ||
    (node.type === 'Literal' && node.value === null)
  );
}

/** How far spreads of headers held in `const`s are followed (`{ ...auth, ...json }`). */
const SPREAD_DEPTH = 4;

/**
 * The `Idempotency-Key` entry (any case) of a headers object literal, for SDK
 * options and raw HTTP alike; undefined when there is none, `unproven` when a
 * spread or computed name may hide one, or the headers are not a literal.
 * `literalOf` gives the object literal a value certainly is (a `const` bound
 * to one): such headers, and spreads of them, are read too; so is a name a
 * `const` holds (`[IDEMPOTENCY_HEADER]: key`).
 */
export function findHeaderKey(
  headers: TSESTree.Node,
  literalOf: (node: TSESTree.Node) => TSESTree.ObjectExpression | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): KeyFinding | undefined {
  const value = unwrap(headers);
  const literal = value.type === 'ObjectExpression' ? value : literalOf(value);
  if (!literal) return { kind: 'unproven', reason: 'headers' };
  let finding: KeyFinding | undefined;
  for (const property of literal.properties) {
    if (property.type === 'SpreadElement') {
      // A spread of known headers adds what they hold; of anything else, what it may.
      const spread =
        depth < SPREAD_DEPTH && literalOf(property.argument)
          ? findHeaderKey(property.argument, literalOf, sourceCode, depth + 1)
          : { kind: 'unproven' as const, reason: 'headers' as const };
      if (spread?.kind === 'key') finding = spread;
      else if (spread) finding ??= spread;
      continue;
    }
    const name = propertyName(property, sourceCode);
    if (name === undefined) finding ??= { kind: 'unproven', reason: 'dynamic-property' };
    else if (isIdempotencyHeader(name) && !isUndefinedValue(property.value)) {
      finding = { kind: 'key', value: property.value as TSESTree.Expression, via: 'header' };
    }
  }
  return finding;
}
