import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unionConstituents } from 'ts-api-utils';
import ts from 'typescript';
import {
  enclosingFunction,
  mutuallyExclusive,
  propertyName,
  runningFunction,
  unwrap,
} from '../util/index.js';
import {
  honoursHeaderKey,
  readsDeprecatedKeyOption,
  type FileAnalysis,
  type HttpVerb,
  type StripePackage,
} from '../sdk/index.js';
import { RAW_REQUEST } from './call-syntax.js';
import type { KeyFinding } from './key-finding.js';
import { isIdempotencyHeader, isKeySpelling, KEY_OPTION } from './key-spelling.js';
import {
  type KeyEdit,
  keyOptionWriter,
  removeKeyOption,
  removeProperty,
  renameToKeyOption,
  replaceWithKeyOption,
} from './key-edits.js';
import { objectLiteralOf } from './object-literal.js';
import type { HttpRequest } from './raw-http.js';
import { optionsArgument } from './sdk-key.js';
import {
  argumentAt,
  describeRequest,
  isMutating,
  isOptionKey,
  type StripeRequest,
} from './stripe-request.js';

/** A property of an object literal whose name is known without running the code. */
export interface LiteralEntry {
  readonly name: string;
  readonly property: TSESTree.Property;
}

/** A key written where stripe-node does not read it. */
export interface MisplacedKey extends LiteralEntry {
  /** In the params, under any spelling; or in the options, under a name other than `idempotencyKey`. */
  readonly in: 'params' | 'options';
}

/** An object literal a request certainly receives. */
export interface ObjectLiteral {
  readonly node: TSESTree.ObjectExpression;
  /** Written in the call itself, so an edit to it changes this request alone. */
  readonly inline: boolean;
  /** Its properties with a static name, in source order. */
  readonly entries: readonly LiteralEntry[];
}

/** What a rule receives of every request to Stripe, whichever way the code sends it. */
abstract class RequestContext<
  Via extends 'sdk' | 'http',
  Request extends StripeRequest | HttpRequest,
> {
  /**
   * How messages name it: `refunds.create`; by its route where the name alone says nothing (`fetch
   * (POST /v1/refunds)`).
   */
  readonly description: string;
  /** A POST: a retry repeats its side effect. */
  readonly mutating: boolean;
  readonly #findKey: () => KeyFinding;
  #key: KeyFinding | undefined;

  constructor(
    readonly via: Via,
    /** The linted file's shared analysis. */
    readonly file: FileAnalysis,
    /** What the engine recognised: the SDK method and its signature, or the raw HTTP call. */
    readonly request: Request,
    findKey: () => KeyFinding,
  ) {
    // An SDK method names its endpoint; the route would only lengthen every message.
    this.description =
      via === 'sdk' && request.operation !== RAW_REQUEST
        ? request.operation
        : describeRequest(request);
    this.mutating = isMutating(request);
    this.#findKey = findKey;
  }

  get call(): TSESTree.CallExpression {
    return this.request.call;
  }

  /** How messages name the operation: `refunds.create`, `rawRequest`, `fetch`. */
  get operation(): string {
    return this.request.operation;
  }

  /** The description as code in a message: `` `refunds.create` ``. */
  get label(): string {
    return `\`${this.description}\``;
  }

  /** Undefined when the code does not state it as a literal. */
  get verb(): HttpVerb | undefined {
    return this.request.verb;
  }

  /** What it does, apart from its key: the arguments that are not the options. */
  get payload(): readonly TSESTree.Node[] {
    return this.request.payload;
  }

  /** What its options (SDK) or headers (raw HTTP) say of its idempotency key. */
  get key(): KeyFinding {
    return (this.#key ??= this.#findKey());
  }

  /**
   * The type of the key written at the call when it admits `undefined` or `null` (`string |
   * undefined`): the request may then go without one. A type query.
   */
  optionalKeyType(): string | undefined {
    const { key } = this;
    if (key.kind !== 'key' || !key.value) return undefined;
    const type = this.file.services.getTypeAtLocation(key.value);
    const mayBeMissing = unionConstituents(type).some(
      (part) =>
        (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0,
    );
    return mayBeMissing ? this.file.checker.typeToString(type) : undefined;
  }

  /**
   * The POSTs it may be: its own operation, or for a call through a union of resources
   * (`stripe[kind].create`) each alternative that is a POST.
   */
  get postOperations(): readonly string[] {
    const { alternatives, operation } = this.request;
    return alternatives?.flatMap((a) => (a.verb === 'POST' ? [a.operation] : [])) ?? [operation];
  }

  /**
   * The function (or program) whose run makes the call: the one whose body holds it, or the one
   * that awaits the call it is a callback of (`await withRetry(() => …)`).
   */
  get runningFunction(): TSESTree.Node {
    return runningFunction(this.call).fn;
  }

  /** Whether this request and `later`, written after it in the same running function, never both run. */
  exclusiveWith(later: EstablishedRequest): boolean {
    if (enclosingFunction(this.call) === enclosingFunction(later.call))
      return mutuallyExclusive(this.call, later.call);
    const earlierAnchor = runningFunction(this.call).anchor;
    const laterAnchor = runningFunction(later.call).anchor;
    // In two callbacks of one awaited call: which of them runs is that call's to say.
    return earlierAnchor === laterAnchor || mutuallyExclusive(earlierAnchor, laterAnchor);
  }
}

/**
 * A request through the SDK, with its options and params as written and the edits that move,
 * rename or remove its key. An edit is offered only where it is certainly right (undefined
 * elsewhere).
 */
export class SdkRequestContext extends RequestContext<'sdk', StripeRequest> {
  #params: ObjectLiteral | undefined | null = null;
  #options: ObjectLiteral | undefined | null = null;

  constructor(file: FileAnalysis, request: StripeRequest, findKey: () => KeyFinding) {
    super('sdk', file, request, findKey);
  }

  /** The installed stripe-node that serves it. */
  get sdk(): StripePackage {
    return this.request.sdk;
  }

  get api(): 'v1' | 'v2' {
    return this.request.api;
  }

  /** Whether this stripe-node sends an `Idempotency-Key` given in `options.headers`. */
  get honoursHeaderKey(): boolean {
    return honoursHeaderKey(this.request.sdk);
  }

  /** Whether this stripe-node reads the key from `idempotency_key` too (8–10, deprecated). */
  get readsDeprecatedKeyOption(): boolean {
    return readsDeprecatedKeyOption(this.request.sdk);
  }

  /** The argument that holds the request options, when one is passed (not `undefined`). */
  get optionsArgument(): TSESTree.Expression | undefined {
    return optionsArgument(this.request);
  }

  /** Whether the call passes an argument at the options' position. */
  get passesOptions(): boolean {
    const { optionsIndex, args } = this.request;
    return optionsIndex !== undefined && args.length > optionsIndex;
  }

  /** The options' position among the arguments, counted from 1 as messages say it. */
  get optionsPosition(): number {
    return (this.request.optionsIndex ?? 0) + 1;
  }

  /** The params, when they certainly are an object literal. */
  get params(): ObjectLiteral | undefined {
    if (this.#params === null) this.#params = this.literalAt(this.request.paramsIndex);
    return this.#params;
  }

  /** The request options, when they certainly are an object literal. */
  get options(): ObjectLiteral | undefined {
    if (this.#options === null) this.#options = this.literalAt(this.request.optionsIndex);
    return this.#options;
  }

  /**
   * Keys written where stripe-node does not read them: any spelling in the params, a misspelling in
   * the options (`idempotency_key`, `'Idempotency-Key'` outside `headers`). Such a call's finding is
   * the misplaced key, whose fix (the move or the rename) also gives the request its key.
   */
  get misplacedKeys(): readonly MisplacedKey[] {
    const inParams = (this.params?.entries ?? []).filter((entry) => isKeySpelling(entry.name));
    const misspelled = (this.options?.entries ?? []).filter(
      (entry) => entry.name !== KEY_OPTION && isKeySpelling(entry.name),
    );
    return [
      ...inParams.map((entry) => ({ ...entry, in: 'params' as const })),
      ...misspelled.map((entry) => ({ ...entry, in: 'options' as const })),
    ];
  }

  /**
   * `headers: { 'Idempotency-Key': … }` in the options of a stripe-node that throws on `headers`
   * (before 20.4.1): each header with its `headers` entry. As with a misplaced key, the finding is
   * the header, whose fix (the `idempotencyKey` option) also gives the request its key.
   */
  get unreadHeaderKeys(): readonly {
    headers: LiteralEntry;
    header: LiteralEntry;
    /**
     * The SDK still takes the object as options, by another option in it, and ignores `headers`
     * with a warning (the request goes without the key); alone, `headers` throws.
     */
    ignored: boolean;
  }[] {
    if (this.honoursHeaderKey) return [];
    const entries = this.options?.entries ?? [];
    const ignored = entries.some(
      (entry) =>
        entry.name !== 'headers' &&
        entry.name !== 'additionalHeaders' &&
        isOptionKey(this.request.sdk, entry.name),
    );
    return entries.flatMap((headers) => {
      if (headers.name !== 'headers') return [];
      const header = this.literalIn(headers)?.entries.find((e) => isIdempotencyHeader(e.name));
      return header ? [{ headers, header, ignored }] : [];
    });
  }

  /** The object literal written as the value of an options entry (`headers: { ... }`). */
  literalIn(entry: LiteralEntry): ObjectLiteral | undefined {
    const value = unwrap(entry.property.value as TSESTree.Expression);
    return value.type === 'ObjectExpression'
      ? literal(value, this.options?.inline ?? false)
      : undefined;
  }

  /** Moves a key written in the params into the options, as `idempotencyKey`. */
  moveKeyToOptions({ property }: LiteralEntry): TSESLint.ReportFixFunction | undefined {
    if (!this.params?.inline) return undefined;
    const { sourceCode } = this.file;
    const add = keyOptionWriter(sourceCode, this.request)?.(sourceCode.getText(property.value));
    const remove = removeProperty(sourceCode, property);
    return add && ((fixer) => [remove(fixer), add(fixer)]);
  }

  /** Renames a misspelled key option to `idempotencyKey`. */
  renameKeyOption({ property, name }: LiteralEntry): KeyEdit | undefined {
    return this.canWriteKeyOption() ? renameToKeyOption(property, name) : undefined;
  }

  /** Removes the key option; with it the whole options argument when it is the only option. */
  removeKeyOption(property: TSESTree.Property): KeyEdit {
    return removeKeyOption(this.file.sourceCode, this.request, property);
  }

  /** Replaces `headers: { 'Idempotency-Key': k }` in the options with `idempotencyKey: k`. */
  useKeyOption(headers: LiteralEntry, header: LiteralEntry): KeyEdit | undefined {
    const value = unwrap(headers.property.value as TSESTree.Expression);
    return this.canWriteKeyOption() &&
      value.type === 'ObjectExpression' &&
      value.properties.length === 1
      ? replaceWithKeyOption(this.file.sourceCode, headers.property, header.property)
      : undefined;
  }

  /** The options are written in the call and hold no `idempotencyKey` yet. */
  private canWriteKeyOption(): boolean {
    const options = this.options;
    return !!options?.inline && !options.entries.some((entry) => entry.name === KEY_OPTION);
  }

  private literalAt(index: number | undefined): ObjectLiteral | undefined {
    if (index === undefined) return undefined;
    const slot = argumentAt(this.request, index);
    if (slot.kind !== 'present') return undefined;
    const node = objectLiteralOf(this.file, slot.node);
    return node && literal(node, unwrap(slot.node) === node);
  }
}

/** A raw HTTP request to the Stripe API. */
export class HttpRequestContext extends RequestContext<'http', HttpRequest> {
  constructor(file: FileAnalysis, request: HttpRequest, findKey: () => KeyFinding) {
    super('http', file, request, findKey);
  }
}

/** A request to Stripe the engine has established, with its key facts: what every rule receives. */
export type EstablishedRequest = SdkRequestContext | HttpRequestContext;

function literal(node: TSESTree.ObjectExpression, inline: boolean): ObjectLiteral {
  const entries: LiteralEntry[] = [];
  for (const property of node.properties) {
    if (property.type !== 'Property') continue;
    const name = propertyName(property);
    if (name !== undefined) entries.push({ name, property });
  }
  return { node, inline, entries };
}
