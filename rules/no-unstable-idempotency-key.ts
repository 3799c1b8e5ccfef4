import path from 'node:path';
import type { JSONSchema, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { createRule } from '../src/create-rule.js';
import { getFileAnalysis } from '../src/file-analysis.js';
import { getKeyedRequest } from '../src/idempotency-key.js';
import { getKeyTracer, type KeySource } from '../src/key-provenance.js';
import { buildSourceTable, type ModuleSource } from '../src/key-sources.js';
import { isInside } from '../src/ast.js';
import { calleeMatcher, enclosingFunction, isStoredBefore, retryLoopAround } from '../src/key-storage.js';
import { describeRequest } from '../src/stripe-request.js';

export type Options = [
  {
    randomSources?: ModuleSource[];
    timeSources?: ModuleSource[];
    storeCalls?: string[];
  },
];

export type MessageId = 'timeSource' | 'randomSource' | 'randomInRetryLoop';

const FIX =
  "Derive the key from the operation's identity (an order, invoice or webhook event id), " +
  'or generate it once, store it before the call and reuse it on retry.';

const moduleSourceSchema: JSONSchema.JSONSchema4ArraySchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['module', 'export'],
    properties: {
      module: { type: 'string', minLength: 1, description: 'Module specifier, e.g. `my-ids` or `@acme/ids`.' },
      export: { type: 'string', minLength: 1, description: 'Export name; `default` for the default export.' },
    },
  },
};

function functionName(node: ts.Node): string | undefined {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) {
    return fn.name.getText();
  }
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

export default createRule<Options, MessageId>({
  name: 'no-unstable-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow idempotency keys that change when the same operation is retried',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: {
      timeSource:
        'The idempotency key of {{operation}} changes on every retry: it is built from `{{source}}`{{where}}. ' +
        "A timestamp is neither stable across a retry nor unique between two requests. Derive the key from the operation's identity (an order, invoice or webhook event id).",
      randomSource:
        'The idempotency key of {{operation}} changes on every retry: it is built from `{{source}}`{{where}} and not stored before the call, so a re-run sends a new key. ' +
        FIX,
      randomInRetryLoop:
        'The idempotency key of {{operation}} is generated inside the retry loop at line {{loopLine}} (`{{source}}`{{where}}), so every attempt sends a new key. ' +
        'Generate the key once before the loop, store it, and reuse it on every attempt.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          randomSources: { ...moduleSourceSchema, description: 'More functions whose every call returns a new random value.' },
          timeSources: { ...moduleSourceSchema, description: 'More functions that return the current time.' },
          storeCalls: {
            type: 'array',
            items: { type: 'string', minLength: 1, pattern: '^[A-Za-z_$*][\\w$*]*(\\.[A-Za-z_$*][\\w$*]*)*$' },
            uniqueItems: true,
            description:
              'Calls that persist the key, e.g. `db.idempotencyKeys.insert` or `*.save`; the key may appear anywhere in their arguments.',
          },
        },
      },
    ],
    defaultOptions: [{ randomSources: [], timeSources: [], storeCalls: [] }],
  },
  create(context, [{ randomSources = [], timeSources = [], storeCalls = [] }]) {
    const analysis = getFileAnalysis(context);
    const tracer = getKeyTracer(
      analysis.services.program,
      buildSourceTable(randomSources, timeSources),
      JSON.stringify([randomSources, timeSources]),
    );
    const isStoreCall = calleeMatcher(storeCalls);

    function where(source: KeySource, call: TSESTree.CallExpression): string {
      const file = source.node.getSourceFile();
      const line = file.getLineAndCharacterOfPosition(source.node.getStart()).line + 1;
      const callFunction = ts.findAncestor(analysis.services.esTreeNodeToTSNodeMap.get(call).parent, ts.isFunctionLike);
      const sourceFunction = ts.findAncestor(source.node.parent, ts.isFunctionLike);
      const name = sourceFunction && sourceFunction !== callFunction ? functionName(source.node) : undefined;
      const location = file === analysis.sourceFile ? `line ${line}` : `${path.basename(file.fileName)}:${line}`;
      return name ? ` in ${name}() at ${location}` : ` at ${location}`;
    }

    /** The node in this function where the random value is first held: its source, or the first variable in this file. */
    function creation(source: KeySource, call: TSESTree.CallExpression): TSESTree.Node | undefined {
      const fn = enclosingFunction(call);
      for (const candidate of [source.node, ...source.through]) {
        const node = analysis.services.tsNodeToESTreeNodeMap.get(candidate) as TSESTree.Node | undefined;
        if (node && isInside(node, fn)) return node;
      }
      return undefined;
    }

    return {
      CallExpression(node) {
        const keyed = getKeyedRequest(analysis, node);
        if (!keyed) return;
        const { request, key } = keyed;
        const { sources } = tracer.trace(analysis.services.esTreeNodeToTSNodeMap.get(key) as ts.Expression);
        if (sources.length === 0) return;
        const operation = `\`${describeRequest(request)}\``;
        const time = sources.find((s) => s.kind === 'time');
        if (time) {
          context.report({ node: key, messageId: 'timeSource', data: { operation, source: time.label, where: where(time, node) } });
          return;
        }
        for (const source of sources) {
          const created = creation(source, node);
          const loop = created && retryLoopAround(context.sourceCode.visitorKeys, created, node);
          if (loop) {
            context.report({
              node: key,
              messageId: 'randomInRetryLoop',
              data: { operation, source: source.label, where: where(source, node), loopLine: loop.loc.start.line },
            });
            return;
          }
        }
        const unstored = sources.find((s) => !isStoredBefore({ analysis, call: node, isStoreCall }, s.through));
        if (unstored) {
          context.report({
            node: key,
            messageId: 'randomSource',
            data: { operation, source: unstored.label, where: where(unstored, node) },
          });
        }
      },
    };
  },
});
