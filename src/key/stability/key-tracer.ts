import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import { mayCallProgramCode, originsOf, symbolAt, unaliased } from '../../sdk/index.js';
import { attemptCounterOf, mayBeAttemptCounter, type AttemptCounter } from './attempt-counters.js';
import { sourceEntry, type ExportTable, type SourceKind, type SourceTable } from './key-sources.js';
import {
  isAttemptRange,
  KeyStorage,
  retryAround,
  retryingCall,
  type KeyBinding,
} from './key-storage.js';
import {
  callsPlatformLibrary,
  calleeText,
  isStackOverflow,
  isFallbackOperator,
  contains,
  isFunctionScope,
  scopeOf,
  skipOuter,
  staticName,
} from '../../util/index.js';

/**
 * What makes a key change when the same operation runs again: a clock, a
 * random generator, a counter that a loop increments, the attempt number a
 * retry library passes in, or a queue job's attempt count.
 */
export type KeySourceKind = SourceKind | 'counter' | 'retry-attempt' | 'job-attempt';

/** A place where a key's value is made fresh on every run. */
export interface KeySource {
  readonly kind: KeySourceKind;
  /** How the source reads in code, e.g. `Date.now()`, `uuidv4()`, `attempt`. */
  readonly label: string;
  /** The call, the parameter, or (for a counter) its first increment. */
  readonly node: ts.Node;
  /** Variables the value flows through on its way to the key, nearest the source first. */
  readonly through: readonly KeyBinding[];
  /**
   * What the helper that made the value did with it before returning it:
   * stored it, or returned a stored one when there was one (get-or-create).
   */
  readonly kept?: 'stored' | 'get-or-create';
}

/**
 * Where a key's value can come from. Sources found are certain; `complete` is false when a limit
 * cut the search.
 */
export interface Provenance {
  readonly sources: readonly KeySource[];
  readonly complete: boolean;
}

/**
 * Property names from an object down to a value inside it: `['idempotencyKey']` of request options.
 */
export type PropertyPath = readonly string[];

interface Trace {
  readonly sources: readonly KeySource[];
  /**
   * Parameters of the function being summarised whose value (path `''`) or a property path of it
   * flows into the value.
   */
  readonly params: ReadonlyMap<ts.ParameterDeclaration, ReadonlySet<string>>;
  /**
   * The value also depends on data that is neither a literal nor a source: a record's id, a
   * parameter.
   */
  readonly inputs: boolean;
  readonly complete: boolean;
  /**
   * Bindings and helpers still being analysed when this was computed (a cycle): not final until
   * they are.
   */
  readonly pendingOn: ReadonlySet<ts.Node>;
}

/** Explicit bounds: how deep helper calls are followed, and how many nodes one key may visit. */
export const TRACE_LIMITS = { helperDepth: 8, nodesPerKey: 20_000 } as const;

/** Methods that feed their arguments into the object they are called on. */
const FEEDING_METHODS: ReadonlySet<string> = new Set([
  'update',
  'append',
  'push',
  'unshift',
  'write',
]);

// `name.update(`, `name.push(`, …, by name: compiled once per name, not per binding traced.
const feedingPatterns = new Map<string, RegExp>();

/**
 * Whether the text of `scope` may feed an object named `name` (`name.update(…)`): searched in the
 * file's text from where the scope starts, with no copy of it.
 */
function mayFeed(scope: ts.Node, name: string): boolean {
  let pattern = feedingPatterns.get(name);
  if (!pattern) {
    const escaped = name.replace(/[$]/g, '\\$&');
    const methods = [...FEEDING_METHODS].join('|');
    pattern = new RegExp(`(?<![\\w$])${escaped}\\s*\\.\\s*(?:${methods})\\b`, 'g');
    feedingPatterns.set(name, pattern);
  }
  pattern.lastIndex = scope.getStart();
  const match = pattern.exec(scope.getSourceFile().text);
  return match !== null && match.index < scope.end;
}

/**
 * The object a call feeds its arguments into, through a chain of such calls: `hash` of
 * `hash.update(a)` and of `hash.update(a).update(b)`.
 */
function feedingReceiver(call: ts.CallExpression): ts.Expression | undefined {
  let node: ts.Expression = call;
  while (ts.isCallExpression(node)) {
    const callee = skipOuter(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !FEEDING_METHODS.has(callee.name.text))
      return undefined;
    node = skipOuter(callee.expression);
  }
  return node;
}

/** How many property names deep an object is followed (`a.b.c.idempotencyKey`). */
const MAX_PATH = 6;

const NO_PARAMS = new Map<never, never>();
const NONE = new Set<never>();
const EMPTY: Trace = {
  sources: [],
  params: NO_PARAMS,
  inputs: false,
  complete: true,
  pendingOn: NONE,
};
const CUT: Trace = { ...EMPTY, complete: false };
/** Data read from somewhere the analysis does not follow: a record, a row, a declared value. */
const INPUT: Trace = { ...EMPTY, inputs: true };

const keyOf = (path: PropertyPath): string => path.join('\0');
/** The property path a key of `Trace.params` stands for. */
export const pathOf = (key: string): PropertyPath => (key === '' ? [] : key.split('\0'));

/**
 * Everything any of the traces can come from; a source reached twice counts once, so shared
 * subterms stay linear.
 */
function union(traces: readonly Trace[]): Trace {
  if (traces.length === 0) return EMPTY;
  if (traces.length === 1) return traces[0];
  const sources = new Map<ts.Node, KeySource>();
  const params = new Map<ts.ParameterDeclaration, Set<string>>();
  const pendingOn = new Set<ts.Node>();
  let complete = true;
  let inputs = false;
  for (const trace of traces) {
    for (const source of trace.sources)
      if (!sources.has(source.node)) sources.set(source.node, source);
    for (const [param, paths] of trace.params) {
      const into = params.get(param) ?? new Set<string>();
      for (const path of paths) into.add(path);
      params.set(param, into);
    }
    for (const node of trace.pendingOn) pendingOn.add(node);
    complete &&= trace.complete;
    inputs ||= trace.inputs;
  }
  return { sources: [...sources.values()], params, inputs, complete, pendingOn };
}

/** The traces that were shown, or undefined when none was. */
function unionFound(traces: readonly (Trace | undefined)[]): Trace | undefined {
  const found = traces.filter((t): t is Trace => t !== undefined);
  return found.length === 0 ? undefined : union(found);
}

/** The result for `node` once its own analysis is done: it no longer waits on itself. */
function settle(trace: Trace, node: ts.Node): Trace {
  if (!trace.pendingOn.has(node)) return trace;
  const pendingOn = new Set(trace.pendingOn);
  pendingOn.delete(node);
  return { ...trace, pendingOn };
}

function through(trace: Trace, binding: KeyBinding): Trace {
  return trace.sources.length === 0
    ? trace
    : { ...trace, sources: trace.sources.map((s) => ({ ...s, through: [...s.through, binding] })) };
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
}

function isNumber(node: ts.Expression): boolean {
  return ts.isNumericLiteral(skipOuter(node));
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** The parameter or variable a binding element destructures, and the property path to it. */
function destructured(
  element: ts.BindingElement,
): { root: ts.ParameterDeclaration | ts.VariableDeclaration; path: string[] } | undefined {
  const path: string[] = [];
  let node: ts.BindingElement = element;
  for (;;) {
    const pattern = node.parent;
    let key: string | undefined;
    if (ts.isObjectBindingPattern(pattern))
      key = node.dotDotDotToken ? undefined : staticName(node.propertyName ?? node.name);
    else key = node.dotDotDotToken ? undefined : String(pattern.elements.indexOf(node));
    if (key === undefined && !node.dotDotDotToken) return undefined;
    // A rest element holds the other properties under their own names.
    if (key !== undefined) path.unshift(key);
    const holder = pattern.parent;
    if (ts.isBindingElement(holder)) node = holder;
    else if (ts.isParameter(holder) || ts.isVariableDeclaration(holder))
      return { root: holder, path };
    else return undefined;
  }
}

/**
 * Answers "where can this key's value come from?" by following bindings,
 * string building, objects and helper functions (by declaration, across
 * files), and recognising sources by what they are imported from. It also
 * follows a property of an object (`idempotencyKey` of request options)
 * through object literals, spreads, destructuring, conditionals and helper
 * returns, with arguments substituted for parameters.
 * One tracer per program, source table and store calls; results are cached per declaration.
 */
export class KeyTracer {
  private readonly bindings = new Map<ts.Node, Map<string, Trace | undefined>>();
  private readonly summaries = new Map<ts.Node, Map<string, Trace | undefined>>();
  private readonly inProgress = new Set<ts.Node>();
  private visited = 0;
  private depth = 0;

  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly program: ts.Program,
    private readonly table: SourceTable,
    private readonly storage: KeyStorage,
  ) {
    this.checker = program.getTypeChecker();
  }

  /** Where the value of `expression` can come from, or of the property at `path` inside it. */
  trace(expression: ts.Expression, path: PropertyPath = []): Provenance {
    return this.run({ sources: [], complete: false }, () => {
      const found = this.member(expression, path) ?? EMPTY;
      const { sources, complete } = union([found, ...this.unboundParameters(found, expression)]);
      return { sources, complete };
    });
  }

  /**
   * The parameters of the functions around `expression` whose value flows into it (or into the
   * property at `path`), each with the property paths of it that do: `''` for the whole value.
   */
  parameterUses(
    expression: ts.Expression,
    path: PropertyPath = [],
  ): ReadonlyMap<ts.ParameterDeclaration, ReadonlySet<string>> {
    return this.run(NO_PARAMS, () => (this.member(expression, path) ?? EMPTY).params);
  }

  /**
   * Whether the value of `expression` carries operation data: data besides its sources and
   * literals.
   */
  carriesOperationData(expression: ts.Expression): boolean {
    return this.run(false, () => this.carriesData(expression));
  }

  private run<T>(fallback: T, work: () => T): T {
    this.visited = 0;
    this.depth = 0;
    try {
      return work();
    } catch (error) {
      // No answer, no report.
      if (isStackOverflow(error)) return fallback;
      throw error;
    }
  }

  private carriesData(expression: ts.Expression): boolean {
    const trace = this.value(expression);
    return trace.inputs || trace.params.size > 0;
  }

  private resolved(node: ts.Node): ts.Symbol | undefined {
    return unaliased(this.checker, symbolAt(this.checker, node));
  }

  /**
   * What the value at `path` inside the value of `node` can come from;
   * undefined when the analysis cannot show where that object comes from.
   */
  private member(node: ts.Expression, path: PropertyPath): Trace | undefined {
    if (path.length === 0) return this.value(node);
    if (++this.visited > TRACE_LIMITS.nodesPerKey) return CUT;
    if (path.length > MAX_PATH) return undefined;
    const expr = skipOuter(node);
    if (ts.isObjectLiteralExpression(expr)) return this.objectMember(expr, path);
    if (ts.isArrayLiteralExpression(expr)) {
      const index = Number(path[0]);
      const element =
        Number.isInteger(index) && !expr.elements.slice(0, index + 1).some(ts.isSpreadElement)
          ? expr.elements[index]
          : undefined;
      return element && this.member(element, path.slice(1));
    }
    if (ts.isConditionalExpression(expr))
      return unionFound([this.member(expr.whenTrue, path), this.member(expr.whenFalse, path)]);
    if (ts.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.EqualsToken)
        return this.member(expr.right, path);
      if (
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken
      ) {
        return unionFound([this.member(expr.left, path), this.member(expr.right, path)]);
      }
      return undefined;
    }
    if (ts.isIdentifier(expr)) return this.identifier(expr, path);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const name = ts.isPropertyAccessExpression(expr)
        ? expr.name.text
        : staticName(skipOuter(expr.argumentExpression));
      if (name === undefined) return undefined;
      return this.member(expr.expression, [name, ...path]) ?? this.declaredProperty(expr, path);
    }
    if (ts.isCallExpression(expr)) return this.call(expr, path);
    return undefined;
  }

  /** The last property of that name wins; spreads before it or without it may supply it too. */
  private objectMember(object: ts.ObjectLiteralExpression, path: PropertyPath): Trace {
    const [name, ...rest] = path;
    const traces: (Trace | undefined)[] = [];
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const property = object.properties[i];
      if (ts.isSpreadAssignment(property)) {
        traces.push(this.member(property.expression, path));
        continue;
      }
      if (staticName(property.name) !== name) continue;
      if (ts.isPropertyAssignment(property)) traces.push(this.member(property.initializer, rest));
      else if (ts.isShorthandPropertyAssignment(property))
        traces.push(this.identifier(property.name, rest));
      else if (ts.isGetAccessorDeclaration(property) || ts.isMethodDeclaration(property))
        traces.push(rest.length === 0 ? EMPTY : undefined);
      break;
    }
    return unionFound(traces) ?? EMPTY;
  }

  private value(node: ts.Expression): Trace {
    if (++this.visited > TRACE_LIMITS.nodesPerKey) return CUT;
    const expr = skipOuter(node);
    if (ts.isTemplateExpression(expr))
      return union(expr.templateSpans.map((span) => this.value(span.expression)));
    if (ts.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.EqualsToken)
        return this.value(expr.right);
      return union([this.value(expr.left), this.value(expr.right)]);
    }
    if (ts.isConditionalExpression(expr))
      return union([this.value(expr.whenTrue), this.value(expr.whenFalse)]);
    if (ts.isPrefixUnaryExpression(expr) || ts.isPostfixUnaryExpression(expr))
      return this.value(expr.operand);
    if (ts.isIdentifier(expr)) return this.identifier(expr, []) ?? INPUT;
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr))
      return this.property(expr);
    if (ts.isCallExpression(expr)) return this.call(expr, []) ?? INPUT;
    if (ts.isNewExpression(expr)) return this.construct(expr);
    if (ts.isTaggedTemplateExpression(expr))
      return ts.isTemplateExpression(expr.template) ? this.value(expr.template) : EMPTY;
    if (ts.isArrayLiteralExpression(expr)) {
      return union(expr.elements.map((e) => this.value(ts.isSpreadElement(e) ? e.expression : e)));
    }
    if (ts.isObjectLiteralExpression(expr)) {
      return union(
        expr.properties.map((p) => {
          if (ts.isPropertyAssignment(p)) return this.value(p.initializer);
          if (ts.isShorthandPropertyAssignment(p)) return this.identifier(p.name, []) ?? INPUT;
          if (ts.isSpreadAssignment(p)) return this.value(p.expression);
          return EMPTY;
        }),
      );
    }
    // Literals, `this`, functions: no source.
    return EMPTY;
  }

  private identifier(node: ts.Identifier, path: PropertyPath): Trace | undefined {
    if (node.text === 'undefined') return EMPTY;
    const declaration = this.resolved(node)?.valueDeclaration;
    if (!declaration) return path.length === 0 ? INPUT : undefined;
    // A global (`Math`, `process`): nothing of the operation's own.
    if (declaration.getSourceFile().isDeclarationFile) return path.length === 0 ? EMPTY : undefined;
    // A parameter is a stable input, unless a caller's argument is substituted for it.
    if (ts.isParameter(declaration))
      return { ...EMPTY, params: new Map([[declaration, new Set([keyOf(path)])]]) };
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name))
      return this.binding(declaration, path);
    if (ts.isBindingElement(declaration) && ts.isIdentifier(declaration.name))
      return this.bindingElement(declaration, path);
    return path.length === 0 ? EMPTY : undefined;
  }

  /** A cached analysis of `node` at `path`: cycle-safe, and kept only once final. */
  private cached(
    cache: Map<ts.Node, Map<string, Trace | undefined>>,
    node: ts.Node,
    path: PropertyPath,
    compute: () => Trace | undefined,
  ): Trace | undefined {
    const key = keyOf(path);
    const byPath = cache.get(node);
    if (byPath?.has(key)) return byPath.get(key);
    if (this.inProgress.has(node)) return { ...EMPTY, pendingOn: new Set([node]) };
    this.inProgress.add(node);
    let found: Trace | undefined;
    try {
      found = compute();
    } finally {
      this.inProgress.delete(node);
    }
    const result = found && settle(found, node);
    // A result computed inside a cycle, or cut by a limit, depends on where the search started.
    if (!result || (result.pendingOn.size === 0 && result.complete)) {
      if (!cache.has(node)) cache.set(node, new Map());
      cache.get(node)!.set(key, result);
    }
    return result;
  }

  private binding(declaration: ts.VariableDeclaration, path: PropertyPath): Trace | undefined {
    return this.cached(this.bindings, declaration, path, () => {
      // `for (const attempt of [1, 2, 3]) try { … }`: the element counts attempts.
      const loop = declaration.parent.parent;
      if (path.length === 0 && isAttemptRange(loop) && ts.isIdentifier(declaration.name))
        return through(this.source('counter', declaration.name.text, declaration), declaration);
      const traces: (Trace | undefined)[] = [];
      if (declaration.initializer) traces.push(this.member(declaration.initializer, path));
      traces.push(...this.writesTo(declaration, path));
      if (path.length === 0) traces.push(...this.fills(declaration));
      if (traces.length === 0) return path.length === 0 ? INPUT : undefined;
      const found = unionFound(traces);
      return found && through(found, declaration);
    });
  }

  /**
   * What an object made here is given after it is made: the random sources that fill a buffer made
   * for them in place (`const bytes = new Uint8Array(16); crypto.getRandomValues(bytes)`,
   * `randomFillSync(Buffer.alloc(16))`'s kind), and the values its own methods feed into it
   * (`const hash = createHash('sha256'); hash.update(input); return hash.digest('hex')`).
   */
  private fills(declaration: ts.VariableDeclaration): Trace[] {
    const init = declaration.initializer && skipOuter(declaration.initializer);
    if (
      init === undefined ||
      !(
        ts.isNewExpression(init) ||
        ts.isCallExpression(init) ||
        ts.isArrayLiteralExpression(init)
      ) ||
      !ts.isIdentifier(declaration.name)
    )
      return [];
    const allocates =
      ts.isNewExpression(init) ||
      (ts.isCallExpression(init) && /^Buffer\.alloc/.test(calleeText(init.expression) ?? ''));
    const name = declaration.name.text;
    const scope = scopeOf(declaration);
    // The walk only where the text may feed the object or fill the buffer.
    if (!allocates && !mayFeed(scope, name)) return [];
    const symbol = symbolAt(this.checker, declaration.name);
    const isBinding = (node: ts.Expression): boolean => {
      const expr = skipOuter(node);
      return ts.isIdentifier(expr) && expr.text === name && symbolAt(this.checker, expr) === symbol;
    };
    const found: Trace[] = [];
    const visit = (node: ts.Node): void => {
      if (++this.visited > TRACE_LIMITS.nodesPerKey) return;
      if (ts.isCallExpression(node) && node.arguments.length > 0) {
        if (allocates && isBinding(node.arguments[0]) && this.sourceKindOfCall(node) === 'random')
          found.push(this.source('random', `${node.expression.getText()}()`, node));
        const fed = feedingReceiver(node);
        if (fed && isBinding(fed))
          found.push(
            union(node.arguments.map((a) => this.value(ts.isSpreadElement(a) ? a.expression : a))),
          );
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(scope, visit);
    return found;
  }

  private bindingElement(element: ts.BindingElement, path: PropertyPath): Trace | undefined {
    return this.cached(this.bindings, element, path, () => {
      const origin = destructured(element);
      if (!origin) return path.length === 0 ? INPUT : undefined;
      const counter = path.length === 0 && this.destructuredCounter(element, origin);
      if (counter) return this.source(counter, element.name.getText(), element);
      const full = [...origin.path, ...path];
      const traces: (Trace | undefined)[] = [];
      if (ts.isParameter(origin.root))
        traces.push({ ...EMPTY, params: new Map([[origin.root, new Set([keyOf(full)])]]) });
      else if (origin.root.initializer) traces.push(this.member(origin.root.initializer, full));
      else if (path.length === 0) traces.push(INPUT);
      // A default value (`{ key = randomUUID() } = body`) is used whenever the property is missing.
      if (element.initializer) traces.push(this.member(element.initializer, path));
      const found = unionFound(traces);
      return found && through(found, element);
    });
  }

  /**
   * Every later write to a variable in its function: assignments to a
   * `let`/`var`, and to the property at `path` of a `const` object. A variable
   * that is incremented (`attempt++`, `attempt += 1`) is a counter source.
   */
  private writesTo(declaration: ts.VariableDeclaration, path: PropertyPath): (Trace | undefined)[] {
    const name = (declaration.name as ts.Identifier).text;
    const symbol = symbolAt(this.checker, declaration.name);
    const reassignable = !isConst(declaration);
    if (!reassignable && path.length === 0) return [];
    const traces: (Trace | undefined)[] = [];
    const isVariable = (node: ts.Node): boolean =>
      ts.isIdentifier(node) && node.text === name && symbolAt(this.checker, node) === symbol;
    let increment: ts.Node | undefined;
    const visit = (node: ts.Node): void => {
      if (++this.visited > TRACE_LIMITS.nodesPerKey) {
        traces.push(CUT);
        return;
      }
      if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) {
        const left = skipOuter(node.left);
        if (reassignable && isVariable(left)) {
          const operator = node.operatorToken.kind;
          const right = skipOuter(node.right);
          const selfPlusNumber =
            ts.isBinaryExpression(right) &&
            right.operatorToken.kind === ts.SyntaxKind.PlusToken &&
            ((isVariable(skipOuter(right.left)) && isNumber(right.right)) ||
              (isVariable(skipOuter(right.right)) && isNumber(right.left)));
          if (
            (operator === ts.SyntaxKind.PlusEqualsToken && isNumber(node.right)) ||
            selfPlusNumber
          )
            increment ??= node;
          else traces.push(this.member(node.right, path));
        } else if (
          path.length > 0 &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) &&
          isVariable(skipOuter(left.expression)) &&
          (ts.isPropertyAccessExpression(left)
            ? left.name.text
            : staticName(left.argumentExpression)) === path[0]
        ) {
          traces.push(this.member(node.right, path.slice(1)));
        }
      }
      if (
        reassignable &&
        (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken ||
          node.operator === ts.SyntaxKind.MinusMinusToken) &&
        isVariable(skipOuter(node.operand))
      ) {
        increment ??= node;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(scopeOf(declaration), visit);
    if (increment && path.length === 0) traces.push(this.source('counter', name, increment));
    return traces;
  }

  /**
   * `obj.name` or `obj['name']`: a library's attempt counter, or the property followed through the
   * object or its declaration.
   */
  private property(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): Trace {
    const name = ts.isPropertyAccessExpression(node)
      ? node.name.text
      : staticName(skipOuter(node.argumentExpression));
    if (name === undefined) return INPUT;
    const counter = mayBeAttemptCounter(name) && this.accessedCounter(node);
    if (counter) return this.source(counter, node.getText(), node);
    return this.member(node.expression, [name]) ?? this.declaredProperty(node, []) ?? INPUT;
  }

  /**
   * A property followed by its declaration: an object literal's property, a class field's
   * initializer, a getter.
   */
  private declaredProperty(
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    path: PropertyPath,
  ): Trace | undefined {
    const name = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
    const declaration = this.resolved(name)?.valueDeclaration;
    if (declaration) {
      if (ts.isPropertyAssignment(declaration)) return this.member(declaration.initializer, path);
      if (ts.isShorthandPropertyAssignment(declaration))
        return this.identifier(declaration.name, path);
      if (ts.isPropertyDeclaration(declaration) && declaration.initializer)
        return this.member(declaration.initializer, path);
      if (ts.isGetAccessorDeclaration(declaration) && this.hasBody(declaration))
        return this.summary(declaration, path);
    }
    // A property read from a record, a DB row, a webhook event: a stable input.
    return path.length === 0 ? INPUT : undefined;
  }

  /** The attempt counter a destructuring reads (`async ({ event, attempt }) => …`), if it is one. */
  private destructuredCounter(
    element: ts.BindingElement,
    origin: { root: ts.ParameterDeclaration | ts.VariableDeclaration; path: string[] },
  ): AttemptCounter['kind'] | undefined {
    const name = origin.path[origin.path.length - 1];
    if (
      name === undefined ||
      !mayBeAttemptCounter(name) ||
      !ts.isObjectBindingPattern(element.parent)
    )
      return undefined;
    return attemptCounterOf(this.checker, {
      property: this.checker.getTypeAtLocation(element.parent).getProperty(name),
      root: origin.root,
      names: origin.path,
    });
  }

  /** The attempt counter an access chain (`ctx.attempt.number`) reads, if it is one. */
  private accessedCounter(
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
  ): AttemptCounter['kind'] | undefined {
    const names: string[] = [];
    let root: ts.Expression = node;
    for (;;) {
      const expr = skipOuter(root);
      const name = ts.isPropertyAccessExpression(expr)
        ? expr.name.text
        : ts.isElementAccessExpression(expr)
          ? staticName(skipOuter(expr.argumentExpression))
          : undefined;
      if (name === undefined) break;
      names.unshift(name);
      root = (expr as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
    }
    const last = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
    return attemptCounterOf(this.checker, {
      property: this.checker.getSymbolAtLocation(last),
      root,
      names,
    });
  }

  private call(node: ts.CallExpression, path: PropertyPath): Trace | undefined {
    // A part of a fresh value is fresh too: `process.hrtime()[1]`, `randomBytes(4)[0]`.
    const kind = this.sourceKindOfCall(node);
    if (kind) return this.source(kind, `${node.expression.getText()}()`, node);
    const declaration = mayCallProgramCode(this.checker, node)
      ? this.checker.getResolvedSignature(node)?.declaration
      : undefined;
    if (declaration && !ts.isJSDocSignature(declaration) && this.hasBody(declaration)) {
      const summary = this.summary(declaration, path);
      return summary && this.substitute(summary, declaration, node.arguments);
    }
    const callee = skipOuter(node.expression);
    if (path.length > 0) {
      // Object.assign(target, ...sources): a later source may supply the property.
      const isAssign =
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'assign' &&
        originsOf(this.checker, callee).some(
          (o) => o.module === undefined && o.names.includes('Object.assign'),
        );
      if (isAssign) return unionFound(node.arguments.map((a) => this.member(a, path)));
      // A part of what the platform makes of a fresh value (`uuidv4().split('-')[0]`) is fresh;
      // the type query only where a source flows in.
      const derived = this.derived(node, callee);
      return derived.sources.length > 0 && callsPlatformLibrary(this.program, node)
        ? derived
        : undefined;
    }
    return this.derived(node, callee);
  }

  /**
   * A library function's result, or one the checker cannot resolve (String, JSON.stringify, .slice,
   * hashing): it depends on its receiver and arguments only.
   */
  private derived(node: ts.CallExpression, callee: ts.Expression): Trace {
    const receiver =
      ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)
        ? [this.value(callee.expression)]
        : [];
    return union([
      ...receiver,
      ...node.arguments.map((a) => this.value(ts.isSpreadElement(a) ? a.expression : a)),
    ]);
  }

  private construct(node: ts.NewExpression): Trace {
    const args = node.arguments ?? [];
    if (args.length === 0) {
      const callee = skipOuter(node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'Date' && this.isGlobal(callee))
        return this.source('time', 'new Date()', node);
      const entry = this.entryOf(callee, this.table.calls, 0);
      if (entry) return this.source(entry, `new ${callee.getText()}()`, node);
    }
    return union(args.map((a) => this.value(ts.isSpreadElement(a) ? a.expression : a)));
  }

  private source(kind: KeySourceKind, label: string, node: ts.Node): Trace {
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

  /**
   * What a helper's return value (or the property at `path` of it) depends on, computed once per
   * declaration.
   */
  private summary(declaration: ts.FunctionLikeDeclaration, path: PropertyPath): Trace | undefined {
    const known = this.summaries.get(declaration);
    if (known?.has(keyOf(path))) return known.get(keyOf(path));
    if (this.depth >= TRACE_LIMITS.helperDepth) return CUT;
    this.depth++;
    try {
      return this.cached(this.summaries, declaration, path, () => {
        const body = declaration.body!;
        if (!ts.isBlock(body)) return this.member(body, path);
        const returns: (Trace | undefined)[] = [];
        const visit = (node: ts.Node): void => {
          if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
          if (ts.isReturnStatement(node) && node.expression) {
            const found = this.member(node.expression, path);
            returns.push(found && this.kept(found, declaration, node));
          }
          ts.forEachChild(node, visit);
        };
        ts.forEachChild(body, visit);
        return unionFound(returns) ?? (path.length === 0 ? EMPTY : undefined);
      });
    } finally {
      this.depth--;
    }
  }

  /**
   * Marks the random and time values a helper stores before handing them over
   * (returning them, or passing them to a callback):
   * `stored`, or `get-or-create` when it returns a stored one if there is one
   * (and, for a time value, the value also carries operation data).
   */
  private kept(trace: Trace, helper: ts.FunctionLikeDeclaration, handedOver: ts.Node): Trace {
    if (!trace.sources.some((s) => !s.kept && (s.kind === 'random' || s.kind === 'time')))
      return trace;
    const sources = trace.sources.map((source): KeySource => {
      if (source.kept || (source.kind !== 'random' && source.kind !== 'time')) return source;
      const local = source.through.filter((b) => contains(helper, b));
      if (local.length === 0 || !this.storage.storedBefore(local, handedOver)) return source;
      const made = contains(helper, source.node) ? source.node : local[0];
      const getOrCreate =
        this.storage.readBackFirst(made, local, true) &&
        (source.kind !== 'time' || this.carriesData(madeExpression(source.node)));
      return { ...source, kept: getOrCreate ? 'get-or-create' : 'stored' };
    });
    return { ...trace, sources };
  }

  private substitute(
    summary: Trace,
    declaration: ts.FunctionLikeDeclaration,
    args: ts.NodeArray<ts.Expression>,
  ): Trace {
    const traces: Trace[] = [{ ...summary, params: NO_PARAMS }];
    declaration.parameters.forEach((parameter, index) => {
      const uses = summary.params.get(parameter);
      if (!uses) return;
      const bound = parameter.dotDotDotToken ? args.slice(index) : args.slice(index, index + 1);
      for (const use of uses) {
        const path = pathOf(use);
        if (bound.length === 0) {
          if (parameter.initializer) traces.push(this.member(parameter.initializer, path) ?? EMPTY);
          continue;
        }
        for (const arg of bound) {
          if (ts.isSpreadElement(arg) || parameter.dotDotDotToken) {
            if (path.length === 0)
              traces.push(this.value(ts.isSpreadElement(arg) ? arg.expression : arg));
            continue;
          }
          traces.push(this.member(arg, path) ?? (path.length === 0 ? INPUT : EMPTY));
          // The default applies when the argument may be undefined.
          if (parameter.initializer && this.mayBeUndefined(arg))
            traces.push(this.member(parameter.initializer, path) ?? EMPTY);
        }
      }
    });
    return union(traces);
  }

  private mayBeUndefined(node: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(node);
    return unionConstituents(type).some(
      (t) =>
        (t.flags &
          (ts.TypeFlags.Undefined |
            ts.TypeFlags.Void |
            ts.TypeFlags.Any |
            ts.TypeFlags.Unknown)) !==
        0,
    );
  }

  /**
   * Parameters of the functions around the key that no caller's argument
   * replaced: their defaults are used when a caller leaves them out, and a
   * retry's attempt number (`pRetry((attempt) => …)`, or a function that
   * calls itself with `attempt + 1`) changes on every retry.
   */
  private unboundParameters(trace: Trace, at: ts.Node): Trace[] {
    const traces: Trace[] = [];
    for (const [parameter, uses] of trace.params) {
      const fn = parameter.parent;
      if (!contains(fn, at)) continue;
      for (const use of uses) {
        const path = pathOf(use);
        if (parameter.initializer)
          traces.push(through(this.member(parameter.initializer, path) ?? EMPTY, parameter));
        if (
          path.length === 0 &&
          ts.isIdentifier(parameter.name) &&
          this.isAttemptParameter(parameter)
        ) {
          traces.push(this.source('retry-attempt', parameter.name.text, parameter));
        }
        traces.push(...this.suppliedArguments(parameter, path));
      }
    }
    return traces;
  }

  /**
   * What a callback's parameter receives from the helper it is passed to, when
   * the program declares that helper: `withIdempotency((options) => …, key)`
   * calling `fn({ idempotencyKey: key })`. A counter of the helper's retry loop
   * passed in is the attempt number.
   */
  private suppliedArguments(parameter: ts.ParameterDeclaration, path: PropertyPath): Trace[] {
    const callback = parameter.parent;
    const call = callback.parent;
    if (
      !ts.isCallExpression(call) ||
      this.depth >= TRACE_LIMITS.helperDepth ||
      !mayCallProgramCode(this.checker, call)
    )
      return [];
    const slot = call.arguments.indexOf(callback as ts.Expression);
    const helper = slot < 0 ? undefined : this.checker.getResolvedSignature(call)?.declaration;
    if (!helper || ts.isJSDocSignature(helper) || !this.hasBody(helper)) return [];
    const received = helper.parameters[slot];
    const index = callback.parameters.indexOf(parameter);
    if (!received || parameter.dotDotDotToken) return [];
    const traces: Trace[] = [];
    this.depth++;
    try {
      const visit = (node: ts.Node): void => {
        if (
          ts.isCallExpression(node) &&
          node.arguments.length > index &&
          !node.arguments.slice(0, index + 1).some(ts.isSpreadElement) &&
          this.isParameterRef(node.expression, received)
        ) {
          const found = this.member(node.arguments[index], path);
          if (found) {
            const kept = this.kept(found, helper, node);
            const sources = kept.sources.map((source) =>
              source.kind === 'counter' && retryAround(this.checker, source.node, node)
                ? { ...source, kind: 'retry-attempt' as const }
                : source,
            );
            traces.push(this.substitute({ ...kept, sources }, helper, call.arguments));
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(helper.body!);
    } finally {
      this.depth--;
    }
    return traces;
  }

  private isAttemptParameter(parameter: ts.ParameterDeclaration): boolean {
    const fn = parameter.parent;
    if (!isFunctionScope(fn) || ts.isSourceFile(fn) || !fn.body) return false;
    const index = fn.parameters.indexOf(parameter);
    if (retryingCall(this.checker, fn)?.attemptParameter === index) return true;
    // A function that retries by calling itself with the next attempt number.
    let recursive = false;
    const visit = (node: ts.Node): void => {
      if (recursive) return;
      if (ts.isCallExpression(node) && node.arguments.length > index) {
        const arg = skipOuter(node.arguments[index]);
        const next =
          (ts.isBinaryExpression(arg) &&
            arg.operatorToken.kind === ts.SyntaxKind.PlusToken &&
            this.isParameterRef(arg.left, parameter)) ||
          (ts.isPrefixUnaryExpression(arg) &&
            arg.operator === ts.SyntaxKind.PlusPlusToken &&
            this.isParameterRef(arg.operand, parameter));
        if (next && this.checker.getResolvedSignature(node)?.declaration === fn) recursive = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    return recursive;
  }

  private isParameterRef(node: ts.Expression, parameter: ts.ParameterDeclaration): boolean {
    const expr = skipOuter(node);
    return ts.isIdentifier(expr) && this.resolved(expr)?.valueDeclaration === parameter;
  }

  private isGlobal(identifier: ts.Identifier): boolean {
    const declarations = symbolAt(this.checker, identifier)?.declarations ?? [];
    return declarations.every((d) => d.getSourceFile().isDeclarationFile);
  }

  /**
   * The kind of source a callee is by its import or global, when called with `argumentCount`
   * arguments.
   */
  private entryOf(
    callee: ts.Expression,
    table: ExportTable,
    argumentCount: number,
  ): SourceKind | undefined {
    for (const origin of originsOf(this.checker, callee)) {
      const entry = sourceEntry(origin, table);
      if (entry && (!entry.withoutArguments || argumentCount === 0)) return entry.kind;
    }
    return undefined;
  }

  private sourceKindOfCall(node: ts.CallExpression): SourceKind | undefined {
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee) && callee.text === 'Date' && this.isGlobal(callee)) return 'time';
    const kind = this.entryOf(callee, this.table.calls, node.arguments.length);
    if (kind) return kind;
    // `customAlphabet(...)()`; `const makeId = customAlphabet(...)`; `makeId()`.
    if (ts.isCallExpression(callee))
      return this.entryOf(callee.expression, this.table.factories, 0);
    if (ts.isIdentifier(callee)) {
      const declaration = symbolAt(this.checker, callee)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const init = skipOuter(declaration.initializer);
        if (ts.isCallExpression(init))
          return this.entryOf(init.expression, this.table.factories, 0);
      }
    }
    return undefined;
  }
}

/**
 * The expression that makes a value from a source: the source with whatever
 * builds the key around it (`` `charge_${order.id}_${Date.now()}` ``), up to a
 * fallback, branch, assignment or declaration.
 */
export function madeExpression(source: ts.Node): ts.Expression {
  let current = source as ts.Expression;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isTemplateSpan(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isPropertyAccessExpression(parent) ||
      ts.isElementAccessExpression(parent) ||
      ts.isCallExpression(parent) ||
      ts.isNewExpression(parent) ||
      ts.isPrefixUnaryExpression(parent) ||
      (ts.isBinaryExpression(parent) && combinesOperands(parent.operatorToken.kind))
    ) {
      current = ts.isTemplateSpan(parent) ? parent.parent : parent;
    } else {
      return current;
    }
  }
}

/**
 * Whether an operator's value is built from both operands (`+`): not a fallback, `&&`, `,` or an
 * assignment.
 */
function combinesOperands(operator: ts.SyntaxKind): boolean {
  return (
    !isFallbackOperator(operator) &&
    operator !== ts.SyntaxKind.AmpersandAmpersandToken &&
    operator !== ts.SyntaxKind.CommaToken &&
    !ASSIGNMENTS.has(operator)
  );
}

const tracers = new WeakMap<ts.Program, Map<string, KeyTracer>>();

/**
 * The tracer of a program for a source table and store calls, shared by every file and rule that
 * asks with the same ones.
 */
export function getKeyTracer(
  program: ts.Program,
  table: SourceTable,
  isStoreCall: (calleeText: string) => boolean,
  optionsKey: string,
): KeyTracer {
  let byOptions = tracers.get(program);
  if (!byOptions) tracers.set(program, (byOptions = new Map<string, KeyTracer>()));
  let tracer = byOptions.get(optionsKey);
  if (!tracer) {
    byOptions.set(
      optionsKey,
      (tracer = new KeyTracer(program, table, new KeyStorage(program, isStoreCall))),
    );
  }
  return tracer;
}
