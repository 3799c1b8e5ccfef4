import ts from 'typescript';
import { mayCallProgramCode, originsOf, symbolAt } from '../../sdk/index.js';
import { skipOuter, staticName } from '../../util/index.js';

/**
 * Calendar buckets of a day or coarser: values that stay the same all day (or week, month, …)
 * however often the code runs within it. Only what the code shows counts: a bucket is made by
 * a library's start-of-unit function, by a date built from a year, month and day alone, or by
 * whole days of a clock.
 */

const DAY_MS = 86_400_000;
/** How deep `const` bindings and helper returns are followed. */
const MAX_DEPTH = 4;

/** date-fns functions whose result is the same for every instant of a day or longer. */
const DATE_FNS_BUCKETS =
  /^(startOf|endOf|lastDayOf)(Day|Week|ISOWeek|Month|Quarter|Year|ISOWeekYear|Decade)$|^(startOf|endOf)(Today|Tomorrow|Yesterday)$/;
/** date-fns functions that move a bucket by whole days or longer: still a bucket. */
const DATE_FNS_SHIFTS =
  /^(add|sub)(Days|Weeks|Months|Quarters|Years|BusinessDays|ISOWeekYears)$|^(set)(Date|Day|Month|Year)$/;
/** dayjs, moment and luxon units of a day or longer (`startOf('month')`, `add(1, 'month')`). */
const COARSE_UNITS = new Set([
  'day',
  'days',
  'date',
  'd',
  'D',
  'week',
  'weeks',
  'isoWeek',
  'w',
  'month',
  'months',
  'M',
  'quarter',
  'quarters',
  'Q',
  'year',
  'years',
  'y',
]);
const CHAIN_LIBRARIES = new Set(['dayjs', 'moment', 'moment-timezone', 'luxon']);
const TEMPORAL_POLYFILLS = new Set(['@js-temporal/polyfill', 'temporal-polyfill']);
/** Methods that only convert a date to another form of the same instant. */
const CONVERSIONS = new Set([
  'getTime',
  'valueOf',
  'toISOString',
  'toJSON',
  'toDate',
  'toJSDate',
  'toISO',
  'toISODate',
  'toMillis',
  'toSeconds',
  'toUnixInteger',
  'unix',
  'format',
  'toFormat',
  'toString',
]);
const ROUNDING = new Set(['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc']);
const STRING = new Set(['String']);
/** Methods that give a string of a value: a bucket's string is a bucket. */
const STRINGIFY = new Set(['padStart', 'padEnd']);
/** Date getters of a day or longer: `d.getUTCMonth()` is the same all month. */
const DAY_GETTERS = /^get(UTC)?(FullYear|Month|Date|Day)$/;
/** date-fns functions that format a date with a pattern (`format(d, 'yyyy-MM')`). */
const DATE_FNS_FORMATS = /^(format|lightFormat)$/;
/** luxon methods that write only the date: `DateTime.now().toISODate()`. */
const DATE_ONLY_CONVERSIONS = new Set(['toISODate', 'toSQLDate']);

/**
 * Whether a dayjs, moment, luxon or date-fns format pattern writes nothing finer than a day
 * (`'YYYY-MM-DD'`, `'yyyy-MM'`): its quoted or bracketed text aside, no token of an hour, a minute,
 * a second, a time of day, a zone, a timestamp or a localized time (`LLL`, luxon's `f`).
 */
function isDateOnlyPattern(pattern: string): boolean {
  const tokens = pattern.replace(/\[[^\]]*\]|'[^']*'/g, '');
  return /[YyMDdQWwGg]/.test(tokens) && !/[HhKkmsSaAXxZzTtpuBbOfF]|L{3,}|l{3,}/.test(tokens);
}

function isLibraryCall(checker: ts.TypeChecker, callee: ts.Expression, pattern: RegExp): boolean {
  return originsOf(checker, callee).some((origin) => {
    const module = origin.module;
    if (module === undefined) return false;
    // `import { startOfMonth } from 'date-fns'`; `import startOfMonth from 'date-fns/startOfMonth'`.
    if (module === 'date-fns') return origin.names.some((name) => pattern.test(name));
    return (
      module.startsWith('date-fns/') &&
      origin.names.includes('default') &&
      pattern.test(module.slice('date-fns/'.length))
    );
  });
}

function isGlobal(checker: ts.TypeChecker, callee: ts.Expression, names: ReadonlySet<string>) {
  return originsOf(checker, callee).some(
    (origin) => origin.module === undefined && origin.names.some((name) => names.has(name)),
  );
}

/** `Temporal.Now.plainDateISO()`: today's date, global or from a polyfill. */
function isTemporalDate(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  return originsOf(checker, callee).some(
    (origin) =>
      (origin.module === undefined || TEMPORAL_POLYFILLS.has(origin.module)) &&
      origin.names.some((name) => /^Temporal\.Now\.plainDate(ISO)?$/.test(name)),
  );
}

function numericValue(node: ts.Expression): number | undefined {
  const expr = skipOuter(node);
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const left = numericValue(expr.left);
    const right = numericValue(expr.right);
    return left !== undefined && right !== undefined ? left * right : undefined;
  }
  return undefined;
}

/** A date from year, month and day alone: `new Date(y, m + 1, 1)`, `Date.UTC(y, m, d, 0, 0)`. */
function isDateFromDay(args: readonly ts.Expression[]): boolean {
  return args.length >= 2 && args.slice(3).every((arg) => numericValue(arg) === 0);
}

class Buckets {
  constructor(private readonly checker: ts.TypeChecker) {}

  /** Whether `node` is a bucket of a day or coarser. */
  is(node: ts.Expression, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const expr = skipOuter(node);
    if (ts.isIdentifier(expr)) {
      const declaration = symbolAt(this.checker, expr)?.valueDeclaration;
      return (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0 &&
        declaration.initializer !== undefined &&
        this.is(declaration.initializer, depth + 1)
      );
    }
    if (ts.isNewExpression(expr)) {
      const args = expr.arguments ?? [];
      if (!isGlobal(this.checker, expr.expression, new Set(['Date']))) return false;
      // `new Date(bucket)` is the bucket; `new Date(y, m, 1)` is a day.
      return args.length === 1 ? this.is(args[0], depth + 1) : isDateFromDay(args);
    }
    if (ts.isBinaryExpression(expr)) {
      // Whole days of a clock: `Math.floor(Date.now() / 86_400_000)` (rounded below).
      const operator = expr.operatorToken.kind;
      if (operator === ts.SyntaxKind.AsteriskToken || operator === ts.SyntaxKind.SlashToken)
        return numericValue(expr.right) !== undefined && this.is(expr.left, depth + 1);
      // `d.getUTCMonth() + 1`, `year + '-' + month`: buckets and constants.
      if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.MinusToken)
        return this.parts([expr.left, expr.right], depth);
      return false;
    }
    // `` `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}` ``
    if (ts.isTemplateExpression(expr))
      return this.parts(
        expr.templateSpans.map((span) => span.expression),
        depth,
      );
    // `new Date().toISOString().split('T')[0]`: the day of an instant.
    if (ts.isElementAccessExpression(expr)) {
      const split = skipOuter(expr.expression);
      return (
        numericValue(expr.argumentExpression) === 0 &&
        ts.isCallExpression(split) &&
        ts.isPropertyAccessExpression(split.expression) &&
        split.expression.name.text === 'split' &&
        split.arguments.length >= 1 &&
        staticName(skipOuter(split.arguments[0])) === 'T' &&
        this.isIsoString(split.expression.expression)
      );
    }
    if (ts.isPropertyAccessExpression(expr)) return false;
    if (!ts.isCallExpression(expr)) return false;
    const callee = skipOuter(expr.expression);
    const [first] = expr.arguments;
    if (isGlobal(this.checker, callee, new Set(['Date.UTC']))) return isDateFromDay(expr.arguments);
    if (isTemporalDate(this.checker, callee)) return true;
    if (isGlobal(this.checker, callee, ROUNDING))
      return first !== undefined && (this.is(first, depth + 1) || this.wholeDays(first));
    if (isLibraryCall(this.checker, callee, DATE_FNS_BUCKETS)) return true;
    if (isLibraryCall(this.checker, callee, DATE_FNS_FORMATS)) {
      const pattern = expr.arguments[1] && staticName(skipOuter(expr.arguments[1]));
      return pattern !== undefined && isDateOnlyPattern(pattern);
    }
    if (isGlobal(this.checker, callee, STRING))
      return first !== undefined && this.is(first, depth + 1);
    if (isLibraryCall(this.checker, callee, DATE_FNS_SHIFTS))
      return first !== undefined && this.is(first, depth + 1);
    if (ts.isPropertyAccessExpression(callee)) return this.method(callee, expr.arguments, depth);
    return this.helper(expr, depth);
  }

  /** `d.startOf('month')` of a time library; a conversion or a whole-day shift of a bucket. */
  private method(
    callee: ts.PropertyAccessExpression,
    args: readonly ts.Expression[],
    depth: number,
  ): boolean {
    const name = callee.name.text;
    const receiver = callee.expression;
    const unit = args[0] && staticName(skipOuter(args[0]));
    if (name === 'startOf' || name === 'endOf')
      return unit !== undefined && COARSE_UNITS.has(unit) && this.fromTimeLibrary(receiver, 0);
    if (name === 'add' || name === 'subtract') {
      const second = args[1] && staticName(skipOuter(args[1]));
      return second !== undefined && COARSE_UNITS.has(second) && this.is(receiver, depth + 1);
    }
    if (name === 'plus' || name === 'minus') {
      const duration = args[0] && skipOuter(args[0]);
      return (
        duration !== undefined &&
        ts.isObjectLiteralExpression(duration) &&
        duration.properties.every((p) => {
          const key = p.name && staticName(p.name);
          return key !== undefined && COARSE_UNITS.has(key);
        }) &&
        this.is(receiver, depth + 1)
      );
    }
    // `dayjs().format('YYYY-MM-DD')`, luxon `toFormat('yyyy-MM')` and `toISODate()`: any instant
    // written to its day.
    if ((name === 'format' || name === 'toFormat') && unit !== undefined && isDateOnlyPattern(unit))
      return this.fromTimeLibrary(receiver, 0);
    if (DATE_ONLY_CONVERSIONS.has(name)) return this.fromTimeLibrary(receiver, 0);
    if (DAY_GETTERS.test(name)) return args.length === 0;
    if (STRINGIFY.has(name)) return this.is(receiver, depth + 1);
    // `.toISOString().slice(0, 10)`: the day of an instant.
    if ((name === 'slice' || name === 'substring') && args.length === 2) {
      const start = numericValue(args[0]);
      const end = numericValue(args[1]);
      return start === 0 && end !== undefined && end <= 10 && this.isIsoString(receiver);
    }
    return CONVERSIONS.has(name) && this.is(receiver, depth + 1);
  }

  /** Values made only of buckets and constants, at least one a bucket. */
  private parts(values: readonly ts.Expression[], depth: number): boolean {
    let bucket = false;
    for (const value of values) {
      const expr = skipOuter(value);
      if (ts.isNumericLiteral(expr) || ts.isStringLiteralLike(expr)) continue;
      if (!this.is(expr, depth + 1)) return false;
      bucket = true;
    }
    return bucket;
  }

  private isIsoString(node: ts.Expression): boolean {
    const expr = skipOuter(node);
    return (
      ts.isCallExpression(expr) &&
      ts.isPropertyAccessExpression(expr.expression) &&
      expr.expression.name.text === 'toISOString'
    );
  }

  /** The root of a method chain is a dayjs, moment or luxon value: `dayjs().add(1, 'month')`. */
  private fromTimeLibrary(node: ts.Expression, depth: number): boolean {
    let root = skipOuter(node);
    while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root))
      root = skipOuter(root.expression);
    if (!ts.isIdentifier(root) || depth > MAX_DEPTH) return false;
    if (
      originsOf(this.checker, root).some(
        (o) => o.module !== undefined && CHAIN_LIBRARIES.has(o.module),
      )
    )
      return true;
    const declaration = symbolAt(this.checker, root)?.valueDeclaration;
    return (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      this.fromTimeLibrary(declaration.initializer, depth + 1)
    );
  }

  /** `Date.now() / 86_400_000`, `Date.now() / 1000 / 86_400`: a clock divided into whole days. */
  private wholeDays(node: ts.Expression): boolean {
    let divisor = 1;
    let expr = skipOuter(node);
    while (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.SlashToken) {
      const by = numericValue(expr.right);
      if (by === undefined) return false;
      divisor *= by;
      expr = skipOuter(expr.left);
    }
    return divisor >= DAY_MS && this.isClock(expr);
  }

  /** Milliseconds of the current time: `Date.now()`, `new Date().getTime()`, `+new Date()`. */
  private isClock(node: ts.Expression): boolean {
    const expr = skipOuter(node);
    if (ts.isCallExpression(expr)) {
      const callee = skipOuter(expr.expression);
      if (isGlobal(this.checker, callee, new Set(['Date.now']))) return true;
      return (
        ts.isPropertyAccessExpression(callee) &&
        (callee.name.text === 'getTime' || callee.name.text === 'valueOf') &&
        ts.isNewExpression(skipOuter(callee.expression))
      );
    }
    return false;
  }

  /** A helper of the program whose every return is a bucket: `firstOfNextMonth()`. */
  private helper(call: ts.CallExpression, depth: number): boolean {
    if (!mayCallProgramCode(this.checker, call)) return false;
    const declaration = this.checker.getResolvedSignature(call)?.declaration;
    if (
      !declaration ||
      ts.isJSDocSignature(declaration) ||
      !('body' in declaration) ||
      !declaration.body ||
      declaration.getSourceFile().isDeclarationFile
    )
      return false;
    const body = declaration.body as ts.Node;
    if (!ts.isBlock(body)) return this.is(body as ts.Expression, depth + 1);
    const returns: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return returns.length > 0 && returns.every((r) => this.is(r, depth + 1));
  }
}

/**
 * Whether a value is a calendar bucket of a day or coarser (`startOfMonth(…)`, `new Date(y, m + 1,
 * 1)`, `dayjs().startOf('day')`, `Math.floor(Date.now() / 86_400_000)`), followed through `const`
 * bindings and helpers. `new Date()` itself, or a bucket of hours or seconds, is not.
 */
export function isDayOrCoarserBucket(checker: ts.TypeChecker, value: ts.Expression): boolean {
  return new Buckets(checker).is(value);
}
