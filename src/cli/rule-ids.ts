/**
 * The rules of the recommended config, which the CLI runs (a test keeps the two in step): known
 * before ESLint loads, so that a misspelt `--suppress-rule` is answered at once.
 */
export const RULES: readonly string[] = [
  'stripe-idempotency/no-reused-idempotency-key',
  'stripe-idempotency/no-unstable-idempotency-key',
  'stripe-idempotency/require-idempotency-key',
  'stripe-idempotency/valid-idempotency-options',
];
