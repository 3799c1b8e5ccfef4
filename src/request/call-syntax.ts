import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../util/index.js';
import { guessVerb, type FileAnalysis } from '../sdk/index.js';

/** What a call invokes, and the arguments the invoked function receives. */
export interface Invocation {
  readonly callee: TSESTree.Expression;
  readonly args: readonly TSESTree.CallExpressionArgument[];
  /** `fn.call(thisArg, ...)` / `fn.apply(thisArg, [...])`: the function gets its `this` there. */
  readonly through: 'call' | 'apply' | undefined;
}

/**
 * The function a call invokes, read from syntax alone: its callee, or the
 * function of `fn.call(thisArg, ...args)` and `fn.apply(thisArg, [...args])`
 * (undefined when `apply`'s arguments are not an array literal without holes).
 */
export function invocationOf(call: TSESTree.CallExpression): Invocation | undefined {
  const callee = call.callee;
  if (
    callee.type !== 'MemberExpression' ||
    callee.computed ||
    callee.property.type !== 'Identifier'
  ) {
    return { callee, args: call.arguments, through: undefined };
  }
  const through = callee.property.name;
  const fn = callee.object;
  if (
    (through !== 'call' && through !== 'apply') ||
    (fn.type !== 'MemberExpression' && fn.type !== 'Identifier')
  ) {
    return { callee, args: call.arguments, through: undefined };
  }
  if (through === 'call') return { callee: fn, args: call.arguments.slice(1), through };
  const list = call.arguments[1];
  if (call.arguments.length > 2 || (list && list.type !== 'ArrayExpression')) return undefined;
  if (list?.elements.some((element) => element === null)) return undefined;
  return {
    callee: fn,
    args: (list?.elements ?? []) as TSESTree.CallExpressionArgument[],
    through,
  };
}

/**
 * The method name a call invokes, read from syntax alone (`a.b.create(...)`, `a.b.create.call(...)`
 * → `create`).
 */
export function calleeMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = invocationOf(call)?.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type !== 'MemberExpression') return undefined;
  if (!callee.computed)
    return callee.property.type === 'Identifier' ? callee.property.name : undefined;
  return callee.property.type === 'Literal' && typeof callee.property.value === 'string'
    ? callee.property.value
    : undefined;
}

/**
 * The name of the method a `const` holds, when a call invokes it through one: `const r =
 * refunds.create` (or `refunds.create.bind(refunds)`), `const { create: r } = refunds`, then
 * `r.call(refunds, ...)` or `r(...)` → `create`. Scope only.
 */
function extractedMethodName(
  file: FileAnalysis,
  identifier: TSESTree.Identifier,
): string | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const { id } = definition.node;
  if (id.type === 'ObjectPattern') {
    const property = id.properties.find(
      (p): p is TSESTree.Property => p.type === 'Property' && p.value === definition.name,
    );
    return property && propertyName(property);
  }
  let init = definition.node.init && unwrap(definition.node.init);
  if (
    init?.type === 'CallExpression' &&
    init.callee.type === 'MemberExpression' &&
    !init.callee.computed &&
    init.callee.property.type === 'Identifier' &&
    init.callee.property.name === 'bind'
  )
    init = unwrap(init.callee.object);
  if (init?.type !== 'MemberExpression') return undefined;
  if (!init.computed) return init.property.type === 'Identifier' ? init.property.name : undefined;
  return init.property.type === 'Literal' && typeof init.property.value === 'string'
    ? init.property.value
    : undefined;
}

/**
 * What `extractedMethodName` may find a name in: a `const` taken from a member (`.bind` on it
 * included, as any call on a member), or destructured.
 */
function takenFromMember(definition: TSESTree.VariableDeclarator): boolean {
  if (definition.id.type === 'ObjectPattern') return true;
  const init = definition.init && unwrap(definition.init);
  return (
    init?.type === 'MemberExpression' ||
    (init?.type === 'CallExpression' && init.callee.type === 'MemberExpression')
  );
}

const extractedNames = new WeakMap<FileAnalysis, ReadonlySet<string>>();

/**
 * The names a `const` of the file may hold an extracted method under, from the scope manager's
 * variables: a call by any other name needs no scope lookup (most calls of most files).
 */
function mayHoldExtracted(file: FileAnalysis): ReadonlySet<string> {
  let names = extractedNames.get(file);
  if (names) return names;
  const found = new Set<string>();
  for (const scope of file.sourceCode.scopeManager?.scopes ?? []) {
    // A module declares in its module scope: the global scope holds thousands of library names.
    if (scope.type === 'global' && scope.childScopes[0]?.type === 'module') continue;
    for (const variable of scope.variables) {
      const definition = variable.defs[0];
      if (
        definition?.type === 'Variable' &&
        definition.parent.kind === 'const' &&
        takenFromMember(definition.node)
      )
        found.add(variable.name);
    }
  }
  extractedNames.set(file, (names = found));
  return names;
}

/**
 * The method name the cheap filters judge a call by: as written (`calleeMethodName`), or, for a
 * function held under a name no SDK method has, the name of the method the `const` holding it was
 * taken from.
 */
export function requestMethodName(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
): string | undefined {
  const name = calleeMethodName(call);
  if (name === undefined || mayBeStripeRequest(file, name, 'any')) return name;
  const callee = invocationOf(call)?.callee;
  return callee?.type === 'Identifier' && mayHoldExtracted(file).has(callee.name)
    ? (extractedMethodName(file, callee) ?? name)
    : name;
}

export const RAW_REQUEST = 'rawRequest';

/**
 * The cheap syntactic filter run before any type query: can a method of this
 * name be a Stripe request of interest? `post`: some resource has a POST of
 * that name; `any`: some resource has a method of that name.
 */
export function mayBeStripeRequest(
  analysis: FileAnalysis,
  name: string,
  verbs: 'post' | 'any',
): boolean {
  if (name === RAW_REQUEST) return true;
  const table = analysis.table;
  if (!table) return verbs === 'any' || guessVerb(name) === 'POST';
  return (verbs === 'post' ? table.postMethodNames : table.methodNames).has(name);
}
