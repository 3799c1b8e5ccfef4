/**
 * TypeScript's checker can overflow its stack on pathological code; that, and
 * only that, is caught where the checker is called, and the call is not judged.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
