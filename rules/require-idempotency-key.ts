import { createRule } from '../src/create-rule.js';
import { getFileAnalysis } from '../src/file-analysis.js';
import { missingStripeImport } from '../src/missing-stripe.js';
import { defineRequestVisitor } from '../src/request-visitor.js';

export type Options = [
  {
    requireProvenKey?: boolean;
    checkAllPosts?: boolean;
    ignoreOperations?: string[];
  },
];

export type MessageId =
  'missingOptions' | 'missingKey' | 'undefinedKey' | 'typeWithoutKey' | 'unprovenKey' | 'missingHeader' | 'stripeNotInstalled';

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

const RISK =
  'A retry of this code (a timeout, a redelivered job, a crash before the result is stored) repeats it at Stripe. ' +
  "Pass `{ idempotencyKey }` in the request options, derived from the operation's identity (e.g. `order_${order.id}_refund`); " +
  "the SDK's automatic key covers only its own network retries.";

export default createRule<Options, MessageId>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an idempotency key on every Stripe request that creates or changes something',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: {
      missingOptions: `{{operation}} is sent without an idempotency key: no request options are passed. ${RISK}`,
      missingKey: `{{operation}} is sent without an idempotency key: its request options have no \`idempotencyKey\`. ${RISK}`,
      undefinedKey: `{{operation}} is sent without an idempotency key: \`idempotencyKey\` is \`undefined\`. ${RISK}`,
      typeWithoutKey: `{{operation}} is sent without an idempotency key: its request options are of type \`{{type}}\`, which has no \`idempotencyKey\`. ${RISK}`,
      missingHeader:
        '{{operation}} is sent to the Stripe API without an `Idempotency-Key` header. A retry of this code (a timeout, a redelivered job, a crash before the result is stored) repeats it at Stripe. ' +
        "Add an `Idempotency-Key` header derived from the operation's identity (e.g. `order_${order.id}_refund`).",
      unprovenKey:
        '{{operation}} may be sent without an idempotency key: {{reason}} cannot be shown to carry one (`requireProvenKey`). ' +
        'Pass `idempotencyKey` explicitly, or type the options with a required `idempotencyKey: string`.',
      stripeNotInstalled: 'No `stripe` package resolves from this file, so nothing in it can be checked: install `stripe` before linting.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireProvenKey: {
            type: 'boolean',
            description: 'Also report options (forwarded parameters, spreads, dynamic headers) that may or may not carry a key.',
          },
          checkAllPosts: {
            type: 'boolean',
            description: 'Drop the default exemptions for POSTs that only mint short-lived objects or previews.',
          },
          ignoreOperations: {
            type: 'array',
            description: 'Operations not to report, as resource path and method, e.g. `checkout.sessions.create`.',
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
    return {
      Program() {
        const stripeImport = missingStripeImport(getFileAnalysis(context));
        if (stripeImport) context.report({ node: stripeImport, messageId: 'stripeNotInstalled' });
      },
      ...defineRequestVisitor(context, {
        request(established) {
          const { call: node, request, description, mutating, via } = established;
          // A call through a union of resources is exempt only when each POST it may be is.
          const posts = request.alternatives?.flatMap((a) => (a.verb === 'POST' ? [a.operation] : [])) ?? [request.operation];
          if (!mutating || posts.every((operation) => ignored.has(operation) || NO_KEY_NEEDED.has(operation))) return;
          const finding = established.key;
          const operation = `\`${description}\``;
          if (finding.kind === 'key' && !(requireProvenKey && finding.overridable)) return;
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
          if (via === 'http') {
            context.report({ node, messageId: 'missingHeader', data: { operation } });
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
          context.report({ node, messageId, data: { operation, type: finding.typeText ?? '' } });
        },
      }),
    };
  },
});
