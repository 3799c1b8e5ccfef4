/** The request option stripe-node reads the key from. */
export const KEY_OPTION = 'idempotencyKey';

/** The HTTP header name, in any case (`Idempotency-Key`, `idempotency-key`). */
export function isIdempotencyHeader(name: string): boolean {
  return /^idempotency-key$/i.test(name);
}

/**
 * Any spelling of the key a developer may write: `idempotencyKey`, `idempotency_key`,
 * `Idempotency-Key`.
 */
export function isKeySpelling(name: string): boolean {
  return /^idempotency[-_]?key$/i.test(name);
}
