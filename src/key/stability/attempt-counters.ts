import ts from 'typescript';
import {
  isDeclaredProperty,
  isFromModule,
  originsOf,
  symbolAt,
  type DeclaredProperty,
} from '../../sdk/index.js';
import { skipOuter } from '../../util/index.js';

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
  },
  // A function handler's `attempt` (0, 1, …).
  {
    kind: 'retry-attempt',
    packages: ['inngest'],
    holders: ['BaseContext', 'BaseContextWithTriggers'],
    path: ['attempt'],
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

/** By the imports around the read: for a package whose types do not resolve. */
function readsUnresolved(
  checker: ts.TypeChecker,
  counter: AttemptCounter,
  read: ReadValue,
): boolean {
  if (!endsWith(read.names, counter.path)) return false;
  const prefix = read.names.slice(0, read.names.length - counter.path.length);
  const modules = new Set(counter.packages);
  // Through a `const` or two: `const info = activityInfo()`, `const { attempt } = info`.
  let root: ts.Node =
    ts.isParameter(read.root) || ts.isVariableDeclaration(read.root)
      ? read.root
      : skipOuter(read.root);
  for (let step = 0; step < 3; step++) {
    if (ts.isVariableDeclaration(root) && root.initializer) {
      root = skipOuter(root.initializer);
      continue;
    }
    const declaration = ts.isIdentifier(root)
      ? symbolAt(checker, root)?.valueDeclaration
      : undefined;
    if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)))
      break;
    root = declaration;
  }
  // `activityInfo().attempt`; `const { attempt } = activityInfo()`.
  if (ts.isCallExpression(root)) {
    const origins = originsOf(checker, root.expression);
    return (counter.returnedBy ?? []).some(
      (returned) =>
        returned.path.join('.') === prefix.join('.') &&
        origins.some(
          (origin) =>
            origin.module !== undefined &&
            modules.has(origin.module) &&
            origin.names.includes(returned.export),
        ),
    );
  }
  if (prefix.length > 0 || !(ts.isParameter(root) || ts.isVariableDeclaration(root))) return false;
  // `(job: Job) => …` with `Job` imported from the package.
  let typeName: ts.EntityName | undefined =
    root.type && ts.isTypeReferenceNode(root.type) ? root.type.typeName : undefined;
  const holder = typeName && (ts.isIdentifier(typeName) ? typeName.text : typeName.right.text);
  while (typeName && ts.isQualifiedName(typeName)) typeName = typeName.left;
  if (typeName && holder && counter.holders.includes(holder))
    return isFromModule(checker, typeName, modules);
  // `new Worker(name, async (job) => …)`.
  const callback = root.parent;
  const construct = ts.isParameter(root) ? callback.parent : undefined;
  return (
    construct !== undefined &&
    ts.isNewExpression(construct) &&
    (counter.processors ?? []).some(
      (processor) =>
        construct.arguments?.[processor.argument] === callback &&
        originsOf(checker, construct.expression).some(
          (origin) =>
            origin.module !== undefined &&
            modules.has(origin.module) &&
            origin.names.includes(processor.export),
        ),
    )
  );
}
