import fs from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { SetupError } from './errors.js';
import { withMessages } from './lint-result.js';

/**
 * ESLint's bulk suppressions (ESLint 9.24+, `eslint --suppress-all`), in its file format so that
 * either tool reads what the other writes: per file, relative to the working folder with `/`
 * separators, per rule, how many errors are accepted. A file whose errors of a rule are no more
 * than its count has them all suppressed; with more, all are reported.
 *
 * Only the rules `owns` accepts are read and written: an ESLint project's file also holds other
 * plugins' rules, which this run does not lint and must leave alone.
 */
export interface Suppressions {
  file: string;
  cwd: string;
  owns: (ruleId: string) => boolean;
}

type Counts = Record<string, Record<string, { count: number }>>;

export interface Applied {
  results: ESLint.LintResult[];
  suppressed: number;
  /** Suppressions of linted files that no longer occur, as `file: rule`. */
  unused: string[];
}

function load({ file }: Suppressions): Counts {
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Counts;
  } catch (error) {
    throw new SetupError(`The suppressions file ${file} is not JSON: ${(error as Error).message}`);
  }
}

/** As ESLint writes it: keys sorted at every level, two spaces, no final newline. */
function save({ file }: Suppressions, counts: Counts): void {
  const sorted = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
        )
      : value;
  fs.writeFileSync(file, JSON.stringify(sorted(counts), null, 2));
}

function relative({ cwd }: Suppressions, filePath: string): string {
  return path.relative(cwd, filePath).split(path.sep).join('/');
}

/** A file's errors per rule: warnings and parse errors (no rule) are never suppressed. */
function errorsByRule(suppressions: Suppressions, messages: Linter.LintMessage[]) {
  const counts = new Map<string, number>();
  for (const { severity, ruleId } of messages) {
    if (severity === 2 && ruleId && suppressions.owns(ruleId))
      counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
  }
  return counts;
}

/**
 * Records the errors of `results` as accepted: of every rule (`--suppress-all`), or of the rules
 * given (`--suppress-rule`), leaving the other rules' counts as they are.
 */
export function record(
  suppressions: Suppressions,
  results: ESLint.LintResult[],
  rules?: readonly string[],
): void {
  const counts = load(suppressions);
  for (const result of results) {
    for (const [ruleId, count] of errorsByRule(suppressions, result.messages)) {
      if (!rules || rules.includes(ruleId))
        (counts[relative(suppressions, result.filePath)] ??= {})[ruleId] = { count };
    }
  }
  save(suppressions, counts);
}

/**
 * Lowers each count to the errors that still occur, and drops the entries of files that no longer
 * exist (`--prune-suppressions`).
 */
export function prune(suppressions: Suppressions, results: ESLint.LintResult[]): void {
  const counts = load(suppressions);
  for (const result of results) {
    const entry = counts[relative(suppressions, result.filePath)];
    if (!entry) continue;
    const errors = errorsByRule(suppressions, result.messages);
    for (const ruleId of Object.keys(entry).filter(suppressions.owns)) {
      const count = errors.get(ruleId) ?? 0;
      if (count === 0) delete entry[ruleId];
      else if (count < entry[ruleId].count) entry[ruleId] = { count };
    }
  }
  for (const [file, entry] of Object.entries(counts)) {
    if (!fs.existsSync(path.resolve(suppressions.cwd, file)))
      for (const ruleId of Object.keys(entry).filter(suppressions.owns)) delete entry[ruleId];
    if (Object.keys(entry).length === 0) delete counts[file];
  }
  save(suppressions, counts);
}

/** Moves the suppressed errors of `results` to `suppressedMessages`, as ESLint does. */
export function applySuppressions(
  suppressions: Suppressions,
  results: ESLint.LintResult[],
): Applied {
  const counts = load(suppressions);
  const unused: string[] = [];
  let suppressed = 0;
  const applied = results.map((result) => {
    const file = relative(suppressions, result.filePath);
    const entry = counts[file];
    if (!entry) return result;
    const errors = errorsByRule(suppressions, result.messages);
    for (const ruleId of Object.keys(entry).filter(suppressions.owns)) {
      if ((errors.get(ruleId) ?? 0) < entry[ruleId].count) unused.push(`${file}: ${ruleId}`);
    }
    const accepted = new Set(
      [...errors]
        .filter(([ruleId, count]) => count <= (entry[ruleId]?.count ?? 0))
        .map(([id]) => id),
    );
    if (accepted.size === 0) return result;
    const isAccepted = (message: Linter.LintMessage) => accepted.has(message.ruleId ?? '');
    const moved = result.messages.filter(isAccepted);
    suppressed += moved.length;
    return withMessages(
      {
        ...result,
        suppressedMessages: [
          ...result.suppressedMessages,
          ...moved.map((message) => ({
            ...message,
            suppressions: [{ kind: 'file', justification: '' }],
          })),
        ],
      },
      result.messages.filter((message) => !isAccepted(message)),
    );
  });
  return { results: applied, suppressed, unused };
}
