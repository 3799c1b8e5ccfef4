import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../src/util/index.js';
import { createRule } from '../src/rule/index.js';
import { type FileAnalysis, honoursHeaderKey } from '../src/sdk/index.js';
import {
  objectLiteralOf,
  type KeyFinding,
  isIdempotencyHeader,
  isKeySpelling,
  KEY_OPTION,
  defineRequestVisitor,
  argumentAt,
  type StripeRequest,
} from '../src/request/index.js';
import { getKeyValues, keyOptionWriter } from '../src/key/index.js';

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
        'stripe-node {{version}} throws on `headers` in the options of {{operation}}; use `idempotencyKey`.',
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
    const { sourceCode } = context;

    /**
     * Removes a property and its separating comma, keeping the object's other lines as they are.
     */
    function removeProperty(
      fixer: TSESLint.RuleFixer,
      property: TSESTree.Property,
    ): TSESLint.RuleFix {
      const after = sourceCode.getTokenAfter(property)!;
      const before = sourceCode.getTokenBefore(property)!;
      const lineStart = sourceCode.text.lastIndexOf('\n', property.range[0] - 1) + 1;
      const ownLine = sourceCode.text.slice(lineStart, property.range[0]).trim() === '';
      const end = after.value === ',' ? after.range[1] : property.range[1];
      const rest = sourceCode.text.slice(end, sourceCode.text.indexOf('\n', end) + 1 || undefined);
      if (ownLine && rest.trim() === '' && rest.endsWith('\n'))
        return fixer.removeRange([lineStart, end + rest.length]);
      if (after.value === ',')
        return fixer.removeRange([
          property.range[0],
          sourceCode.getTokenAfter(after, { includeComments: true })!.range[0],
        ]);
      if (before.value === ',') return fixer.removeRange([before.range[0], property.range[1]]);
      return fixer.remove(property);
    }

    /** Removes the key; when it is the only option, removes the whole options argument. */
    function removeKeyOption(
      fixer: TSESLint.RuleFixer,
      request: StripeRequest,
      property: TSESTree.Property,
    ): TSESLint.RuleFix {
      const options = property.parent;
      const args = request.args;
      if (
        options.type === 'ObjectExpression' &&
        options.properties.length === 1 &&
        args.at(-1) === options &&
        args.length > 1
      ) {
        return fixer.removeRange([sourceCode.getTokenBefore(options)!.range[0], options.range[1]]);
      }
      return removeProperty(fixer, property);
    }

    function keyProperty(property: TSESTree.Property): string {
      const value = sourceCode.getText(property.value);
      return value === KEY_OPTION ? value : `${KEY_OPTION}: ${value}`;
    }

    function checkParams(analysis: FileAnalysis, request: StripeRequest, operation: string): void {
      if (request.paramsIndex === undefined) return;
      const slot = argumentAt(request, request.paramsIndex);
      if (slot.kind !== 'present') return;
      const params = objectLiteralOf(analysis, slot.node);
      if (!params) return;
      const inline = unwrap(slot.node) === params;
      for (const property of params.properties) {
        if (property.type !== 'Property') continue;
        const name = propertyName(property);
        if (name === undefined || !isKeySpelling(name)) continue;
        const sdk = `stripe-node ${request.sdk.version}`;
        const optionsFollow =
          request.optionsIndex !== undefined && request.args.length > request.optionsIndex;
        const consequence =
          request.sdk.layout === 'classes' || name !== KEY_OPTION
            ? `${sdk} sends it as an unknown param`
            : optionsFollow
              ? `${sdk} throws "Unknown arguments"`
              : `${sdk} drops every param`;
        const add = inline
          ? keyOptionWriter(sourceCode, request)?.(sourceCode.getText(property.value))
          : undefined;
        context.report({
          node: property,
          messageId: 'keyInParams',
          data: { name, operation, consequence, position: (request.optionsIndex ?? 0) + 1 },
          suggest: add
            ? [
                {
                  messageId: 'moveKeyToOptions',
                  fix: (fixer) => [removeProperty(fixer, property), add(fixer)],
                },
              ]
            : [],
        });
      }
    }

    function checkOptions(analysis: FileAnalysis, request: StripeRequest, operation: string): void {
      if (request.optionsIndex === undefined) return;
      const slot = argumentAt(request, request.optionsIndex);
      if (slot.kind !== 'present') return;
      const options = objectLiteralOf(analysis, slot.node);
      if (!options) return;
      const inline = unwrap(slot.node) === options;
      const hasKeyOption = options.properties.some(
        (p) => p.type === 'Property' && propertyName(p) === KEY_OPTION,
      );
      for (const property of options.properties) {
        if (property.type !== 'Property') continue;
        const name = propertyName(property);
        if (name === undefined) continue;
        if (name !== KEY_OPTION && isKeySpelling(name)) {
          const consequence =
            request.sdk.layout === 'classes'
              ? 'it is silently ignored'
              : 'it is ignored with a warning, or throws when alone';
          context.report({
            node: property.key,
            messageId: 'misspelledKey',
            data: { name, operation, consequence },
            fix:
              inline && !hasKeyOption
                ? (fixer) =>
                    property.shorthand
                      ? fixer.replaceText(property, `idempotencyKey: ${name}`)
                      : fixer.replaceText(property.key, KEY_OPTION)
                : null,
          });
        }
        if (name === 'headers' && !honoursHeaderKey(request.sdk))
          checkOldHeaders(request, operation, property, inline && !hasKeyOption);
      }
    }

    function checkOldHeaders(
      request: StripeRequest,
      operation: string,
      headers: TSESTree.Property,
      fixable: boolean,
    ): void {
      const value = unwrap(headers.value as TSESTree.Expression);
      if (value.type !== 'ObjectExpression') return;
      const entries = value.properties;
      const entry = entries.find(
        (p): p is TSESTree.Property =>
          p.type === 'Property' && isIdempotencyHeader(propertyName(p) ?? ''),
      );
      if (!entry) return;
      context.report({
        node: entry,
        messageId: 'headerNotSupported',
        data: { operation, version: request.sdk.version },
        suggest:
          fixable && entries.length === 1
            ? [
                {
                  messageId: 'useKeyOption',
                  fix: (fixer) => fixer.replaceText(headers, keyProperty(entry)),
                },
              ]
            : [],
      });
    }

    function checkKey(request: StripeRequest, found: KeyFinding, operation: string): void {
      if (found.kind !== 'key' || !found.value) return;
      const key = found.value;
      if (request.api === 'v1' && (request.verb === 'GET' || request.verb === 'DELETE')) {
        if (!reportIneffectiveKeys) return;
        const property = key.parent.type === 'Property' ? key.parent : undefined;
        context.report({
          node: property ?? key,
          messageId: 'keyWithoutEffect',
          data: { operation, verb: request.verb },
          suggest:
            property && found.via === 'option'
              ? [
                  {
                    messageId: 'removeKey',
                    fix: (fixer) => removeKeyOption(fixer, request, property),
                  },
                ]
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
      request(established) {
        if (established.via !== 'sdk') return;
        const { file, request } = established;
        const operation = `\`${established.description}\``;
        checkParams(file, request, operation);
        checkOptions(file, request, operation);
        checkKey(request, established.key, operation);
      },
    });
  },
});
