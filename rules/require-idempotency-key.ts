import { createRule, shorten } from '../src/rule/index.js';
import { suggestKeys } from '../src/key/index.js';
import { defineRequestVisitor } from '../src/request/index.js';

export type Options = [
  {
    requireProvenKey?: boolean;
    checkAllPosts?: boolean;
    ignoreOperations?: string[];
  },
];

export type MessageId =
  | 'missingOptions'
  | 'missingKey'
  | 'undefinedKey'
  | 'typeWithoutKey'
  | 'unprovenKey'
  | 'optionalKey'
  | 'missingHeader'
  | 'stripeNotInstalled'
  | 'addKey'
  | 'addKeyHeader';

/**
 * POSTs that only mint a short-lived, side-effect-free object or compute a
 * preview: repeating one costs nothing. Each entry is justified in the docs.
 */
export const EPHEMERAL_OPERATIONS: readonly string[] = [
  'billingPortal.sessions.create',
  'accountLinks.create',
  'accountSessions.create',
  'customerSessions.create',
  'ephemeralKeys.create',
  'invoices.createPreview',
];

/**
 * Connect OAuth POSTs (to connect.stripe.com) that need no key, whatever the
 * options: an authorization code is single-use, so a repeated exchange fails
 * (`invalid_grant`) instead of granting twice, and a repeated deauthorization
 * has nothing left to revoke. Justified in the docs.
 */
const NO_KEY_NEEDED: ReadonlySet<string> = new Set(['oauth.token', 'oauth.deauthorize']);

export default createRule<Options, MessageId>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description:
        'Require an idempotency key on every Stripe request that creates or changes something',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: {
      missingOptions:
        '{{operation}} needs an `idempotencyKey` in its options, or a retry repeats it.',
      missingKey:
        '{{operation}} has options without `idempotencyKey`, so a retry repeats it; add one.',
      undefinedKey:
        '{{operation}} sets `idempotencyKey` to `undefined`, so a retry repeats it; set a key.',
      typeWithoutKey:
        '{{operation}} gets options of type `{{type}}`, without `idempotencyKey`, so a retry repeats it.',
      missingHeader: '{{operation}} needs an `Idempotency-Key` header, or a retry repeats it.',
      unprovenKey: '{{operation}} may lack an idempotency key: {{reason}} may not carry one.',
      optionalKey:
        '{{operation}} may send no idempotency key: its key is typed `{{type}}`; make it always set.',
      stripeNotInstalled:
        'No `stripe` package resolves from this file, so nothing in it can be checked; install `stripe` first.',
      addKey: 'Add the idempotency key {{key}}.',
      addKeyHeader: 'Add the `Idempotency-Key` header {{key}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireProvenKey: {
            type: 'boolean',
            description:
              'Also report options (forwarded parameters, spreads, dynamic headers) that may or may not carry a key.',
          },
          checkAllPosts: {
            type: 'boolean',
            description:
              'Drop the default exemptions for POSTs that only mint short-lived objects or previews.',
          },
          ignoreOperations: {
            type: 'array',
            description:
              'Operations not to report, as resource path and method, e.g. `checkout.sessions.create`.',
            items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$' },
            uniqueItems: true,
          },
        },
      },
    ],
    defaultOptions: [{ requireProvenKey: false, checkAllPosts: false, ignoreOperations: [] }],
  },
  create(context, [{ requireProvenKey = false, checkAllPosts = false, ignoreOperations = [] }]) {
    const ignored = new Set([...(checkAllPosts ? [] : EPHEMERAL_OPERATIONS), ...ignoreOperations]);
    return defineRequestVisitor(context, {
      stripeNotInstalled(stripeImport) {
        context.report({ node: stripeImport, messageId: 'stripeNotInstalled' });
      },
      request(request) {
        // A call through a union of resources is exempt only when each POST it may be is.
        if (
          !request.mutating ||
          request.postOperations.every((post) => ignored.has(post) || NO_KEY_NEEDED.has(post))
        )
          return;
        // A key written where stripe-node does not read it is valid-idempotency-options' finding,
        // whose fix (the move, the rename or the option for old `headers`) also gives the request
        // its key.
        if (
          request.via === 'sdk' &&
          (request.misplacedKeys.length > 0 || request.unreadHeaderKeys.length > 0)
        )
          return;
        const { call: node, label: operation, key: finding } = request;
        if (finding.kind === 'key' && !finding.overridable) {
          // A key written at the call whose type admits `undefined` may be missing when it runs.
          const type = requireProvenKey ? request.optionalKeyType() : undefined;
          if (type !== undefined)
            context.report({
              node,
              messageId: 'optionalKey',
              data: { operation, type: shorten(type) },
            });
          return;
        }
        if (finding.kind === 'key' || finding.kind === 'unproven') {
          if (!requireProvenKey) return;
          const reason = {
            overridden: 'a spread after its `idempotencyKey`',
            spread: 'a spread in its request options',
            forwarded: 'its forwarded request options',
            'dynamic-property': 'a computed property in its request options',
            headers: 'its headers object',
          }[finding.kind === 'key' ? 'overridden' : finding.reason];
          context.report({ node, messageId: 'unprovenKey', data: { operation, reason } });
          return;
        }
        const suggest = suggestKeys(request).map(({ key, via: target, fix }) => ({
          messageId: target === 'header' ? ('addKeyHeader' as const) : ('addKey' as const),
          data: { key },
          fix,
        }));
        if (request.via === 'http') {
          context.report({ node, messageId: 'missingHeader', data: { operation }, suggest });
          return;
        }
        const messageId = (
          {
            'no-options': 'missingOptions',
            'no-key': 'missingKey',
            'undefined-key': 'undefinedKey',
            'type-without-key': 'typeWithoutKey',
          } as const
        )[finding.reason];
        context.report({
          node,
          messageId,
          data: { operation, type: shorten(finding.typeText ?? '') },
          suggest,
        });
      },
    });
  },
});
