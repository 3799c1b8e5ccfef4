import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isInside, propertyName, staticString, unwrap, walk } from '../../util/index.js';

type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

function variableOf(sourceCode: SourceCode, identifier: TSESTree.Identifier): Variable | undefined {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier) ?? undefined;
}

/**
 * Syntactic facts about key values, from ESLint's scope analysis: which key
 * expressions certainly hold the same value, which are constants, and which
 * change with a loop's iteration.
 */
export class KeyValues {
  private readonly ids = new Map<Variable, number>();

  constructor(private readonly sourceCode: SourceCode) {}

  /** The string a key certainly is: a literal, a template without parts, or a binding to one. */
  constant(node: TSESTree.Node): string | undefined {
    return staticString(node, this.sourceCode);
  }

  /** A lower bound of a key's length: its literal text, unknown parts counted as empty. */
  minLength(node: TSESTree.Node): number {
    const constant = this.constant(node);
    if (constant !== undefined) return constant.length;
    const expr = unwrap(node);
    if (expr.type === 'TemplateLiteral') {
      return (
        expr.quasis.reduce((sum, quasi) => sum + (quasi.value.cooked ?? '').length, 0) +
        expr.expressions.reduce((sum, part) => sum + this.minLength(part), 0)
      );
    }
    if (expr.type === 'BinaryExpression' && expr.operator === '+')
      return this.minLength(expr.left) + this.minLength(expr.right);
    return 0;
  }

  /**
   * A text equal for two key expressions when they certainly hold the same
   * value: the same literal, the same binding not reassigned in between, or
   * the same template over the same bindings. Undefined when unsure.
   */
  sameValueText(node: TSESTree.Node): string | undefined {
    const constant = this.constant(node);
    if (constant !== undefined) return JSON.stringify(constant);
    const expr = unwrap(node);
    if (expr.type === 'TemplateLiteral') {
      const parts: string[] = [];
      for (let i = 0; i < expr.expressions.length; i++) {
        const part = this.sameValueText(expr.expressions[i]);
        if (part === undefined) return undefined;
        parts.push(JSON.stringify(expr.quasis[i].value.cooked), part);
      }
      return `\`${parts.join('')}${JSON.stringify(expr.quasis[expr.expressions.length].value.cooked)}\``;
    }
    if (expr.type === 'BinaryExpression' && expr.operator === '+') {
      const left = this.sameValueText(expr.left);
      const right = left === undefined ? undefined : this.sameValueText(expr.right);
      return right === undefined ? undefined : `(${left}+${right})`;
    }
    if (expr.type === 'ThisExpression') return 'this';
    if (expr.type === 'MemberExpression') {
      const object = this.sameValueText(expr.object);
      if (object === undefined) return undefined;
      if (!expr.computed && expr.property.type === 'Identifier')
        return `${object}.${expr.property.name}`;
      const key = expr.computed ? this.constant(expr.property) : undefined;
      return key === undefined ? undefined : `${object}[${JSON.stringify(key)}]`;
    }
    if (expr.type === 'Identifier') {
      const variable = variableOf(this.sourceCode, expr);
      if (!variable || variable.defs.length === 0) return undefined;
      if (!this.ids.has(variable)) this.ids.set(variable, this.ids.size);
      // A reassignment between two uses makes them different values.
      const lastWrite = variable.references
        .filter((ref) => ref.isWrite() && ref.identifier.range[0] < expr.range[0])
        .reduce((last, ref) => Math.max(last, ref.identifier.range[0]), -1);
      return `v${this.ids.get(variable)}@${lastWrite}`;
    }
    return undefined;
  }

  /**
   * A text equal for two expressions that are written alike apart from
   * formatting, comments, type assertions and the order of object
   * properties; strings are compared by value and bindings by identity.
   */
  structure(node: TSESTree.Node): string {
    const expr = unwrap(node);
    const text = this.constant(expr);
    if (text !== undefined) return JSON.stringify(text);
    switch (expr.type) {
      case 'Literal':
        return expr.raw;
      case 'Identifier':
        return this.sameValueText(expr) ?? expr.name;
      case 'TemplateElement':
        return JSON.stringify(expr.value.cooked);
      case 'MemberExpression':
        return expr.computed
          ? `${this.structure(expr.object)}[${this.structure(expr.property)}]`
          : `${this.structure(expr.object)}.${expr.property.type === 'PrivateIdentifier' ? '#' : ''}${expr.property.name}`;
      case 'ObjectExpression': {
        const parts = expr.properties.map((p) =>
          p.type === 'SpreadElement'
            ? `...${this.structure(p.argument)}`
            : `${propertyName(p) ?? `[${this.structure(p.key)}]`}:${this.structure(p.value)}`,
        );
        // Spreads make the order matter: a later property overrides an earlier one.
        return `{${(expr.properties.some((p) => p.type === 'SpreadElement') ? parts : parts.sort()).join(',')}}`;
      }
      default: {
        const children = (this.sourceCode.visitorKeys[expr.type] ?? []).map((key) => {
          const child = (expr as unknown as Record<string, unknown>)[key];
          const nodes = (Array.isArray(child) ? child : [child]) as (
            TSESTree.Node | null | undefined
          )[];
          return nodes.map((n) => (n ? this.structure(n) : '')).join(',');
        });
        const operator = 'operator' in expr ? String(expr.operator) : '';
        return `${expr.type}${operator}(${children.join(';')})`;
      }
    }
  }

  /**
   * Whether a value changes with the iteration of `loop`: `yes` when it reads
   * an iteration variable (directly or through bindings made in the loop),
   * `unknown` when it calls something or reads a binding the loop reassigns,
   * `no` when it certainly is the same on every iteration.
   */
  iterationDependence(
    node: TSESTree.Node,
    loop: IterationContext,
    /**
     * Calls whose value follows from their arguments alone, such as a helper that builds a key from
     * them.
     */
    deterministic?: (call: TSESTree.CallExpression) => boolean,
  ): 'yes' | 'no' | 'unknown' {
    let yes = false;
    let unknown = false;
    const followed = new Set<Variable>();
    const visit = (current: TSESTree.Node): boolean => {
      if (yes) return false;
      // A helper's value, awaited or not (an async key builder), follows from its arguments.
      const called = current.type === 'AwaitExpression' ? unwrap(current.argument) : current;
      if (called.type === 'CallExpression' && deterministic?.(called)) {
        for (const arg of called.arguments) walk(arg, this.sourceCode.visitorKeys, visit);
        return false;
      }
      if (
        current.type === 'CallExpression' ||
        current.type === 'NewExpression' ||
        current.type === 'AwaitExpression' ||
        current.type === 'TaggedTemplateExpression' ||
        current.type === 'YieldExpression'
      ) {
        unknown = true;
      }
      if (current.type !== 'Identifier') return true;
      const variable = variableOf(this.sourceCode, current);
      if (!variable || followed.has(variable)) return true;
      followed.add(variable);
      if (loop.variables.has(variable)) {
        yes = true;
        return false;
      }
      const [definition] = variable.defs;
      if (definition && isInside(definition.name, loop.body)) {
        // Made in the loop: its value is whatever it is built from.
        for (const ref of variable.references) {
          if (ref.writeExpr) walk(ref.writeExpr, this.sourceCode.visitorKeys, visit);
        }
      } else if (
        variable.references.some(
          (ref) => ref.isWrite() && !ref.init && isInside(ref.identifier, loop.body),
        )
      ) {
        unknown = true;
      }
      return true;
    };
    walk(node, this.sourceCode.visitorKeys, visit);
    return yes ? 'yes' : unknown ? 'unknown' : 'no';
  }

  /** The loops and per-item callbacks around a node, innermost first. */
  iterationContexts(node: TSESTree.Node): IterationContext[] {
    const contexts: IterationContext[] = [];
    let child: TSESTree.Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (
        (current.type === 'ForOfStatement' || current.type === 'ForInStatement') &&
        child === current.body
      ) {
        contexts.push({
          node: current,
          body: current.body,
          variables: new Set(this.declared(current.left)),
        });
      } else if (current.type === 'ForStatement' && child === current.body && current.init) {
        contexts.push({
          node: current,
          body: current.body,
          variables: new Set(this.declared(current.init)),
        });
      } else if (
        (current.type === 'WhileStatement' || current.type === 'DoWhileStatement') &&
        child === current.body
      ) {
        const variables = this.takenItems(current);
        if (variables.size > 0) contexts.push({ node: current, body: current.body, variables });
      } else if (
        (current.type === 'ArrowFunctionExpression' || current.type === 'FunctionExpression') &&
        isPerItemCallback(current)
      ) {
        contexts.push({
          node: current.parent,
          body: current.body,
          variables: new Set(this.sourceCode.getDeclaredVariables(current)),
        });
      }
    }
    return contexts;
  }

  /**
   * The items a `while` loop takes from a queue: bindings its test assigns
   * (`while ((job = queue.shift()))`), or its body declares from
   * `shift()`/`pop()`/`splice()` (`const item = queue.shift()`).
   */
  private takenItems(loop: TSESTree.WhileStatement | TSESTree.DoWhileStatement): Set<Variable> {
    const items = new Set<Variable>();
    walk(loop.test, this.sourceCode.visitorKeys, (node) => {
      if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') {
        const variable = variableOf(this.sourceCode, node.left);
        if (variable) items.add(variable);
      }
    });
    if (loop.body.type !== 'BlockStatement') return items;
    for (const statement of loop.body.body) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declarations) {
        let init = declarator.init && unwrap(declarator.init);
        if (init?.type === 'AwaitExpression') init = unwrap(init.argument);
        if (
          init?.type === 'CallExpression' &&
          init.callee.type === 'MemberExpression' &&
          init.callee.property.type === 'Identifier' &&
          TAKE_METHODS.has(init.callee.property.name)
        ) {
          for (const variable of this.sourceCode.getDeclaredVariables(declarator))
            items.add(variable);
        }
      }
    }
    return items;
  }

  private declared(node: TSESTree.Node): Variable[] {
    if (node.type === 'VariableDeclaration') return [...this.sourceCode.getDeclaredVariables(node)];
    if (node.type === 'Identifier') {
      const variable = variableOf(this.sourceCode, node);
      return variable ? [variable] : [];
    }
    return [];
  }
}

const ITERATION_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'reduce',
  'reduceRight',
  'filter',
  'some',
  'every',
  'find',
]);
// Batch helpers called with the collection first: p-map and friends, async, lodash, Bluebird.
const BATCH_FUNCTIONS = new Set([
  ...ITERATION_METHODS,
  'each',
  'pMap',
  'pMapSeries',
  'pEachSeries',
  'mapSeries',
  'eachSeries',
  'mapLimit',
  'eachLimit',
  'forEachSeries',
  'forEachLimit',
]);
const TAKE_METHODS = new Set(['shift', 'pop', 'splice']);

/**
 * `items.map(item => ...)`, `pMap(items, item => ...)`, `async.eachSeries(items, item => ...)`: run
 * once per item.
 */
function isPerItemCallback(
  fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression,
): boolean {
  const call = fn.parent;
  if (call.type !== 'CallExpression') return false;
  const callee = call.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
        ? callee.property.name
        : undefined;
  if (name === undefined) return false;
  const index = call.arguments.indexOf(fn);
  if (index === 0) return callee.type === 'MemberExpression' && ITERATION_METHODS.has(name);
  return index > 0 && BATCH_FUNCTIONS.has(name);
}

/** A loop, or a callback run once per item (`items.map(item => ...)`). */
export interface IterationContext {
  /** The loop statement, or the iterating call (`items.map(...)`). */
  readonly node: TSESTree.Node;
  readonly body: TSESTree.Node;
  /** The values that change per iteration: loop variables, callback parameters. */
  readonly variables: ReadonlySet<Variable>;
}

const valuesByFile = new WeakMap<TSESTree.Program, KeyValues>();

/** The shared key-value facts of one linted file. */
export function getKeyValues(sourceCode: SourceCode): KeyValues {
  let values = valuesByFile.get(sourceCode.ast);
  if (!values) valuesByFile.set(sourceCode.ast, (values = new KeyValues(sourceCode)));
  return values;
}
