import { createRule } from '../src/rule/index.js';
import {
  defineRequestVisitor,
  DEPRECATED_KEY_OPTION,
  KEY_OPTION,
  type KeyFinding,
  type LiteralEntry,
  type MisplacedKey,
  type SdkRequestContext,
} from '../src/request/index.js';
import { getKeyValues } from '../src/key/index.js';

export type Options = [
  {
    reportIneffectiveKeys?: boolean;
  },
];
export type MessageId =
  | 'keyInParams'
  | 'misspelledKey'
  | 'emptyKey'
  | 'keyTooLong'
  | 'keyWithoutEffect'
  | 'headerNotSupported'
  | 'moveKeyToOptions'
  | 'removeKey'
  | 'useKeyOption';

const MAX_KEY_LENGTH = 255;

export default createRule<Options, MessageId>({
  name: 'valid-idempotency-options',
  meta: {
    type: 'problem',
    fixable: 'code',
    hasSuggestions: true,
    docs: {
      description:
        'Require idempotency keys where stripe-node reads them, in a form Stripe accepts',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: {
      keyInParams:
        '`{{name}}` in the params of {{operation}}: {{consequence}}; move it to the options (argument {{position}}).',
      misspelledKey:
        '`{{name}}` is no option of {{operation}} ({{consequence}}); rename it `idempotencyKey`.',
      emptyKey:
        'The key of {{operation}} is empty, so none is sent; key it on what names this one request.',
      keyTooLong:
        "The key of {{operation}} has at least {{length}} characters, over Stripe's 255; shorten or hash it.",
      keyWithoutEffect:
        '{{operation}} is a {{verb}}, so its idempotency key has no effect; remove it.',
      headerNotSupported:
        'stripe-node {{version}} {{consequence}} `headers` in the options of {{operation}}; use `idempotencyKey`.',
      moveKeyToOptions: 'Move the key into the request options as `idempotencyKey`.',
      removeKey: 'Remove the idempotency key.',
      useKeyOption: 'Replace `headers` with the `idempotencyKey` option.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportIneffectiveKeys: {
            type: 'boolean',
            description:
              'Also report an idempotency key on a v1 GET or DELETE request, where it has no effect (and does no harm).',
          },
        },
      },
    ],
    defaultOptions: [{ reportIneffectiveKeys: false }],
  },
  create(context, [{ reportIneffectiveKeys = false }]) {
    const values = getKeyValues(context.sourceCode);

    function checkParamsKey(request: SdkRequestContext, entry: MisplacedKey): void {
      const { name, property } = entry;
      const sdk = `stripe-node ${request.sdk.version}`;
      const readAsKey =
        name === KEY_OPTION || (name === DEPRECATED_KEY_OPTION && request.readsDeprecatedKeyOption);
      const consequence =
        request.sdk.layout === 'classes' || !readAsKey
          ? `${sdk} sends it as an unknown param`
          : request.passesOptions
            ? `${sdk} throws "Unknown arguments"`
            : `${sdk} drops every param`;
      const move = request.moveKeyToOptions(entry);
      context.report({
        node: property,
        messageId: 'keyInParams',
        data: { name, operation: request.label, consequence, position: request.optionsPosition },
        suggest: move ? [{ messageId: 'moveKeyToOptions', fix: move }] : [],
      });
    }

    function checkMisspelledKey(request: SdkRequestContext, entry: MisplacedKey): void {
      const { name, property } = entry;
      const consequence =
        request.sdk.layout === 'classes'
          ? 'it is silently ignored'
          : name === DEPRECATED_KEY_OPTION && request.readsDeprecatedKeyOption
            ? `stripe-node ${request.sdk.version} still reads it, deprecated; 11.0 removed it`
            : 'it is ignored with a warning, or throws when alone';
      context.report({
        node: property.key,
        messageId: 'misspelledKey',
        data: { name, operation: request.label, consequence },
        fix: request.renameKeyOption(entry) ?? null,
      });
    }

    function checkOldHeaders(
      request: SdkRequestContext,
      {
        headers,
        header,
        ignored,
      }: { headers: LiteralEntry; header: LiteralEntry; ignored: boolean },
    ): void {
      const useKeyOption = request.useKeyOption(headers, header);
      context.report({
        node: header.property,
        messageId: 'headerNotSupported',
        data: {
          operation: request.label,
          version: request.sdk.version,
          consequence: ignored ? 'ignores' : 'throws on',
        },
        suggest: useKeyOption ? [{ messageId: 'useKeyOption', fix: useKeyOption }] : [],
      });
    }

    function checkKey(request: SdkRequestContext, found: KeyFinding): void {
      if (found.kind !== 'key' || !found.value) return;
      const key = found.value;
      const operation = request.label;
      const { verb } = request;
      if (request.api === 'v1' && (verb === 'GET' || verb === 'DELETE')) {
        if (!reportIneffectiveKeys) return;
        const property = key.parent.type === 'Property' ? key.parent : undefined;
        context.report({
          node: property ?? key,
          messageId: 'keyWithoutEffect',
          data: { operation, verb },
          suggest:
            property && found.via === 'option'
              ? [{ messageId: 'removeKey', fix: request.removeKeyOption(property) }]
              : [],
        });
        return;
      }
      if (values.constant(key) === '') {
        context.report({ node: key, messageId: 'emptyKey', data: { operation } });
        return;
      }
      const length = values.minLength(key);
      if (length > MAX_KEY_LENGTH)
        context.report({ node: key, messageId: 'keyTooLong', data: { operation, length } });
    }

    return defineRequestVisitor(context, {
      request(request) {
        if (request.via !== 'sdk') return;
        for (const misplaced of request.misplacedKeys) {
          if (misplaced.in === 'params') checkParamsKey(request, misplaced);
          else checkMisspelledKey(request, misplaced);
        }
        for (const unread of request.unreadHeaderKeys) checkOldHeaders(request, unread);
        checkKey(request, request.key);
      },
    });
  },
});
