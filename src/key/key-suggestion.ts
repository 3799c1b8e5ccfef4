import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import {
  callReceiving,
  enclosingFunction,
  isInside,
  mutuallyExclusive,
  runsOnlyWhenPresent,
  type Missing,
  unwrap,
  walk,
} from '../util/index.js';
import {
  declaringPackage,
  isDeclaredProperty,
  memberOf,
  type FileAnalysis,
  stripeRootOwning,
} from '../sdk/index.js';
import {
  getEstablishedRequest,
  keyHeaderWriter,
  keyOptionWriter,
  objectLiteralOf,
  RAW_REQUEST,
  type EstablishedRequest,
  type KeyEdit,
  type KeyWriter,
} from '../request/index.js';
import {
  CAUSE_DECLARATIONS,
  isCausePackageType,
  type CauseDeclaration,
} from './cause-declarations.js';
import {
  COUNTERPART_CREATES,
  getKeyValues,
  isOneTimeOperation,
  namesCounterpart,
} from './reuse/index.js';

type Variable = TSESLint.Scope.Variable;

/** A key the editor can write for a request that has none. */
export interface KeySuggestion {
  /** The key expression written: `` `${order.id}:refunds.create` ``. */
  readonly key: string;
  /** Into the SDK's request options, or into a raw HTTP request's headers. */
  readonly via: 'option' | 'header';
  readonly fix: KeyEdit;
}

/**
 * Best first: the cause of the call (a webhook event, a queue message, a
 * workflow run or activity, a tool call), then the record whose Stripe
 * counterpart a create makes, then the target's own id for a one-time
 * operation. Never the target or a parent of a repeatable operation: Stripe
 * replays a key's first result for 24 hours, so such a key breaks the next
 * legitimate change.
 */
const RANK = { cause: 0, createdRecord: 1, oneTimeTarget: 2 } as const;
type Rank = (typeof RANK)[keyof typeof RANK];

/**
 * Methods that read an incoming request's header, by the declaration that
 * holds them: the Fetch API's `Headers.get` (`request.headers`, Next.js
 * `headers()`), Express's `req.get`/`req.header`, Hono's `c.req.header`.
 */
const HEADER_READERS: ReadonlyMap<
  string,
  { packages: readonly string[]; holders: readonly string[] }
> = new Map([
  [
    'get',
    {
      packages: ['undici-types', 'next', 'express', 'express-serve-static-core'],
      holders: ['Headers', 'ReadonlyHeaders', 'Request'],
    },
  ],
  [
    'header',
    {
      packages: ['express', 'express-serve-static-core', 'hono'],
      holders: ['Request', 'HonoRequest'],
    },
  ],
]);

/** Test blocks: a binding made in one is replayed by every run of the test within 24 hours. */
const TEST_BLOCKS = new Set([
  'describe',
  'it',
  'test',
  'beforeAll',
  'beforeEach',
  'afterAll',
  'afterEach',
]);

const MAX_SUGGESTIONS = 3;
const MAX_ALIAS_DEPTH = 4;

/**
 * How the key names the operation, so two operations on one record get two
 * keys: `refunds.create`; for raw requests the fixed segments of the path
 * (`/v1/refunds/{…}/cancel` → `refunds.cancel`).
 */
function operationLabel(request: EstablishedRequest): string | undefined {
  const { operation, path } = request.request;
  // A union of operations (`customers.create | products.create`) has no one name.
  if (request.via === 'sdk' && operation !== RAW_REQUEST)
    return /^[\w.]+$/.test(operation) ? operation : undefined;
  const segments = path
    ?.split('/')
    .filter((segment) => /^[\w-]+$/.test(segment) && !/^v\d+$/.test(segment));
  return segments?.length ? segments.join('.') : undefined;
}

/** Values written in the code, or made fresh here: never an instance id. */
function isMadeHere(node: TSESTree.Expression): boolean {
  const expr = unwrap(node);
  return (
    expr.type === 'Literal' ||
    expr.type === 'TemplateLiteral' ||
    expr.type === 'ObjectExpression' ||
    expr.type === 'ArrayExpression' ||
    expr.type === 'NewExpression'
  );
}

function declaredInStripe(type: ts.Type): ts.Symbol | undefined {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  return symbol?.declarations?.some(
    (d) => stripeRootOwning(d.getSourceFile().fileName) !== undefined,
  )
    ? symbol
    : undefined;
}

const PRIMITIVE =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void;

/**
 * A primitive, or a type of TypeScript's own libraries (`Promise<string>`,
 * `Date`, `Order[]`), or a union of these: never a record. Asking it for an
 * `id` would make a new program's checker resolve every member of `String`
 * or `Promise` with all their lib augmentations.
 */
function isLibraryValue(program: ts.Program, type: ts.Type): boolean {
  return unionConstituents(type).every((part) => {
    if (part.flags & PRIMITIVE) return true;
    const declarations =
      part.flags & ts.TypeFlags.Object ? part.getSymbol()?.declarations : undefined;
    return (
      !!declarations?.length &&
      declarations.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))
    );
  });
}

/**
 * A string or number that is not one literal value: `string`, `number`,
 * `` `in_${string}` ``, a branded string.
 */
function isIdValue(type: ts.Type, mayBeMissing: boolean): boolean {
  const parts = unionConstituents(type);
  return parts.every((part) => {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return mayBeMissing;
    const members = part.isIntersection() ? part.types : [part];
    return members.some(
      (member) =>
        (member.flags &
          (ts.TypeFlags.String |
            ts.TypeFlags.Number |
            ts.TypeFlags.TemplateLiteral |
            ts.TypeFlags.StringMapping)) !==
        0,
    );
  });
}

/** Whether a type admits `null` or `undefined`. */
function admitsMissing(type: ts.Type): boolean {
  return unionConstituents(type).some(
    (part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0,
  );
}

/** Which missing values a type admits: a guard must rule out each. */
function missingIn(type: ts.Type): Missing {
  const parts = unionConstituents(type);
  return {
    null: parts.some((part) => (part.flags & ts.TypeFlags.Null) !== 0),
    undefined: parts.some((part) => (part.flags & ts.TypeFlags.Undefined) !== 0),
  };
}

/** The params with which a create may attempt a payment that can decline. */
const PAYMENT_PARAMS = ['confirm', 'payment_behavior', 'off_session'];

class InstanceIdFinder {
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly file: FileAnalysis,
    private readonly call: TSESTree.CallExpression,
  ) {
    this.checker = file.checker;
  }

  private readonly types = new Map<Variable, ts.Type>();

  /** A binding's type, asked once: an event, a cause and a record are each looked for in it. */
  private typeOf(variable: Variable, name: TSESTree.Identifier): ts.Type {
    let type = this.types.get(variable);
    if (!type) this.types.set(variable, (type = this.file.services.getTypeAtLocation(name)));
    return type;
  }

  private variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    return (
      ASTUtils.findVariable(this.file.sourceCode.getScope(identifier), identifier) ?? undefined
    );
  }

  /**
   * Whether a variable's type is cheap to ask for: written down (an
   * annotation, a parameter of a declared function or of a callback to a
   * cheap callee, `new C()`), a loop's item, a verified webhook event, or read
   * from a value whose type is cheap (`const { customer } = order`). The type the
   * checker infers from an ORM query (a Prisma row) or for a callback of a
   * generic builder chain (`client.inputSchema(…).action(({ ctx }) => …)`)
   * can cost a new program seconds, on every keystroke; such a record is left
   * out of the suggestion.
   */
  private typeIsCheap(variable: Variable, depth = 0): boolean {
    const [definition] = variable.defs;
    if (depth > MAX_ALIAS_DEPTH) return false;
    if (definition.type === 'Parameter')
      return this.parameterTypeIsCheap(definition.node, definition.name, depth);
    if (definition.type !== 'Variable') return false;
    if (definition.node.id.type === 'Identifier' && definition.node.id.typeAnnotation) return true;
    // The item of a batch loop: the element type of a collection in hand.
    if (definition.parent.parent?.type === 'ForOfStatement') return true;
    let init = definition.node.init && unwrap(definition.node.init);
    if (init?.type === 'AwaitExpression') init = unwrap(init.argument);
    // A class's instance (`new Queue(name)`): its declared type.
    if (init?.type === 'NewExpression') return true;
    // Read from a value whose type is cheap (`const { customer } = order`, `const customer =
    // order.customer`, with `order` a typed parameter): a member of that type.
    if (init?.type === 'Identifier' || init?.type === 'MemberExpression')
      return this.valueIsCheap(init, depth + 1);
    if (init?.type === 'CallExpression' && this.isDeclaredCall(init)) return true;
    return (
      init?.type === 'CallExpression' &&
      init.callee.type === 'MemberExpression' &&
      init.callee.property.type === 'Identifier' &&
      /^constructEvent(?:Async)?$/.test(init.callee.property.name)
    );
  }

  /**
   * A call without arguments of an imported function that is not generic and
   * states its return type (`activityInfo()`): the declaration gives the type.
   */
  private isDeclaredCall(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    if (call.arguments.length > 0 || call.typeArguments || callee.type !== 'Identifier')
      return false;
    const variable = this.variableOf(callee);
    if (variable?.defs[0]?.type !== 'ImportBinding') return false;
    let symbol = this.checker.getSymbolAtLocation(
      this.file.services.esTreeNodeToTSNodeMap.get(callee),
    );
    if (symbol && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    const declarations = symbol?.declarations ?? [];
    return (
      declarations.length > 0 &&
      declarations.every(
        (d) => ts.isFunctionDeclaration(d) && !d.typeParameters && d.type !== undefined,
      )
    );
  }

  private parameterTypeIsCheap(fn: TSESTree.Node, name: TSESTree.Node, depth: number): boolean {
    if (!('params' in fn)) return false;
    const parameter = fn.params.find(
      (p) => p.range[0] <= name.range[0] && name.range[1] <= p.range[1],
    );
    const typed =
      parameter?.type === 'AssignmentPattern'
        ? parameter.left
        : parameter?.type === 'TSParameterProperty'
          ? parameter.parameter
          : parameter;
    if (typed && 'typeAnnotation' in typed && typed.typeAnnotation) return true;
    // A callback takes its parameters' types from the callee's signature; when an outer call
    // types that call in turn (`setup({ hooks: { after: middleware(async (ctx) => …) } })`),
    // TypeScript infers the outer call first, which can cost seconds.
    const call = callReceiving(fn);
    return !call || (!typedByOuterCall(call) && this.valueIsCheap(call.callee, depth + 1));
  }

  /** A name, or a member of one, whose type is cheap; not a call's result (a generic chain). */
  private valueIsCheap(node: TSESTree.Node, depth: number): boolean {
    let value = unwrap(node as TSESTree.Expression);
    while (value.type === 'MemberExpression') value = unwrap(value.object);
    if (value.type === 'ThisExpression') return true;
    if (value.type !== 'Identifier') return false;
    const variable = this.variableOf(value);
    // A global, or an import: declared types.
    return (
      !variable ||
      variable.defs.length === 0 ||
      variable.defs[0].type === 'ImportBinding' ||
      this.typeIsCheap(variable, depth)
    );
  }

  /**
   * The values a binding certainly holds at the call: none for a parameter or
   * a loop or declared variable, else the initializer and every assignment;
   * undefined when it may hold a value made here, or is declared after the call.
   */
  private valuesOf(variable: Variable): TSESTree.Expression[] | undefined {
    if (variable.defs.length !== 1) return undefined;
    const [definition] = variable.defs;
    if (definition.type === 'Parameter') return [];
    if (definition.type !== 'Variable' || definition.node.range[1] > this.call.range[0])
      return undefined;
    const writes =
      definition.parent.kind === 'const'
        ? []
        : variable.references.filter((ref) => ref.isWrite() && !ref.init);
    if (writes.some((ref) => !ref.writeExpr)) return undefined;
    const values = [definition.node.init, ...writes.map((ref) => ref.writeExpr)].filter(
      (value): value is TSESTree.Expression => value !== null && value !== undefined,
    );
    return values.some(isMadeHere) ? undefined : values;
  }

  /** A record in scope: a binding whose value is never written here (`order`, `event`, `job`). */
  private isRecordBinding(variable: Variable): boolean {
    return this.valuesOf(variable) !== undefined;
  }

  /**
   * Whether an expression reads an existing id that is not made here: a record's
   * member (`invoice.id`, `event.data.object.id`), a parameter, a `const`
   * alias of one, or a choice between such reads (`a ?? b`, `typeof s === 'string' ? s : s.id`).
   * Not a literal, a template, a call (`randomUUID()`) or `new`. With `optionalChains`, a member
   * read through `?.` (`li?.id`) counts too: for an argument the SDK declares `id: string`, which
   * the checker has already held the value to.
   */
  private readsExistingId(node: TSESTree.Node, optionalChains: boolean, depth = 0): boolean {
    if (node.type === 'ConditionalExpression')
      return (
        this.readsExistingId(unwrap(node.consequent), optionalChains, depth) &&
        this.readsExistingId(unwrap(node.alternate), optionalChains, depth)
      );
    if (node.type === 'LogicalExpression' && node.operator !== '&&')
      return (
        this.readsExistingId(unwrap(node.left), optionalChains, depth) &&
        this.readsExistingId(unwrap(node.right), optionalChains, depth)
      );
    if (node.type === 'MemberExpression') {
      // Through `!` and casts: `schedule!.id`, `(sub.latest_invoice as Stripe.Invoice).id`.
      let root: TSESTree.Node = node;
      while (
        root.type === 'MemberExpression' &&
        !root.computed &&
        (optionalChains || !root.optional)
      )
        root = unwrap(root.object);
      const variable = root.type === 'Identifier' ? this.variableOf(root) : undefined;
      return variable !== undefined && this.isRecordBinding(variable);
    }
    if (node.type !== 'Identifier' || depth > MAX_ALIAS_DEPTH) return false;
    const variable = this.variableOf(node);
    const values = variable && this.valuesOf(variable);
    if (!values) return false;
    // `const { invoiceId } = req.params` reads a member of a record.
    if (
      variable.defs[0].node.type === 'VariableDeclarator' &&
      variable.defs[0].node.id.type !== 'Identifier'
    )
      return true;
    return values.every((value) => this.readsExistingId(unwrap(value), optionalChains, depth + 1));
  }

  /** The id arguments of a one-time SDK request, before its params: `voidInvoice(invoiceId)`. */
  idArguments(request: EstablishedRequest): string[] {
    if (request.via !== 'sdk' || !isOneTimeOperation(request.request.operation)) return [];
    const { paramsIndex, optionsIndex } = request.request;
    const end = Math.min(paramsIndex ?? Infinity, optionsIndex ?? Infinity);
    return request.request.args.slice(0, Number.isFinite(end) ? end : 0).flatMap((arg) => {
      const value = unwrap(arg);
      if (value.type !== 'Identifier' && value.type !== 'MemberExpression') return [];
      // The SDK declares these `id: string`: no type query (a record's type can cost seconds).
      if (!this.readsExistingId(value, true)) return [];
      return [this.file.sourceCode.getText(arg)];
    });
  }

  /** A binding's name, when it is a record not made here whose type is cheap to ask. */
  private recordName(variable: Variable): TSESTree.Identifier | undefined {
    const name = variable.defs[0]?.name;
    return name?.type === 'Identifier' &&
      this.isRecordBinding(variable) &&
      this.typeIsCheap(variable)
      ? name
      : undefined;
  }

  /** A record's declared type, unless `any`, `unknown` or one of TypeScript's own. */
  private recordType(variable: Variable): ts.Type | undefined {
    const name = this.recordName(variable);
    const type = name && this.typeOf(variable, name);
    return type &&
      !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) &&
      !isLibraryValue(this.file.services.program, type)
      ? type
      : undefined;
  }

  /**
   * Whether a variable is a webhook event: a Stripe type named `…Event` with a string `id`, or a
   * union the code writes of such types (`Stripe.CustomerSubscriptionCreatedEvent |
   * Stripe.CustomerSubscriptionUpdatedEvent`).
   */
  isEvent(variable: Variable): boolean {
    const type = this.recordType(variable);
    return type !== undefined && this.isEventType(type);
  }

  private isEventType(type: ts.Type): boolean {
    const members = type.isUnion() && !type.aliasSymbol ? type.types : [type];
    const isStripeEvent = (member: ts.Type) => {
      const stripeType = declaredInStripe(member);
      return stripeType !== undefined && /Event$/.test(stripeType.name);
    };
    if (!members.every(isStripeEvent)) return false;
    // On a union (`Stripe.Event` on 18+), only an `id` every member has.
    const id = memberOf(this.checker, type, 'id');
    return id !== undefined && isIdValue(this.checker.getTypeOfSymbol(id), false);
  }

  /**
   * The id of a webhook event that a record of the app's own type holds in a property that is
   * always set (`ctx.stripeEvent.id`, with `ctx: { stripeEvent: Stripe.Event }`): the one such
   * property.
   */
  eventMemberId(variable: Variable): string | undefined {
    const type = this.recordType(variable);
    if (!type || type.isUnion() || declaredInStripe(type) || isCausePackageType(type))
      return undefined;
    const events = this.checker.getPropertiesOfType(type).filter((property) => {
      if (property.flags & ts.SymbolFlags.Optional) return false;
      const held = this.checker.getTypeOfSymbol(property);
      return !admitsMissing(held) && this.isEventType(held);
    });
    return events.length === 1 ? `${variable.name}.${events[0].name}.id` : undefined;
  }

  /**
   * The ids of a call's cause that a variable holds, known by the library's
   * declaration and only where the id cannot be missing: `record.messageId`
   * (an SQS record), `ctx.run.id` (Trigger.dev), a destructured `runId`
   * (Inngest) or `toolCallId` (AI SDK).
   */
  causeIds(variable: Variable): string[] {
    const name = this.recordName(variable);
    if (!name) return [];
    const ids: string[] = [];
    const { parent } = name;
    // `({ runId }) => …`, `(args, { toolCallId }) => …`: a member of the parameter's type.
    if (
      parent.type === 'Property' &&
      parent.value === name &&
      !parent.computed &&
      parent.key.type === 'Identifier' &&
      parent.parent.type === 'ObjectPattern'
    ) {
      const key = parent.key.name;
      const holder = this.file.services.getTypeAtLocation(parent.parent);
      if (this.isCauseHolder(holder))
        for (const cause of CAUSE_DECLARATIONS)
          if (cause.path[0] === key && !cause.within && this.holdsCauseId(holder, cause))
            ids.push([name.name, ...cause.path.slice(1)].join('.'));
    }
    const type = this.typeOf(variable, name);
    if (this.isCauseHolder(type))
      for (const cause of CAUSE_DECLARATIONS) {
        if (!this.holdsCauseId(type, cause)) continue;
        const id = [name.name, ...cause.path].join('.');
        if (!cause.within) ids.push(id);
        // Two template parts: `${info.workflowExecution.runId}:${info.activityId}`.
        else if (this.holdsPresentId(type, cause.within))
          ids.push(`${[name.name, ...cause.within].join('.')}}:\${${id}`);
      }
    return ids;
  }

  /**
   * An incoming request's `Idempotency-Key` header held by a `const`
   * (`const key = request.headers.get('Idempotency-Key')`), read by a method
   * the Fetch API, Express or Hono declares, and present where the call runs:
   * the call sits under a test that it is (`if (key)`) or after a guard that
   * leaves where it is not (`if (!key) return …`). A header read is
   * `string | null` or `string | undefined`: unguarded, the key would be the
   * constant `"null:…"`.
   */
  headerKey(variable: Variable): string | undefined {
    const [definition] = variable.defs;
    if (
      definition.type !== 'Variable' ||
      definition.parent.kind !== 'const' ||
      definition.node.id.type !== 'Identifier' ||
      !definition.node.init ||
      definition.node.range[1] > this.call.range[0]
    )
      return undefined;
    let init = unwrap(definition.node.init);
    if (init.type === 'AwaitExpression') init = unwrap(init.argument);
    if (init.type !== 'CallExpression' || init.arguments.length !== 1) return undefined;
    const callee = unwrap(init.callee);
    const [header] = init.arguments;
    const reader =
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.property.type === 'Identifier'
        ? HEADER_READERS.get(callee.property.name)
        : undefined;
    if (
      !reader ||
      callee.type !== 'MemberExpression' ||
      header.type !== 'Literal' ||
      typeof header.value !== 'string' ||
      header.value.toLowerCase() !== 'idempotency-key'
    )
      return undefined;
    let object = unwrap(callee.object);
    if (object.type === 'AwaitExpression') object = unwrap(object.argument);
    const cheap =
      object.type === 'CallExpression' ? this.isDeclaredCall(object) : this.valueIsCheap(object, 0);
    if (!cheap) return undefined;
    const method = this.checker.getSymbolAtLocation(
      this.file.services.esTreeNodeToTSNodeMap.get(callee.property),
    );
    const { program } = this.file.services;
    const declared = method?.declarations?.some((d) => {
      const holder = d.parent;
      const holderName =
        (ts.isInterfaceDeclaration(holder) || ts.isClassDeclaration(holder)) && holder.name
          ? holder.name.text
          : undefined;
      if (!holderName || !reader.holders.includes(holderName)) return false;
      if (program.isSourceFileDefaultLibrary(d.getSourceFile())) return holderName === 'Headers';
      const pkg = declaringPackage(d);
      return pkg !== undefined && reader.packages.includes(pkg);
    });
    if (!declared) return undefined;
    const type = this.typeOf(variable, definition.node.id);
    if (!isIdValue(type.getNonNullableType(), false)) return undefined;
    return runsOnlyWhenPresent(this.call, variable.name, missingIn(type))
      ? variable.name
      : undefined;
  }

  private isCauseHolder(type: ts.Type): boolean {
    return (
      // From its declarations alone (an alias of a library's `Omit<…>` is the library's).
      !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && isCausePackageType(type)
    );
  }

  /** Whether `type` has the cause's id at its path, declared there, never missing on the way. */
  private holdsCauseId(type: ts.Type, cause: CauseDeclaration): boolean {
    const symbol = this.presentIdAt(type, cause.path);
    return symbol !== undefined && isDeclaredProperty(symbol, cause);
  }

  /** Whether `type` has an id at `path` that cannot be missing on the way. */
  private holdsPresentId(type: ts.Type, path: readonly string[]): boolean {
    return this.presentIdAt(type, path) !== undefined;
  }

  private presentIdAt(type: ts.Type, path: readonly string[]): ts.Symbol | undefined {
    let current = type;
    let symbol: ts.Symbol | undefined;
    for (const segment of path) {
      symbol = memberOf(this.checker, current, segment);
      if (!symbol || symbol.flags & ts.SymbolFlags.Optional) return undefined;
      current = this.checker.getTypeOfSymbol(symbol);
      if (admitsMissing(current)) return undefined;
    }
    return symbol !== undefined && isIdValue(current, false) ? symbol : undefined;
  }

  /**
   * The record a create makes the Stripe counterpart of, by evidence: the
   * record's declared type holds the created object's id, still missing
   * (`stripeCustomerId?: string | null`; a record that always holds one, as an
   * order holds its `customerId`, refers to a parent), or the code writes the
   * result's id beside the record's id (`update({ where: { id: user.id },
   * data: { stripeCustomerId: customer.id } })`, `update(org.id, { stripeCustomerId:
   * customer.id })`). None for a create that also
   * attempts a payment that can decline (`confirm: true`): the key would
   * replay the decline.
   */
  counterpartRecordIds(request: EstablishedRequest): string[] {
    if (request.via !== 'sdk') return [];
    const kind = COUNTERPART_CREATES.get(request.request.operation);
    if (!kind || !this.attemptsNoPayment(request)) return [];
    const ids = this.counterpartWrites(kind);
    for (const variable of this.visibleVariables()) {
      const text = `${variable.name}.id`;
      if (ids.includes(text) || !this.holdsCounterpart(variable, kind)) continue;
      ids.push(text);
    }
    return ids.filter((text) => {
      const root = text.split('.')[0];
      const variable = this.variableAt(root);
      return variable?.defs.length === 1 && this.runsOncePer(variable);
    });
  }

  /**
   * Params with no `confirm` or `payment_behavior` other than a literal that attempts nothing:
   * written in the call (or a `const` bound to them), or of a type that has none of these
   * (`input: Stripe.CustomerCreateParams`).
   */
  private attemptsNoPayment(request: EstablishedRequest): boolean {
    if (request.via !== 'sdk') return false;
    const { paramsIndex } = request.request;
    const params = paramsIndex === undefined ? undefined : request.request.args[paramsIndex];
    if (!params) return true;
    if (params.type === 'SpreadElement') return false;
    const object = objectLiteralOf(this.file, params);
    if (!object) return !this.typeMayAttemptPayment(params);
    return object.properties.every((property) => {
      if (property.type !== 'Property' || property.computed) return false;
      const key =
        property.key.type === 'Identifier'
          ? property.key.name
          : property.key.type === 'Literal'
            ? String(property.key.value)
            : undefined;
      if (key === 'confirm')
        return property.value.type === 'Literal' && property.value.value === false;
      if (key === 'payment_behavior' || key === 'off_session') return false;
      return true;
    });
  }

  /** Whether params of this type may carry a param that attempts a payment. */
  private typeMayAttemptPayment(params: TSESTree.Expression): boolean {
    const type = this.file.services.getTypeAtLocation(params);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    return unionConstituents(type).some(
      (part) =>
        this.checker.getIndexInfosOfType(part).length > 0 ||
        PAYMENT_PARAMS.some((name) => part.getProperty(name) !== undefined),
    );
  }

  /** A binding visible at the call by its name. */
  private variableAt(name: string): Variable | undefined {
    for (const variable of this.visibleVariables()) if (variable.name === name) return variable;
    return undefined;
  }

  /** A record whose declared type holds a still-missing id of the created kind, and its own id. */
  private holdsCounterpart(variable: Variable, kind: string): boolean {
    if (variable.defs[0]?.type === 'ImportBinding') return false;
    const declared = this.recordType(variable);
    const type = declared && this.presentAtCall(variable, declared);
    if (!type || type.isUnion() || declaredInStripe(type) || isCausePackageType(type)) return false;
    const id = memberOf(this.checker, type, 'id');
    if (
      !id ||
      id.flags & ts.SymbolFlags.Optional ||
      !isIdValue(this.checker.getTypeOfSymbol(id), false)
    )
      return false;
    return this.checker
      .getPropertiesOfType(type)
      .some(
        (property) =>
          namesCounterpart(property.name, kind) &&
          (property.flags & ts.SymbolFlags.Optional ||
            admitsMissing(this.checker.getTypeOfSymbol(property))),
      );
  }

  /**
   * The type a binding holds where the call runs: its declared type, or that type without `null`
   * and `undefined` (`user: User | null`) when a guard before the call rules them out (`if (!user)
   * return;`) and nothing assigns the binding again.
   */
  private presentAtCall(variable: Variable, type: ts.Type): ts.Type | undefined {
    const present = type.getNonNullableType();
    if (present === type) return type;
    const reassigned = variable.references.some((ref) => ref.isWrite() && !ref.init);
    return !reassigned && runsOnlyWhenPresent(this.call, variable.name, missingIn(type))
      ? present
      : undefined;
  }

  /**
   * Records the code writes this call's result id onto: a call whose
   * arguments hold `id: <record id>` beside `<kind>Id: result.id`.
   */
  private counterpartWrites(kind: string): string[] {
    let node: TSESTree.Node = this.call;
    while (
      node.parent?.type === 'AwaitExpression' ||
      node.parent?.type === 'TSAsExpression' ||
      node.parent?.type === 'TSNonNullExpression'
    )
      node = node.parent;
    const declarator = node.parent;
    if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return [];
    const result = this.variableOf(declarator.id);
    if (!result) return [];
    const ids: string[] = [];
    for (const reference of result.references) {
      const read = reference.identifier;
      const member = read.parent;
      if (
        member.type !== 'MemberExpression' ||
        member.object !== read ||
        member.computed ||
        member.property.type !== 'Identifier' ||
        member.property.name !== 'id'
      )
        continue;
      const written = member.parent;
      // `user.stripeCustomerId = customer.id`: the record itself holds the created id.
      if (
        written.type === 'AssignmentExpression' &&
        written.right === member &&
        written.left.type === 'MemberExpression' &&
        !written.left.computed &&
        written.left.property.type === 'Identifier' &&
        namesCounterpart(written.left.property.name, kind) &&
        written.left.object.type === 'Identifier'
      ) {
        const record = this.variableOf(written.left.object);
        if (record && record !== result && this.hasOwnId(record)) ids.push(`${record.name}.id`);
        continue;
      }
      if (
        written.type !== 'Property' ||
        written.value !== member ||
        written.computed ||
        !namesCounterpart(
          written.key.type === 'Identifier'
            ? written.key.name
            : String((written.key as TSESTree.Literal).value),
          kind,
        )
      )
        continue;
      let call: TSESTree.Node | undefined = written.parent;
      while (call && call.type !== 'CallExpression' && call.type !== 'Program') call = call.parent;
      if (call?.type !== 'CallExpression') continue;
      const recordId = (value: TSESTree.Node): boolean =>
        !isInside(value, member) &&
        !this.readsVariable(value, result) &&
        this.readsExistingId(value, false) &&
        this.isBefore(value);
      walk(call, this.file.sourceCode.visitorKeys, (n) => {
        if (
          n.type === 'Property' &&
          !n.computed &&
          n.key.type === 'Identifier' &&
          n.key.name === 'id' &&
          (n.value.type === 'Identifier' || n.value.type === 'MemberExpression') &&
          recordId(n.value)
        )
          ids.push(this.file.sourceCode.getText(n.value));
      });
      // The record's id as an argument of its own: `db.org.update(org.id, { stripeCustomerId })`.
      for (const argument of call.arguments) {
        const value = unwrap(argument);
        if (
          value.type === 'MemberExpression' &&
          !value.computed &&
          value.property.type === 'Identifier' &&
          value.property.name === 'id' &&
          recordId(value)
        )
          ids.push(this.file.sourceCode.getText(value));
      }
    }
    return [...new Set(ids)];
  }

  /** A record declared before the call whose declared type has an id that cannot be missing. */
  private hasOwnId(variable: Variable): boolean {
    const [definition] = variable.defs;
    if (variable.defs.length !== 1 || !this.isBefore(definition.name)) return false;
    const type = this.recordType(variable);
    if (!type) return false;
    const id = memberOf(this.checker, type, 'id');
    return (
      id !== undefined &&
      !(id.flags & ts.SymbolFlags.Optional) &&
      isIdValue(this.checker.getTypeOfSymbol(id), false)
    );
  }

  private readsVariable(value: TSESTree.Node, variable: Variable): boolean {
    let root = value;
    while (root.type === 'MemberExpression') root = root.object;
    return root.type === 'Identifier' && this.variableOf(root) === variable;
  }

  /** Whether a value's root binding is declared before the call (a parameter, or above it). */
  private isBefore(value: TSESTree.Node): boolean {
    let root = value;
    while (root.type === 'MemberExpression') root = root.object;
    if (root.type !== 'Identifier') return false;
    const variable = this.variableOf(root);
    const definition = variable?.defs[0];
    return (
      definition !== undefined &&
      definition.name.range[1] <= this.call.range[0] &&
      [...this.visibleVariables()].includes(variable!)
    );
  }

  /**
   * Whether the call runs at most once for each value of a request-level
   * binding: the binding is not made at module or test level, and every loop
   * or per-item callback around the call makes it anew.
   */
  runsOncePer(variable: Variable): boolean {
    const [definition] = variable.defs;
    if (variable.scope.type === 'module' || variable.scope.type === 'global') return false;
    for (let fn: TSESTree.Node = enclosingFunction(definition.name); fn.type !== 'Program';) {
      const call = callReceiving(fn);
      const callee = call && unwrap(call.callee);
      const name =
        callee?.type === 'Identifier'
          ? callee.name
          : callee?.type === 'MemberExpression' && callee.object.type === 'Identifier'
            ? callee.object.name
            : undefined;
      if (name !== undefined && TEST_BLOCKS.has(name)) return false;
      fn = enclosingFunction(fn);
    }
    const [loop] = getKeyValues(this.file.sourceCode).iterationContexts(this.call);
    return !loop || loop.variables.has(variable) || isInside(definition.name, loop.body);
  }

  /** Every binding the code declares that is visible at the call, innermost first. */
  *visibleVariables(): Generator<Variable> {
    const shadowed = new Set<string>();
    for (
      let scope: TSESLint.Scope.Scope | null = this.file.sourceCode.getScope(this.call);
      scope;
      scope = scope.upper
    ) {
      // A module's global scope holds only the TypeScript libs' thousands of names.
      if (scope.type === 'global' && this.file.sourceCode.ast.sourceType === 'module') break;
      for (const variable of scope.variables) {
        if (shadowed.has(variable.name)) continue;
        shadowed.add(variable.name);
        yield variable;
      }
    }
  }
}

/**
 * The other mutating requests of the file with the same operation label, by
 * label: one cause at two sites would give both the same key.
 */
const sitesByFile = new WeakMap<TSESTree.Program, Map<string, TSESTree.CallExpression[]>>();

function sitesOf(request: EstablishedRequest, label: string): TSESTree.CallExpression[] {
  const { file } = request;
  const program = file.sourceCode.ast;
  let sites = sitesByFile.get(program);
  if (!sites) {
    const found = new Map<string, TSESTree.CallExpression[]>();
    walk(program, file.sourceCode.visitorKeys, (node) => {
      if (node.type !== 'CallExpression') return;
      const other = getEstablishedRequest(file, node);
      const otherLabel = other?.mutating ? operationLabel(other) : undefined;
      if (otherLabel !== undefined) found.set(otherLabel, [...(found.get(otherLabel) ?? []), node]);
    });
    sitesByFile.set(program, (sites = found));
  }
  return sites.get(label) ?? [];
}

/**
 * The other requests of the file with this label that may run beside this
 * one: `undefined` when one is in the same function (one key for both);
 * else the names of the functions that hold them.
 */
function twinFunctions(
  request: EstablishedRequest,
  label: string,
): (string | undefined)[] | undefined {
  const here = enclosingFunction(request.call);
  const names: (string | undefined)[] = [];
  for (const site of sitesOf(request, label)) {
    if (site === request.call) continue;
    const fn = enclosingFunction(site);
    // Sites in two functions may both run: one may call the other, or both run for one cause.
    if (fn !== here) {
      names.push(functionName(fn));
      continue;
    }
    const exclusive =
      site.range[0] < request.call.range[0]
        ? mutuallyExclusive(site, request.call)
        : mutuallyExclusive(request.call, site);
    if (!exclusive) return undefined;
  }
  return names;
}

/** A function's own name: its declaration's, or the binding, property or method holding it. */
function functionName(fn: TSESTree.Node): string | undefined {
  if (fn.type === 'Program') return undefined;
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id)
    return fn.id.name;
  const { parent } = fn;
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.init === fn &&
    parent.id.type === 'Identifier'
  )
    return parent.id.name;
  if (
    (parent?.type === 'Property' ||
      parent?.type === 'MethodDefinition' ||
      parent?.type === 'PropertyDefinition') &&
    parent.value === fn &&
    !parent.computed &&
    parent.key.type === 'Identifier'
  )
    return parent.key.name;
  return undefined;
}

/**
 * The ids in scope that name this instance of the operation, best first
 * (`event.id`, `order.id`, `invoiceId`), each with the suffix that tells its
 * site apart: the function's name where the same operation has a site in
 * another function of the file.
 */
function findInstanceIds(
  file: FileAnalysis,
  request: EstablishedRequest,
  label: string,
): { text: string; suffix: string }[] {
  const finder = new InstanceIdFinder(file, request.call);
  const ranked: { text: string; rank: Rank; suffix: string }[] = finder
    .idArguments(request)
    .map((text) => ({ text, rank: RANK.oneTimeTarget, suffix: '' }));
  const twins = twinFunctions(request, label);
  const name = functionName(enclosingFunction(request.call));
  // Two sites in one function that both run would share a key; the name tells functions apart.
  const suffix = twins?.length ? (name && !twins.includes(name) ? `:${name}` : undefined) : '';
  if (twins && suffix !== undefined) {
    const withoutCause: Variable[] = [];
    for (const variable of finder.visibleVariables()) {
      // Already the target (`subscriptionSchedules.release(schedule.id)`): no need to ask its type.
      if (ranked.some((candidate) => candidate.text === `${variable.name}.id`)) continue;
      if (variable.defs.length !== 1 || !finder.runsOncePer(variable)) continue;
      const header = finder.headerKey(variable);
      if (header !== undefined) ranked.push({ text: header, rank: RANK.cause, suffix });
      else if (finder.isEvent(variable))
        ranked.push({ text: `${variable.name}.id`, rank: RANK.cause, suffix });
      else {
        const ids = finder.causeIds(variable);
        for (const text of ids) ranked.push({ text, rank: RANK.cause, suffix });
        if (ids.length === 0) withoutCause.push(variable);
      }
    }
    // An event held by a record (`ctx.stripeEvent`) only where no cause is in scope by itself: its
    // properties' types are asked for then only.
    if (!ranked.some((candidate) => candidate.rank === RANK.cause))
      for (const variable of withoutCause) {
        const event = finder.eventMemberId(variable);
        if (event) ranked.push({ text: event, rank: RANK.cause, suffix });
      }
    for (const text of finder.counterpartRecordIds(request))
      ranked.push({ text, rank: RANK.createdRecord, suffix });
  }
  const seen = new Set<string>();
  return ranked
    .sort((a, b) => a.rank - b.rank)
    .filter((candidate) => !seen.has(candidate.text) && seen.add(candidate.text))
    .slice(0, MAX_SUGGESTIONS);
}

/**
 * Whether an outer call gives `call` its contextual type: `call` sits in its
 * arguments (inside object and array literals too), or is what a callback
 * handed to it returns.
 */
function typedByOuterCall(call: TSESTree.Node): boolean {
  let node = call;
  for (let parent = node.parent; parent; node = parent, parent = node.parent) {
    switch (parent.type) {
      case 'AwaitExpression':
      case 'LogicalExpression':
      case 'TSNonNullExpression':
      case 'Property':
      case 'ObjectExpression':
      case 'ArrayExpression':
      case 'SpreadElement':
        continue;
      case 'ConditionalExpression':
        if (parent.test === node) return false;
        continue;
      case 'ArrowFunctionExpression':
        if (parent.body === node) continue;
        return false;
      case 'ReturnStatement': {
        const fn = enclosingFunction(parent);
        if (fn.type === 'FunctionDeclaration' || fn.type === 'Program') return false;
        parent = fn;
        continue;
      }
      case 'CallExpression':
      case 'NewExpression':
        return parent.callee !== node;
      default:
        return false;
    }
  }
  return false;
}

/**
 * Keys the editor can write for a request reported without one: an id in
 * scope that names this one instance of the operation, with the operation
 * (and, where needed, the function) as suffix. None without such an id, or
 * where the edit is not certainly right (options that are not a literal,
 * spread arguments, headers that are not a literal). Type queries happen only
 * here, for requests already reported.
 */
export function suggestKeys(request: EstablishedRequest): KeySuggestion[] {
  const { file } = request;
  const via = request.via === 'sdk' ? 'option' : 'header';
  const writer: KeyWriter | undefined =
    request.via === 'sdk'
      ? keyOptionWriter(file.sourceCode, request.request)
      : keyHeaderWriter(file.sourceCode, request.request);
  const label = operationLabel(request);
  if (!writer || label === undefined) return [];
  return findInstanceIds(file, request, label).map(({ text, suffix }) => {
    const key = `\`\${${text}}:${label}${suffix}\``;
    return { key, via, fix: writer(key) };
  });
}
