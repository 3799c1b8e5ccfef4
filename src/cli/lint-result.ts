import type { ESLint, Linter } from 'eslint';

/** `result` with only `messages`, and the counts ESLint's formatters read recomputed for them. */
export function withMessages(
  result: ESLint.LintResult,
  messages: Linter.LintMessage[],
): ESLint.LintResult {
  const count = (severity: Linter.Severity, fixable: boolean) =>
    messages.filter((message) => message.severity === severity && (!fixable || message.fix)).length;
  return {
    ...result,
    messages,
    errorCount: count(2, false),
    warningCount: count(1, false),
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
  };
}
