import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { symbolAt, unaliased, type FileAnalysis } from '../../sdk/index.js';
import {
  isKeySpelling,
  KEY_OPTION,
  mayBeStripeRequest,
  programSdkCall,
} from '../../request/index.js';
import { skipOuter, staticName, unwrap } from '../../util/index.js';
import type { KeyStorage } from './key-storage.js';
import { pathOf, type KeyTracer, type PropertyPath } from './key-tracer.js';

/** A parameter a function sends on as the idempotency key of a Stripe POST it makes. */
export interface KeyParameter {
  /** The argument's position at a call of the function. */
  readonly index: number;
  /** Where the key is inside that argument: `[]` for the argument itself, `['key']` of `{ key }`. */
  readonly path: PropertyPath;
  /** `refunds.create`. */
  readonly operation: string;
  /**
   * The function stores the value before its request: a fresh key from the caller is then kept
   * for a retry to read back.
   */
  readonly stored: boolean;
}

/** A function whose body runs when it is called, in the program's own code. */
export type Wrapper = ts.FunctionLikeDeclaration & { readonly body: ts.Node };

/** The name a function is called by: its own, or the variable, property or field that holds it. */
export function nameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const holder = fn.parent;
  return (ts.isVariableDeclaration(holder) ||
    ts.isPropertyDeclaration(holder) ||
    ts.isPropertyAssignment(holder)) &&
    ts.isIdentifier(holder.name)
    ? holder.name.text
    : undefined;
}

const wrapperNames = new WeakMap<ts.Program, ReadonlySet<string>>();
// An editor's next program keeps the SourceFile of every file not edited, and so its names.
const namesByFile = new WeakMap<ts.SourceFile, readonly string[]>();

/**
 * Whether the last argument of a call may carry request options with a key from elsewhere: any
 * value but an object literal written without a spread and without a key or `headers` anywhere
 * in it (`create({ name, email })`, `update(id, { items })`). The options are always last.
 */
function lastMayCarryKey(call: ts.CallExpression): boolean {
  const last = call.arguments.at(-1);
  if (!last) return false;
  const value = skipOuter(last);
  if (!ts.isObjectLiteralExpression(value)) return true;
  let carries = false;
  const visit = (node: ts.Node): void => {
    if (carries) return;
    if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) carries = true;
    else if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = staticName(node.name);
      carries = name === undefined || name === 'headers' || isKeySpelling(name);
      if (!carries && ts.isPropertyAssignment(node)) visit(node.initializer);
    } else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(value);
  return carries;
}

/**
 * The names of the program's functions that may send a key their caller passes: those with
 * parameters whose body makes a call named like a Stripe POST, on what may be a resource, whose
 * options may carry such a key, in files that say `stripe`. Syntax only, once per program, so that other calls cost no
 * type query.
 */
function mayBeWrapperNames(file: FileAnalysis): ReadonlySet<string> {
  const { program } = file.services;
  let names = wrapperNames.get(program);
  if (names) return names;
  const found = new Set<string>();
  const resources = file.table?.resourceProperties;
  // As for the linted file's calls: a member under a name no resource has (`tx.organisation`) is
  // not one.
  const receiverMayBe = (receiver: ts.Expression): boolean => {
    const value = skipOuter(receiver);
    return (
      !resources ||
      !ts.isPropertyAccessExpression(value) ||
      resources.has(value.name.text) ||
      value.expression.kind === ts.SyntaxKind.ThisKeyword
    );
  };
  const makesPost = (body: ts.Node): boolean => {
    let seen = false;
    const visit = (node: ts.Node): void => {
      if (seen) return;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        mayBeStripeRequest(file, node.expression.name.text, 'post') &&
        receiverMayBe(node.expression.expression) &&
        lastMayCarryKey(node)
      )
        seen = true;
      else ts.forEachChild(node, visit);
    };
    visit(body);
    return seen;
  };
  for (const sourceFile of program.getSourceFiles()) {
    // Kept for files without names too: an editor's next program would otherwise scan every
    // file's text again on each keystroke.
    let inFile = namesByFile.get(sourceFile);
    if (!inFile) {
      const names: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body && node.parameters.length > 0) {
          const name = nameOf(node);
          if (name !== undefined && makesPost(node.body)) names.push(name);
        }
        ts.forEachChild(node, visit);
      };
      if (
        !sourceFile.isDeclarationFile &&
        !sourceFile.fileName.includes('/node_modules/') &&
        /stripe/i.test(sourceFile.text)
      )
        visit(sourceFile);
      namesByFile.set(sourceFile, (inFile = names));
    }
    for (const name of inFile) found.add(name);
  }
  names = found;
  wrapperNames.set(program, names);
  return names;
}

/**
 * Whether a call of the linted file may run a function that sends a key it is passed, by the
 * name it calls alone: the filter before any other work on the call.
 */
export function mayCallWrapper(file: FileAnalysis, call: TSESTree.CallExpression): boolean {
  if (call.arguments.length === 0) return false;
  const callee = unwrap(call.callee);
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && !callee.computed
        ? callee.property.name
        : undefined;
  return name !== undefined && mayBeWrapperNames(file).has(name);
}

/**
 * The function of the program a call runs, by its callee's declaration (no signature
 * resolution), when it may be one that sends a key it is passed.
 */
export function calledWrapper(file: FileAnalysis, call: ts.CallExpression): Wrapper | undefined {
  const { checker } = file;
  const callee = skipOuter(call.expression);
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isIdentifier(callee)
      ? callee
      : undefined;
  // Cheapest first: by name, then whether the file sees the SDK at all, before any type query.
  if (!name || !mayBeWrapperNames(file).has(name.text) || !file.seesSdk) return undefined;
  let declaration: ts.Node | undefined =
    name && unaliased(checker, symbolAt(checker, name))?.valueDeclaration;
  // `const charge = async (…) => …`; a class field holding an arrow function.
  if (
    declaration &&
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
    declaration.initializer
  )
    declaration = skipOuter(declaration.initializer);
  return declaration &&
    (ts.isFunctionDeclaration(declaration) ||
      ts.isMethodDeclaration(declaration) ||
      ts.isArrowFunction(declaration) ||
      ts.isFunctionExpression(declaration)) &&
    declaration.body !== undefined &&
    !declaration.getSourceFile().isDeclarationFile
    ? (declaration as Wrapper)
    : undefined;
}

/** The variable a parameter binds the value at `path` of its argument to: `key` of `{ key }`. */
function boundAt(
  parameter: ts.ParameterDeclaration,
  path: PropertyPath,
): ts.ParameterDeclaration | ts.BindingElement | undefined {
  let binding: ts.ParameterDeclaration | ts.BindingElement = parameter;
  for (const name of path) {
    const pattern: ts.BindingName = binding.name;
    if (!ts.isObjectBindingPattern(pattern)) return undefined;
    const element: ts.BindingElement | undefined = pattern.elements.find(
      (e) => !e.dotDotDotToken && staticName(e.propertyName ?? e.name) === name,
    );
    if (!element) return undefined;
    binding = element;
  }
  return ts.isIdentifier(binding.name) ? binding : undefined;
}

const cache = new WeakMap<KeyTracer, WeakMap<ts.Node, readonly KeyParameter[]>>();

/**
 * The parameters a function sends as the key of a Stripe POST in its body (closures included):
 * `chargeOrder(order, key)` calling `stripe.paymentIntents.create(…, { idempotencyKey: key })`.
 * Computed once per function and tracer.
 */
export function keyParametersOf(
  file: FileAnalysis,
  tracer: KeyTracer,
  storage: KeyStorage,
  wrapper: Wrapper,
): readonly KeyParameter[] {
  let byFunction = cache.get(tracer);
  if (!byFunction) cache.set(tracer, (byFunction = new WeakMap()));
  let found = byFunction.get(wrapper);
  if (found) return found;
  const parameters: KeyParameter[] = [];
  const offset = wrapper.parameters[0]?.name.getText() === 'this' ? 1 : 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const request = programSdkCall(file, node);
      const options = request?.verb === 'POST' ? node.arguments[request.optionsIndex] : undefined;
      if (
        request &&
        options &&
        !node.arguments.slice(0, request.optionsIndex + 1).some(ts.isSpreadElement)
      ) {
        for (const [parameter, uses] of tracer.parameterUses(options, [KEY_OPTION])) {
          const index = wrapper.parameters.indexOf(parameter);
          if (index < offset || parameter.dotDotDotToken) continue;
          for (const use of uses) {
            const path = pathOf(use);
            const binding = boundAt(parameter, path);
            parameters.push({
              index: index - offset,
              path,
              operation: request.operation,
              stored: binding !== undefined && storage.storedBefore([binding], node),
            });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(wrapper.body);
  found = parameters;
  byFunction.set(wrapper, found);
  return found;
}
