import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/**
 * The expression under TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>`) and optional
 * chains.
 */
export function unwrap(node: TSESTree.Expression): TSESTree.Expression;
export function unwrap(node: TSESTree.Node): TSESTree.Node;
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

type Variable = TSESLint.Scope.Variable;

/**
 * The initializer of a variable's single `const` (or never reassigned `let`) definition: the value
 * it certainly holds. With `at`, also a `let` reassigned only after `at` in the same function,
 * with no loop around `at` to come back to it (`let key = …; try { pay(key) } catch { key = … }`).
 */
export function certainInit(
  variable: Variable,
  at?: TSESTree.Node,
): TSESTree.Expression | undefined {
  const [definition] = variable.defs;
  if (
    variable.defs.length !== 1 ||
    definition.type !== 'Variable' ||
    definition.node.id.type !== 'Identifier'
  )
    return undefined;
  if (
    definition.parent.kind !== 'const' &&
    variable.references.some(
      (ref) => ref.isWrite() && !ref.init && !onlyAfter(ref, definition.node, at),
    )
  )
    return undefined;
  return definition.node.init ?? undefined;
}

/** The statements that repeat their body. */
export const LOOPS: ReadonlySet<string> = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

/** Whether a write runs only after `at`: later in `at`'s function, with no loop around `at`. */
function onlyAfter(
  write: TSESLint.Scope.Reference,
  declaration: TSESTree.Node,
  at: TSESTree.Node | undefined,
): boolean {
  if (!at || write.identifier.range[0] < at.range[1]) return false;
  const fn = enclosingFunction(at);
  if (enclosingFunction(write.identifier) !== fn) return false;
  for (
    let node = at.parent;
    node && node !== fn && !isInside(declaration, node);
    node = node.parent
  )
    if (LOOPS.has(node.type)) return false;
  return true;
}

/**
 * The function of this file a name calls: its declaration, or a `const` holding a function
 * expression or arrow. Scope only.
 */
export function localFunction(
  sourceCode: Readonly<TSESLint.SourceCode>,
  name: TSESTree.Identifier,
): TSESTree.FunctionLike | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(name), name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const fn =
    definition?.type === 'FunctionName'
      ? definition.node
      : definition?.type === 'Variable' && definition.parent.kind === 'const'
        ? definition.node.init && unwrap(definition.node.init)
        : undefined;
  return ASTUtils.isFunction(fn) ? fn : undefined;
}

/**
 * What a function returns: its expression body, or the arguments of the `return`s of its block,
 * not those of functions inside it.
 */
export function returnedValues(
  fn: TSESTree.FunctionLike,
  visitorKeys: VisitorKeys,
): TSESTree.Expression[] {
  if (!fn.body) return [];
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const values: TSESTree.Expression[] = [];
  walk(fn.body, visitorKeys, (node) => {
    if (ASTUtils.isFunction(node)) return false;
    if (node.type === 'ReturnStatement' && node.argument) values.push(node.argument);
  });
  return values;
}

/**
 * The string an expression certainly is. Without `sourceCode`, only as
 * written in place: a string literal or a template without parts. With it,
 * also through bindings that certainly hold one (`const STRIPE_API = '…'`),
 * and templates and `+` whose every part is one.
 */
export function staticString(
  node: TSESTree.Node | undefined,
  sourceCode?: Readonly<TSESLint.SourceCode>,
  seen = new Set<Variable>(),
): string | undefined {
  const expr = node && unwrap(node);
  if (expr?.type === 'Literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr?.type === 'TemplateLiteral') {
    let text = expr.quasis[0].value.cooked ?? undefined;
    for (let i = 0; i < expr.expressions.length && text !== undefined; i++) {
      const part = sourceCode && staticString(expr.expressions[i], sourceCode, seen);
      text = part === undefined ? undefined : text + part + (expr.quasis[i + 1].value.cooked ?? '');
    }
    return text;
  }
  if (!sourceCode) return undefined;
  if (expr?.type === 'BinaryExpression' && expr.operator === '+') {
    const left = staticString(expr.left, sourceCode, seen);
    const right = left === undefined ? undefined : staticString(expr.right, sourceCode, seen);
    return right === undefined ? undefined : left! + right;
  }
  if (expr?.type === 'Identifier') return followBinding(expr, sourceCode, seen, staticString);
  if (expr?.type === 'MemberExpression') {
    const value = constantMember(expr, sourceCode, seen);
    return value && staticString(value, sourceCode, seen);
  }
  return undefined;
}

/** `follow` applied to what a binding certainly holds; `seen` ends a cycle of bindings. */
function followBinding<T>(
  identifier: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
  seen: Set<Variable>,
  follow: (
    init: TSESTree.Expression | undefined,
    sourceCode: Readonly<TSESLint.SourceCode>,
    seen: Set<Variable>,
  ) => T | undefined,
  usable: (variable: Variable) => boolean = () => true,
): T | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  if (!variable || seen.has(variable)) return undefined;
  // `seen` holds the bindings being followed, so a cycle ends and a repeated part does not.
  seen.add(variable);
  const value = usable(variable) ? follow(certainInit(variable), sourceCode, seen) : undefined;
  seen.delete(variable);
  return value;
}

/**
 * The value written for a member of an object literal that certainly holds it (`KEYS.nightly`
 * with `const KEYS = { nightly: 'sync' } as const`, also nested): no spread or accessor could
 * change it, and the binding is used only to read members, never to write one or to hand the
 * object on.
 */
function constantMember(
  member: TSESTree.MemberExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
  seen: Set<Variable>,
): TSESTree.Expression | undefined {
  const name = member.computed
    ? staticString(member.property, sourceCode, seen)
    : member.property.type === 'Identifier'
      ? member.property.name
      : undefined;
  const object = name === undefined ? undefined : constantObject(member.object, sourceCode, seen);
  if (
    !object ||
    object.properties.some((p) => p.type !== 'Property' || p.kind !== 'init' || p.method)
  )
    return undefined;
  const properties = object.properties as TSESTree.Property[];
  const written = properties.findLast((p) => propertyName(p) === name);
  // A computed name that is not static could be this one too.
  if (properties.some((p) => p.computed && propertyName(p) === undefined)) return undefined;
  return written?.value as TSESTree.Expression | undefined;
}

function constantObject(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  seen: Set<Variable>,
): TSESTree.ObjectExpression | undefined {
  const expr = unwrap(node);
  const value =
    expr.type === 'Identifier'
      ? followBinding(expr, sourceCode, seen, (init) => init, onlyReadThroughMembers)
      : expr.type === 'MemberExpression'
        ? constantMember(expr, sourceCode, seen)
        : undefined;
  const object = value && unwrap(value);
  return object?.type === 'ObjectExpression' ? object : undefined;
}

/**
 * Whether every use of a binding outside its declaration reads one of its members: only then do
 * its members keep the values it was declared with (a use of the whole could write them).
 */
function onlyReadThroughMembers(variable: Variable): boolean {
  return variable.references.every((ref) => {
    if (ref.init) return true;
    let node: TSESTree.Node = ref.identifier;
    while (node.parent?.type === 'MemberExpression' && node.parent.object === node)
      node = node.parent;
    const parent = node.parent;
    return (
      node !== ref.identifier &&
      !(
        (parent?.type === 'AssignmentExpression' && parent.left === node) ||
        parent?.type === 'UpdateExpression' ||
        (parent?.type === 'UnaryExpression' && parent.operator === 'delete')
      )
    );
  });
}

/**
 * The static name of a property key: `a`, `'a'`, `[1]`, `['a']`, `` [`a`] ``; with `sourceCode`,
 * also a computed name a binding certainly holds (`[IDEMPOTENCY_HEADER]`).
 */
export function propertyName(
  property: TSESTree.Property,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return typeof key.value === 'string' ? key.value : String(key.value);
  return staticString(key, sourceCode);
}

export function isInside(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

export type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * Visits `node` and its descendants, skipping the names of non-computed
 * members and properties (they are not values). `visit` returns false to stop
 * descending below a node.
 */
export function walk(
  node: TSESTree.Node,
  visitorKeys: VisitorKeys,
  visit: (node: TSESTree.Node) => boolean | void,
): void {
  if (visit(node) === false) return;
  for (const key of visitorKeys[node.type] ?? []) {
    if (
      (node.type === 'MemberExpression' && key === 'property' && !node.computed) ||
      (node.type === 'Property' && key === 'key' && !node.computed)
    ) {
      continue;
    }
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const value of Array.isArray(child) ? child : [child]) {
      if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') {
        walk(value as TSESTree.Node, visitorKeys, visit);
      }
    }
  }
}

/**
 * The call (or `new`) a function is handed to, directly or inside object and
 * array literals (`new ReadableStream({ start(controller) {…} })`): the callee
 * decides the types of its parameters and the values they receive.
 */
export function callReceiving(
  fn: TSESTree.Node,
): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  let node: TSESTree.Node = fn;
  while (
    node.parent?.type === 'Property' ||
    node.parent?.type === 'ObjectExpression' ||
    node.parent?.type === 'ArrayExpression'
  ) {
    node = node.parent;
  }
  const call = node.parent;
  return (call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.callee !== node
    ? call
    : undefined;
}

type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
export type Scope = FunctionNode | TSESTree.Program;

/** The function (or program) whose body holds a node. */
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
