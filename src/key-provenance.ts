import ts from 'typescript';
import { isStackOverflow } from './stack-overflow.js';
import { GLOBAL_SOURCES, normaliseModule, type SourceKind, type SourceTable } from './key-sources.js';

/** A place where a key's value is made fresh on every run. */
export interface KeySource {
  readonly kind: SourceKind;
  /** How the source reads in code, e.g. `Date.now()`, `uuidv4()`. */
  readonly label: string;
  readonly node: ts.Node;
  /** Variables the value flows through on its way to the key, nearest the source first. */
  readonly through: readonly ts.VariableDeclaration[];
}

/** Where a key's value can come from. Sources found are certain; `complete` is false when a limit cut the search. */
export interface Provenance {
  readonly sources: readonly KeySource[];
  readonly complete: boolean;
}

interface Trace {
  readonly sources: readonly KeySource[];
  /** Parameters of the function being summarised that flow into the value. */
  readonly params: ReadonlySet<ts.ParameterDeclaration>;
  readonly complete: boolean;
  /** Bindings and helpers still being analysed when this was computed (a cycle): not final until they are. */
  readonly pendingOn: ReadonlySet<ts.Node>;
}

/** Explicit bounds: how deep helper calls are followed, and how many nodes one key may visit. */
export const TRACE_LIMITS = { helperDepth: 8, nodesPerKey: 20_000 } as const;

const NONE = new Set<never>();
const EMPTY: Trace = { sources: [], params: NONE, complete: true, pendingOn: NONE };
const CUT: Trace = { ...EMPTY, complete: false };

/** Everything any of the traces can come from; a source reached twice counts once, so shared subterms stay linear. */
function union(traces: readonly Trace[]): Trace {
  if (traces.length === 1) return traces[0];
  const sources = new Map<ts.Node, KeySource>();
  const params = new Set<ts.ParameterDeclaration>();
  const pendingOn = new Set<ts.Node>();
  let complete = true;
  for (const trace of traces) {
    for (const source of trace.sources) if (!sources.has(source.node)) sources.set(source.node, source);
    for (const param of trace.params) params.add(param);
    for (const node of trace.pendingOn) pendingOn.add(node);
    complete &&= trace.complete;
  }
  return { sources: [...sources.values()], params, complete, pendingOn };
}

/** The result for `node` once its own analysis is done: it no longer waits on itself. */
function settle(trace: Trace, node: ts.Node): Trace {
  if (!trace.pendingOn.has(node)) return trace;
  const pendingOn = new Set(trace.pendingOn);
  pendingOn.delete(node);
  return { ...trace, pendingOn };
}

function skipOuter(node: ts.Expression): ts.Expression {
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

function requiredModule(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const call = skipOuter(node);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  const [first] = call.arguments;
  return first && ts.isStringLiteralLike(first) ? normaliseModule(first.text) : undefined;
}

function importModule(declaration: ts.Node): string | undefined {
  const importDeclaration = ts.findAncestor(declaration, ts.isImportDeclaration);
  return importDeclaration && ts.isStringLiteral(importDeclaration.moduleSpecifier)
    ? normaliseModule(importDeclaration.moduleSpecifier.text)
    : undefined;
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/**
 * Answers "where can this key's value come from?" by following bindings,
 * string building and helper functions (by declaration, across files), and
 * recognising time and random sources by what they are imported from.
 * One tracer per program and source table; results are cached per declaration.
 */
export class KeyTracer {
  private readonly bindings = new Map<ts.VariableDeclaration, Trace | null>();
  private readonly summaries = new Map<ts.Node, Trace | null>();
  private visited = 0;
  private depth = 0;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly table: SourceTable,
  ) {}

  trace(expression: ts.Expression): Provenance {
    this.visited = 0;
    this.depth = 0;
    try {
      const { sources, complete } = this.expression(expression);
      return { sources, complete };
    } catch (error) {
      // No answer, no report.
      if (isStackOverflow(error)) return { sources: [], complete: false };
      throw error;
    }
  }

  private symbolAt(node: ts.Node): ts.Symbol | undefined {
    const symbol =
      ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
        ? this.checker.getShorthandAssignmentValueSymbol(node.parent)
        : this.checker.getSymbolAtLocation(node);
    return symbol;
  }

  private resolved(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.symbolAt(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  private expression(node: ts.Expression): Trace {
    if (++this.visited > TRACE_LIMITS.nodesPerKey) return CUT;
    const expr = skipOuter(node);
    if (ts.isTemplateExpression(expr)) return union(expr.templateSpans.map((span) => this.expression(span.expression)));
    if (ts.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.EqualsToken) return this.expression(expr.right);
      return union([this.expression(expr.left), this.expression(expr.right)]);
    }
    if (ts.isConditionalExpression(expr)) return union([this.expression(expr.whenTrue), this.expression(expr.whenFalse)]);
    if (ts.isPrefixUnaryExpression(expr) || ts.isPostfixUnaryExpression(expr)) return this.expression(expr.operand);
    if (ts.isIdentifier(expr)) return this.identifier(expr);
    if (ts.isPropertyAccessExpression(expr)) return this.property(expr);
    if (ts.isCallExpression(expr)) return this.call(expr);
    if (ts.isNewExpression(expr)) return this.construct(expr);
    if (ts.isTaggedTemplateExpression(expr)) return ts.isTemplateExpression(expr.template) ? this.expression(expr.template) : EMPTY;
    if (ts.isArrayLiteralExpression(expr)) {
      return union(expr.elements.map((e) => this.expression(ts.isSpreadElement(e) ? e.expression : e)));
    }
    if (ts.isObjectLiteralExpression(expr)) {
      return union(
        expr.properties.map((p) => {
          if (ts.isPropertyAssignment(p)) return this.expression(p.initializer);
          if (ts.isShorthandPropertyAssignment(p)) return this.identifier(p.name);
          if (ts.isSpreadAssignment(p)) return this.expression(p.expression);
          return EMPTY;
        }),
      );
    }
    // Literals, element reads from records, `this`, functions: no source.
    return EMPTY;
  }

  private identifier(node: ts.Identifier): Trace {
    if (node.text === 'undefined') return EMPTY;
    const declaration = this.resolved(node)?.valueDeclaration;
    if (!declaration) return EMPTY;
    // A parameter is a stable input, unless a caller's argument is substituted for it.
    if (ts.isParameter(declaration)) return { ...EMPTY, params: new Set([declaration]) };
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) return this.binding(declaration);
    return EMPTY;
  }

  private binding(declaration: ts.VariableDeclaration): Trace {
    const known = this.bindings.get(declaration);
    if (known === null) return { ...EMPTY, pendingOn: new Set([declaration]) };
    if (known) return known;
    this.bindings.set(declaration, null);
    let found: Trace;
    try {
      const traces = declaration.initializer ? [this.expression(declaration.initializer)] : [];
      const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
      if (!isConst) traces.push(...this.assignmentsTo(declaration));
      found = settle(union(traces), declaration);
    } finally {
      this.bindings.delete(declaration);
    }
    const result: Trace = {
      ...found,
      sources: found.sources.map((s) => ({ ...s, through: [...s.through, declaration] })),
    };
    // A binding computed inside a cycle is not final until the cycle's start is.
    if (result.pendingOn.size === 0) this.bindings.set(declaration, result);
    return result;
  }

  /** Every later assignment to a `let`/`var`, anywhere in its function. */
  private assignmentsTo(declaration: ts.VariableDeclaration): Trace[] {
    const name = (declaration.name as ts.Identifier).text;
    const symbol = this.symbolAt(declaration.name);
    const scope = ts.findAncestor(declaration.parent, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
    const traces: Trace[] = [];
    const visit = (node: ts.Node): void => {
      if (++this.visited > TRACE_LIMITS.nodesPerKey) {
        traces.push(CUT);
        return;
      }
      if (
        ts.isBinaryExpression(node) &&
        ASSIGNMENTS.has(node.operatorToken.kind) &&
        ts.isIdentifier(node.left) &&
        node.left.text === name &&
        this.symbolAt(node.left) === symbol
      ) {
        traces.push(this.expression(node.right));
      }
      ts.forEachChild(node, visit);
    };
    if (scope) ts.forEachChild(scope, visit);
    return traces;
  }

  private property(node: ts.PropertyAccessExpression): Trace {
    const declaration = this.resolved(node.name)?.valueDeclaration;
    if (!declaration) return EMPTY;
    // A property of an object literal or a class field built in code: follow its value.
    if (ts.isPropertyAssignment(declaration)) return this.expression(declaration.initializer);
    if (ts.isShorthandPropertyAssignment(declaration)) return this.identifier(declaration.name);
    if (ts.isPropertyDeclaration(declaration) && declaration.initializer) return this.expression(declaration.initializer);
    // A property read from a record, a DB row, a webhook event: a stable input.
    return EMPTY;
  }

  private call(node: ts.CallExpression): Trace {
    const kind = this.sourceKindOfCall(node);
    if (kind) return this.source(kind, `${node.expression.getText()}()`, node);
    const declaration = this.checker.getResolvedSignature(node)?.declaration;
    if (declaration && !ts.isJSDocSignature(declaration) && this.hasBody(declaration)) {
      return this.substitute(this.summary(declaration), declaration, node.arguments);
    }
    // A library function (String, JSON.stringify, .slice, hashing): its result
    // depends on its receiver and arguments only.
    const callee = skipOuter(node.expression);
    const receiver =
      ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? [this.expression(callee.expression)] : [];
    return union([...receiver, ...node.arguments.map((a) => this.expression(ts.isSpreadElement(a) ? a.expression : a))]);
  }

  private construct(node: ts.NewExpression): Trace {
    const args = node.arguments ?? [];
    if (args.length === 0) {
      const callee = skipOuter(node.expression);
      if (ts.isIdentifier(callee)) {
        if (callee.text === 'Date' && this.isGlobal(callee)) return this.source('time', 'new Date()', node);
        const kind = this.importedSourceKind(callee, this.table.calls);
        if (kind) return this.source(kind, `new ${callee.text}()`, node);
      }
    }
    return union(args.map((a) => this.expression(ts.isSpreadElement(a) ? a.expression : a)));
  }

  private source(kind: SourceKind, label: string, node: ts.Node): Trace {
    return { ...EMPTY, sources: [{ kind, label, node, through: [] }] };
  }

  private hasBody(declaration: ts.SignatureDeclaration): declaration is ts.FunctionLikeDeclaration {
    return (
      (ts.isFunctionDeclaration(declaration) ||
        ts.isMethodDeclaration(declaration) ||
        ts.isArrowFunction(declaration) ||
        ts.isFunctionExpression(declaration) ||
        ts.isGetAccessorDeclaration(declaration)) &&
      declaration.body !== undefined &&
      !declaration.getSourceFile().isDeclarationFile
    );
  }

  /** What a helper's return value depends on, computed once per declaration. */
  private summary(declaration: ts.FunctionLikeDeclaration): Trace {
    const known = this.summaries.get(declaration);
    // Recursion: the cycle adds nothing new, but what is computed inside it is not final yet.
    if (known === null) return { ...EMPTY, pendingOn: new Set([declaration]) };
    if (known) return known;
    if (this.depth >= TRACE_LIMITS.helperDepth) return CUT;
    this.summaries.set(declaration, null);
    this.depth++;
    const body = declaration.body!;
    const returns: Trace[] = [];
    try {
      if (!ts.isBlock(body)) returns.push(this.expression(body));
      else {
        const visit = (node: ts.Node): void => {
          if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
          if (ts.isReturnStatement(node) && node.expression) returns.push(this.expression(node.expression));
          ts.forEachChild(node, visit);
        };
        ts.forEachChild(body, visit);
      }
    } finally {
      this.depth--;
      this.summaries.delete(declaration);
    }
    const result = settle(union(returns), declaration);
    // Only a complete, settled summary is reusable: a cut one depends on where the search started.
    if (result.complete && result.pendingOn.size === 0) this.summaries.set(declaration, result);
    return result;
  }

  private substitute(summary: Trace, declaration: ts.FunctionLikeDeclaration, args: ts.NodeArray<ts.Expression>): Trace {
    const traces: Trace[] = [{ ...summary, params: NONE }];
    declaration.parameters.forEach((parameter, index) => {
      if (!summary.params.has(parameter)) return;
      const bound = parameter.dotDotDotToken ? args.slice(index) : args.slice(index, index + 1);
      if (bound.length === 0 && parameter.initializer) traces.push(this.expression(parameter.initializer));
      for (const arg of bound) traces.push(this.expression(ts.isSpreadElement(arg) ? arg.expression : arg));
    });
    return union(traces);
  }

  private isGlobal(identifier: ts.Identifier): boolean {
    const declarations = this.symbolAt(identifier)?.declarations ?? [];
    return declarations.every((d) => d.getSourceFile().isDeclarationFile);
  }

  /** The module and export an identifier is bound to by import or require, if any. */
  private importOrigin(identifier: ts.Identifier): { module: string; name: string } | undefined {
    const declaration = this.symbolAt(identifier)?.declarations?.[0];
    if (!declaration) return undefined;
    if (ts.isImportSpecifier(declaration)) {
      const module = importModule(declaration);
      return module ? { module, name: (declaration.propertyName ?? declaration.name).text } : undefined;
    }
    if (ts.isImportClause(declaration)) {
      const module = importModule(declaration);
      return module ? { module, name: 'default' } : undefined;
    }
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const module = requiredModule((declaration.parent.parent as ts.VariableDeclaration).initializer);
      const key = declaration.propertyName ?? declaration.name;
      return module && ts.isIdentifier(key) ? { module, name: key.text } : undefined;
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = skipOuter(declaration.initializer);
      if (ts.isPropertyAccessExpression(init)) {
        const module = requiredModule(init.expression);
        return module ? { module, name: init.name.text } : undefined;
      }
    }
    return undefined;
  }

  /** The module an identifier stands for as a whole (`import * as m`, default import, `require('m')`). */
  private moduleObject(identifier: ts.Identifier): string | undefined {
    const declaration = this.symbolAt(identifier)?.declarations?.[0];
    if (!declaration) return undefined;
    if (ts.isNamespaceImport(declaration) || ts.isImportClause(declaration)) return importModule(declaration);
    if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
      const ref = declaration.moduleReference.expression;
      return ts.isStringLiteral(ref) ? normaliseModule(ref.text) : undefined;
    }
    if (ts.isVariableDeclaration(declaration)) return requiredModule(declaration.initializer);
    return undefined;
  }

  private importedSourceKind(
    identifier: ts.Identifier,
    table: ReadonlyMap<string, ReadonlyMap<string, SourceKind>>,
  ): SourceKind | undefined {
    const origin = this.importOrigin(identifier);
    return origin && table.get(origin.module)?.get(origin.name);
  }

  private sourceKindOfCall(node: ts.CallExpression): SourceKind | undefined {
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee)) {
      if (callee.text === 'Date' && this.isGlobal(callee)) return 'time';
      const direct = this.importedSourceKind(callee, this.table.calls);
      if (direct) return direct;
      // `const makeId = customAlphabet(...)`; `makeId()`.
      const declaration = this.symbolAt(callee)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const init = skipOuter(declaration.initializer);
        if (ts.isCallExpression(init)) return this.factoryKind(init);
      }
      return undefined;
    }
    if (ts.isCallExpression(callee)) return this.factoryKind(callee);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const object = skipOuter(callee.expression);
    if (ts.isIdentifier(object)) {
      const module = this.moduleObject(object);
      if (module) return this.table.calls.get(module)?.get(method);
      if (this.isGlobal(object)) return GLOBAL_SOURCES.get(object.text)?.get(method);
      return undefined;
    }
    // process.hrtime.bigint()
    if (
      method === 'bigint' &&
      ts.isPropertyAccessExpression(object) &&
      object.name.text === 'hrtime' &&
      ts.isIdentifier(object.expression) &&
      object.expression.text === 'process' &&
      this.isGlobal(object.expression)
    ) {
      return 'time';
    }
    const module = requiredModule(object);
    return module ? this.table.calls.get(module)?.get(method) : undefined;
  }

  private factoryKind(call: ts.CallExpression): SourceKind | undefined {
    const callee = skipOuter(call.expression);
    if (ts.isIdentifier(callee)) return this.importedSourceKind(callee, this.table.factories);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const module = this.moduleObject(callee.expression);
      return module ? this.table.factories.get(module)?.get(callee.name.text) : undefined;
    }
    return undefined;
  }
}

const tracers = new WeakMap<ts.Program, Map<string, KeyTracer>>();

/** The tracer of a program for a source table, shared by every file and rule that asks with the same table. */
export function getKeyTracer(program: ts.Program, table: SourceTable, tableKey: string): KeyTracer {
  let byTable = tracers.get(program);
  if (!byTable) tracers.set(program, (byTable = new Map<string, KeyTracer>()));
  let tracer = byTable.get(tableKey);
  if (!tracer) byTable.set(tableKey, (tracer = new KeyTracer(program.getTypeChecker(), table)));
  return tracer;
}
