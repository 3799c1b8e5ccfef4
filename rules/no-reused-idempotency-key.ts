import type { TSESTree } from '@typescript-eslint/utils';
import { createRule, shorten } from '../src/rule/index.js';
import {
  invariantKeyCalls,
  isKeyBuilderCall,
  getKeyValues,
  tooBroadKey,
} from '../src/key/index.js';
import { defineRequestVisitor, type EstablishedRequest } from '../src/request/index.js';

export type Options = [];
export type MessageId =
  'reusedKey' | 'loopInvariantKey' | 'constantKey' | 'tooBroadKey' | 'targetOnlyAttempt';

interface KeyUse {
  readonly request: EstablishedRequest;
  readonly key: TSESTree.Expression;
  readonly sameValue: string;
  readonly params: string;
}

export default createRule<Options, MessageId>({
  name: 'no-reused-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow one idempotency key for requests that are not the same operation',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: {
      reusedKey:
        '{{operation}} reuses the key of {{earlier}} at line {{line}}; give each operation its own key.',
      loopInvariantKey:
        '{{operation}} sends one key for every item of the loop at line {{line}}; include the item in the key.',
      constantKey:
        "{{operation}} has the constant key '{{value}}'; key it on what names this one request.",
      tooBroadKey:
        'The key of {{operation}} is fixed for `{{fixed}}` but its params vary with `{{varying}}`; key this change instead.',
      targetOnlyAttempt:
        'The key of {{operation}} names only `{{fixed}}`, so a retry after a decline replays it; key the attempt.',
    },
    schema: [],
  },
  create(context) {
    const values = getKeyValues(context.sourceCode);
    const usesByScope = new Map<TSESTree.Node, KeyUse[]>();
    const reportedCalls = new Set<TSESTree.Node>();

    return defineRequestVisitor(context, {
      request(request) {
        const finding = request.key;
        if (!request.mutating || finding.kind !== 'key' || !finding.value) return;
        const key = finding.value;
        const node = request.call;
        const operation = request.label;
        const deterministic = (call: TSESTree.CallExpression) =>
          isKeyBuilderCall(request.file, call);

        const constant = values.constant(key);
        if (constant !== undefined) {
          // An empty key sends no header, so nothing is replayed: valid-idempotency-options reports it.
          if (constant !== '')
            context.report({
              node: key,
              messageId: 'constantKey',
              data: { operation, value: shorten(constant) },
            });
          return;
        }

        for (const loop of values.iterationContexts(node)) {
          if (values.iterationDependence(key, loop, deterministic) !== 'no') continue;
          if (request.payload.some((arg) => values.iterationDependence(arg, loop) === 'yes')) {
            context.report({
              node: key,
              messageId: 'loopInvariantKey',
              data: { operation, line: loop.node.loc.start.line },
            });
            return;
          }
        }

        // A loop that calls the helper sending this request, with one key for every item.
        for (const { argument, loop } of invariantKeyCalls(
          context.sourceCode,
          values,
          request,
          key,
          deterministic,
        )) {
          if (reportedCalls.has(argument)) continue;
          reportedCalls.add(argument);
          context.report({
            node: argument,
            messageId: 'loopInvariantKey',
            data: { operation, line: loop.node.loc.start.line },
          });
        }

        const broad = request.via === 'sdk' ? tooBroadKey(request, key) : undefined;
        if (broad) {
          const text = (part: TSESTree.Node) => shorten(context.sourceCode.getText(part));
          context.report(
            broad.kind === 'params-vary'
              ? {
                  node: key,
                  messageId: 'tooBroadKey',
                  data: { operation, fixed: text(broad.fixed), varying: text(broad.varying) },
                }
              : {
                  node: key,
                  messageId: 'targetOnlyAttempt',
                  data: { operation, fixed: text(broad.fixed) },
                },
          );
          return;
        }

        const sameValue = values.sameValueText(key);
        if (sameValue === undefined) return;
        const scope = request.runningFunction;
        const uses = usesByScope.get(scope) ?? [];
        usesByScope.set(scope, uses);
        uses.push({
          request,
          key,
          sameValue,
          params: request.payload.map((arg) => values.structure(arg)).join(', '),
        });
      },
      done() {
        for (const uses of usesByScope.values()) {
          uses.forEach((later, index) => {
            const earlier = uses
              .slice(0, index)
              .find(
                (use) =>
                  use.sameValue === later.sameValue &&
                  !use.request.exclusiveWith(later.request) &&
                  (use.request.operation !== later.request.operation ||
                    use.params !== later.params),
              );
            if (!earlier) return;
            context.report({
              node: later.key,
              messageId: 'reusedKey',
              data: {
                operation: later.request.label,
                earlier: earlier.request.label,
                line: earlier.request.call.loc.start.line,
              },
            });
          });
        }
      },
    });
  },
});
