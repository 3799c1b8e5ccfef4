import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isInside } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { getKeyTracer, type KeySource } from './key-provenance.js';
import { buildSourceTable, type ModuleSource, type SourceKind } from './key-sources.js';
import { enclosingFunction, isStoredBefore, retryLoopAround } from './key-storage.js';

/** A source of a key, located for a message: ESTree-side facts only. */
export interface SourceFact {
  readonly kind: SourceKind;
  /** How the source reads in code, e.g. `Date.now()`, `uuidv4()`. */
  readonly label: string;
  readonly line: number;
  /** The file's base name when it is not the linted file. */
  readonly file: string | undefined;
  /** The helper function it sits in, when that is not the function of the request. */
  readonly helper: string | undefined;
}

/** Why a key changes when the same operation runs again. */
export type Instability =
  | { readonly reason: 'time'; readonly source: SourceFact }
  | { readonly reason: 'random-in-retry-loop'; readonly source: SourceFact; readonly loopLine: number }
  | { readonly reason: 'random-unstored'; readonly source: SourceFact };

export interface StabilityOptions {
  readonly randomSources: readonly ModuleSource[];
  readonly timeSources: readonly ModuleSource[];
  /** Calls that persist a key, by callee text. */
  readonly isStoreCall: (calleeText: string) => boolean;
}

function functionName(node: ts.Node): string | undefined {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

/** Judges the keys of one file's requests with one rule's options. */
export class KeyStability {
  private readonly trace: (key: ts.Expression) => readonly KeySource[];

  constructor(
    private readonly file: FileAnalysis,
    private readonly options: StabilityOptions,
  ) {
    const tracer = getKeyTracer(
      file.services.program,
      buildSourceTable(options.randomSources, options.timeSources),
      JSON.stringify([options.randomSources, options.timeSources]),
    );
    this.trace = (key) => tracer.trace(key).sources;
  }

  /** Why the key sent by `call` is unstable, or undefined when it is stable or cannot be told. */
  instability(call: TSESTree.CallExpression, key: TSESTree.Expression): Instability | undefined {
    const sources = this.trace(this.file.services.esTreeNodeToTSNodeMap.get(key) as ts.Expression);
    if (sources.length === 0) return undefined;
    const time = sources.find((s) => s.kind === 'time');
    if (time) return { reason: 'time', source: this.fact(time, call) };
    for (const source of sources) {
      const created = this.creation(source, call);
      const loop = created && retryLoopAround(this.file.sourceCode.visitorKeys, created, call);
      if (loop) return { reason: 'random-in-retry-loop', source: this.fact(source, call), loopLine: loop.loc.start.line };
    }
    const check = { analysis: this.file, call, isStoreCall: this.options.isStoreCall };
    const unstored = sources.find((s) => !isStoredBefore(check, s.through));
    return unstored && { reason: 'random-unstored', source: this.fact(unstored, call) };
  }

  private fact(source: KeySource, call: TSESTree.CallExpression): SourceFact {
    const sourceFile = source.node.getSourceFile();
    const callFunction = ts.findAncestor(this.file.services.esTreeNodeToTSNodeMap.get(call).parent, ts.isFunctionLike);
    const sourceFunction = ts.findAncestor(source.node.parent, ts.isFunctionLike);
    return {
      kind: source.kind,
      label: source.label,
      line: sourceFile.getLineAndCharacterOfPosition(source.node.getStart()).line + 1,
      file: sourceFile === this.file.sourceFile ? undefined : path.basename(sourceFile.fileName),
      helper: sourceFunction && sourceFunction !== callFunction ? functionName(source.node) : undefined,
    };
  }

  /** The node in the request's function where the value is first held: its source, or the first variable in this file. */
  private creation(source: KeySource, call: TSESTree.CallExpression): TSESTree.Node | undefined {
    const fn = enclosingFunction(call);
    for (const candidate of [source.node, ...source.through]) {
      const node = this.file.services.tsNodeToESTreeNodeMap.get(candidate) as TSESTree.Node | undefined;
      if (node && isInside(node, fn)) return node;
    }
    return undefined;
  }
}
