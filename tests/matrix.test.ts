import { describe } from 'vitest';
import noReusedIdempotencyKey from '../rules/no-reused-idempotency-key.js';
import noUnstableIdempotencyKey from '../rules/no-unstable-idempotency-key.js';
import requireIdempotencyKey from '../rules/require-idempotency-key.js';
import validIdempotencyOptions from '../rules/valid-idempotency-options.js';
import { typedRuleTester, type Fixture } from './harness.js';

// Every rule on every stripe major the suite installs: the same code must get
// the same verdict on the old types/ layout and on the class layout.
const prelude = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string; chargeId: string };
declare const items: { id: string; chargeId: string }[];
`;

describe.each<Fixture>([
  'stripe8',
  'stripe10',
  'stripe11',
  'stripe12',
  'stripe18',
  'stripe21',
  'stripe22',
  'stripe23',
])('%s', (fixture) => {
  const tester = typedRuleTester(fixture);

  tester.run('require-idempotency-key', requireIdempotencyKey, {
    valid: [
      `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
      `${prelude}stripe.subscriptions.cancel('sub_1');`,
      `${prelude}stripe.customers.retrieve('cus_1');`,
      `${prelude}stripe.oauth.token({ grant_type: 'authorization_code', code: order.id });`,
    ],
    invalid: [
      {
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`refunds.create`' },
            line: 5,
            column: 1,
            endLine: 5,
            endColumn: 50,
          },
        ],
      },
      {
        code: `${prelude}declare const kind: 'customers' | 'products';
stripe[kind].create({ name: order.id });`,
        errors: [
          {
            messageId: 'missingOptions',
            data: { operation: '`customers.create | products.create`' },
            line: 6,
            column: 1,
            endLine: 6,
            endColumn: 40,
          },
        ],
      },
    ],
  });

  tester.run('no-unstable-idempotency-key', noUnstableIdempotencyKey, {
    valid: [
      `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });`,
    ],
    invalid: [
      {
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: \`refund_\${Date.now()}\` });`,
        errors: [{ messageId: 'timeSource', line: 5, column: 69, endLine: 5, endColumn: 91 }],
      },
    ],
  });

  tester.run('no-reused-idempotency-key', noReusedIdempotencyKey, {
    valid: [
      `${prelude}for (const item of items) {
  stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${item.id}\` });
}`,
    ],
    invalid: [
      {
        code: `${prelude}for (const item of items) {
  stripe.refunds.create({ charge: item.chargeId }, { idempotencyKey: \`refund_\${order.id}\` });
}`,
        errors: [{ messageId: 'loopInvariantKey', line: 6, column: 70, endLine: 6, endColumn: 90 }],
      },
    ],
  });

  tester.run('valid-idempotency-options', validIdempotencyOptions, {
    valid: [
      `${prelude}stripe.refunds.create({ charge: order.chargeId }, { idempotencyKey: order.id });`,
    ],
    invalid: [
      {
        code: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: 'acct_1', idempotency_key: order.id });`,
        output: `${prelude}stripe.refunds.create({ charge: order.chargeId }, { stripeAccount: 'acct_1', idempotencyKey: order.id });`,
        errors: [{ messageId: 'misspelledKey', line: 5, column: 78, endLine: 5, endColumn: 93 }],
      },
      {
        // The hand-written OAuth resource is recognised on the types/ layout too.
        code: `${prelude}stripe.oauth.token({ grant_type: 'authorization_code', code: order.id }, { idempotency_key: order.id });`,
        output: `${prelude}stripe.oauth.token({ grant_type: 'authorization_code', code: order.id }, { idempotencyKey: order.id });`,
        errors: [{ messageId: 'misspelledKey', line: 5, column: 76, endLine: 5, endColumn: 91 }],
      },
    ],
  });
});
