import type { TSESTree } from '@typescript-eslint/utils';
import { guessVerb, type FileAnalysis } from '../sdk/index.js';

/** What a call invokes, and the arguments the invoked function receives. */
export interface Invocation {
  readonly callee: TSESTree.Expression;
  readonly args: readonly TSESTree.CallExpressionArgument[];
}

/**
 * The function a call invokes, read from syntax alone: its callee, or the
 * function of `fn.call(thisArg, ...args)` and `fn.apply(thisArg, [...args])`
 * (undefined when `apply`'s arguments are not an array literal without holes).
 */
export function invocationOf(call: TSESTree.CallExpression): Invocation | undefined {
  const callee = call.callee;
  if (
    callee.type !== 'MemberExpression' ||
    callee.computed ||
    callee.property.type !== 'Identifier'
  ) {
    return { callee, args: call.arguments };
  }
  const through = callee.property.name;
  const fn = callee.object;
  if (
    (through !== 'call' && through !== 'apply') ||
    (fn.type !== 'MemberExpression' && fn.type !== 'Identifier')
  ) {
    return { callee, args: call.arguments };
  }
  if (through === 'call') return { callee: fn, args: call.arguments.slice(1) };
  const list = call.arguments[1];
  if (call.arguments.length > 2 || (list && list.type !== 'ArrayExpression')) return undefined;
  if (list?.elements.some((element) => element === null)) return undefined;
  return { callee: fn, args: (list?.elements ?? []) as TSESTree.CallExpressionArgument[] };
}

/**
 * The method name a call invokes, read from syntax alone (`a.b.create(...)`, `a.b.create.call(...)`
 * → `create`).
 */
export function calleeMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = invocationOf(call)?.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type !== 'MemberExpression') return undefined;
  if (!callee.computed)
    return callee.property.type === 'Identifier' ? callee.property.name : undefined;
  return callee.property.type === 'Literal' && typeof callee.property.value === 'string'
    ? callee.property.value
    : undefined;
}

export const RAW_REQUEST = 'rawRequest';

/**
 * The cheap syntactic filter run before any type query: can a method of this
 * name be a Stripe request of interest? `post`: some resource has a POST of
 * that name; `any`: some resource has a method of that name.
 */
export function mayBeStripeRequest(
  analysis: FileAnalysis,
  name: string,
  verbs: 'post' | 'any',
): boolean {
  if (name === RAW_REQUEST) return true;
  const table = analysis.table;
  if (!table) return verbs === 'any' || guessVerb(name) === 'POST';
  return (verbs === 'post' ? table.postMethodNames : table.methodNames).has(name);
}
