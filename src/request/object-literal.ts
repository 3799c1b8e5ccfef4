import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../util/index.js';
import type { FileAnalysis } from '../sdk/index.js';

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
export function objectLiteralOf(
  analysis: FileAnalysis,
  node: TSESTree.Node,
): TSESTree.ObjectExpression | undefined {
  const expr = unwrap(node);
  if (expr.type === 'ObjectExpression') return expr;
  return expr.type === 'Identifier' ? constObjectLiteral(analysis, expr) : undefined;
}

/**
 * `const opts = { ... }` never written through afterwards: the object literal
 * the identifier certainly holds.
 */
function constObjectLiteral(
  analysis: FileAnalysis,
  identifier: TSESTree.Identifier,
): TSESTree.ObjectExpression | undefined {
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
  return variable!.references.some((ref) => isWriteThroughMember(ref.identifier))
    ? undefined
    : init;
}
