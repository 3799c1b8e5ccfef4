import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { type FileAnalysis, unaliased } from '../../sdk/index.js';
import { isStackOverflow, skipOuter } from '../../util/index.js';

/** String methods whose result follows from their receiver and arguments. */
export const STRING_METHODS: ReadonlySet<string> = new Set([
  'toString',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'slice',
  'substring',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'join',
  'concat',
  'normalize',
  // createHash(algorithm).update(text).digest(encoding)
  'update',
  'digest',
]);
export const PURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'String',
  'encodeURIComponent',
  'createHash',
]);
/** Array methods whose result follows from the array and their arguments: `parts.filter(Boolean)`. */
const ARRAY_METHODS: ReadonlySet<string> = new Set(['filter', 'map']);
/** JavaScript's own conversions, passed as callbacks: `parts.map(String)`. */
const CONVERSIONS: ReadonlySet<string> = new Set(['String', 'Boolean', 'Number']);
const MAX_DEPTH = 3;

type Builder =
  ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

// Per program: whether a helper builds its value may depend on helpers in other files, and an
// editor's next program keeps the SourceFile (and nodes) of every file left unedited.
const buildersByChecker = new WeakMap<ts.TypeChecker, WeakMap<Builder, boolean>>();

/** A helper's answer; not final when a depth limit or a helper still being judged decided it. */
interface Verdict {
  readonly builds: boolean;
  readonly final: boolean;
}

function builderOf(checker: ts.TypeChecker, callee: ts.Expression): Builder | undefined {
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isIdentifier(callee)
      ? callee
      : undefined;
  const symbol = name && unaliased(checker, checker.getSymbolAtLocation(name));
  const declarations = symbol?.declarations ?? [];
  if (declarations.length !== 1) return undefined;
  const [declaration] = declarations;
  const fn =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer
      ? skipOuter(declaration.initializer)
      : (declaration as ts.Node);
  return (ts.isFunctionDeclaration(fn) ||
    ts.isMethodDeclaration(fn) ||
    ts.isArrowFunction(fn) ||
    ts.isFunctionExpression(fn)) &&
    fn.body
    ? fn
    : undefined;
}

function isConstBinding(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  let declaration = unaliased(checker, checker.getSymbolAtLocation(identifier))?.valueDeclaration;
  // A name destructured from a parameter or a const (`({ operation, id }) => …`) is bound as it is;
  // with a default, its value may be the default's.
  while (declaration && ts.isBindingElement(declaration)) {
    if (declaration.initializer) return false;
    declaration = declaration.parent.parent;
  }
  if (!declaration) return false;
  if (ts.isEnumMember(declaration) || ts.isParameter(declaration)) return true;
  return (
    ts.isVariableDeclaration(declaration) &&
    (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
  );
}

/**
 * Whether a helper only builds a value from its parameters and constants:
 * `` (op, id) => `${op}_${id}` ``, string methods, a hash of them, another
 * such helper; guard clauses that throw are allowed. Anything else (a call
 * to something unknown, a read of mutable state) makes it unknown.
 */
function buildsFromParameters(
  program: ts.Program,
  fn: Builder,
  depth: number,
  judging: Set<Builder>,
): Verdict {
  const checker = program.getTypeChecker();
  let builders = buildersByChecker.get(checker);
  if (!builders) buildersByChecker.set(checker, (builders = new WeakMap()));
  const known = builders.get(fn);
  if (known !== undefined) return { builds: known, final: true };
  // Cycle-safe: a helper is not a builder while it is being judged, an answer that is not kept.
  if (judging.has(fn)) return { builds: false, final: false };
  judging.add(fn);
  let final = true;
  const pure = (node: ts.Expression): boolean => {
    const expr = skipOuter(node);
    if (
      ts.isStringLiteral(expr) ||
      ts.isNumericLiteral(expr) ||
      ts.isNoSubstitutionTemplateLiteral(expr)
    )
      return true;
    if (ts.isTemplateExpression(expr))
      return expr.templateSpans.every((span) => pure(span.expression));
    if (ts.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      return (
        (operator === ts.SyntaxKind.PlusToken ||
          operator === ts.SyntaxKind.QuestionQuestionToken ||
          operator === ts.SyntaxKind.BarBarToken) &&
        pure(expr.left) &&
        pure(expr.right)
      );
    }
    // An async helper's awaited value: `return await otherBuilder(op, id)`.
    if (ts.isAwaitExpression(expr)) return pure(expr.expression);
    if (ts.isConditionalExpression(expr))
      return pure(expr.condition) && pure(expr.whenTrue) && pure(expr.whenFalse);
    if (ts.isIdentifier(expr)) return isConstBinding(checker, expr) || isConversion(program, expr);
    if (ts.isPropertyAccessExpression(expr)) return pure(expr.expression);
    if (ts.isElementAccessExpression(expr))
      return pure(expr.expression) && pure(expr.argumentExpression);
    if (ts.isArrayLiteralExpression(expr))
      return expr.elements.every((element) => !ts.isSpreadElement(element) && pure(element));
    if (ts.isCallExpression(expr)) {
      if (!expr.arguments.every((arg) => !ts.isSpreadElement(arg) && pure(arg))) return false;
      const callee = expr.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        (STRING_METHODS.has(callee.name.text) || ARRAY_METHODS.has(callee.name.text)) &&
        pure(callee.expression)
      )
        return true;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : undefined;
      if (name !== undefined && PURE_FUNCTIONS.has(name)) return true;
      if (depth >= MAX_DEPTH) {
        final = false;
        return false;
      }
      const helper = builderOf(checker, callee);
      if (helper === undefined) return false;
      const verdict = buildsFromParameters(program, helper, depth + 1, judging);
      final &&= verdict.final;
      return verdict.builds;
    }
    return false;
  };
  const body = fn.body!;
  let result: boolean;
  if (!ts.isBlock(body)) result = pure(body);
  else {
    const returns = body.statements.filter(ts.isReturnStatement);
    result =
      returns.length > 0 &&
      body.statements.every(
        (statement) =>
          (ts.isReturnStatement(statement) &&
            statement.expression !== undefined &&
            pure(statement.expression)) ||
          (ts.isVariableStatement(statement) &&
            (statement.declarationList.flags & ts.NodeFlags.Const) !== 0 &&
            statement.declarationList.declarations.every(
              (d) => ts.isIdentifier(d.name) && d.initializer && pure(d.initializer),
            )) ||
          (ts.isIfStatement(statement) &&
            !statement.elseStatement &&
            throwsOnly(statement.thenStatement)),
      );
  }
  judging.delete(fn);
  if (final) builders.set(fn, result);
  return { builds: result, final };
}

/** `String`, `Boolean`, `Number` as JavaScript's own library declares them. */
function isConversion(program: ts.Program, identifier: ts.Identifier): boolean {
  if (!CONVERSIONS.has(identifier.text)) return false;
  // Its value (`declare var String`), whatever interfaces other packages merge into it.
  const declaration = program.getTypeChecker().getSymbolAtLocation(identifier)?.valueDeclaration;
  return (
    declaration !== undefined && program.isSourceFileDefaultLibrary(declaration.getSourceFile())
  );
}

function throwsOnly(statement: ts.Statement): boolean {
  return (
    ts.isThrowStatement(statement) ||
    (ts.isBlock(statement) &&
      statement.statements.length === 1 &&
      ts.isThrowStatement(statement.statements[0]))
  );
}

/**
 * Whether a call's value follows from its arguments alone: it calls a helper,
 * declared anywhere in the program, that only builds a key from its
 * parameters and constants (`opKey('transfer', runId)`), or a string method
 * or hash of such values. One symbol query per call; syntax decides first.
 */
export function isKeyBuilderCall(file: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== 'Identifier' && (callee.type !== 'MemberExpression' || callee.computed))
    return false;
  if (call.arguments.length === 0) return false;
  const tsCall = file.services.esTreeNodeToTSNodeMap.get(call);
  try {
    const helper = builderOf(file.checker, tsCall.expression);
    return (
      helper !== undefined &&
      buildsFromParameters(file.services.program, helper, 0, new Set()).builds
    );
  } catch (error) {
    if (isStackOverflow(error)) return false;
    throw error;
  }
}
