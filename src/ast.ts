import type { TSESTree } from '@typescript-eslint/utils';

/** The expression under TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>`) and optional chains. */
export function unwrap(node: TSESTree.Expression): TSESTree.Expression;
export function unwrap(node: TSESTree.Node): TSESTree.Node;
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

export function isInside(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}
