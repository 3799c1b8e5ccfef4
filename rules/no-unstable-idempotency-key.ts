import type { JSONSchema } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule.js';
import type { ModuleSource } from '../src/key-sources.js';
import { KeyStability, type SourceFact } from '../src/key-stability.js';
import { calleeMatcher } from '../src/key-storage.js';
import { defineRequestVisitor } from '../src/request-visitor.js';

export type Options = [
  {
    randomSources?: ModuleSource[];
    timeSources?: ModuleSource[];
    storeCalls?: string[];
  },
];

export type MessageId = 'timeSource' | 'randomSource' | 'randomInRetryLoop';

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

/** ` in buildKey() at helpers.ts:12`, ` at line 12`. */
function where(source: SourceFact): string {
  const location = source.file === undefined ? `line ${source.line}` : `${source.file}:${source.line}`;
  return source.helper ? ` in ${source.helper}() at ${location}` : ` at ${location}`;
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
      timeSource: "The key of {{operation}} uses `{{source}}`{{where}}, so it changes on retry; use the operation's identity.",
      randomSource: 'The key of {{operation}} uses `{{source}}`{{where}}, so it changes on retry; store it before the call.',
      randomInRetryLoop:
        'The key of {{operation}} is made by `{{source}}`{{where}} inside the retry loop at line {{loopLine}}; make it before the loop.',
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
    let stability: KeyStability | undefined;
    return defineRequestVisitor(context, {
      request(request) {
        if (!request.mutating) return;
        const { file, call, description, key: finding } = request;
        if (finding.kind !== 'key' || !finding.value) return;
        stability ??= new KeyStability(file, { randomSources, timeSources, isStoreCall: calleeMatcher(storeCalls) });
        const instability = stability.instability(call, finding.value);
        if (!instability) return;
        const operation = `\`${description}\``;
        const { label: source } = instability.source;
        const at = where(instability.source);
        if (instability.reason === 'time') {
          context.report({ node: finding.value, messageId: 'timeSource', data: { operation, source, where: at } });
        } else if (instability.reason === 'random-in-retry-loop') {
          context.report({
            node: finding.value,
            messageId: 'randomInRetryLoop',
            data: { operation, source, where: at, loopLine: instability.loopLine },
          });
        } else {
          context.report({ node: finding.value, messageId: 'randomSource', data: { operation, source, where: at } });
        }
      },
    });
  },
});
