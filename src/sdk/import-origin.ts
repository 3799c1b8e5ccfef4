import ts from 'typescript';
import { skipOuter } from '../util/index.js';
import { packageOf } from './declared-property.js';

/** `node:crypto` and `crypto` are one module. */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/**
 * Where a value comes from by the code's own import, require or global: read
 * from the declarations, so it holds when the module's types do not resolve.
 */
export interface Origin {
  /** The module specifier; undefined for a global. */
  readonly module: string | undefined;
  /**
   * The dotted names the value may be known by in the module (`v4`, `default.utc`, `DateTime.now`);
   * none for the module (or global) object itself.
   */
  readonly names: readonly string[];
}

const MAX_ALIASES = 5;

/**
 * The symbol an identifier refers to, seen through the value of a shorthand property (`{ key }`).
 */
export function symbolAt(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  return ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
    ? checker.getShorthandAssignmentValueSymbol(node.parent)
    : checker.getSymbolAtLocation(node);
}

/** What a symbol stands for, seen through an import or re-export. */
export function unaliased(
  checker: ts.TypeChecker,
  symbol: ts.Symbol | undefined,
): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** `require('m')` or `import('m')`: the module, normalised. */
function requiredModule(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const call = skipOuter(node);
  if (!ts.isCallExpression(call)) return undefined;
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
  if (!isRequire && call.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const [first] = call.arguments;
  return first && ts.isStringLiteralLike(first) ? normaliseModule(first.text) : undefined;
}

function moduleOf(node: ts.Node): string | undefined {
  const declaration = ts.findAncestor(
    node,
    (n) => ts.isImportDeclaration(n) || ts.isExportDeclaration(n),
  );
  const specifier = declaration?.moduleSpecifier;
  return specifier && ts.isStringLiteral(specifier) ? normaliseModule(specifier.text) : undefined;
}

/**
 * The module object itself (`import * as m`, `require('m')`): calling it calls its default export.
 */
const MODULE_OBJECT: readonly string[] = [];

function fromDeclaration(
  checker: ts.TypeChecker,
  declaration: ts.Declaration,
  depth: number,
): Origin | undefined {
  if (ts.isImportSpecifier(declaration) || ts.isExportSpecifier(declaration)) {
    const module = moduleOf(declaration);
    return module
      ? { module, names: [(declaration.propertyName ?? declaration.name).text] }
      : undefined;
  }
  if (ts.isImportClause(declaration)) {
    const module = moduleOf(declaration);
    return module ? { module, names: ['default'] } : undefined;
  }
  if (ts.isNamespaceImport(declaration)) {
    const module = moduleOf(declaration);
    return module ? { module, names: MODULE_OBJECT } : undefined;
  }
  if (
    ts.isImportEqualsDeclaration(declaration) &&
    ts.isExternalModuleReference(declaration.moduleReference)
  ) {
    const ref = declaration.moduleReference.expression;
    return ts.isStringLiteral(ref)
      ? { module: normaliseModule(ref.text), names: MODULE_OBJECT }
      : undefined;
  }
  // const { v4 } = require('uuid'); const { nanoid } = await import('nanoid');
  // const { random } = Math
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const holder = declaration.parent.parent;
    const initializer = ts.isVariableDeclaration(holder) ? holder.initializer : undefined;
    const key = staticKey(declaration);
    const module = requiredModule(initializer);
    if (module) return key ? { module, names: [key] } : undefined;
    const object =
      key !== undefined && initializer !== undefined && depth < MAX_ALIASES
        ? originOf(checker, initializer, depth + 1)
        : undefined;
    return object && member(object, key!);
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const module = requiredModule(declaration.initializer);
    if (module) return { module, names: MODULE_OBJECT };
    // const newId = nanoid; const uuid = require('uuid').v4
    const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    if (isConst && depth < MAX_ALIASES)
      return originOf(checker, declaration.initializer, depth + 1);
  }
  return undefined;
}

function staticKey(element: ts.BindingElement): string | undefined {
  const key = element.propertyName ?? element.name;
  return ts.isIdentifier(key) ? key.text : undefined;
}

/** Names of the global object itself. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

function member(origin: Origin, name: string): Origin {
  if (origin.names.length === 0) return { module: origin.module, names: [name] };
  const names = origin.names.map((n) => `${n}.${name}`);
  // Under CommonJS interop a default import is also the module object: `dayjs.utc()`.
  if (origin.module !== undefined && origin.names.length === 1 && origin.names[0] === 'default')
    names.push(name);
  return { module: origin.module, names };
}

/**
 * Every declaration the identifier's own symbol and its alias chain pass through, nearest first.
 */
function aliasChain(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Declaration[] {
  const declarations: ts.Declaration[] = [];
  let current: ts.Symbol | undefined = symbol;
  for (let i = 0; current && i < MAX_ALIASES; i++) {
    const declaration = current.declarations?.[0];
    if (!declaration) break;
    declarations.push(declaration);
    if (!(current.flags & ts.SymbolFlags.Alias)) break;
    current = checker.getImmediateAliasedSymbol(current);
  }
  return declarations;
}

/**
 * Where an expression's value is imported or required from, or the global it
 * names. Several origins when a re-export renames it on the way
 * (`export { v4 as newId } from 'uuid'`).
 */
export function originsOf(checker: ts.TypeChecker, expression: ts.Expression): Origin[] {
  const origins: Origin[] = [];
  const direct = originOf(checker, expression, 0);
  if (direct) origins.push(direct);
  const root = skipOuter(expression);
  if (ts.isIdentifier(root)) {
    const symbol = symbolAt(checker, root);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      for (const declaration of aliasChain(checker, symbol).slice(1)) {
        const origin = fromDeclaration(checker, declaration, 1);
        if (origin) origins.push(origin);
      }
    }
  }
  return origins;
}

function originOf(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth: number,
): Origin | undefined {
  const expr = skipOuter(expression);
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
    const object = originOf(checker, expr.expression, depth);
    return object && member(object, expr.name.text);
  }
  if (ts.isCallExpression(expr)) {
    const module = requiredModule(expr);
    return module ? { module, names: MODULE_OBJECT } : undefined;
  }
  if (!ts.isIdentifier(expr)) return undefined;
  const symbol = symbolAt(checker, expr);
  const declarations = symbol?.declarations ?? [];
  // No user declaration: a global such as `Date`, `crypto` or `Temporal`; `globalThis.crypto` is
  // `crypto`.
  if (declarations.every((d) => d.getSourceFile().isDeclarationFile)) {
    return { module: undefined, names: GLOBAL_OBJECTS.has(expr.text) ? [] : [expr.text] };
  }
  return fromDeclaration(checker, declarations[0], depth);
}

/**
 * Whether the expression is imported (or required) from one of `packages` or a subpath of one
 * (`@trigger.dev/sdk/v3`), as its export `name` when given.
 */
export function isFromPackage(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  packages: readonly string[],
  name?: string,
): boolean {
  return originsOf(checker, expression).some(
    (origin) =>
      origin.module !== undefined &&
      packages.includes(packageOf(origin.module)) &&
      (name === undefined || origin.names.includes(name)),
  );
}

/**
 * Whether a value is made by a library, decided from declarations and
 * imports without inferring a type: a name declared only in declaration
 * files, a member or call result of one (`client.a().b`), or a `const` bound
 * to one. Unknown counts as not.
 */
function madeByLibrary(checker: ts.TypeChecker, node: ts.Expression, depth: number): boolean {
  const expr = skipOuter(node);
  if (
    ts.isCallExpression(expr) ||
    ts.isNewExpression(expr) ||
    ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr)
  ) {
    return madeByLibrary(checker, expr.expression, depth);
  }
  if (!ts.isIdentifier(expr) || depth > MAX_ALIASES) return false;
  const target = unaliased(checker, checker.getSymbolAtLocation(expr));
  if (!target) return false;
  const declarations = target.declarations ?? [];
  if (declarations.length === 0) return false;
  if (declarations.every((d) => d.getSourceFile().isDeclarationFile)) return true;
  const [declaration] = declarations;
  const isConst =
    ts.isVariableDeclaration(declaration) &&
    (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
  return (
    declarations.length === 1 &&
    isConst &&
    ts.isIdentifier(declaration.name) &&
    !declaration.type &&
    declaration.initializer !== undefined &&
    madeByLibrary(checker, declaration.initializer, depth + 1)
  );
}

/**
 * Whether a call may run a function the program declares, so that resolving
 * its signature can find a body. A library function, or a method reached from
 * a library's value (`authActionClient.inputSchema(…).action(fn)` on an
 * imported client), cannot: the checker would infer the whole generic chain
 * (hundreds of milliseconds per keystroke) to find a declaration without one.
 */
export function mayCallProgramCode(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  return !madeByLibrary(checker, call.expression, 0);
}
