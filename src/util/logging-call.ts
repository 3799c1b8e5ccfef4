const LOG_METHODS = new Set([
  'log',
  'info',
  'debug',
  'warn',
  'error',
  'trace',
  'fatal',
  'verbose',
  'silly',
]);

/**
 * Whether a callee, as its dotted text (`calleeText`), only logs or formats its arguments:
 * `console.*`, `JSON.stringify`, `String`, `util.format`/`inspect`, or a log method of a logger
 * (`this.logger.info`).
 */
export function isLoggingOrFormatting(text: string): boolean {
  if (
    text === 'JSON.stringify' ||
    text === 'String' ||
    text === 'util.format' ||
    text === 'util.inspect'
  )
    return true;
  const names = text.split('.');
  if (names[0] === 'console') return true;
  const method = names[names.length - 1];
  return names.length > 1 && LOG_METHODS.has(method) && /log/i.test(names[names.length - 2]);
}
