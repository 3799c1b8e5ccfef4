import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, unwrap } from './estree.js';

/** Which missing values a type admits: a guard must rule out each. */
export interface Missing {
  readonly null: boolean;
  readonly undefined: boolean;
}

/**
 * Whether `test` is true only where the binding `name` holds a value: `key`,
 * `key != null`, `key !== null` (no `undefined` admitted).
 */
function provesPresent(test: TSESTree.Node, name: string, missing: Missing): boolean {
  const expr = unwrap(test);
  if (expr.type === 'Identifier') return expr.name === name;
  if (expr.type === 'LogicalExpression' && expr.operator === '&&')
    return provesPresent(expr.left, name, missing) || provesPresent(expr.right, name, missing);
  if (expr.type === 'BinaryExpression' && (expr.operator === '!=' || expr.operator === '!=='))
    return comparesToMissing(expr, name, missing, expr.operator === '!==');
  return false;
}

/**
 * Whether `test` is true wherever the binding may lack a value: `!key`,
 * `key == null`, `!key || …`.
 */
function provesMaybeMissing(test: TSESTree.Node, name: string, missing: Missing): boolean {
  const expr = unwrap(test);
  if (expr.type === 'UnaryExpression' && expr.operator === '!')
    return provesPresent(expr.argument, name, missing);
  if (expr.type === 'LogicalExpression' && expr.operator === '||')
    return (
      provesMaybeMissing(expr.left, name, missing) || provesMaybeMissing(expr.right, name, missing)
    );
  if (expr.type === 'BinaryExpression' && (expr.operator === '==' || expr.operator === '==='))
    return comparesToMissing(expr, name, missing, expr.operator === '===');
  return false;
}

function comparesToMissing(
  expr: TSESTree.BinaryExpression,
  name: string,
  missing: Missing,
  strict: boolean,
): boolean {
  const [binding, other] =
    expr.left.type === 'Identifier' && expr.left.name === name
      ? [expr.left, expr.right]
      : [expr.right, expr.left];
  if (binding.type !== 'Identifier' || binding.name !== name) return false;
  const isNull = other.type === 'Literal' && other.value === null && other.raw === 'null';
  const isUndefined = other.type === 'Identifier' && other.name === 'undefined';
  if (!strict) return isNull || isUndefined;
  return (isNull && !missing.undefined) || (isUndefined && !missing.null);
}

/** A statement that always leaves its function: `return`, `throw`, or a block ending in one. */
function leaves(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  return (
    statement.type === 'BlockStatement' &&
    statement.body.length > 0 &&
    leaves(statement.body.at(-1)!)
  );
}

/**
 * Whether `node` runs only where the `const` binding `name` holds a value:
 * it sits in the branch of an `if`, `?:` or `&&` that tests it present, or
 * an earlier `if (!name) return;` of its function (in a block around it)
 * leaves where it is missing.
 */
export function runsOnlyWhenPresent(node: TSESTree.Node, name: string, missing: Missing): boolean {
  const fn = enclosingFunction(node);
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (
      (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') &&
      child === parent.consequent &&
      provesPresent(parent.test, name, missing)
    )
      return true;
    if (
      parent.type === 'LogicalExpression' &&
      parent.operator === '&&' &&
      child === parent.right &&
      provesPresent(parent.left, name, missing)
    )
      return true;
    if (parent.type === 'BlockStatement') {
      const before = parent.body.slice(0, parent.body.indexOf(child as TSESTree.Statement));
      if (
        before.some(
          (s) =>
            s.type === 'IfStatement' &&
            !s.alternate &&
            leaves(s.consequent) &&
            provesMaybeMissing(s.test, name, missing),
        )
      )
        return true;
    }
  }
  return false;
}
