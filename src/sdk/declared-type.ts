import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import { unaliased } from './import-origin.js';
import { stripeRootOwning } from './stripe-package.js';

/**
 * The type of an expression as its declarations state it (an annotation, `new C(…)`, a stated
 * return type, members of those), or undefined where the checker would have to infer it:
 * inferring a `new Stripe(key, config)` client costs milliseconds on every new program. Only
 * object types that are not unions, as a union may be narrowed where it is used.
 */
export function declaredType(checker: ts.TypeChecker, node: ts.Expression): ts.Type | undefined {
  let declarations = byChecker.get(checker);
  if (!declarations) byChecker.set(checker, (declarations = new Declarations(checker)));
  return declarations.typeOf(node, 0);
}

/**
 * The member `name` of an object type. A type of the stripe package is read off its own
 * declarations' members, as the checker would first resolve all of the client's hundred resources.
 */
export function memberOf(
  checker: ts.TypeChecker,
  type: ts.Type,
  name: string,
): ts.Symbol | undefined {
  const symbol = type.symbol as ts.Symbol | undefined;
  const shape = symbol && sdkShape(symbol);
  const own = shape ? symbol.members?.get(ts.escapeLeadingUnderscores(name)) : undefined;
  // Not an own member of a shape that extends another: perhaps inherited, the checker's answer.
  return own ?? (shape === 'closed' ? undefined : checker.getPropertyOfType(type, name));
}

/**
 * Whether a type's symbol is a class, interface or type literal of the stripe
 * package with no type parameters around it, so that its members' declared
 * types are the members' types; `closed` when none extends another, so that
 * its own members are all it has. Namespaces merged with it (12–21 declare
 * `namespace Stripe` in every file) add no instance members.
 */
function sdkShape(symbol: ts.Symbol): SdkShape {
  let known = sdkShapes.get(symbol);
  if (known === undefined) sdkShapes.set(symbol, (known = shapeOf(symbol)));
  return known;
}

type SdkShape = 'closed' | 'extends' | false;

const sdkShapes = new WeakMap<ts.Symbol, SdkShape>();

function shapeOf(symbol: ts.Symbol): SdkShape {
  const shapes = (symbol.declarations ?? []).filter(
    (declaration) => !ts.isModuleDeclaration(declaration),
  );
  const plain =
    shapes.length > 0 &&
    shapes.every(
      (declaration) =>
        (ts.isClassDeclaration(declaration) ||
          ts.isInterfaceDeclaration(declaration) ||
          ts.isTypeLiteralNode(declaration)) &&
        isPlainSdkDeclaration(declaration),
    );
  if (!plain) return false;
  const extending = shapes.some(
    (declaration) =>
      (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) &&
      declaration.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword),
  );
  return extending ? 'extends' : 'closed';
}

/** A declaration of the stripe package with no type parameters around it. */
function isPlainSdkDeclaration(declaration: ts.Node): boolean {
  for (let node = declaration; !ts.isSourceFile(node); node = node.parent) {
    if (
      (ts.isClassLike(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node)) &&
      node.typeParameters?.length
    ) {
      return false;
    }
  }
  return stripeRootOwning(declaration.getSourceFile().fileName) !== undefined;
}

/**
 * The class or interface an SDK member's annotation names (`Stripe.CustomersResource`),
 * found through the namespaces' own export tables: resolving the name as a
 * type first copies the whole export table of `namespace Stripe` (thousands of
 * names in 12–21) on every new program.
 */
function namedSdkShape(
  checker: ts.TypeChecker,
  declaration: ts.Declaration & { type?: ts.TypeNode },
): ts.Type | undefined {
  const annotation = declaration.type;
  if (
    !annotation ||
    !ts.isTypeReferenceNode(annotation) ||
    annotation.typeArguments ||
    !isPlainSdkDeclaration(declaration)
  )
    return undefined;
  const named = entitySymbol(checker, annotation.typeName);
  if (!named || !(named.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)))
    return undefined;
  if (isGenericClassOrInterface(named)) return undefined;
  return checker.getDeclaredTypeOfSymbol(named);
}

function isGenericClassOrInterface(symbol: ts.Symbol): boolean {
  return !!symbol.declarations?.some(
    (d) => (ts.isClassLike(d) || ts.isInterfaceDeclaration(d)) && d.typeParameters?.length,
  );
}

function entitySymbol(checker: ts.TypeChecker, name: ts.EntityName): ts.Symbol | undefined {
  if (ts.isIdentifier(name)) return unaliased(checker, checker.getSymbolAtLocation(name));
  const namespace = entitySymbol(checker, name.left);
  return namespace && unaliased(checker, namespace.exports?.get(name.right.escapedText));
}

// One per checker (a program's): the calls of a file share their client's bindings.
const byChecker = new WeakMap<ts.TypeChecker, Declarations>();

// Bindings and returns followed before giving up (and leaving it to the checker).
const MAX_DEPTH = 6;

class Declarations {
  private readonly ofSymbols = new Map<ts.Symbol, ts.Type | undefined>();

  constructor(private readonly checker: ts.TypeChecker) {}

  typeOf(node: ts.Expression, depth: number): ts.Type | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let expr = node;
    while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr))
      expr = expr.expression;
    let type: ts.Type | undefined;
    if (ts.isIdentifier(expr)) type = this.ofSymbol(this.checker.getSymbolAtLocation(expr), depth);
    else if (expr.kind === ts.SyntaxKind.ThisKeyword) type = this.ofThis(expr);
    else if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
      const object = this.typeOf(expr.expression, depth + 1);
      type = object && this.ofSymbol(memberOf(this.checker, object, expr.name.text), depth);
    } else if (ts.isNewExpression(expr)) type = this.ofNew(expr);
    else if (ts.isCallExpression(expr) && !expr.questionDotToken)
      type = this.returnedBy(expr.expression, depth);
    else if (
      (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr)) &&
      !isConstAssertion(expr.type)
    ) {
      type = this.checker.getTypeFromTypeNode(expr.type);
    }
    return type && objectType(type);
  }

  /**
   * A variable, parameter or property, by its annotation, or else by the initializer of a `const`
   * or a class field.
   */
  private ofSymbol(found: ts.Symbol | undefined, depth: number): ts.Type | undefined {
    if (!found) return undefined;
    if (!this.ofSymbols.has(found)) this.ofSymbols.set(found, this.ofSymbolOnce(found, depth));
    return this.ofSymbols.get(found);
  }

  private ofSymbolOnce(found: ts.Symbol, depth: number): ts.Type | undefined {
    const symbol = unaliased(this.checker, found);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || symbol.declarations?.length !== 1) return undefined;
    // `{ stripe }: { stripe: Stripe }`: a plain name destructured from a binding whose type is
    // written down.
    if (ts.isBindingElement(declaration))
      return isAnnotatedBinding(declaration) ? this.checker.getTypeOfSymbol(symbol) : undefined;
    if (
      ts.isVariableDeclaration(declaration) ||
      ts.isParameter(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isPropertySignature(declaration)
    ) {
      if (!ts.isIdentifier(declaration.name)) return undefined;
      // The symbol's type, not the annotation's: a member of an instantiated generic type has its
      // type arguments filled in.
      if (declaration.type)
        return namedSdkShape(this.checker, declaration) ?? this.checker.getTypeOfSymbol(symbol);
      const constant =
        ts.isPropertyDeclaration(declaration) ||
        (ts.isVariableDeclaration(declaration) &&
          (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0);
      const init = constant ? declaration.initializer : undefined;
      return init && this.typeOf(init, depth + 1);
    }
    return undefined;
  }

  /**
   * `this` in a class's instance member (arrow functions keep the member's): the class's instance
   * type.
   */
  private ofThis(node: ts.Node): ts.Type | undefined {
    let member: ts.Node = node.parent;
    while (
      !ts.isSourceFile(member) &&
      !ts.isClassElement(member) &&
      (ts.isArrowFunction(member) || !ts.isFunctionLike(member))
    ) {
      member = member.parent;
    }
    const owner = member.parent;
    if (
      !ts.isClassElement(member) ||
      ts.isClassStaticBlockDeclaration(member) ||
      hasModifier(member, ts.SyntaxKind.StaticKeyword)
    ) {
      return undefined;
    }
    const symbol =
      owner && ts.isClassLike(owner) && owner.name
        ? this.checker.getSymbolAtLocation(owner.name)
        : undefined;
    return symbol && this.checker.getDeclaredTypeOfSymbol(symbol);
  }

  /** `new C(…)` of a class that is not generic: its instance type, whatever the arguments. */
  private ofNew(expr: ts.NewExpression): ts.Type | undefined {
    if (!ts.isIdentifier(expr.expression)) return undefined;
    const symbol = unaliased(this.checker, this.checker.getSymbolAtLocation(expr.expression));
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return undefined;
    if (isGenericClassOrInterface(symbol)) return undefined;
    // An interface merged into the class may add construct signatures that return something else.
    if (
      symbol.declarations?.some(
        (d) => ts.isInterfaceDeclaration(d) && d.members.some(ts.isConstructSignatureDeclaration),
      )
    )
      return undefined;
    return this.checker.getDeclaredTypeOfSymbol(symbol);
  }

  /**
   * What a call of a plain function returns: its return annotation, or the one type all its returns
   * state.
   */
  private returnedBy(callee: ts.Expression, depth: number): ts.Type | undefined {
    if (!ts.isIdentifier(callee)) return undefined;
    const symbol = unaliased(this.checker, this.checker.getSymbolAtLocation(callee));
    const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
    const fn =
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
        ? declaration.initializer
        : declaration;
    if (
      !fn ||
      !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))
    )
      return undefined;
    // Generic, async or a generator: what it returns is not what it states.
    if (
      fn.typeParameters?.length ||
      fn.asteriskToken ||
      hasModifier(fn, ts.SyntaxKind.AsyncKeyword) ||
      !fn.body
    )
      return undefined;
    if (fn.type) return this.checker.getTypeFromTypeNode(fn.type);
    if (!ts.isBlock(fn.body)) return this.typeOf(fn.body, depth + 1);
    let type: ts.Type | undefined;
    let agreed = true;
    for (const statement of returnStatements(fn.body)) {
      const returned = statement.expression && this.typeOf(statement.expression, depth + 1);
      agreed &&= returned !== undefined && (type === undefined || type === returned);
      type ??= returned;
    }
    return agreed ? type : undefined;
  }
}

/**
 * A name destructured (through object patterns, with no defaults or rest) from a parameter or
 * variable whose type is written down.
 */
function isAnnotatedBinding(element: ts.BindingElement): boolean {
  let node: ts.Node = element;
  while (ts.isBindingElement(node)) {
    if (node.initializer || node.dotDotDotToken || !ts.isObjectBindingPattern(node.parent))
      return false;
    if (node.propertyName && !ts.isIdentifier(node.propertyName)) return false;
    node = node.parent.parent;
  }
  return (
    (ts.isParameter(node) || ts.isVariableDeclaration(node)) &&
    node.type !== undefined &&
    !node.initializer
  );
}

function isConstAssertion(type: ts.TypeNode): boolean {
  return (
    ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'const'
  );
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** The return statements of a function body, not those of the functions inside it. */
function returnStatements(body: ts.Block): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node)) found.push(node);
    else if (!ts.isFunctionLike(node) && !ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

const NULLISH = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;

/**
 * The type without `null` and `undefined`, when that is one object type (read off the union, with
 * no checker work).
 */
function objectType(type: ts.Type): ts.Type | undefined {
  const defined = unionConstituents(type).filter((member) => !(member.flags & NULLISH));
  return defined.length === 1 && defined[0].flags & ts.TypeFlags.Object ? defined[0] : undefined;
}
