import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isInside, staticString, unwrap, walk } from './ast.js';

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
    if (expr.type === 'BinaryExpression' && expr.operator === '+') return this.minLength(expr.left) + this.minLength(expr.right);
    return 0;
  }

  /**
   * A text equal for two key expressions when they certainly hold the same
   * value: the same literal, the same binding not reassigned in between, or
   * the same template over the same bindings. Undefined when unsure.
   */
  identity(node: TSESTree.Node): string | undefined {
    const constant = this.constant(node);
    if (constant !== undefined) return JSON.stringify(constant);
    const expr = unwrap(node);
    if (expr.type === 'TemplateLiteral') {
      const parts: string[] = [];
      for (let i = 0; i < expr.expressions.length; i++) {
        const part = this.identity(expr.expressions[i]);
        if (part === undefined) return undefined;
        parts.push(JSON.stringify(expr.quasis[i].value.cooked), part);
      }
      return `\`${parts.join('')}${JSON.stringify(expr.quasis[expr.expressions.length].value.cooked)}\``;
    }
    if (expr.type === 'BinaryExpression' && expr.operator === '+') {
      const left = this.identity(expr.left);
      const right = left === undefined ? undefined : this.identity(expr.right);
      return right === undefined ? undefined : `(${left}+${right})`;
    }
    if (expr.type === 'ThisExpression') return 'this';
    if (expr.type === 'MemberExpression') {
      const object = this.identity(expr.object);
      if (object === undefined) return undefined;
      if (!expr.computed && expr.property.type === 'Identifier') return `${object}.${expr.property.name}`;
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
   * Whether a value changes with the iteration of `loop`: `yes` when it reads
   * an iteration variable (directly or through bindings made in the loop),
   * `unknown` when it calls something or reads a binding the loop reassigns,
   * `no` when it certainly is the same on every iteration.
   */
  iterationDependence(node: TSESTree.Node, loop: IterationContext): 'yes' | 'no' | 'unknown' {
    let yes = false;
    let unknown = false;
    const followed = new Set<Variable>();
    const visit = (current: TSESTree.Node): boolean => {
      if (yes) return false;
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
      } else if (variable.references.some((ref) => ref.isWrite() && !ref.init && isInside(ref.identifier, loop.body))) {
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
      if ((current.type === 'ForOfStatement' || current.type === 'ForInStatement') && child === current.body) {
        contexts.push({ node: current, body: current.body, variables: new Set(this.declared(current.left)) });
      } else if (current.type === 'ForStatement' && child === current.body && current.init) {
        contexts.push({ node: current, body: current.body, variables: new Set(this.declared(current.init)) });
      } else if (
        (current.type === 'ArrowFunctionExpression' || current.type === 'FunctionExpression') &&
        current.parent.type === 'CallExpression' &&
        current.parent.arguments[0] === current &&
        current.parent.callee.type === 'MemberExpression' &&
        current.parent.callee.property.type === 'Identifier' &&
        ITERATION_METHODS.has(current.parent.callee.property.name)
      ) {
        contexts.push({ node: current.parent, body: current.body, variables: new Set(this.sourceCode.getDeclaredVariables(current)) });
      }
    }
    return contexts;
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

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find']);

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

/** Whether two nodes sit in branches of the same `if`, `?:` or `switch` that exclude each other. */
export function mutuallyExclusive(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const ancestorsOfA = new Set<TSESTree.Node>();
  for (let n: TSESTree.Node | undefined = a; n; n = n.parent) ancestorsOfA.add(n);
  let childOfCommon: TSESTree.Node = b;
  let common: TSESTree.Node | undefined = b.parent;
  while (common && !ancestorsOfA.has(common)) {
    childOfCommon = common;
    common = common.parent;
  }
  if (!common) return false;
  const branchOf = (node: TSESTree.Node): TSESTree.Node | undefined => {
    let n: TSESTree.Node | undefined = node;
    while (n && n.parent !== common) n = n.parent;
    return n;
  };
  const branchA = branchOf(a);
  const branchB = childOfCommon;
  if (branchA === branchB) return false;
  if (common.type === 'IfStatement' || common.type === 'ConditionalExpression') {
    return branchA !== common.test && branchB !== common.test;
  }
  return common.type === 'SwitchStatement' && branchA?.type === 'SwitchCase' && branchB.type === 'SwitchCase';
}
