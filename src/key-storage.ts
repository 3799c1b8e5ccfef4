import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { isInside, walk, type VisitorKeys } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
export type Scope = FunctionNode | TSESTree.Program;

export function enclosingFunction(node: TSESTree.Node): Scope {
  let current = node.parent;
  while (current) {
    if (
      current.type === 'FunctionDeclaration' ||
      current.type === 'FunctionExpression' ||
      current.type === 'ArrowFunctionExpression' ||
      current.type === 'Program'
    ) {
      return current;
    }
    current = current.parent;
  }
  throw new Error('node outside a Program');
}

/** `a.b.c(...)` → `a.b.c`; `this.repo.save` → `this.repo.save`; undefined for other callees. */
export function calleeText(callee: TSESTree.Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'ThisExpression') return 'this';
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    const object = calleeText(callee.object);
    return object === undefined ? undefined : `${object}.${callee.property.name}`;
  }
  if (callee.type === 'ChainExpression') return calleeText(callee.expression);
  return undefined;
}

/** Callee patterns: dotted names where `*` stands for one name; a pattern without a dot matches the last name. */
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

const LOG_METHODS = new Set(['log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal', 'verbose', 'silly']);

/** Calls that only log or format a value: passing a key to them does not store it. */
function isLoggingOrFormatting(text: string): boolean {
  if (text === 'JSON.stringify' || text === 'String' || text === 'util.format' || text === 'util.inspect') return true;
  const names = text.split('.');
  if (names[0] === 'console') return true;
  const method = names[names.length - 1];
  return names.length > 1 && LOG_METHODS.has(method) && /log/i.test(names[names.length - 2]);
}

export interface StoreCheck {
  readonly analysis: FileAnalysis;
  /** The Stripe request call: storing must happen before it. */
  readonly call: TSESTree.CallExpression;
  readonly isStoreCall: (calleeText: string) => boolean;
}

/**
 * Whether a value held in one of `bindings` is stored before the call: passed
 * to a call that is not logging or formatting, or assigned onto an object that
 * is not local, earlier in the same function. Calls named by `storeCalls`
 * count from anywhere in their arguments, callbacks included.
 */
export function isStoredBefore(check: StoreCheck, bindings: readonly ts.VariableDeclaration[]): boolean {
  const fn = enclosingFunction(check.call);
  return bindings.some((binding) => {
    const declarator = check.analysis.services.tsNodeToESTreeNodeMap.get(binding) as TSESTree.Node | undefined;
    return declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' && variableStored(check, fn, declarator, 0);
  });
}

function variableStored(check: StoreCheck, fn: Scope, declarator: TSESTree.VariableDeclarator, depth: number): boolean {
  const [variable] = check.analysis.sourceCode.getDeclaredVariables(declarator);
  if (!variable) return false;
  return variable.references.some((reference) => {
    const id = reference.identifier;
    if (reference.init || id.range[1] > check.call.range[0] || !isInside(id, fn)) return false;
    return escapesToStore(check, fn, id, depth);
  });
}

function escapesToStore(check: StoreCheck, fn: Scope, reference: TSESTree.Node, depth: number): boolean {
  // A call named by storeCalls stores whatever its arguments mention.
  for (let node: TSESTree.Node | undefined = reference.parent; node && node !== fn; node = node.parent) {
    if (node.type === 'CallExpression' && node.arguments.some((arg) => isInside(reference, arg))) {
      const text = calleeText(node.callee);
      if (text !== undefined && check.isStoreCall(text)) return true;
    }
  }
  if (enclosingFunction(reference) !== fn) return false;
  // Climb through the values that hold the key: objects, arrays, strings.
  let current: TSESTree.Node = reference;
  let parent = current.parent;
  while (
    parent &&
    ((parent.type === 'Property' && parent.value === current) ||
      parent.type === 'ObjectExpression' ||
      parent.type === 'ArrayExpression' ||
      parent.type === 'TemplateLiteral' ||
      parent.type === 'SpreadElement' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' ||
      (parent.type === 'BinaryExpression' && parent.operator === '+'))
  ) {
    current = parent;
    parent = current.parent;
  }
  if (!parent) return false;
  if (
    (parent.type === 'CallExpression' || parent.type === 'NewExpression') &&
    parent.arguments.includes(current as TSESTree.CallExpressionArgument)
  ) {
    const text = calleeText(parent.callee);
    return text === undefined || !isLoggingOrFormatting(text);
  }
  if (parent.type === 'AssignmentExpression' && parent.right === current && parent.left.type === 'MemberExpression') {
    return !isLocalObject(check, fn, parent.left);
  }
  if (parent.type === 'VariableDeclarator' && parent.init === current && parent.id.type === 'Identifier' && depth < 2) {
    return variableStored(check, fn, parent, depth + 1);
  }
  return false;
}

/** `obj.key = value` where `obj` is a literal object or array created in this function. */
function isLocalObject(check: StoreCheck, fn: Scope, member: TSESTree.MemberExpression): boolean {
  let root: TSESTree.Node = member;
  while (root.type === 'MemberExpression') root = root.object;
  if (root.type !== 'Identifier') return false;
  const definition = ASTUtils.findVariable(check.analysis.sourceCode.getScope(root), root)?.defs[0];
  if (definition?.type !== 'Variable' || !isInside(definition.node, fn)) return false;
  const init = definition.node.init;
  return init?.type === 'ObjectExpression' || init?.type === 'ArrayExpression';
}

/** A loop that repeats the same work (attempts), as opposed to one pass per item of a collection. */
function isRetryLoop(loop: TSESTree.Node, visitorKeys: VisitorKeys): boolean {
  if (loop.type !== 'WhileStatement' && loop.type !== 'DoWhileStatement' && loop.type !== 'ForStatement') return false;
  if (!loop.test) return true;
  // A test that reads a size or takes the next item walks a collection.
  let perItem = false;
  walk(loop.test, visitorKeys, (node) => {
    if (
      node.type === 'AssignmentExpression' ||
      (node.type === 'MemberExpression' &&
        !node.computed &&
        node.property.type === 'Identifier' &&
        /^(length|size)$/.test(node.property.name))
    ) {
      perItem = true;
    }
    return !perItem;
  });
  return !perItem;
}

/** The innermost retry loop in `fn` that contains both `node` and the call. */
export function retryLoopAround(visitorKeys: VisitorKeys, node: TSESTree.Node, call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const fn = enclosingFunction(call);
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isRetryLoop(current, visitorKeys) && isInside(call, current)) return current;
  }
  return undefined;
}
