import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isInside, walk, type Scope } from '../../util/index.js';
import type { IterationContext, KeyValues } from './key-values.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type FunctionNode = Exclude<Scope, TSESTree.Program>;

const methodCalls = new WeakMap<TSESTree.ClassBody, Map<string, TSESTree.CallExpression[]>>();

/** `this.name(...)` calls anywhere in a class body, by method name; one walk per class. */
function thisCallsIn(
  sourceCode: SourceCode,
  body: TSESTree.ClassBody,
): Map<string, TSESTree.CallExpression[]> {
  let calls = methodCalls.get(body);
  if (calls) return calls;
  calls = new Map();
  walk(body, sourceCode.visitorKeys, (node) => {
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      node.callee.object.type === 'ThisExpression' &&
      !node.callee.computed &&
      node.callee.property.type === 'Identifier'
    ) {
      const name = node.callee.property.name;
      calls.set(name, [...(calls.get(name) ?? []), node]);
    }
  });
  methodCalls.set(body, calls);
  return calls;
}

/**
 * The calls of a function found in its own file: through its binding (a
 * declaration, or a `const` holding it) or, for a class method,
 * `this.method(...)` in its class.
 */
function callsOf(sourceCode: SourceCode, fn: FunctionNode): readonly TSESTree.CallExpression[] {
  const parent = fn.parent;
  if (
    (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') &&
    !parent.computed &&
    parent.key.type === 'Identifier'
  ) {
    return parent.parent.type === 'ClassBody'
      ? (thisCallsIn(sourceCode, parent.parent).get(parent.key.name) ?? [])
      : [];
  }
  const name =
    fn.type === 'FunctionDeclaration'
      ? fn.id
      : parent.type === 'VariableDeclarator' &&
          parent.init === fn &&
          parent.id.type === 'Identifier'
        ? parent.id
        : undefined;
  const variable = name && ASTUtils.findVariable(sourceCode.getScope(name), name);
  if (!variable) return [];
  return variable.references.flatMap((reference) => {
    const call = reference.identifier.parent;
    return call?.type === 'CallExpression' && call.callee === reference.identifier ? [call] : [];
  });
}

/**
 * A call, in a loop, of the helper that sends a request, passing it the same key on every
 * iteration.
 */
export interface InvariantKeyCall {
  /** The argument bound to the helper's key parameter. */
  readonly argument: TSESTree.Expression;
  readonly loop: IterationContext;
}

/**
 * One level of helper between a loop and its request: the calls of the
 * request's function that sit in a loop and pass it a key that is the same on
 * every iteration (`payOne(item, runKey)`, `payOne(item, opKey('pay', runId))`)
 * while an argument the request's payload is built from changes with each
 * item. The helper's key must be built from its parameters alone.
 */
export function invariantKeyCalls(
  sourceCode: SourceCode,
  values: KeyValues,
  request: { readonly call: TSESTree.CallExpression; readonly payload: readonly TSESTree.Node[] },
  key: TSESTree.Expression,
  deterministic: (call: TSESTree.CallExpression) => boolean,
): InvariantKeyCall[] {
  const fn = enclosingFunction(request.call);
  if (fn.type === 'Program') return [];
  // Syntax and scope first: only a helper called in a loop is worth a look at its key.
  const callers = callsOf(sourceCode, fn).flatMap((call) => {
    const loops = isInside(call, fn) ? [] : values.iterationContexts(call);
    return loops.length > 0 ? [{ call, loops }] : [];
  });
  if (callers.length === 0) return [];
  const within = (variables: ReadonlySet<TSESLint.Scope.Variable>): IterationContext => ({
    node: fn,
    body: fn.body,
    variables,
  });
  // Built from nothing the helper cannot see: no calls of unknown value, no state it changes.
  if (values.iterationDependence(key, within(new Set()), deterministic) !== 'no') return [];
  const parameters = fn.params.map((param) =>
    param.type === 'Identifier'
      ? sourceCode.getDeclaredVariables(fn).find((v) => v.defs.some((d) => d.name === param))
      : undefined,
  );
  const reads = (node: TSESTree.Node, index: number) => {
    const variable = parameters[index];
    return (
      variable !== undefined &&
      values.iterationDependence(node, within(new Set([variable])), deterministic) === 'yes'
    );
  };
  const keyParameters = parameters.flatMap((_, index) => (reads(key, index) ? [index] : []));
  const payloadParameters = parameters.flatMap((_, index) =>
    !keyParameters.includes(index) && request.payload.some((arg) => reads(arg, index))
      ? [index]
      : [],
  );
  if (keyParameters.length === 0 || payloadParameters.length === 0) return [];
  const found: InvariantKeyCall[] = [];
  for (const { call, loops } of callers) {
    const args = call.arguments;
    const spread = args.findIndex((arg) => arg.type === 'SpreadElement');
    const argumentAt = (index: number) =>
      spread >= 0 && spread <= index ? undefined : (args[index] as TSESTree.Expression | undefined);
    const keyArgs = keyParameters.map(argumentAt);
    if (keyArgs.some((arg) => arg === undefined)) continue;
    const loop = loops.find(
      (context) =>
        keyArgs.every((arg) => values.iterationDependence(arg!, context, deterministic) === 'no') &&
        payloadParameters.some((index) => {
          const arg = argumentAt(index);
          return arg !== undefined && values.iterationDependence(arg, context) === 'yes';
        }),
    );
    if (loop) found.push({ argument: keyArgs[0]!, loop });
  }
  return found;
}
