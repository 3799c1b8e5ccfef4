import ts from 'typescript';
import {
  isDeclaredProperty,
  isFromPackage,
  symbolAt,
  unaliased,
  type DeclaredProperty,
} from '../../sdk/index.js';
import { skipOuter, staticName } from '../../util/index.js';

/** A count a library raises on every retry of the same work: a key holding it changes each time. */
export interface AttemptCounter extends DeclaredProperty {
  /** A queue job's attempt count, or the attempt number of a retried run. */
  readonly kind: 'job-attempt' | 'retry-attempt';
  /**
   * Exports whose call returns the holder, with the path from their result: how the counter is
   * known when the package's types do not resolve.
   */
  readonly returnedBy?: readonly { readonly export: string; readonly path: readonly string[] }[];
  /** Classes whose callback argument receives the holder: `new Worker(name, async (job) => …)`. */
  readonly processors?: readonly { readonly export: string; readonly argument: number }[];
  /**
   * Exported factories whose callback receives the holder, at `path` from one of its parameters:
   * `task({ run: async (payload, { ctx }) => … })`.
   */
  readonly handlers?: readonly Handler[];
}

/** Where a framework's factory passes the holder to the callback it is given. */
interface Handler {
  /**
   * The export called (`task`, `schedules.task`); with `method`, the exported class whose
   * instance's method is called (`new Inngest(…)`, then `inngest.createFunction(…)`).
   */
  readonly export: string;
  readonly method?: string;
  /** The argument that is the callback, or the options object holding it at `property`. */
  readonly argument: number;
  readonly property?: string;
  /** The callback's parameter that holds the holder, and the path to it from there. */
  readonly parameter: number;
  readonly path: readonly string[];
}

const BULL = {
  kind: 'job-attempt',
  packages: ['bullmq', 'bull'],
  // bullmq 5 declares the counts on `Job`, `MinimalJob` and the `JobJson` sandboxed jobs extend.
  holders: ['Job', 'MinimalJob', 'JobJson'],
  processors: [{ export: 'Worker', argument: 1 }],
} as const;

export const ATTEMPT_COUNTERS: readonly AttemptCounter[] = [
  { ...BULL, path: ['attemptsMade'] },
  { ...BULL, path: ['attemptsStarted'] },
  // `activityInfo().attempt`, `Context.current().info.attempt`: 1, then 2, … on each retry.
  {
    kind: 'retry-attempt',
    packages: ['@temporalio/activity'],
    holders: ['Info'],
    path: ['attempt'],
    returnedBy: [
      { export: 'activityInfo', path: [] },
      { export: 'Context.current', path: ['info'] },
    ],
  },
  // A task's `ctx.attempt.number` (the context is a schema's inferred type in @trigger.dev/core).
  {
    kind: 'retry-attempt',
    packages: ['@trigger.dev/sdk', '@trigger.dev/core'],
    holders: ['TaskRunContext', 'V3TaskRunContext'],
    path: ['attempt', 'number'],
    // `run: async (payload, { ctx }) => …`, from `@trigger.dev/sdk` or its `/v3` subpath.
    handlers: ['task', 'schemaTask', 'schedules.task'].map((name) => ({
      export: name,
      argument: 0,
      property: 'run',
      parameter: 1,
      path: ['ctx'],
    })),
  },
  // A function handler's `attempt` (0, 1, …).
  {
    kind: 'retry-attempt',
    packages: ['inngest'],
    holders: ['BaseContext', 'BaseContextWithTriggers'],
    path: ['attempt'],
    // `inngest.createFunction(options, trigger, async ({ attempt }) => …)`; v4 takes the trigger
    // in the options: `createFunction({ id, triggers }, handler)`.
    handlers: [2, 1].map((argument) => ({
      export: 'Inngest',
      method: 'createFunction',
      argument,
      parameter: 0,
      path: [],
    })),
  },
  // `onFailedAttempt(error)`: `error.attemptNumber` (p-retry 6), `context.attemptNumber` (7).
  {
    kind: 'retry-attempt',
    packages: ['p-retry'],
    holders: ['FailedAttemptError', 'RetryContext'],
    path: ['attemptNumber'],
  },
];

/**
 * SQS's own name for how many times a message was received, on Lambda's
 * records (`record.attributes.ApproximateReceiveCount`), the SDK's messages
 * (`message.Attributes.ApproximateReceiveCount`) and the record types projects
 * declare themselves: it means nothing else, so it is known by name.
 */
const SQS_RECEIVE_COUNT = 'ApproximateReceiveCount';

const LAST_NAMES: ReadonlySet<string> = new Set([
  SQS_RECEIVE_COUNT,
  ...ATTEMPT_COUNTERS.map((counter) => counter.path[counter.path.length - 1]),
]);

/** A value read at `names` from `root`: an expression, or a parameter or variable destructured. */
export interface ReadValue {
  /** The property read last, as the checker resolves it; undefined when types do not resolve. */
  readonly property: ts.Symbol | undefined;
  readonly root: ts.Expression | ts.ParameterDeclaration | ts.VariableDeclaration;
  readonly names: readonly string[];
}

/** Whether `name` can end a counter's path: the cheap test before any other. */
export function mayBeAttemptCounter(name: string): boolean {
  return LAST_NAMES.has(name);
}

/** The kind of attempt counter a value read from an object is, if it is one. */
export function attemptCounterOf(
  checker: ts.TypeChecker,
  read: ReadValue,
): AttemptCounter['kind'] | undefined {
  const { names, property } = read;
  const last = names[names.length - 1];
  if (last === SQS_RECEIVE_COUNT) return 'retry-attempt';
  const candidates = ATTEMPT_COUNTERS.filter((c) => c.path[c.path.length - 1] === last);
  if (candidates.length === 0) return undefined;
  // Declared types decide when there are any.
  if (property?.declarations?.length)
    return candidates.find((c) => isDeclaredProperty(property, c))?.kind;
  return candidates.find((c) => readsUnresolved(checker, c, read))?.kind;
}

function endsWith(names: readonly string[], path: readonly string[]): boolean {
  return (
    names.length >= path.length &&
    path.every((name, i) => names[names.length - path.length + i] === name)
  );
}

/** The binding a destructured name comes from, and the path to it: `{ ctx: { attempt } }`. */
function destructuredFrom(
  element: ts.BindingElement,
): { root: ts.ParameterDeclaration | ts.VariableDeclaration; path: string[] } | undefined {
  const path: string[] = [];
  for (let node: ts.Node = element; ts.isBindingElement(node); node = node.parent.parent) {
    const key = staticName(node.propertyName ?? node.name);
    if (!ts.isObjectBindingPattern(node.parent) || node.dotDotDotToken || key === undefined)
      return undefined;
    path.unshift(key);
    const holder = node.parent.parent;
    if (ts.isParameter(holder) || ts.isVariableDeclaration(holder)) return { root: holder, path };
  }
  return undefined;
}

/** Whether a value is (a `const` bound to) `new Class(…)`, with the class imported from `packages`. */
function constructedFrom(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  packages: readonly string[],
  name: string,
): boolean {
  let node = skipOuter(expression);
  for (let step = 0; step < 3 && ts.isIdentifier(node); step++) {
    const declaration = unaliased(checker, symbolAt(checker, node))?.valueDeclaration;
    if (
      !declaration ||
      !ts.isVariableDeclaration(declaration) ||
      !declaration.initializer ||
      !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)
    )
      return false;
    node = skipOuter(declaration.initializer);
  }
  return ts.isNewExpression(node) && isFromPackage(checker, node.expression, packages, name);
}

/** Whether a parameter is where a framework's factory passes the holder, at `path` from it. */
function receivesFromHandler(
  checker: ts.TypeChecker,
  counter: AttemptCounter,
  parameter: ts.ParameterDeclaration,
  path: readonly string[],
): boolean {
  const callback = parameter.parent;
  if (!(
    ts.isArrowFunction(callback) ||
    ts.isFunctionExpression(callback) ||
    ts.isMethodDeclaration(callback)
  ))
    return false;
  // `run: async (…) => …` or `async run(…) { … }` in the options object; or the callback itself.
  let argument: ts.Node = ts.isMethodDeclaration(callback) ? callback : outside(callback);
  let property: string | undefined;
  const member = ts.isMethodDeclaration(argument) ? argument : argument.parent;
  if (ts.isPropertyAssignment(member) || ts.isMethodDeclaration(member)) {
    property = staticName(member.name);
    if (!ts.isObjectLiteralExpression(member.parent)) return false;
    argument = outside(member.parent);
  }
  const call = argument.parent;
  if (!ts.isCallExpression(call)) return false;
  const index = call.arguments.indexOf(argument as ts.Expression);
  const callee = skipOuter(call.expression);
  return (counter.handlers ?? []).some((handler) => {
    if (
      handler.argument !== index ||
      handler.property !== property ||
      callback.parameters[handler.parameter] !== parameter ||
      handler.path.join('.') !== path.join('.')
    )
      return false;
    if (handler.method === undefined)
      return isFromPackage(checker, callee, counter.packages, handler.export);
    return (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === handler.method &&
      constructedFrom(checker, callee.expression, counter.packages, handler.export)
    );
  });
}

/** The outermost of the parentheses around an expression: what its parent sees. */
function outside(node: ts.Node): ts.Node {
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return node;
}

/** By the imports around the read: for a package whose types do not resolve. */
function readsUnresolved(
  checker: ts.TypeChecker,
  counter: AttemptCounter,
  read: ReadValue,
): boolean {
  // Through a `const`, a destructuring or a property read or two: `const info = activityInfo()`,
  // `const { attempt } = info`, `run: async (payload, { ctx }) => ctx.attempt.number`.
  const names = [...read.names];
  let root: ts.Node =
    ts.isParameter(read.root) || ts.isVariableDeclaration(read.root)
      ? read.root
      : skipOuter(read.root);
  for (let step = 0; step < 6; step++) {
    if (ts.isVariableDeclaration(root) && root.initializer) {
      root = skipOuter(root.initializer);
      continue;
    }
    if (ts.isPropertyAccessExpression(root)) {
      names.unshift(root.name.text);
      root = skipOuter(root.expression);
      continue;
    }
    const declaration = ts.isIdentifier(root)
      ? symbolAt(checker, root)?.valueDeclaration
      : undefined;
    const origin =
      declaration && ts.isBindingElement(declaration) ? destructuredFrom(declaration) : undefined;
    if (origin) {
      names.unshift(...origin.path);
      root = origin.root;
      continue;
    }
    if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)))
      break;
    root = declaration;
  }
  if (!endsWith(names, counter.path)) return false;
  const prefix = names.slice(0, names.length - counter.path.length);
  // `activityInfo().attempt`; `const { attempt } = activityInfo()`.
  if (ts.isCallExpression(root)) {
    const call = root;
    return (counter.returnedBy ?? []).some(
      (returned) =>
        returned.path.join('.') === prefix.join('.') &&
        isFromPackage(checker, call.expression, counter.packages, returned.export),
    );
  }
  if (!(ts.isParameter(root) || ts.isVariableDeclaration(root))) return false;
  // `task({ run: async (payload, { ctx }) => … })`.
  if (ts.isParameter(root) && receivesFromHandler(checker, counter, root, prefix)) return true;
  if (prefix.length > 0) return false;
  // `(job: Job) => …` with `Job` imported from the package.
  let typeName: ts.EntityName | undefined =
    root.type && ts.isTypeReferenceNode(root.type) ? root.type.typeName : undefined;
  const holder = typeName && (ts.isIdentifier(typeName) ? typeName.text : typeName.right.text);
  while (typeName && ts.isQualifiedName(typeName)) typeName = typeName.left;
  if (typeName && holder && counter.holders.includes(holder))
    return isFromPackage(checker, typeName, counter.packages);
  // `new Worker(name, async (job) => …)`.
  const callback = root.parent;
  const construct = ts.isParameter(root) ? callback.parent : undefined;
  return (
    construct !== undefined &&
    ts.isNewExpression(construct) &&
    (counter.processors ?? []).some(
      (processor) =>
        construct.arguments?.[processor.argument] === callback &&
        isFromPackage(checker, construct.expression, counter.packages, processor.export),
    )
  );
}
