import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isInside, LOOPS, type Scope } from './estree.js';

/**
 * Whether a statement leaves `container`: `return`, `throw`, or a `break`/`continue` whose loop or
 * `switch` is outside it.
 */
function leaves(statement: TSESTree.Node, container: TSESTree.Node): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (
    (statement.type !== 'BreakStatement' && statement.type !== 'ContinueStatement') ||
    statement.label
  )
    return false;
  let target: TSESTree.Node | undefined = statement.parent;
  while (
    target &&
    !LOOPS.has(target.type) &&
    !(statement.type === 'BreakStatement' && target.type === 'SwitchStatement')
  ) {
    target = target.parent;
  }
  return target !== undefined && !isInside(target, container);
}

/**
 * Whether a statement always leaves `container`: itself, a block holding such a statement, or an
 * `if` both of whose branches do.
 */
function alwaysLeaves(statement: TSESTree.Node, container: TSESTree.Node): boolean {
  if (leaves(statement, container)) return true;
  if (statement.type === 'BlockStatement')
    return statement.body.some((s) => alwaysLeaves(s, container));
  if (statement.type === 'IfStatement') {
    return (
      !!statement.alternate &&
      alwaysLeaves(statement.consequent, container) &&
      alwaysLeaves(statement.alternate, container)
    );
  }
  return false;
}

function statementsOf(node: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  if (node.type === 'BlockStatement' || node.type === 'Program') return node.body;
  return node.type === 'SwitchCase' ? node.consequent : undefined;
}

/**
 * Whether control that has run `node` always leaves `container` before
 * reaching its end. What follows `node` inside a `try` block with a `catch`
 * does not count: a request that throws skips it.
 */
function leavesAfter(node: TSESTree.Node, container: TSESTree.Node): boolean {
  let guarded: TSESTree.Node | undefined;
  for (let child = node; child !== container && child.parent; child = child.parent) {
    if (
      child.parent.type === 'TryStatement' &&
      child.parent.block === child &&
      child.parent.handler
    )
      guarded = child.parent;
  }
  for (let child = node; child !== container && child.parent; child = child.parent) {
    if (guarded && child !== guarded && isInside(child, guarded)) continue;
    if (leaves(child, container)) return true;
    const statements = statementsOf(child.parent);
    if (statements?.slice(statements.indexOf(child) + 1).some((s) => alwaysLeaves(s, container)))
      return true;
  }
  return false;
}

/**
 * Whether two requests never both run, `earlier` coming first in the source:
 * they sit in branches of one `if` or `?:`, or in `switch` cases that do not
 * fall through from one to the other; or `earlier` sits in a branch that it
 * always leaves after it, by `return`/`throw` (or `break`/`continue` of a
 * loop or `switch` around both), and `later` outside that branch.
 */
export function mutuallyExclusive(earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  const ancestorsOfEarlier = new Set<TSESTree.Node>();
  for (let n: TSESTree.Node | undefined = earlier; n; n = n.parent) ancestorsOfEarlier.add(n);
  let branchOfLater: TSESTree.Node = later;
  let common: TSESTree.Node | undefined = later.parent;
  while (common && !ancestorsOfEarlier.has(common)) {
    branchOfLater = common;
    common = common.parent;
  }
  if (!common || common === earlier) return false;
  let branchOfEarlier: TSESTree.Node = earlier;
  while (branchOfEarlier.parent !== common) branchOfEarlier = branchOfEarlier.parent!;
  if (branchOfEarlier === branchOfLater) return false;
  if (common.type === 'IfStatement' || common.type === 'ConditionalExpression') {
    if (branchOfEarlier !== common.test && branchOfLater !== common.test) return true;
  }
  if (
    common.type === 'SwitchStatement' &&
    branchOfEarlier.type === 'SwitchCase' &&
    branchOfLater.type === 'SwitchCase'
  ) {
    // Control runs on from the earlier case into the later one unless something in between leaves
    // the switch.
    const from = common.cases.indexOf(branchOfEarlier);
    const to = common.cases.indexOf(branchOfLater);
    return (
      leavesAfter(earlier, branchOfEarlier) ||
      common.cases.slice(from + 1, to).some((c) => c.consequent.some((s) => alwaysLeaves(s, c)))
    );
  }
  // A request that throws in a `try` block goes on in its handler.
  if (common.type === 'TryStatement' && branchOfEarlier === common.block && common.handler)
    return false;
  return leavesAfter(earlier, branchOfEarlier);
}

/** Whether a call's promise is awaited where it is made: `await f()`, `await (f() as P)`. */
function isAwaited(call: TSESTree.Node): boolean {
  let node = call;
  while (node.parent?.type === 'TSAsExpression' || node.parent?.type === 'TSNonNullExpression')
    node = node.parent;
  return node.parent?.type === 'AwaitExpression';
}

/**
 * The function whose run makes a call: the one whose body holds it, or, for a callback handed to
 * an awaited call (`await withRetry(() => …)`, `await db.transaction(async (tx) => …)`), the
 * function that awaits it. With the node that stands for the call there: itself, or the awaited
 * call.
 */
export function runningFunction(call: TSESTree.Node): { fn: Scope; anchor: TSESTree.Node } {
  let anchor = call;
  let fn = enclosingFunction(call);
  while (
    (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') &&
    fn.parent.type === 'CallExpression' &&
    fn.parent.arguments.includes(fn) &&
    isAwaited(fn.parent)
  ) {
    anchor = fn.parent;
    fn = enclosingFunction(anchor);
  }
  return { fn, anchor };
}
