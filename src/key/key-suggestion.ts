import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import {
  callReceiving,
  enclosingFunction,
  isInside,
  mutuallyExclusive,
  unwrap,
  walk,
} from '../util/index.js';
import { memberOf, type FileAnalysis, stripeRootOwning } from '../sdk/index.js';
import {
  getEstablishedRequest,
  keyHeaderWriter,
  keyOptionWriter,
  RAW_REQUEST,
  type EstablishedRequest,
  type KeyEdit,
  type KeyWriter,
} from '../request/index.js';
import { getKeyValues, isOneTimeOperation } from './reuse/index.js';

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
 * Best first: the cause of the call (a webhook event), then the target's own
 * id for a one-time operation. Never the target or a parent of a repeatable
 * operation: Stripe replays a key's first result for 24 hours, so such a key
 * breaks the next legitimate change.
 */
const RANK = { cause: 0, oneTimeTarget: 1 } as const;
type Rank = (typeof RANK)[keyof typeof RANK];

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

/** Values written in the code, or made fresh here: never an identity. */
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

/** A string or number that is not one literal value: `string`, `number`, `` `in_${string}` ``, a branded string. */
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

class IdentityFinder {
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly file: FileAnalysis,
    private readonly call: TSESTree.CallExpression,
  ) {
    this.checker = file.checker;
  }

  private variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    return (
      ASTUtils.findVariable(this.file.sourceCode.getScope(identifier), identifier) ?? undefined
    );
  }

  /**
   * Whether a variable's type is cheap to ask for: written down (an
   * annotation, a parameter of a declared function or of a callback to a
   * cheap callee, `new C()`), a loop's item, or a verified webhook event. The type the
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
    return (
      init?.type === 'CallExpression' &&
      init.callee.type === 'MemberExpression' &&
      init.callee.property.type === 'Identifier' &&
      /^constructEvent(?:Async)?$/.test(init.callee.property.name)
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
    // TypeScript infers the outer call first, which cost better-auth's setup seconds.
    const call = callReceiving(fn);
    return !call || (!typedByOuterCall(call) && this.valueIsCheap(call.callee, depth + 1));
  }

  /** A name, or a member of one, whose type is cheap; not the result of a call (a generic chain). */
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
   * Whether an expression reads an identity that is not made here: a record's
   * member (`invoice.id`, `event.data.object.id`), a parameter, or a `const`
   * alias of one. Not a literal, a template, a call (`randomUUID()`) or `new`.
   */
  private isIdentityExpression(node: TSESTree.Node, depth = 0): boolean {
    if (node.type === 'MemberExpression') {
      let root: TSESTree.Node = node;
      while (root.type === 'MemberExpression' && !root.computed && !root.optional)
        root = root.object;
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
    return values.every((value) => this.isIdentityExpression(unwrap(value), depth + 1));
  }

  /** The id arguments of a one-time SDK request, before its params: `invoices.voidInvoice(invoiceId)`. */
  idArguments(request: EstablishedRequest): string[] {
    if (request.via !== 'sdk' || !isOneTimeOperation(request.request.operation)) return [];
    const { paramsIndex, optionsIndex } = request.request;
    const end = Math.min(paramsIndex ?? Infinity, optionsIndex ?? Infinity);
    return request.request.args.slice(0, Number.isFinite(end) ? end : 0).flatMap((arg) => {
      const value = unwrap(arg);
      if (value.type !== 'Identifier' && value.type !== 'MemberExpression') return [];
      // The SDK declares these `id: string`: no type query (a record's type can cost a new program's checker seconds).
      if (!this.isIdentityExpression(value)) return [];
      return [this.file.sourceCode.getText(arg)];
    });
  }

  /** Whether a variable is a webhook event: a Stripe type named `…Event` with a string `id`. */
  isEvent(variable: Variable): boolean {
    const name = variable.defs[0]?.name;
    if (
      name?.type !== 'Identifier' ||
      !this.isRecordBinding(variable) ||
      !this.typeIsCheap(variable)
    )
      return false;
    const type = this.file.services.getTypeAtLocation(name);
    if (
      type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) ||
      isLibraryValue(this.file.services.program, type)
    )
      return false;
    const stripeType = declaredInStripe(type);
    if (!stripeType || !/Event$/.test(stripeType.name)) return false;
    // On a union (`Stripe.Event` on 18+), only an `id` every member has.
    const id = memberOf(this.checker, type, 'id');
    return id !== undefined && isIdValue(this.checker.getTypeOfSymbol(id), false);
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

/** Whether another request of the file with this label may run beside this one. */
function hasTwin(request: EstablishedRequest, label: string): boolean {
  return sitesOf(request, label).some(
    (site) =>
      site !== request.call &&
      !(site.range[0] < request.call.range[0]
        ? mutuallyExclusive(site, request.call)
        : mutuallyExclusive(request.call, site)),
  );
}

/** The ids in scope that name this instance of the operation, best first: `event.id`, `invoiceId`. */
function findInstanceIds(file: FileAnalysis, request: EstablishedRequest, label: string): string[] {
  const finder = new IdentityFinder(file, request.call);
  const ranked: { text: string; rank: Rank }[] = finder
    .idArguments(request)
    .map((text) => ({ text, rank: RANK.oneTimeTarget }));
  if (!hasTwin(request, label)) {
    for (const variable of finder.visibleVariables()) {
      // Already the target (`subscriptionSchedules.release(schedule.id)`): no need to ask its type.
      if (ranked.some((candidate) => candidate.text === `${variable.name}.id`)) continue;
      if (finder.isEvent(variable) && finder.runsOncePer(variable))
        ranked.push({ text: `${variable.name}.id`, rank: RANK.cause });
    }
  }
  const texts = ranked.sort((a, b) => a.rank - b.rank).map((candidate) => candidate.text);
  return [...new Set(texts)].slice(0, MAX_SUGGESTIONS);
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
 * Keys the editor can write for a request reported without one: the
 * operation's identity in scope at the call combined with the operation, so
 * two operations on one record get two keys. None without an identity, or
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
      : request.request.headers
        ? keyHeaderWriter(file.sourceCode, request.request.headers)
        : undefined;
  const label = operationLabel(request);
  if (!writer || label === undefined) return [];
  return findInstanceIds(file, request, label).map((identity) => {
    const key = `\`\${${identity}}:${label}\``;
    return { key, via, fix: writer(key) };
  });
}
