import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import {
  callReceiving,
  localFunction,
  propertyName,
  returnedValues,
  unwrap,
} from '../util/index.js';
import { isStripeModule, type FileAnalysis } from '../sdk/index.js';
import type { Invocation } from './call-syntax.js';

// How far a receiver is followed through `const` bindings before giving up (and asking the
// checker).
const MAX_HOPS = 4;

/**
 * Whether the receiver of the invoked method can be a Stripe resource, from syntax and scope
 * alone: the cheap filter before the type query. A resource is reached under its own property
 * name (`stripe.refunds`) or through what syntax cannot tell (a field, a parameter); a member
 * under another name (`prisma.user`), a global, a local function or literal stops here.
 */
export function receiverMayBeStripe(file: FileAnalysis, invocation: Invocation): boolean {
  const resources = file.table?.resourceProperties;
  if (!resources) return true;
  const callee = unwrap(invocation.callee);
  // `const { create } = stripe.refunds; create(...)`, `const r = refunds.create; r.call(refunds, …)`
  if (callee.type === 'Identifier')
    return bindingMayBe(file, resources, callee, 0, invocation.through ? 'method' : 'bound method');
  return callee.type !== 'MemberExpression' || valueMayBe(file, resources, callee.object, 0);
}

function valueMayBe(
  file: FileAnalysis,
  resources: ReadonlySet<string>,
  node: TSESTree.Node,
  hops: number,
): boolean {
  const expr = unwrap(node);
  if (expr.type === 'MemberExpression') {
    if (expr.computed) return true;
    const object = unwrap(expr.object);
    // A field of `this` may hold a resource under any name, unless its class states a type that
    // cannot be one.
    if (object.type === 'ThisExpression') return !fieldTypeRulesOut(file, object, expr.property);
    return (
      expr.property.type !== 'Identifier' || mayNameResource(file, resources, expr.property.name)
    );
  }
  if (expr.type === 'Identifier')
    return resources.has(expr.name) || bindingMayBe(file, resources, expr, hops, 'resource');
  // What a call returns is a client at most (`analytics()?.capture`), unless it says it is a
  // resource; values written in place are the user's own objects, never the SDK's.
  if (returnedByCall(expr)) return callReturnsResource(file, resources, expr);
  return !LITERALS.has(expr.type);
}

/**
 * Whether a field under this name may hold a resource: it is a resource's own name, or this file
 * declares a field of that name with a type of the SDK (`interface Gateways { refundApi:
 * Stripe.RefundResource }`, then `gateways.refundApi.create(…)`).
 */
function mayNameResource(
  file: FileAnalysis,
  resources: ReadonlySet<string>,
  name: string,
): boolean {
  return resources.has(name) || sdkTypedFields(file).has(name);
}

const sdkTypedFieldsByFile = new WeakMap<FileAnalysis, ReadonlySet<string>>();

/**
 * The fields declared at the top of this file (in interfaces, type literals and classes, and as a
 * constructor's parameter properties) whose stated type is one of the SDK's. Only the file's own
 * declarations of `stripe`'s types count: what another module declares needs the checker, asked
 * only for receivers under a resource's name.
 */
function sdkTypedFields(file: FileAnalysis): ReadonlySet<string> {
  const known = sdkTypedFieldsByFile.get(file);
  if (known) return known;
  const names = new Set<string>();
  const importsSdk =
    file.mentionsStripe &&
    file.sourceCode.ast.body.some(
      (statement) =>
        statement.type === 'ImportDeclaration' && isStripeModule(statement.source.value),
    );
  const add = (key: TSESTree.Node, annotation: TSESTree.TSTypeAnnotation | undefined) => {
    if (key.type === 'Identifier' && annotation && namesSdkType(file, annotation.typeAnnotation))
      names.add(key.name);
  };
  const members = (type: TSESTree.TypeNode) => {
    if (type.type === 'TSIntersectionType' || type.type === 'TSUnionType')
      type.types.forEach(members);
    if (type.type === 'TSTypeLiteral') type.members.forEach(member);
  };
  const member = (node: TSESTree.TypeElement) => {
    if (node.type !== 'TSPropertySignature' || node.computed) return;
    add(node.key, node.typeAnnotation);
    if (node.typeAnnotation) members(node.typeAnnotation.typeAnnotation);
  };
  for (const statement of importsSdk ? file.sourceCode.ast.body : []) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (declaration?.type === 'TSInterfaceDeclaration') declaration.body.body.forEach(member);
    else if (declaration?.type === 'TSTypeAliasDeclaration') members(declaration.typeAnnotation);
    else if (declaration?.type === 'ClassDeclaration')
      for (const element of declaration.body.body) {
        if (element.type === 'PropertyDefinition' && !element.computed)
          add(element.key, element.typeAnnotation);
        else if (element.type === 'MethodDefinition' && element.kind === 'constructor')
          for (const param of element.value.params)
            if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier')
              add(param.parameter, param.parameter.typeAnnotation);
      }
  }
  sdkTypedFieldsByFile.set(file, names);
  return names;
}

/**
 * Whether a call says it returns a resource: a function of this file that returns one by its
 * property (`return client.refunds`, `return stripe[name]`) or states a type of the SDK
 * (`(): Stripe.RefundResource`), or a call given one as type argument (`resolve<Stripe.RefundResource>()`).
 */
function callReturnsResource(
  file: FileAnalysis,
  resources: ReadonlySet<string>,
  node: TSESTree.Node,
): boolean {
  const expr = unwrap(node);
  const call = expr.type === 'AwaitExpression' ? unwrap(expr.argument) : expr;
  if (call.type !== 'CallExpression') return false;
  if (call.typeArguments?.params.some((type) => namesSdkType(file, type))) return true;
  const callee = unwrap(call.callee);
  const fn = callee.type === 'Identifier' ? localFunction(file.sourceCode, callee) : undefined;
  if (!fn) return false;
  if (fn.returnType && namesSdkType(file, fn.returnType.typeAnnotation)) return true;
  return returnedValues(fn, file.sourceCode.visitorKeys).some((value) => {
    const member = unwrap(value);
    return (
      member.type === 'MemberExpression' &&
      (member.computed ||
        (member.property.type === 'Identifier' && resources.has(member.property.name)))
    );
  });
}

/**
 * A type named from an import of `stripe` (`Stripe.RefundResource`), alone, in a union or
 * intersection, or indexed (`Stripe['refunds']`, `Stripe[K]`).
 */
function namesSdkType(file: FileAnalysis, type: TSESTree.TypeNode): boolean {
  if (type.type === 'TSUnionType' || type.type === 'TSIntersectionType')
    return type.types.some((member) => namesSdkType(file, member));
  if (type.type === 'TSIndexedAccessType') return namesSdkType(file, type.objectType);
  if (type.type !== 'TSTypeReference') return false;
  let root: TSESTree.EntityName = type.typeName;
  while (root.type === 'TSQualifiedName') root = root.left;
  if (root.type !== 'Identifier') return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return (
    definition?.type === 'ImportBinding' &&
    definition.parent.type === 'ImportDeclaration' &&
    isStripeModule(definition.parent.source.value)
  );
}

const LITERALS = new Set<string>([
  'ObjectExpression',
  'ArrayExpression',
  'Literal',
  'TemplateLiteral',
  'ArrowFunctionExpression',
  'FunctionExpression',
  'ClassExpression',
]);

/**
 * Whether a binding may hold a resource, or one of a resource's methods: `method` when the call
 * gives it its `this` (`.call`, `.apply`), `bound method` when it must already be bound.
 */
function bindingMayBe(
  file: FileAnalysis,
  resources: ReadonlySet<string>,
  identifier: TSESTree.Identifier,
  hops: number,
  holds: 'resource' | 'method' | 'bound method',
): boolean {
  if (hops >= MAX_HOPS) return true;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  // A global other than a resource's name (`Object.create`): never a Stripe client.
  if (!variable || variable.defs.length === 0) return false;
  if (variable.defs.length > 1) return true;
  const [definition] = variable.defs;
  if (definition.type === 'FunctionName' || definition.type === 'ClassName') return false;
  // Under a name that is no resource's, an import is a module's own object or function
  // (`analytics.capture`): code hands a resource on by its name (`import { refunds }`), and an
  // SDK method called on its own has lost the resource it needs as `this`.
  if (definition.type === 'ImportBinding') return false;
  if (definition.type === 'Parameter') {
    if (holds !== 'resource') return false;
    // `({ request }) => request.post(…)`: a field, as in `(ctx) => ctx.request.post(…)`.
    const field = destructuredFrom(definition.name);
    if (field !== undefined) return mayNameResource(file, resources, field);
    return (
      !statedTypeRulesOut(file, definition.name) &&
      !isPlatformCallbackParameter(file, definition.node)
    );
  }
  if (definition.type !== 'Variable') return true;
  const { id, init } = definition.node;
  // A stated type holds for every value the binding is given (`let browser: Browser`).
  if (holds === 'resource' && statedTypeRulesOut(file, definition.name)) return false;
  if (!init) return true;
  if (id.type === 'Identifier') {
    if (definition.parent.kind !== 'const') return true;
    // A method taken off a resource must be bound to it to work, or be given its `this`.
    if (holds !== 'resource' && returnedByCall(init)) return isBind(unwrap(init));
    const value = unwrap(init);
    if (holds === 'method' && value.type === 'MemberExpression')
      return valueMayBe(file, resources, value.object, hops + 1);
    return valueMayBe(file, resources, init, hops + 1);
  }
  if (id.type === 'ObjectPattern') {
    // `const { create } = stripe.refunds`: the object is the resource.
    if (holds !== 'resource') return valueMayBe(file, resources, init, hops + 1);
    // `const { refunds } = stripe`, `const { refunds: api } = stripe`: as `stripe.refunds` would
    // be.
    const property = id.properties.find(
      (p): p is TSESTree.Property => p.type === 'Property' && p.value === definition.name,
    );
    if (!property || property.computed || property.key.type !== 'Identifier') return true;
    return resources.has(property.key.name) || unwrap(init).type === 'ThisExpression';
  }
  return true;
}

/** The property a binding is destructured from (`{ request }`, `{ default: posthog }`). */
function destructuredFrom(binding: TSESTree.Node): string | undefined {
  const property = binding.parent;
  return property?.type === 'Property' &&
    property.value === binding &&
    property.parent.type === 'ObjectPattern'
    ? propertyName(property)
    : undefined;
}

function returnedByCall(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  const value = expr.type === 'AwaitExpression' ? unwrap(expr.argument) : expr;
  return value.type === 'CallExpression' || value.type === 'NewExpression';
}

/** `stripe.refunds.create.bind(stripe.refunds)`. */
function isBind(node: TSESTree.Expression): boolean {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    !node.callee.computed &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === 'bind'
  );
}

/**
 * A parameter of a callback (or of a method of an object literal) handed
 * straight to a global of the JavaScript or DOM libraries: the platform
 * fills it (`new ReadableStream({ start(controller) {…} })`, `new
 * Promise((resolve, reject) => …)`), never with a Stripe resource. A
 * `Proxy` hands its handler the target it wraps, so it does not count.
 */
function isPlatformCallbackParameter(file: FileAnalysis, fn: TSESTree.Node): boolean {
  const call = callReceiving(fn);
  if (!call) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== 'Identifier' || callee.name === 'Proxy') return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  // The libraries' globals are declared nowhere in the code (a global the user declares is not one
  // of them).
  return variable !== null && variable.scope.type === 'global' && variable.defs.length === 0;
}

/** A binding's stated type (`request: APIRequestContext`) that cannot be a Stripe resource. */
function statedTypeRulesOut(file: FileAnalysis, binding: TSESTree.Node): boolean {
  return (
    binding.type === 'Identifier' &&
    binding.typeAnnotation !== undefined &&
    typeRulesOut(file, binding.typeAnnotation.typeAnnotation)
  );
}

const NO_RESOURCE_TYPES = new Set<string>([
  'TSNullKeyword',
  'TSUndefinedKeyword',
  'TSStringKeyword',
  'TSNumberKeyword',
  'TSBooleanKeyword',
  'TSBigIntKeyword',
  'TSSymbolKeyword',
  'TSNeverKeyword',
  'TSVoidKeyword',
  'TSLiteralType',
]);

/**
 * Whether a stated type cannot be a Stripe resource, told without the checker: every type it
 * names (and every type argument) is imported from a module that cannot see the SDK's types, or is
 * a global that no file which can declares; or it is `null`, `undefined` or a primitive. A
 * type declared in the file, a type parameter, or any other form may be one.
 */
function typeRulesOut(file: FileAnalysis, type: TSESTree.TypeNode): boolean {
  if (NO_RESOURCE_TYPES.has(type.type)) return true;
  if (type.type === 'TSUnionType' || type.type === 'TSIntersectionType')
    return type.types.every((member) => typeRulesOut(file, member));
  if (type.type !== 'TSTypeReference') return false;
  let root: TSESTree.EntityName = type.typeName;
  while (root.type === 'TSQualifiedName') root = root.left;
  if (root.type !== 'Identifier') return false;
  if (!(type.typeArguments?.params ?? []).every((argument) => typeRulesOut(file, argument)))
    return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  // Declared nowhere in the file: a global (the libraries', or one another file declares).
  if (!variable || (variable.scope.type === 'global' && variable.defs.length === 0))
    return !file.globalSeesSdk(root.name);
  if (variable.defs.length !== 1) return false;
  const [definition] = variable.defs;
  return (
    definition.type === 'ImportBinding' &&
    definition.parent.type === 'ImportDeclaration' &&
    !file.importSeesSdk(definition.parent.source.value)
  );
}

/**
 * Whether the class whose instance `self` is states a type for the field `key` that cannot be a
 * Stripe resource (`private client: PostHog | null`, or a constructor's parameter property).
 */
function fieldTypeRulesOut(
  file: FileAnalysis,
  self: TSESTree.ThisExpression,
  key: TSESTree.Expression | TSESTree.PrivateIdentifier,
): boolean {
  if (key.type !== 'Identifier' && key.type !== 'PrivateIdentifier') return false;
  const body = instanceClassBody(self);
  const member = body?.body.find((m) => 'key' in m && !m.computed && sameKey(m.key, key));
  if (member?.type === 'PropertyDefinition' && !member.static)
    return (
      member.typeAnnotation !== undefined &&
      typeRulesOut(file, member.typeAnnotation.typeAnnotation)
    );
  // Named by no member: a parameter property of the constructor, if any.
  if (member !== undefined || key.type !== 'Identifier') return false;
  const constructor = body?.body.find(
    (m): m is TSESTree.MethodDefinition =>
      m.type === 'MethodDefinition' && m.kind === 'constructor',
  );
  const property = constructor?.value.params.find(
    (p): p is TSESTree.TSParameterProperty =>
      p.type === 'TSParameterProperty' &&
      p.parameter.type === 'Identifier' &&
      p.parameter.name === key.name,
  );
  return property !== undefined && statedTypeRulesOut(file, property.parameter);
}

function sameKey(a: TSESTree.Node, b: TSESTree.Identifier | TSESTree.PrivateIdentifier): boolean {
  return (
    (a.type === 'Identifier' || a.type === 'PrivateIdentifier') &&
    a.type === b.type &&
    a.name === b.name
  );
}

/**
 * The body of the class whose instance `this` is, where that is plain from syntax: in a method,
 * accessor or constructor, or a field's initializer, through arrow functions.
 */
function instanceClassBody(self: TSESTree.ThisExpression): TSESTree.ClassBody | undefined {
  let child: TSESTree.Node = self;
  for (
    let node: TSESTree.Node | undefined = self.parent;
    node !== undefined;
    child = node, node = node.parent
  ) {
    if (node.type === 'ArrowFunctionExpression') continue;
    if (node.type === 'FunctionExpression') {
      const owner = node.parent;
      return owner?.type === 'MethodDefinition' && !owner.static ? owner.parent : undefined;
    }
    if (node.type === 'PropertyDefinition')
      return !node.static && node.value === child ? node.parent : undefined;
    if (
      node.type === 'FunctionDeclaration' ||
      node.type === 'StaticBlock' ||
      node.type === 'MethodDefinition' ||
      node.type === 'ClassBody'
    )
      return undefined;
  }
  return undefined;
}
