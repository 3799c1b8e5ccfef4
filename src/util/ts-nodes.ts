import ts from 'typescript';

/** The expression under parentheses, type assertions, `!`, `satisfies` and `await`. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isAwaitExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** A function with a body, whose code runs when it is called. */
export type FunctionScope = ts.FunctionLikeDeclaration | ts.SourceFile;

export function isFunctionScope(node: ts.Node): node is FunctionScope {
  return (
    ts.isSourceFile(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The function (or file) whose run evaluates `node`: a parameter belongs to its function. */
export function scopeOf(node: ts.Node): FunctionScope {
  return ts.findAncestor(node.parent, isFunctionScope)!;
}

export function contains(container: ts.Node, node: ts.Node): boolean {
  return (
    node.pos >= container.pos &&
    node.end <= container.end &&
    node.getSourceFile() === container.getSourceFile()
  );
}

/**
 * Whether a call runs JavaScript's or Node's own library, as TypeScript's default library or
 * `@types/node` declares it: `Buffer.from`, `encodeURIComponent`, `.split`, `hash.update`. A type
 * query: ask it last.
 */
export function callsPlatformLibrary(
  program: ts.Program,
  call: ts.CallExpression | ts.NewExpression,
): boolean {
  const declaration = program.getTypeChecker().getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration)) return false;
  const file = declaration.getSourceFile();
  // TypeScript file names use forward slashes on every platform.
  return (
    program.isSourceFileDefaultLibrary(file) || file.fileName.includes('/node_modules/@types/node/')
  );
}

/** The static name of a property, element or binding key: `a`, `'a'`, `[1]`, `['a']`. */
export function staticName(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return staticName(skipOuter(name.expression));
  return undefined;
}

/** `a.b.c(...)` → `a.b.c`; `this.repo.save` → `this.repo.save`; undefined for other callees. */
export function calleeText(callee: ts.Expression): string | undefined {
  const expr = skipOuter(callee);
  if (ts.isIdentifier(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
    const object = calleeText(expr.expression);
    return object === undefined ? undefined : `${object}.${expr.name.text}`;
  }
  return undefined;
}

/** `a ?? b`, `a || b`, `a ??= b`, `a ||= b`: `b` is made only when `a` holds nothing. */
export function isFallbackOperator(operator: ts.SyntaxKind): boolean {
  return (
    operator === ts.SyntaxKind.QuestionQuestionToken ||
    operator === ts.SyntaxKind.BarBarToken ||
    operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    operator === ts.SyntaxKind.BarBarEqualsToken
  );
}

/** A binary expression whose right operand is a fallback: see `isFallbackOperator`. */
export function isFallback(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && isFallbackOperator(node.operatorToken.kind);
}
