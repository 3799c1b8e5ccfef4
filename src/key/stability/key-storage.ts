import ts from 'typescript';
import { originsOf, symbolAt } from '../../sdk/index.js';
import { isRandomFill, RETRY_FUNCTIONS } from './key-sources.js';
import {
  callsPlatformLibrary,
  calleeText,
  contains,
  isFallback,
  isFunctionScope,
  isLoggingOrFormatting,
  scopeOf,
  skipOuter,
  staticName,
  type FunctionScope,
} from '../../util/index.js';

/**
 * Callee patterns: dotted names where `*` stands for one name; a pattern without a dot matches the
 * last name.
 */
export function calleeMatcher(patterns: readonly string[]): (text: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const body = pattern
      .split('.')
      .map((part) =>
        part
          .split('*')
          .map((s) => s.replace(/[$]/g, '\\$'))
          .join('[^.]*'),
      )
      .join('\\.');
    return new RegExp(pattern.includes('.') ? `^${body}$` : `(?:^|\\.)${body}$`);
  });
  return (text) => regexes.some((regex) => regex.test(text));
}

/** A variable a key is held in on its way to the request. */
export type KeyBinding = ts.VariableDeclaration | ts.BindingElement | ts.ParameterDeclaration;

/**
 * For each function from the one that runs `before` out to the one that declares the key: the point
 * its code must store by.
 */
type Anchors = ReadonlyMap<FunctionScope, ts.Node>;

function anchorsFor(before: ts.Node, declaredIn: FunctionScope): Anchors | undefined {
  const anchors = new Map<FunctionScope, ts.Node>();
  let anchor = before;
  let scope = scopeOf(before);
  for (;;) {
    anchors.set(scope, anchor);
    if (scope === declaredIn) return anchors;
    if (ts.isSourceFile(scope)) return undefined;
    anchor = scope;
    scope = scopeOf(scope);
  }
}

function isAwaited(call: ts.Expression): boolean {
  let node: ts.Node = call;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isNonNullExpression(node.parent)
  ) {
    node = node.parent;
  }
  return ts.isAwaitExpression(node.parent);
}

/** Node's formatters, imported by name too: `import { format } from 'node:util'`. */
const UTIL_FORMATTERS: ReadonlySet<string> = new Set(['format', 'formatWithOptions', 'inspect']);

function formatsWithUtil(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  return originsOf(checker, callee).some(
    (origin) => origin.module === 'util' && origin.names.some((name) => UTIL_FORMATTERS.has(name)),
  );
}

/** Values that hold the key when it is put in them: objects, arrays, strings. */
function holdsValue(parent: ts.Node, child: ts.Node): boolean {
  return (
    (ts.isPropertyAssignment(parent) && parent.initializer === child) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isObjectLiteralExpression(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isTemplateSpan(parent) ||
    ts.isTemplateExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken)
  );
}

const MAX_REHOLD = 2;

/** Whether a call is in the initializer of a binding the key is held in on its way to the request. */
function derivesKey(call: ts.Node, chain: ReadonlySet<ts.Node>): boolean {
  const declaration = ts.findAncestor(call, (node) =>
    ts.isVariableDeclaration(node)
      ? true
      : isFunctionScope(node) || ts.isBlock(node)
        ? 'quit'
        : false,
  ) as ts.VariableDeclaration | undefined;
  if (!declaration?.initializer || !contains(declaration.initializer, call)) return false;
  if (chain.has(declaration)) return true;
  // `const [seconds, nanos] = …`: the chain holds the element.
  return [...chain].some(
    (binding) => ts.isBindingElement(binding) && contains(declaration, binding),
  );
}

/**
 * Where keys are stored and read back, on the TypeScript side so that it
 * works in helpers of other files as in the linted one.
 */
export class KeyStorage {
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly program: ts.Program,
    /** Calls that persist a key, by callee text. */
    private readonly isStoreCall: (calleeText: string) => boolean,
  ) {
    this.checker = program.getTypeChecker();
  }

  /**
   * Whether a value held in one of `bindings` is stored before `before` runs:
   * passed to a call that is not logging or formatting, or assigned onto an
   * object that is not local, earlier in the same function, or earlier in an
   * enclosing function than the closure that runs `before`, or in a callback of
   * an awaited call made earlier. Calls named by `storeCalls` count from
   * anywhere in their arguments, callbacks included.
   */
  storedBefore(bindings: readonly KeyBinding[], before: ts.Node): boolean {
    const chain: ReadonlySet<ts.Node> = new Set(bindings);
    return bindings.some((binding) => {
      const anchors = anchorsFor(before, scopeOf(binding));
      return anchors !== undefined && this.bindingStored(binding, anchors, chain, 0);
    });
  }

  private bindingStored(
    binding: KeyBinding,
    anchors: Anchors,
    chain: ReadonlySet<ts.Node>,
    depth: number,
  ): boolean {
    if (!ts.isIdentifier(binding.name)) return false;
    const name = binding.name;
    const symbol = this.checker.getSymbolAtLocation(name);
    if (!symbol) return false;
    const references: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isIdentifier(node) &&
        node !== name &&
        node.text === name.text &&
        symbolAt(this.checker, node) === symbol
      ) {
        references.push(node);
        return;
      }
      ts.forEachChild(node, visit);
    };
    const scope = scopeOf(binding);
    visit(scope);
    // A value stored, then replaced before the request (`key = randomUUID()` again), is not the
    // one sent.
    const anchor = anchors.get(scope)?.getStart();
    const replaced = (reference: ts.Identifier) =>
      anchor !== undefined &&
      references.some(
        (write) =>
          write.pos > reference.end &&
          write.end <= anchor &&
          ts.isBinaryExpression(write.parent) &&
          write.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          write.parent.left === write,
      );
    return references.some(
      (reference) => this.referenceStores(reference, anchors, chain, depth) && !replaced(reference),
    );
  }

  private referenceStores(
    reference: ts.Identifier,
    anchors: Anchors,
    chain: ReadonlySet<ts.Node>,
    depth: number,
  ): boolean {
    // The node of an anchored function that contains the reference must end before that function's
    // anchor.
    let placed: ts.Node = reference;
    while (!anchors.has(scopeOf(placed))) {
      const scope = scopeOf(placed);
      if (ts.isSourceFile(scope)) return false;
      placed = scope;
    }
    const anchored = scopeOf(placed);
    if (placed.end > anchors.get(anchored)!.getStart()) return false;
    for (let node: ts.Node = reference; node.parent && node !== anchored; node = node.parent) {
      const call = node.parent;
      if (
        (ts.isCallExpression(call) || ts.isNewExpression(call)) &&
        call.arguments?.includes(node as ts.Expression)
      ) {
        const text = calleeText(call.expression);
        if (text !== undefined && this.isStoreCall(text)) return true;
      }
    }
    // Otherwise the reference must run in an anchored function, or in a callback an awaited call
    // runs first.
    const scope = scopeOf(reference);
    for (let fn: FunctionScope = scope; !anchors.has(fn);) {
      const call = ts.isSourceFile(fn) ? undefined : fn.parent;
      if (
        !call ||
        !ts.isCallExpression(call) ||
        !call.arguments.includes(fn as ts.Expression) ||
        !isAwaited(call)
      )
        return false;
      fn = scopeOf(call);
    }
    return this.escapesToStore(reference, scope, anchors, chain, depth);
  }

  private escapesToStore(
    reference: ts.Identifier,
    scope: FunctionScope,
    anchors: Anchors,
    chain: ReadonlySet<ts.Node>,
    depth: number,
  ): boolean {
    let current: ts.Node = reference;
    while (holdsValue(current.parent, current)) current = current.parent;
    const parent = current.parent;
    if (
      (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      parent.arguments?.includes(current as ts.Expression)
    ) {
      const text = calleeText(parent.expression);
      if (text !== undefined && (isLoggingOrFormatting(text) || isRandomFill(text))) return false;
      if (formatsWithUtil(this.checker, parent.expression)) return false;
      // On the way to the key (`const key = Buffer.from(bytes).toString('hex')`), the platform's
      // own conversions only derive it.
      return !(derivesKey(parent, chain) && callsPlatformLibrary(this.program, parent));
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      parent.right === current &&
      (ts.isPropertyAccessExpression(parent.left) || ts.isElementAccessExpression(parent.left))
    ) {
      return !this.isLocalObject(parent.left, scope);
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && depth < MAX_REHOLD) {
      return this.bindingStored(parent, anchors, chain, depth + 1);
    }
    return false;
  }

  /** `obj.key = value` where `obj` is an object or array literal created in this function. */
  private isLocalObject(
    target: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    scope: FunctionScope,
  ): boolean {
    let root: ts.Expression = target;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root))
      root = skipOuter(root.expression);
    if (!ts.isIdentifier(root)) return false;
    const declaration = this.checker.getSymbolAtLocation(root)?.valueDeclaration;
    if (
      !declaration ||
      !ts.isVariableDeclaration(declaration) ||
      scopeOf(declaration) !== scope ||
      !declaration.initializer
    )
      return false;
    const init = skipOuter(declaration.initializer);
    return ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init);
  }

  /**
   * Whether the value made at `source` is made only when a stored one was not
   * read back first: the fallback of `??` or `||`, a branch that tests the key
   * (`if (!key) key = …`), or, in a helper that returns it, code after a
   * guarded early return (`if (existing) return existing.key;`).
   */
  readBackFirst(source: ts.Node, bindings: readonly KeyBinding[], earlyReturn: boolean): boolean {
    // `const key = order.chargeKey ?? (await makeKey(order))`: the value a helper made enters as
    // the fallback.
    if (
      ts.isVariableDeclaration(source) &&
      source.initializer &&
      isFallback(skipOuter(source.initializer))
    )
      return true;
    const scope = scopeOf(source);
    const names = new Set(
      bindings.map((b) =>
        ts.isIdentifier(b.name) ? this.checker.getSymbolAtLocation(b.name) : undefined,
      ),
    );
    const testsKey = (test: ts.Expression): boolean => {
      let found = false;
      const visit = (node: ts.Node): void => {
        if (found) return;
        if (ts.isIdentifier(node) && names.has(symbolAt(this.checker, node))) found = true;
        else ts.forEachChild(node, visit);
      };
      visit(test);
      return found;
    };
    for (let node: ts.Node = source; node.parent && node !== scope; node = node.parent) {
      const parent = node.parent;
      if (isFallback(parent) && parent.right === node) return true;
      if (
        ts.isConditionalExpression(parent) &&
        parent.condition !== node &&
        testsKey(parent.condition)
      )
        return true;
      if (ts.isIfStatement(parent) && parent.expression !== node && testsKey(parent.expression))
        return true;
    }
    return earlyReturn && !ts.isSourceFile(scope) && this.hasGuardedReturnBefore(scope, source);
  }

  private hasGuardedReturnBefore(scope: ts.FunctionLikeDeclaration, source: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (
        found ||
        node.pos >= source.pos ||
        (node !== scope.body && (ts.isFunctionLike(node) || ts.isClassLike(node)))
      )
        return;
      if (ts.isIfStatement(node)) {
        const returns = (statement: ts.Statement | undefined): boolean =>
          statement !== undefined &&
          ((ts.isReturnStatement(statement) &&
            statement.expression !== undefined &&
            isRead(statement.expression)) ||
            (ts.isBlock(statement) && statement.statements.some(returns)));
        if (returns(node.thenStatement)) found = true;
      }
      ts.forEachChild(node, visit);
    };
    if (scope.body) visit(scope.body);
    return found;
  }
}

/** An expression that reads a value, not a constant: `existing.key`, not `null`. */
function isRead(expression: ts.Expression): boolean {
  const expr = skipOuter(expression);
  return !(
    ts.isLiteralExpression(expr) ||
    expr.kind === ts.SyntaxKind.NullKeyword ||
    expr.kind === ts.SyntaxKind.TrueKeyword ||
    expr.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(expr) && expr.text === 'undefined')
  );
}

/**
 * A `for…of` over attempt numbers written in place (`[1, 2, 3]`, `Array.from({ length: 3 }, …)`,
 * `Array(3).keys()`), whose body tries the work (`try { … } catch`): its element counts attempts.
 */
export function isAttemptRange(loop: ts.Node): loop is ts.ForOfStatement {
  if (!ts.isForOfStatement(loop) || !containsTry(loop.statement)) return false;
  const range = skipOuter(loop.expression);
  if (ts.isArrayLiteralExpression(range))
    return range.elements.length > 0 && range.elements.every(ts.isNumericLiteral);
  if (!ts.isCallExpression(range)) return false;
  const callee = skipOuter(range.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  // `Array.from({ length: 3 }, …)`
  if (
    callee.name.text === 'from' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Array'
  ) {
    const [shape] = range.arguments;
    return (
      shape !== undefined &&
      ts.isObjectLiteralExpression(shape) &&
      shape.properties.length === 1 &&
      staticName(shape.properties[0].name) === 'length'
    );
  }
  // `Array(3).keys()`, `new Array(3).keys()`
  const made = skipOuter(callee.expression);
  return (
    callee.name.text === 'keys' &&
    (ts.isCallExpression(made) || ts.isNewExpression(made)) &&
    ts.isIdentifier(made.expression) &&
    made.expression.text === 'Array'
  );
}

function containsTry(node: ts.Node): boolean {
  if (ts.isTryStatement(node) && node.catchClause) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, containsTry) ?? false;
}

/**
 * A loop that repeats the same work (attempts), as opposed to one pass per item of a collection.
 */
function isRetryLoop(loop: ts.Node): boolean {
  if (isAttemptRange(loop)) return true;
  if (!ts.isWhileStatement(loop) && !ts.isDoStatement(loop) && !ts.isForStatement(loop))
    return false;
  const test = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (!test) return true;
  // A test that reads a size or takes the next item walks a collection.
  let perItem = false;
  const visit = (node: ts.Node): void => {
    if (perItem) return;
    if (
      (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) ||
      (ts.isPropertyAccessExpression(node) && /^(length|size)$/.test(node.name.text))
    ) {
      perItem = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(test);
  return !perItem;
}

/**
 * The call of a retry library that re-runs `fn` on failure (`pRetry(fn)`), and the parameter that
 * counts attempts.
 */
export function retryingCall(
  checker: ts.TypeChecker,
  fn: FunctionScope,
): { readonly call: ts.CallExpression; readonly attemptParameter: number } | undefined {
  const call = ts.isSourceFile(fn) ? undefined : fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  for (const origin of originsOf(checker, call.expression)) {
    const retry = origin.module === undefined ? undefined : RETRY_FUNCTIONS.get(origin.module);
    if (retry && (origin.names.length === 0 || origin.names.includes(retry.export)))
      return { call, attemptParameter: retry.attemptParameter };
  }
  return undefined;
}

/**
 * What repeats the call with a value made at `node`: the innermost retry loop
 * in the call's function that contains both, or the retry library call that
 * re-runs the function both are in.
 */
export function retryAround(
  checker: ts.TypeChecker,
  node: ts.Node,
  call: ts.Node,
): ts.Node | undefined {
  const scope = scopeOf(call);
  if (!contains(scope, node)) return undefined;
  for (let current = node.parent; current && current !== scope; current = current.parent) {
    if (isRetryLoop(current) && contains(current, call)) return current;
  }
  return retryingCall(checker, scope)?.call;
}
