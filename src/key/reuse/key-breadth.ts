import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { FileAnalysis } from '../../sdk/index.js';
import {
  objectLiteralOf,
  RAW_REQUEST,
  type SdkRequestContext,
  type StripeRequest,
} from '../../request/index.js';
import { certainInit, isStackOverflow, propertyName, unwrap, walk } from '../../util/index.js';
import { COUNTERPART_CREATES, namesCounterpart } from './counterparts.js';
import { isKeyBuilderCall, PURE_FUNCTIONS, STRING_METHODS } from './key-builders.js';
import { getKeyValues } from './key-values.js';

type Variable = TSESLint.Scope.Variable;

/**
 * Operations done once to their target, with no params a repeat could
 * change: the target's own id names the one instance (and `*.close`).
 */
const ONE_TIME_OPERATIONS: ReadonlySet<string> = new Set([
  'invoices.voidInvoice',
  'invoices.finalizeInvoice',
  'invoices.markUncollectible',
  'subscriptionSchedules.release',
  'checkout.sessions.expire',
]);

export function isOneTimeOperation(operation: string): boolean {
  return ONE_TIME_OPERATIONS.has(operation) || operation.endsWith('.close');
}

/** Payment attempts: after a decline the customer fixes the card and tries again. */
const PAYMENT_ATTEMPTS: ReadonlySet<string> = new Set(['invoices.pay', 'paymentIntents.confirm']);

/**
 * Creates that can attempt a payment, and the kind of object each makes: a record that holds that
 * kind's id is the one the key names. A subscription is no counterpart of one record (a record
 * makes many over time), but a key on such a record alone still replays a decline.
 */
const ATTEMPTING_CREATES: ReadonlyMap<string, string> = new Map([
  ...COUNTERPART_CREATES,
  ['subscriptions.create', 'subscription'],
]);

/** The params that make a create attempt a payment that fails on a decline, and their values. */
const ATTEMPTS_PAYMENT: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['confirm', true],
  ['payment_behavior', 'error_if_incomplete'],
]);

const MAX_DEPTH = 4;

/** A key that two different requests would share. */
export type TooBroadKey =
  /** Fixed for the target or a parent while the params vary: `subscriptions.update(sub.id, { items: [{ price }] })` keyed on `sub.id`. */
  | {
      readonly kind: 'params-vary';
      readonly fixed: TSESTree.Node;
      readonly varying: TSESTree.Node;
    }
  /** A payment attempt keyed only on its target: a decline is replayed to the next attempt. */
  | { readonly kind: 'payment-attempt'; readonly fixed: TSESTree.Node };

/** A part of a key: written in the code, or a value read from somewhere. */
type KeyPart =
  { readonly kind: 'constant' } | { readonly kind: 'value'; readonly node: TSESTree.Node };

class BreadthAnalysis {
  private readonly values;

  constructor(
    private readonly file: FileAnalysis,
    private readonly request: StripeRequest,
  ) {
    this.values = getKeyValues(file.sourceCode);
  }

  private variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    return (
      ASTUtils.findVariable(this.file.sourceCode.getScope(identifier), identifier) ?? undefined
    );
  }

  /**
   * The parts of a key through templates, `+`, `const` bindings, string
   * methods, hashes and helpers that only build from their arguments;
   * undefined when a part cannot be seen through (an unknown call).
   */
  parts(node: TSESTree.Node, depth = 0): KeyPart[] | undefined {
    const expr = unwrap(node);
    if (depth > MAX_DEPTH) return undefined;
    if (expr.type === 'Literal') return [{ kind: 'constant' }];
    if (expr.type === 'TemplateLiteral') return this.all(expr.expressions, depth);
    if (expr.type === 'BinaryExpression' && expr.operator === '+')
      return this.all([expr.left, expr.right], depth);
    if (expr.type === 'Identifier') {
      const variable = this.variableOf(expr);
      const init = variable && certainInit(variable, this.request.call);
      // A binding made here from other values: its parts; else the binding itself.
      if (init && this.isComposite(init)) return this.parts(init, depth + 1);
      return [{ kind: 'value', node: expr }];
    }
    if (expr.type === 'MemberExpression' && !expr.computed) return [{ kind: 'value', node: expr }];
    if (expr.type === 'CallExpression' && this.passesThrough(expr)) {
      const receiver =
        expr.callee.type === 'MemberExpression' && this.isPassThroughMethod(expr.callee)
          ? [expr.callee.object]
          : [];
      return this.all([...receiver, ...expr.arguments], depth);
    }
    // What a hash or `JSON.stringify` reads: the values of an object or array.
    if (expr.type === 'ObjectExpression')
      return this.all(
        expr.properties.map((p) => (p.type === 'Property' ? p.value : p)),
        depth,
      );
    if (expr.type === 'ArrayExpression')
      return this.all(
        expr.elements.filter((e): e is TSESTree.Expression | TSESTree.SpreadElement => e !== null),
        depth,
      );
    return undefined;
  }

  private all(nodes: readonly TSESTree.Node[], depth: number): KeyPart[] | undefined {
    const parts: KeyPart[] = [{ kind: 'constant' }];
    for (const node of nodes) {
      const found = node.type === 'SpreadElement' ? undefined : this.parts(node, depth + 1);
      if (!found) return undefined;
      parts.push(...found);
    }
    return parts;
  }

  /** A value built from others in place, which the key's parts are made of. */
  private isComposite(node: TSESTree.Expression): boolean {
    const expr = unwrap(node);
    return (
      expr.type === 'TemplateLiteral' ||
      expr.type === 'ObjectExpression' ||
      expr.type === 'ArrayExpression' ||
      (expr.type === 'BinaryExpression' && expr.operator === '+') ||
      (expr.type === 'CallExpression' && this.passesThrough(expr))
    );
  }

  private isPassThroughMethod(callee: TSESTree.MemberExpression): boolean {
    return STRING_METHODS.has(propertyNameOf(callee) ?? '');
  }

  /** A string method, a hash, `JSON.stringify`, or a helper that only builds from its arguments. */
  private passesThrough(call: TSESTree.CallExpression): boolean {
    const callee = call.callee;
    if (callee.type === 'Identifier' && PURE_FUNCTIONS.has(callee.name)) return true;
    if (callee.type === 'MemberExpression') {
      if (this.isPassThroughMethod(callee)) return true;
      if (
        callee.object.type === 'Identifier' &&
        callee.object.name === 'JSON' &&
        propertyNameOf(callee) === 'stringify'
      )
        return true;
    }
    return isKeyBuilderCall(this.file, call);
  }

  /** Texts equal for two expressions that certainly hold the same value, through `const` aliases. */
  sameValueTexts(node: TSESTree.Node): Set<string> {
    const texts = new Set<string>();
    let current: TSESTree.Node | undefined = node;
    for (let depth = 0; current && depth <= MAX_DEPTH; depth++) {
      const expr: TSESTree.Node = unwrap(current);
      const text = this.values.sameValueText(expr);
      if (text !== undefined) texts.add(text);
      const variable: Variable | undefined =
        expr.type === 'Identifier' ? this.variableOf(expr) : undefined;
      current = variable && certainInit(variable, this.request.call);
    }
    return texts;
  }

  /**
   * The bindings a value is read from, through `const` aliases and retrievals by id: `sub` for
   * `sub.id`, and `subId` after `const sub = await stripe.subscriptions.retrieve(subId)`.
   */
  roots(node: TSESTree.Node): Set<Variable> {
    const roots = new Set<Variable>();
    let current: TSESTree.Node | undefined = node;
    for (let depth = 0; current && depth <= MAX_DEPTH; depth++) {
      let expr: TSESTree.Node = unwrap(current);
      while (expr.type === 'MemberExpression') expr = unwrap(expr.object);
      const variable = expr.type === 'Identifier' ? this.variableOf(expr) : undefined;
      if (!variable || roots.has(variable)) break;
      roots.add(variable);
      const init = certainInit(variable, this.request.call);
      current = retrievedBy(init) ?? init;
    }
    return roots;
  }

  /** The id arguments before the params: what the request acts on. */
  targets(): TSESTree.Node[] {
    const { paramsIndex, optionsIndex, args } = this.request;
    const end = Math.min(paramsIndex ?? Infinity, optionsIndex ?? Infinity);
    return Number.isFinite(end) ? args.slice(0, end) : [];
  }

  /**
   * Texts of a target's value, and of the id it was retrieved by: `subId` for `sub.id` after
   * `const sub = await stripe.subscriptions.retrieve(subId)`.
   */
  targetTexts(target: TSESTree.Node): Set<string> {
    const texts = this.sameValueTexts(target);
    const expr = unwrap(target);
    if (
      expr.type !== 'MemberExpression' ||
      propertyNameOf(expr) !== 'id' ||
      expr.object.type !== 'Identifier'
    )
      return texts;
    const variable = this.variableOf(expr.object);
    const id = retrievedBy(variable && certainInit(variable, this.request.call));
    if (id) for (const text of this.sameValueTexts(id)) texts.add(text);
    return texts;
  }

  params(): TSESTree.Expression | undefined {
    const { paramsIndex, args } = this.request;
    const params = paramsIndex === undefined ? undefined : args[paramsIndex];
    return params && params.type !== 'SpreadElement' ? params : undefined;
  }

  /**
   * The kind of object a create makes for one record of the app, when the
   * create also attempts a payment that can decline (`confirm: true`, or a
   * subscription's `payment_behavior: 'error_if_incomplete'`).
   */
  attemptingCounterpartCreate(): string | undefined {
    const kind = ATTEMPTING_CREATES.get(this.request.operation);
    const params = this.params();
    const object = kind === undefined || !params ? undefined : objectLiteralOf(this.file, params);
    const attempts = object?.properties.some(
      (p) =>
        p.type === 'Property' &&
        p.value.type === 'Literal' &&
        ATTEMPTS_PAYMENT.get(propertyName(p) ?? '') === p.value.value,
    );
    return attempts ? kind : undefined;
  }

  /**
   * Whether a key part is the id of the record whose counterpart a create
   * makes: `order.id` (or `ctx.workspace.id`), where the record's declared
   * type holds the created object's id (`paymentIntentId`).
   */
  isCounterpartRecordId(part: TSESTree.Node, kind: string): boolean {
    const expr = unwrap(part);
    if (propertyOfPlainPath(expr) !== 'id') return false;
    const record = this.file.services.getTypeAtLocation((expr as TSESTree.MemberExpression).object);
    return this.file.checker
      .getPropertiesOfType(record)
      .some((property) => namesCounterpart(property.name, kind));
  }

  /**
   * Whether a key part is the id of the record a parent is read from: `ctx.workspace.id` with
   * `customer: ctx.workspace.stripeCustomerId` in the params. It names the parent, not one request.
   */
  isParentRecordId(part: TSESTree.Node): boolean {
    const expr = unwrap(part);
    if (propertyOfPlainPath(expr) !== 'id') return false;
    const record = this.values.sameValueText((expr as TSESTree.MemberExpression).object);
    const params = this.params();
    const object = record === undefined || !params ? undefined : objectLiteralOf(this.file, params);
    return (object?.properties ?? []).some((property) => {
      if (property.type !== 'Property') return false;
      const value = unwrap(property.value);
      const name = propertyName(property);
      return (
        propertyOfPlainPath(value) !== undefined &&
        this.values.sameValueText((value as TSESTree.MemberExpression).object) === record &&
        name !== undefined &&
        this.isExpandable(name)
      );
    });
  }

  /**
   * Whether the object the request returns declares a property expandable
   * (`string | Stripe.PaymentIntent | null`): it names a parent object,
   * such as a refund's payment intent.
   */
  isExpandable(name: string): boolean {
    const { checker } = this.file;
    const call = this.file.services.esTreeNodeToTSNodeMap.get(this.request.call);
    const signature = checker.getResolvedSignature(call);
    const returned =
      signature && checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
    const declaration = returned && checker.getPropertyOfType(returned, name)?.valueDeclaration;
    const type =
      declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
        ? declaration.type
        : undefined;
    return (
      type !== undefined &&
      ts.isUnionTypeNode(type) &&
      type.types.some((part) => part.kind === ts.SyntaxKind.StringKeyword) &&
      type.types.some(ts.isTypeReferenceNode)
    );
  }

  /**
   * The first params value that varies apart from the key: not a literal, not
   * read from a binding the key is read from, and read from a function's
   * binding or computed at run time. Module constants and imports do not vary.
   */
  varyingParam(keyRoots: ReadonlySet<Variable>): TSESTree.Node | undefined {
    const params = this.params();
    if (!params) return undefined;
    // A created object's metadata annotates it: a full refund tagged with its booking is still one refund.
    const annotates = /\.create[A-Z]?\w*$/.test(this.request.operation);
    const leaves: TSESTree.Node[] = [];
    const collect = (node: TSESTree.Node, depth: number): void => {
      const object = depth <= MAX_DEPTH ? objectLiteralOf(this.file, node) : undefined;
      const expr = unwrap(node);
      if (object) {
        for (const property of object.properties) {
          if (property.type === 'SpreadElement') collect(property.argument, depth + 1);
          else if (!(annotates && depth === 0 && propertyName(property) === 'metadata'))
            collect(property.value, depth + 1);
        }
      } else if (expr.type === 'ArrayExpression') {
        for (const element of expr.elements) if (element) collect(element, depth + 1);
      } else leaves.push(expr);
    };
    collect(params, 0);
    return leaves.find((leaf) => this.varies(leaf, keyRoots));
  }

  private varies(leaf: TSESTree.Node, keyRoots: ReadonlySet<Variable>): boolean {
    let local = false;
    let computed = false;
    let shared = false;
    walk(leaf, this.file.sourceCode.visitorKeys, (node) => {
      if (
        node.type === 'CallExpression' ||
        node.type === 'NewExpression' ||
        node.type === 'AwaitExpression'
      )
        computed = true;
      if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression')
        return false;
      if (node.type !== 'Identifier') return;
      const variable = this.variableOf(node);
      if (!variable) return;
      if ([...this.roots(node)].some((root) => keyRoots.has(root))) shared = true;
      const scope = variable.scope.variableScope.type;
      if (variable.defs.length > 0 && scope !== 'module' && scope !== 'global') local = true;
    });
    return !shared && (local || computed);
  }
}

/** `order`, `ctx.workspace`, `this.account`: a record read by name, not computed. */
function isPlainPath(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return true;
  return (
    expr.type === 'MemberExpression' &&
    !expr.computed &&
    (unwrap(expr.object).type === 'ThisExpression' || isPlainPath(expr.object))
  );
}

/** The name `x.name` reads from a record read by name (`ctx.workspace.id`: `id`), if it is one. */
function propertyOfPlainPath(expr: TSESTree.Node): string | undefined {
  return expr.type === 'MemberExpression' && isPlainPath(expr.object)
    ? propertyNameOf(expr)
    : undefined;
}

/** The id an object was retrieved by: `subId` for `await stripe.subscriptions.retrieve(subId)`. */
function retrievedBy(init: TSESTree.Expression | undefined): TSESTree.Node | undefined {
  const read = init && unwrap(init);
  const call = read?.type === 'AwaitExpression' ? unwrap(read.argument) : read;
  return call?.type === 'CallExpression' &&
    call.callee.type === 'MemberExpression' &&
    propertyNameOf(call.callee) === 'retrieve'
    ? call.arguments[0]
    : undefined;
}

function propertyNameOf(member: TSESTree.MemberExpression): string | undefined {
  return !member.computed && member.property.type === 'Identifier'
    ? member.property.name
    : undefined;
}

/**
 * Whether an SDK request's key is too broad for its operation: every part of
 * it is a constant, the target (an id argument, or the binding it was read
 * from) or a parent (a params property the returned object declares
 * expandable), at least one is not a constant, and a params value varies
 * apart from the key; or, for a payment attempt, the key is only its target.
 * Any other part (a cause, a record made for this change, a caller's value)
 * gives the benefit of the doubt.
 */
export function tooBroadKey(
  sdkRequest: SdkRequestContext,
  key: TSESTree.Node,
): TooBroadKey | undefined {
  const { file, request } = sdkRequest;
  if (
    request.operation === RAW_REQUEST ||
    request.alternatives ||
    isOneTimeOperation(request.operation)
  )
    return undefined;
  const analysis = new BreadthAnalysis(file, request);
  const parts = analysis.parts(key);
  const read = parts?.flatMap((part) => (part.kind === 'value' ? [part.node] : []));
  if (!read?.length) return undefined;
  // A payment keyed only on the record it is made for, or the record its customer is read from,
  // replays a decline to the next attempt.
  const attempting = analysis.attemptingCounterpartCreate();
  try {
    if (
      attempting &&
      read.every(
        (part) =>
          analysis.isCounterpartRecordId(part, attempting) || analysis.isParentRecordId(part),
      )
    )
      return { kind: 'payment-attempt', fixed: read[0] };
  } catch (error) {
    if (isStackOverflow(error)) return undefined;
    throw error;
  }
  const targetTexts = new Set(analysis.targets().flatMap((t) => [...analysis.targetTexts(t)]));
  const params = analysis.params();
  const parentValues = new Map<string, string>();
  for (const property of (params && objectLiteralOf(file, params)?.properties) ?? []) {
    const name = property.type === 'Property' ? propertyName(property) : undefined;
    if (name === undefined || property.type !== 'Property') continue;
    for (const text of analysis.sameValueTexts(property.value)) parentValues.set(text, name);
  }
  let onlyTarget = true;
  const parents = new Set<string>();
  for (const node of read) {
    const texts = [...analysis.sameValueTexts(node)];
    if (texts.some((text) => targetTexts.has(text))) continue;
    const parent = texts.map((text) => parentValues.get(text)).find((name) => name !== undefined);
    if (parent === undefined) return undefined;
    onlyTarget = false;
    parents.add(parent);
  }
  try {
    if ([...parents].some((name) => !analysis.isExpandable(name))) return undefined;
  } catch (error) {
    if (isStackOverflow(error)) return undefined;
    throw error;
  }
  const keyRoots = new Set(read.flatMap((node) => [...analysis.roots(node)]));
  const varying = analysis.varyingParam(keyRoots);
  if (varying) return { kind: 'params-vary', fixed: read[0], varying };
  if (onlyTarget && PAYMENT_ATTEMPTS.has(request.operation))
    return { kind: 'payment-attempt', fixed: read[0] };
  return undefined;
}
