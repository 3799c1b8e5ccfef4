import type { JSONSchema, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/rule/index.js';
import {
  type Instability,
  type ModuleSource,
  keyPlaceOf,
  KeyStability,
  mayCallWrapper,
  sourceModulesOf,
  type SourceFact,
  wrapperNamesOf,
} from '../src/key/index.js';
import { defineRequestVisitor, keyValuesInBranches } from '../src/request/index.js';

export type Options = [
  {
    randomSources?: ModuleSource[];
    timeSources?: ModuleSource[];
    storeCalls?: string[];
  },
];

export type MessageId =
  'timeSource' | 'randomSource' | 'randomInRetryLoop' | 'retryCounter' | 'jobAttempt';

const moduleSourceSchema: JSONSchema.JSONSchema4ArraySchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['module', 'export'],
    properties: {
      module: {
        type: 'string',
        minLength: 1,
        description: 'Module specifier, e.g. `my-ids` or `@acme/ids`.',
      },
      export: {
        type: 'string',
        minLength: 1,
        description: 'Export name; `default` for the default export.',
      },
    },
  },
};

const MESSAGES: Record<Instability['reason'], MessageId> = {
  time: 'timeSource',
  'random-unstored': 'randomSource',
  'random-in-retry-loop': 'randomInRetryLoop',
  'retry-counter': 'retryCounter',
  'job-attempt': 'jobAttempt',
};

/** ` in buildKey() at helpers.ts:12`, ` at line 12`. */
function where(source: SourceFact): string {
  const location =
    source.file === undefined ? `line ${source.line}` : `${source.file}:${source.line}`;
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
      timeSource:
        'The key of {{operation}} uses `{{source}}`{{where}}, so it changes on retry; key it on what caused this call.',
      randomSource:
        'The key of {{operation}} uses `{{source}}`{{where}}, so it changes on retry; store it before the call.',
      randomInRetryLoop:
        'The key of {{operation}} is made by `{{source}}`{{where}} inside the retry loop at line {{loopLine}}; make it before the loop.',
      retryCounter:
        'The key of {{operation}} includes the retry counter `{{source}}`{{where}}; leave it out so every attempt sends one key.',
      jobAttempt:
        'The key of {{operation}} includes the job attempt count `{{source}}`{{where}}; use the job id alone so retries reuse it.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          randomSources: {
            ...moduleSourceSchema,
            description: 'More functions whose every call returns a new random value.',
          },
          timeSources: {
            ...moduleSourceSchema,
            description: 'More functions that return the current time.',
          },
          storeCalls: {
            type: 'array',
            items: {
              type: 'string',
              minLength: 1,
              pattern: '^[A-Za-z_$*][\\w$*]*(\\.[A-Za-z_$*][\\w$*]*)*$',
            },
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
    let sourceModules: ReadonlySet<string> | undefined;
    function report(node: TSESTree.Node, operation: string, instability: Instability): void {
      context.report({
        node,
        messageId: MESSAGES[instability.reason],
        data: {
          operation,
          source: instability.source.label,
          where: where(instability.source),
          ...(instability.reason === 'random-in-retry-loop' && { loopLine: instability.loopLine }),
        },
      });
    }
    return defineRequestVisitor(context, {
      request(request) {
        if (!request.mutating) return;
        const { file, call, label: operation, key: finding } = request;
        const value = finding.kind === 'key' ? finding.value : undefined;
        // The key as written at the call; else the `idempotencyKey` of options built elsewhere (a
        // helper's return, a spread).
        const options =
          request.via === 'sdk' && finding.kind !== 'missing' && !value
            ? request.optionsArgument
            : undefined;
        // A spread after the key may replace it (`{ idempotencyKey, ...defaults }`): then the key of
        // the whole options is judged too, at them.
        const overriding =
          request.via === 'sdk' && finding.kind === 'key' && finding.overridable
            ? request.optionsArgument
            : undefined;
        const written = value ?? options;
        if (!written && !overriding) return;
        stability ??= new KeyStability(file, { randomSources, timeSources, storeCalls });
        let node: TSESTree.Node | undefined = written;
        let instability =
          written && stability.instability(call, value ? { value } : { options: written });
        if (!instability && overriding) {
          node = overriding;
          instability = stability.instability(call, { options: overriding });
        }
        if (!node || !instability) return;
        if (node === overriding && value)
          node = stability.overridingSpread(call, overriding, value) ?? node;
        // Options built in this function from an object that writes the key, or chosen at the call
        // between such objects: where the key is written.
        const branchKeys = value ? [] : keyValuesInBranches(node);
        const at =
          value !== undefined
            ? node
            : (instability.source.keyValue ??
              (branchKeys.length === 1 ? branchKeys[0] : keyPlaceOf(node, instability)));
        report(at, operation, instability);
      },
      otherCallNames: wrapperNamesOf,
      otherCall(call, file) {
        sourceModules ??= sourceModulesOf([...randomSources, ...timeSources]);
        if (!mayCallWrapper(file, call, sourceModules)) return;
        stability ??= new KeyStability(file, { randomSources, timeSources, storeCalls });
        for (const key of stability.wrapperKeys(call)) {
          const operation = key.wrapper
            ? `\`${key.operation}\` in \`${key.wrapper}()\``
            : `\`${key.operation}\``;
          report(keyPlaceOf(key.argument, key.instability), operation, key.instability);
        }
      },
    });
  },
});
