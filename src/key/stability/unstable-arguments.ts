import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from '../../sdk/index.js';
import { localFunction, returnedValues, unwrap } from '../../util/index.js';
import { mayBeAttemptCounter } from './attempt-counters.js';
import { GLOBAL_SOURCE_ROOTS, isSourceModule } from './key-sources.js';

type Variable = TSESLint.Scope.Variable;

/**
 * How an argument is judged: `any` takes every call as a possible source (a key helper of another
 * file included); made here, only calls of the default sources' modules and globals, of the
 * modules of the sources the options add (normalised), or of functions of this file (for wrappers
 * of wrappers, whose callers are many and mostly pass on what they read).
 */
export type Judgement = 'any' | MadeHere;

export interface MadeHere {
  readonly sourceModules: ReadonlySet<string>;
}

/**
 * Callbacks of these methods get their arguments from the runtime (`items.map((item) => …)`):
 * their parameters are inputs of the operation, as the key tracer reads them.
 */
const RUNTIME_CALLBACKS: ReadonlySet<string> = new Set([
  'map',
  'flatMap',
  'forEach',
  'filter',
  'find',
  'some',
  'every',
  'reduce',
  'then',
  'catch',
  'finally',
]);

/**
 * How many `const`s (and functions of the file) are followed back from an argument before it is
 * taken as unknown.
 */
const BINDING_DEPTH = 8;

/**
 * Whether a value may hold a random, time or attempt source, as the key tracer would find one:
 * false for what is surely built from literals, `this`, parameters of a function that is not
 * handed to another call (inputs the caller supplies; the caller's own call is judged where the
 * value is made) and, by `judgement`, calls and imports. Syntax and scope only, the filter before
 * a wrapper's key parameters are worked out with the checker.
 */
function mayBeUnstable(
  file: FileAnalysis,
  node: TSESTree.Node,
  depth: number,
  judgement: Judgement,
): boolean {
  const recur = (part: TSESTree.Node): boolean => mayBeUnstable(file, part, depth, judgement);
  const value = unwrap(node);
  switch (value.type) {
    case 'Literal':
    case 'ThisExpression':
      return false;
    case 'Identifier':
      return identifierMayBeUnstable(file, value, depth, judgement);
    case 'MemberExpression':
      if (!value.computed && value.property.type === 'Identifier')
        return mayBeAttemptCounter(value.property.name) || recur(value.object);
      return recur(value.object) || recur(value.property);
    case 'TemplateLiteral':
      return value.expressions.some(recur);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return recur(value.left) || recur(value.right);
    case 'ConditionalExpression':
      return recur(value.consequent) || recur(value.alternate);
    case 'UnaryExpression':
    case 'SpreadElement':
      return recur(value.argument);
    case 'ArrayExpression':
      return value.elements.some((element) => element !== null && recur(element));
    case 'ObjectExpression':
      return value.properties.some((property) =>
        property.type === 'SpreadElement'
          ? recur(property.argument)
          : (property.computed && recur(property.key)) || recur(property.value),
      );
    // A callback is no key (`io.runTask('name', async () => …)`); a direct wrapper's may receive
    // its options, which the key tracer follows.
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return judgement === 'any';
    case 'AwaitExpression':
      return judgement === 'any' || recur(value.argument);
    case 'CallExpression':
    case 'NewExpression':
      return (
        judgement === 'any' ||
        calleeMayMake(file, value.callee, depth, judgement) ||
        value.arguments.some(recur)
      );
    default:
      // Functions (a callback that is handed the key), `yield`, and the rest.
      return true;
  }
}

/**
 * Whether a call's callee may make a random, time or attempt value (`made-here`): a default
 * source's module or global, a retry function, or a function of this file (a method of the class
 * around, for `this.m()`) whose result may be made by one.
 */
function calleeMayMake(
  file: FileAnalysis,
  callee: TSESTree.Node,
  depth: number,
  madeHere: MadeHere,
): boolean {
  let root = unwrap(callee);
  while (root.type === 'MemberExpression' || root.type === 'CallExpression')
    root = unwrap(root.type === 'MemberExpression' ? root.object : root.callee);
  // A method of the class around; one it inherits, or of a field's value, is another module's.
  if (root.type === 'ThisExpression') {
    const method = methodOfThis(unwrap(callee));
    return method !== undefined && bodyMayMake(file, method, depth, madeHere);
  }
  // A method of a value: `(header || '').split(' ')` is what the value may be.
  if (root.type !== 'Identifier') return mayBeUnstable(file, root, depth, madeHere);
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  if (!variable || variable.defs.length === 0) return GLOBAL_SOURCE_ROOTS.has(root.name);
  const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'ImportBinding' && definition.parent.type === 'ImportDeclaration')
    return isSourceModule(String(definition.parent.source.value), madeHere.sourceModules);
  const fn = localFunction(file.sourceCode, root);
  if (fn) return bodyMayMake(file, fn, depth, madeHere);
  return identifierMayBeUnstable(file, root, depth, madeHere);
}

/** The method `this.name(…)` calls, in the class around the call. */
function methodOfThis(callee: TSESTree.Node): TSESTree.FunctionLike | undefined {
  if (
    callee.type !== 'MemberExpression' ||
    callee.computed ||
    callee.property.type !== 'Identifier'
  )
    return undefined;
  const name = callee.property.name;
  let node: TSESTree.Node | undefined = callee;
  while (node && node.type !== 'ClassBody') node = node.parent;
  for (const member of node?.body ?? []) {
    if (
      (member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') &&
      !member.computed &&
      member.key.type === 'Identifier' &&
      member.key.name === name &&
      member.value &&
      (member.value.type === 'FunctionExpression' ||
        member.value.type === 'ArrowFunctionExpression')
    )
      return member.value;
  }
  return undefined;
}

/** Whether what a function of this file returns may be made by a source. */
function bodyMayMake(
  file: FileAnalysis,
  fn: TSESTree.FunctionLike,
  depth: number,
  madeHere: MadeHere,
): boolean {
  if (!fn.body || depth >= BINDING_DEPTH) return true;
  return returnedValues(fn, file.sourceCode.visitorKeys).some((value) =>
    mayBeUnstable(file, value, depth + 1, madeHere),
  );
}

/** The `let`s being judged: a write that reads its own variable. */
const judging = new Set<Variable>();

function identifierMayBeUnstable(
  file: FileAnalysis,
  identifier: TSESTree.Identifier,
  depth: number,
  judgement: Judgement,
): boolean {
  if (mayBeAttemptCounter(identifier.name)) return true;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  // A global (`undefined`, `process`) holds nothing of the operation's own.
  if (!variable || variable.defs.length === 0) return false;
  if (variable.defs.length > 1) return true;
  const [definition] = variable.defs;
  if (definition.type === 'Parameter') {
    const fn = definition.node;
    if (
      (fn.type !== 'FunctionDeclaration' &&
        fn.type !== 'FunctionExpression' &&
        fn.type !== 'ArrowFunctionExpression') ||
      fn.params.some((param) => param.type === 'AssignmentPattern')
    )
      return true;
    const receiver = fn.parent;
    if (receiver.type !== 'CallExpression' && receiver.type !== 'NewExpression') return false;
    // Handed to a call: the function that calls it may pass anything (a retry's attempt number).
    const callee = unwrap(receiver.callee);
    if (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.property.type === 'Identifier' &&
      RUNTIME_CALLBACKS.has(callee.property.name)
    )
      return false;
    return judgement === 'any' || calleeMayMake(file, receiver.callee, depth, judgement);
  }
  if (
    definition.type === 'Variable' &&
    definition.parent.kind === 'const' &&
    depth < BINDING_DEPTH
  ) {
    // `for (const item of items)`: what the items are.
    const loop = definition.parent.parent;
    const from =
      definition.node.init ??
      (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement' ? loop.right : undefined);
    if (from) return mayBeUnstable(file, from, depth + 1, judgement);
  }
  // An import is what another module holds: any value for `any`, no value made here.
  if (definition.type === 'ImportBinding') return judgement === 'any';
  // A `let`: what is written to it, made here, unless it counts (`n++`, `n += 1`). A write that
  // reads the variable itself (`label = \`retry:${label}\``) adds only what else it reads.
  if (judgement !== 'any' && definition.type === 'Variable' && depth < BINDING_DEPTH) {
    if (judging.has(variable)) return false;
    judging.add(variable);
    try {
      return variable.references.some((reference) => {
        if (!reference.isWrite()) return false;
        const write = reference.identifier.parent;
        return (
          !reference.writeExpr ||
          write.type === 'UpdateExpression' ||
          (write.type === 'AssignmentExpression' && write.operator !== '=') ||
          mayBeUnstable(file, reference.writeExpr, depth + 1, judgement)
        );
      });
    } finally {
      judging.delete(variable);
    }
  }
  return definition.type !== 'FunctionName' && definition.type !== 'ClassName';
}

/**
 * Whether a call may pass a function a random, time or attempt value (in any argument): without
 * one, what the function does with its arguments cannot make the call's key unstable.
 */
export function mayPassUnstable(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
  judgement: Judgement,
): boolean {
  return call.arguments.some((argument) => mayBeUnstable(file, argument, 0, judgement));
}
