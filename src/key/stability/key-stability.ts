import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { FileAnalysis } from '../../sdk/index.js';
import { KEY_OPTION } from '../../request/index.js';
import { getKeyTracer, madeExpression, type KeySource, type KeyTracer } from './key-tracer.js';
import { buildSourceTable, type ModuleSource } from './key-sources.js';
import { isDayOrCoarserBucket } from './calendar-buckets.js';
import { calleeMatcher, KeyStorage, retryAround } from './key-storage.js';
import { calledWrapper, keyParametersOf, nameOf } from './key-parameters.js';
import {
  contains,
  isInside,
  scopeOf,
  skipOuter,
  staticName,
  unwrap as unwrapEstree,
} from '../../util/index.js';

/** A source of a key, located for a message: ESTree-side facts only. */
export interface SourceFact {
  /** How the source reads in code, e.g. `Date.now()`, `uuidv4()`, `attempt`. */
  readonly label: string;
  readonly line: number;
  /** The file's base name when it is not the linted file. */
  readonly file: string | undefined;
  /** The helper function it sits in, when the request is not inside that function. */
  readonly helper: string | undefined;
  /**
   * The `idempotencyKey` value it is written in, when an options object of the request's own
   * function holds it (`const keyed = { idempotencyKey: nanoid() }`, sent as `{ ...base, ...keyed
   * }`): where the key is, for options that are not written at the call.
   */
  readonly keyValue: TSESTree.Node | undefined;
  /** The source itself, when it is in the linted file. */
  readonly node: TSESTree.Node | undefined;
}

/** Why a key changes when the same operation runs again. */
export type Instability =
  | { readonly reason: 'time'; readonly source: SourceFact }
  | { readonly reason: 'retry-counter'; readonly source: SourceFact }
  | { readonly reason: 'job-attempt'; readonly source: SourceFact }
  | {
      readonly reason: 'random-in-retry-loop';
      readonly source: SourceFact;
      readonly loopLine: number;
    }
  | { readonly reason: 'random-unstored'; readonly source: SourceFact };

/** Most certain first: what is reported when a key has several sources. */
const PRIORITY: readonly Instability['reason'][] = [
  'time',
  'retry-counter',
  'job-attempt',
  'random-in-retry-loop',
  'random-unstored',
];

/** What is reported when a key has several sources. */
function mostCertain(judged: readonly (Instability | undefined)[]): Instability | undefined {
  let found: Instability | undefined;
  for (const instability of judged) {
    if (
      instability &&
      (!found || PRIORITY.indexOf(instability.reason) < PRIORITY.indexOf(found.reason))
    )
      found = instability;
  }
  return found;
}

export interface StabilityOptions {
  readonly randomSources: readonly ModuleSource[];
  readonly timeSources: readonly ModuleSource[];
  /** Calls that persist a key, as callee patterns. */
  readonly storeCalls: readonly string[];
}

/** How deep object literals in the params are taken apart, value by value. */
const MAX_PARAMS_DEPTH = 4;

/**
 * Where the key of a request is: its expression, or the `idempotencyKey` of an options expression
 * built elsewhere.
 */
export type KeyLocation =
  { readonly value: TSESTree.Expression } | { readonly options: TSESTree.Expression };

function functionName(node: ts.Node): string | undefined {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return undefined;
  if (
    (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) &&
    fn.name
  )
    return fn.name.getText();
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name))
    return fn.parent.name.text;
  return undefined;
}

function lineOf(node: ts.Node): number {
  return node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
}

/** A key a call hands to a function that sends it as the key of a Stripe POST. */
export interface WrapperKey {
  /** The argument that carries the key. */
  readonly argument: TSESTree.Node;
  /** The request the function makes with it: `paymentIntents.create`. */
  readonly operation: string;
  /** The function's name, when it has one. */
  readonly wrapper: string | undefined;
  readonly instability: Instability;
}

/** Judges the keys of one file's requests with one rule's options. */
export class KeyStability {
  private readonly tracer: KeyTracer;
  private readonly storage: KeyStorage;

  constructor(
    private readonly file: FileAnalysis,
    options: StabilityOptions,
  ) {
    const isStoreCall = calleeMatcher(options.storeCalls);
    this.tracer = getKeyTracer(
      file.services.program,
      buildSourceTable(options.randomSources, options.timeSources),
      isStoreCall,
      JSON.stringify([options.randomSources, options.timeSources, options.storeCalls]),
    );
    this.storage = new KeyStorage(file.services.program, isStoreCall);
  }

  /** Why the key sent by `call` is unstable, or undefined when it is stable or cannot be told. */
  instability(call: TSESTree.CallExpression, key: KeyLocation): Instability | undefined {
    const { esTreeNodeToTSNodeMap } = this.file.services;
    const tsCall = esTreeNodeToTSNodeMap.get(call);
    const keyNode = esTreeNodeToTSNodeMap.get(
      'value' in key ? key.value : key.options,
    ) as ts.Expression;
    const { sources } =
      'value' in key ? this.tracer.trace(keyNode) : this.tracer.trace(keyNode, [KEY_OPTION]);
    return mostCertain(sources.map((source) => this.judge(source, tsCall, keyNode)));
  }

  /**
   * The spread that brings an unstable key into options written at the call over the key written
   * before it (`{ idempotencyKey: stable, ...defaults }`): the last one after `key` whose key is
   * unstable.
   */
  overridingSpread(
    call: TSESTree.CallExpression,
    options: TSESTree.Node,
    key: TSESTree.Node,
  ): TSESTree.Node | undefined {
    const object = unwrapEstree(options);
    if (object.type !== 'ObjectExpression') return undefined;
    return object.properties
      .filter(
        (p): p is TSESTree.SpreadElement => p.type === 'SpreadElement' && p.range[0] > key.range[1],
      )
      .reverse()
      .find((spread) => this.instability(call, { options: spread.argument }) !== undefined);
  }

  /**
   * The unstable keys `call` passes to a function of the program that sends them on as a Stripe
   * POST's key (`chargeOrder(order, randomUUID())`), judged where the call is: each argument once.
   */
  wrapperKeys(call: TSESTree.CallExpression): WrapperKey[] {
    const { esTreeNodeToTSNodeMap, tsNodeToESTreeNodeMap } = this.file.services;
    const tsCall = esTreeNodeToTSNodeMap.get(call);
    const wrapper = calledWrapper(this.file, tsCall);
    // A wrapper that calls itself (a retry) is judged at its own request.
    if (!wrapper || contains(wrapper, tsCall)) return [];
    const found = new Map<ts.Expression, WrapperKey>();
    for (const use of keyParametersOf(this.file, this.tracer, this.storage, wrapper)) {
      const argument = tsCall.arguments[use.index];
      if (
        !argument ||
        found.has(argument) ||
        tsCall.arguments.slice(0, use.index + 1).some(ts.isSpreadElement)
      )
        continue;
      const worst = mostCertain(
        this.tracer.trace(argument, use.path).sources.map((source) =>
          // Stored by the function before its request: kept as a key the caller stored.
          this.judge(
            use.stored && !source.kept ? { ...source, kept: 'stored' } : source,
            tsCall,
            argument,
          ),
        ),
      );
      if (worst)
        found.set(argument, {
          argument: tsNodeToESTreeNodeMap.get(argument),
          operation: use.operation,
          wrapper: nameOf(wrapper),
          instability: worst,
        });
    }
    return [...found.values()];
  }

  private judge(
    source: KeySource,
    call: ts.CallExpression,
    keyNode: ts.Node,
  ): Instability | undefined {
    switch (source.kind) {
      case 'time':
        return this.isGetOrCreate(source, call) || this.isRequestedBucket(source, call, keyNode)
          ? undefined
          : { reason: 'time', source: this.fact(source, call) };
      case 'retry-attempt':
        return { reason: 'retry-counter', source: this.fact(source, call) };
      case 'job-attempt':
        return { reason: 'job-attempt', source: this.fact(source, call) };
      case 'counter': {
        // A counter of a loop that retries the same request; one that also
        // changes the request's params numbers the items of a batch.
        const loop = retryAround(this.file.checker, source.node, call);
        if (!loop || this.paramsUse(source, call, keyNode)) return undefined;
        return { reason: 'retry-counter', source: this.fact(source, call) };
      }
      case 'random': {
        if (source.kept === 'get-or-create') return undefined;
        const created = this.creation(source, call);
        const loop = created && retryAround(this.file.checker, created, call);
        if (loop)
          return {
            reason: 'random-in-retry-loop',
            source: this.fact(source, call),
            loopLine: lineOf(loop),
          };
        if (source.kept === 'stored' || this.storage.storedBefore(source.through, call))
          return undefined;
        return { reason: 'random-unstored', source: this.fact(source, call) };
      }
    }
  }

  /**
   * A time key is stable only when got-or-created: stored, made only when no
   * stored key was read back first, and carrying operation data.
   */
  private isGetOrCreate(source: KeySource, call: ts.CallExpression): boolean {
    if (source.kept === 'get-or-create') return true;
    // Made here, or by a helper that stored it: read back first where it enters the request's
    // function.
    const entry = this.creation(source, call) ?? source.node;
    return (
      (source.kept === 'stored' || this.storage.storedBefore(source.through, call)) &&
      this.storage.readBackFirst(entry, source.through, false) &&
      this.tracer.carriesOperationData(madeExpression(source.node))
    );
  }

  /**
   * A calendar bucket of a day or coarser that the params send too (`trial_end: firstOfNextMonth`,
   * key `` `${sub.id}:${firstOfNextMonth.toISOString()}` ``) names the change the request asks
   * for, and stays the same for it. Each value written in the params is traced on its own, so
   * that one the trace cannot finish (`amount` from a database query) hides no other; a value
   * whose trace is cut may send the bucket.
   */
  private isRequestedBucket(source: KeySource, call: ts.CallExpression, keyNode: ts.Node): boolean {
    const bucket = source.through.find(
      (binding) =>
        ts.isVariableDeclaration(binding) &&
        binding.initializer !== undefined &&
        isDayOrCoarserBucket(this.file.checker, binding.initializer),
    );
    if (bucket === undefined) return false;
    const sends = (value: ts.Expression, depth: number): boolean => {
      const expr = skipOuter(value);
      if (ts.isObjectLiteralExpression(expr) && depth < MAX_PARAMS_DEPTH)
        return expr.properties.some((property) =>
          ts.isPropertyAssignment(property)
            ? sends(property.initializer, depth + 1)
            : ts.isShorthandPropertyAssignment(property)
              ? sends(property.name, depth + 1)
              : ts.isSpreadAssignment(property) && sends(property.expression, depth + 1),
        );
      const trace = this.tracer.trace(expr);
      return (
        !trace.complete ||
        trace.sources.some((sent) => sent.node === source.node && sent.through.includes(bucket))
      );
    };
    return call.arguments.some((arg) => !contains(arg, keyNode) && sends(arg, 0));
  }

  /** Whether the request's other arguments (its params) change with the counter too. */
  private paramsUse(counter: KeySource, call: ts.CallExpression, keyNode: ts.Node): boolean {
    return call.arguments.some(
      (arg) =>
        !contains(arg, keyNode) &&
        this.tracer.trace(arg).sources.some((source) => source.node === counter.node),
    );
  }

  private fact(source: KeySource, call: ts.CallExpression): SourceFact {
    const sourceFile = source.node.getSourceFile();
    const sourceFunction = ts.findAncestor(source.node.parent, ts.isFunctionLike);
    const property = ts.findAncestor(source.node.parent, (node) =>
      ts.isPropertyAssignment(node)
        ? staticName(node.name) === KEY_OPTION
        : ts.isFunctionLike(node) || ts.isStatement(node)
          ? 'quit'
          : false,
    ) as ts.PropertyAssignment | undefined;
    return {
      label: source.label,
      line: lineOf(source.node),
      file: sourceFile === this.file.sourceFile ? undefined : path.basename(sourceFile.fileName),
      helper:
        sourceFunction && !contains(sourceFunction, call) ? functionName(source.node) : undefined,
      keyValue:
        property && sourceFile === this.file.sourceFile && scopeOf(property) === scopeOf(call)
          ? this.file.services.tsNodeToESTreeNodeMap.get(property.initializer)
          : undefined,
      node:
        sourceFile === this.file.sourceFile
          ? this.file.services.tsNodeToESTreeNodeMap.get(source.node)
          : undefined,
    };
  }

  /**
   * The node in the request's function where the value is first held: its source, or the first
   * variable there.
   */
  private creation(source: KeySource, call: ts.CallExpression): ts.Node | undefined {
    const scope = scopeOf(call);
    return [source.node, ...source.through].find((node) => contains(scope, node));
  }
}

/**
 * Where in options (or a wrapper's options argument) written at the call a key is, when its
 * source is there: the argument of the helper call that makes them (`withKey(opts, nanoid())`), or
 * the property value of the object (`{ amount, idempotencyKey: nanoid() }`). Else `node` itself.
 */
export function keyPlaceOf(node: TSESTree.Node, instability: Instability): TSESTree.Node {
  const source = instability.source.node;
  const holder = unwrapEstree(node);
  if (!source || !isInside(source, holder) || source === holder) return node;
  let child: TSESTree.Node = source;
  while (child.parent && child.parent !== holder) child = child.parent;
  if (holder.type === 'ObjectExpression')
    return child.type === 'Property'
      ? child.value
      : child.type === 'SpreadElement'
        ? child.argument
        : node;
  return holder.type === 'CallExpression' &&
    holder.arguments.includes(child as TSESTree.CallExpressionArgument)
    ? child
    : node;
}
