/** The request option stripe-node reads the key from. */
export const KEY_OPTION = 'idempotencyKey';

/** Its deprecated alias, which stripe-node 8–10 still read (`readsDeprecatedKeyOption`). */
export const DEPRECATED_KEY_OPTION = 'idempotency_key';

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
