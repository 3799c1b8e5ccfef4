import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  mayMention,
  resolutionsIdentity,
  symbolAt,
  unaliased,
  type FileAnalysis,
} from '../../sdk/index.js';
import {
  isKeySpelling,
  KEY_OPTION,
  mayBeStripeRequest,
  programSdkCall,
} from '../../request/index.js';
import { skipOuter, staticName, unwrap } from '../../util/index.js';
import type { KeyStorage } from './key-storage.js';
import { mayPassUnstable } from './unstable-arguments.js';
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

/**
 * How many functions a key is followed through, from the call that passes it to the request:
 * `checkoutSession()` → `checkoutCart()` → `payOrder()` → `createPayment()` →
 * `paymentIntents.create` is four. A bound, so that a program's cost stays predictable.
 */
const WRAPPER_DEPTH = 4;

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

/** The names of functions that may send a key they are passed: directly, or through others. */
interface WrapperNames {
  /** Those whose body makes the request. */
  readonly direct: ReadonlySet<string>;
  readonly all: ReadonlySet<string>;
}

const wrapperNames = new WeakMap<ts.Program, WrapperNames>();
// An editor's next program keeps the SourceFile of every file not edited, and so its names.
const namesByFile = new WeakMap<ts.SourceFile, readonly string[]>();
// Built only for a file that names a wrapper, then kept with its SourceFile like the names.
const callersByFile = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly string[]>>();

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
 * The names of the functions with parameters in a file whose body makes a call named like a Stripe
 * POST, on what may be a resource, whose options may carry a key from elsewhere; none in a file
 * that never says `stripe`. Kept per SourceFile, which an editor's next program keeps for every
 * file not edited.
 */
function directNamesIn(file: FileAnalysis, sourceFile: ts.SourceFile): readonly string[] {
  let names = namesByFile.get(sourceFile);
  if (names) return names;
  const found = new Set<string>();
  const resources = file.table?.resourceProperties;
  // As for the linted file's calls: a member under a name no resource has (`tx.organisation`) is
  // not one, nor a module's own object or what a library's function returns under such a name
  // (`runs.cancel(id)` with `runs` imported, `analytics.capture(…)` with `const analytics =
  // useAnalytics()`).
  const receiverMayBe = (receiver: ts.Expression): boolean => {
    const value = skipOuter(receiver);
    if (!resources) return true;
    if (ts.isIdentifier(value))
      return resources.has(value.text) || !holdsModuleValue(sourceFile, value);
    return (
      !ts.isPropertyAccessExpression(value) ||
      resources.has(value.name.text) ||
      value.expression.kind === ts.SyntaxKind.ThisKeyword
    );
  };
  // A call that makes a POST makes every named function around it one (closures included).
  const visit = (call: ts.CallExpression, enclosing: readonly string[]): void => {
    if (
      ts.isPropertyAccessExpression(call.expression) &&
      mayBeStripeRequest(file, call.expression.name.text, 'post') &&
      receiverMayBe(call.expression.expression) &&
      lastMayCarryKey(call)
    )
      for (const name of enclosing) found.add(name);
  };
  if (/stripe/i.test(sourceFile.text)) callsInNamedFunctions(sourceFile, visit);
  namesByFile.set(sourceFile, (names = [...found]));
  return names;
}

/**
 * Whether the nearest declaration of `identifier` found by syntax is an import, or a `const` given
 * what an imported function or a method returns: the value of another module, never a resource
 * under a name no resource has (the linted file's receiver filter says the same from scope).
 */
function holdsModuleValue(
  sourceFile: ts.SourceFile,
  identifier: ts.Identifier,
  depth = 0,
): boolean {
  // `const a = b(); const b = a();` is code too.
  if (depth > MAX_HOPS) return false;
  const name = identifier.text;
  const imported = (statement: ts.Statement) => {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const bindings = clause?.namedBindings;
    return (
      clause?.name?.text === name ||
      (bindings !== undefined &&
        (ts.isNamespaceImport(bindings)
          ? bindings.name.text === name
          : bindings.elements.some((element) => element.name.text === name)))
    );
  };
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => declares(p.name, name)))
      return false;
    if (!ts.isBlock(node) && !ts.isSourceFile(node) && !ts.isModuleBlock(node)) continue;
    for (const statement of node.statements) {
      if (imported(statement)) return true;
      if (!ts.isVariableStatement(statement)) continue;
      const declaration = statement.declarationList.declarations.find((d) =>
        declares(d.name, name),
      );
      if (!declaration) continue;
      if (!(statement.declarationList.flags & ts.NodeFlags.Const) || !declaration.initializer)
        return false;
      let init = skipOuter(declaration.initializer);
      if (ts.isAwaitExpression(init)) init = skipOuter(init.expression);
      // `resolve<Stripe.RefundResource>(…)` may say it returns a resource.
      if (!ts.isCallExpression(init) || init.typeArguments) return false;
      const callee = skipOuter(init.expression);
      return (
        ts.isPropertyAccessExpression(callee) ||
        (ts.isIdentifier(callee) && holdsModuleValue(sourceFile, callee, depth + 1))
      );
    }
  }
  return false;
}

/** Whether a binding name declares `name` (`x`, or inside `{ a: x }`, `[x]`). */
function declares(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some(
    (element) => !ts.isOmittedExpression(element) && declares(element.name, name),
  );
}

/** How many `const`s a receiver is followed through to an import. */
const MAX_HOPS = 4;

const isOwnFile = (sourceFile: ts.SourceFile): boolean =>
  !sourceFile.isDeclarationFile && !sourceFile.fileName.includes('/node_modules/');

// Which files mention one of a set of names, by the set: a workspace's programs share most files
// and most wrapper names. The sets of the last few programs are kept.
const mentionsBySet = new Map<string, WeakMap<ts.SourceFile, boolean>>();
const KEPT_SETS = 16;

function mentionsOf(names: ReadonlySet<string>): WeakMap<ts.SourceFile, boolean> {
  const key = [...names].sort().join('\0');
  let mentions = mentionsBySet.get(key);
  if (mentions) mentionsBySet.delete(key);
  else mentions = new WeakMap();
  mentionsBySet.set(key, mentions);
  if (mentionsBySet.size > KEPT_SETS) mentionsBySet.delete(mentionsBySet.keys().next().value!);
  return mentions;
}

// A call of a name as the text writes it (`name(`, `name<T>(`, `name?.(`, or a method declared
// so), not a function's declaration (`function handle(`, as Next.js API routes are written).
const callPatterns = new Map<string, RegExp>();

/**
 * Whether a file's text may call `name`: the parser's identifier table also holds declarations and
 * property names (`const handle = …`), and most files that mention a name never call it.
 */
function mayCall(sourceFile: ts.SourceFile, name: string): boolean {
  let pattern = callPatterns.get(name);
  if (!pattern) {
    const escaped = name.replace(/[$#]/g, '\\$&');
    pattern = new RegExp(
      `(?<![\\w$#])(?<!\\bfunction\\s*\\*?\\s*)${escaped}\\s*(?:\\?\\.\\s*)?[(<]`,
    );
    callPatterns.set(name, pattern);
  }
  return pattern.test(sourceFile.text);
}

/**
 * The names of the program's functions that may send a key their caller passes: those of
 * `directNamesIn`, and those with parameters whose body calls one of these names, up to
 * `WRAPPER_DEPTH` levels. Syntax only, so that other calls cost no type query.
 */
function findWrapperNames(file: FileAnalysis, files: readonly ts.SourceFile[]): WrapperNames {
  const ownFiles = files.filter(isOwnFile);
  const direct: ReadonlySet<string> = new Set(
    ownFiles.flatMap((sourceFile) => directNamesIn(file, sourceFile)),
  );
  const found = new Set(direct);
  // Wrappers of wrappers, level by level: a function that calls a name of the level below. Their
  // files need not say `stripe` (an `orders.ts` calling `createPayment`), so the first filter is
  // the parser's own identifier table: only a file that names a wrapper is read.
  let below = direct;
  for (let level = 2; level <= WRAPPER_DEPTH && below.size > 0; level++) {
    const next = new Set<string>();
    const mentions = mentionsOf(below);
    for (const sourceFile of ownFiles) {
      let named = mentions.get(sourceFile);
      if (named === undefined) {
        named = false;
        for (const name of below)
          if ((named = mayMention(sourceFile, name) && mayCall(sourceFile, name))) break;
        mentions.set(sourceFile, named);
      }
      if (!named) continue;
      const callers = callersIn(sourceFile);
      for (const name of below)
        for (const caller of callers.get(name) ?? []) if (!found.has(caller)) next.add(caller);
    }
    for (const name of next) found.add(name);
    below = next;
  }
  return { direct, all: found };
}

/**
 * Whether a program's files declare the same wrappers as the files of the program before it: the
 * same SourceFiles, but for edited ones whose functions make and pass on the same calls.
 */
function sameWrappersIn(
  file: FileAnalysis,
  before: readonly ts.SourceFile[],
  files: readonly ts.SourceFile[],
): boolean {
  if (before.length !== files.length) return false;
  return files.every((sourceFile, i) => {
    const was = before[i];
    if (was === sourceFile) return true;
    if (was.fileName !== sourceFile.fileName) return false;
    if (!isOwnFile(sourceFile)) return true;
    const [wasNames, names] = [directNamesIn(file, was), directNamesIn(file, sourceFile)];
    const [wasCallers, callers] = [callersIn(was), callersIn(sourceFile)];
    return (
      wasNames.join('\0') === names.join('\0') &&
      wasCallers.size === callers.size &&
      [...callers].every(([name, list]) => wasCallers.get(name)?.join('\0') === list.join('\0'))
    );
  });
}

/**
 * The last answer and files of each lineage of programs: an editor builds a new program on every
 * edit, and one that reuses its predecessor's module resolutions keeps their object.
 */
const lineages = new WeakMap<
  object,
  { readonly files: readonly ts.SourceFile[]; readonly names: WrapperNames }
>();

/**
 * The names of functions that may send a key their caller passes (`findWrapperNames`), once per
 * program; an editor's next program takes its predecessor's when no edit changed them.
 */
function mayBeWrapperNames(file: FileAnalysis): WrapperNames {
  const { program } = file.services;
  let names = wrapperNames.get(program);
  if (names) return names;
  const files = program.getSourceFiles();
  const lineage = resolutionsIdentity(program);
  const previous = lineage && lineages.get(lineage);
  names =
    previous && sameWrappersIn(file, previous.files, files)
      ? previous.names
      : findWrapperNames(file, files);
  wrapperNames.set(program, names);
  if (lineage) lineages.set(lineage, { files, names });
  return names;
}

/** The names of the program's functions that may send a key their caller passes. */
export function wrapperNamesOf(file: FileAnalysis): ReadonlySet<string> {
  return mayBeWrapperNames(file).all;
}

/**
 * Each call of a file inside a named function with parameters, with the names of those around it
 * (innermost last): one walk.
 */
function callsInNamedFunctions(
  sourceFile: ts.SourceFile,
  onCall: (call: ts.CallExpression, enclosing: readonly string[]) => void,
): void {
  const enclosing: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && enclosing.length > 0) onCall(node, enclosing);
    const name =
      ts.isFunctionLike(node) && 'body' in node && node.body && node.parameters.length > 0
        ? nameOf(node)
        : undefined;
    if (name !== undefined) enclosing.push(name);
    ts.forEachChild(node, visit);
    if (name !== undefined) enclosing.pop();
  };
  visit(sourceFile);
}

/**
 * For each name a file calls with arguments, the named functions with parameters whose bodies
 * (closures included) make that call: the functions that may pass a key on to it. One walk per
 * SourceFile, whatever the wrappers of the program turn out to be.
 */
function callersIn(sourceFile: ts.SourceFile): ReadonlyMap<string, readonly string[]> {
  let callers = callersByFile.get(sourceFile);
  if (callers) return callers;
  const found = new Map<string, Set<string>>();
  callsInNamedFunctions(sourceFile, (call, enclosing) => {
    if (call.arguments.length === 0) return;
    const callee = skipOuter(call.expression);
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    if (name === undefined) return;
    let into = found.get(name);
    if (!into) found.set(name, (into = new Set()));
    for (const caller of enclosing) into.add(caller);
  });
  callers = new Map([...found].map(([name, names]) => [name, [...names]]));
  callersByFile.set(sourceFile, callers);
  return callers;
}

/**
 * Whether a call of the linted file may hand a function that sends a key it is passed an unstable
 * one, by the name it calls and then what it passes (syntax and scope): the filter before any
 * other work on the call. Through a wrapper of a wrapper, the value must be made in this file (by
 * a default source, or by one of `sourceModules`: the modules of the sources the options add).
 */
export function mayCallWrapper(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
  sourceModules: ReadonlySet<string>,
): boolean {
  if (call.arguments.length === 0) return false;
  const callee = unwrap(call.callee);
  // As TypeScript names a private method: `#charge` (ESTree's name leaves out the `#`).
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && !callee.computed
        ? callee.property.type === 'PrivateIdentifier'
          ? `#${callee.property.name}`
          : callee.property.name
        : undefined;
  const names = mayBeWrapperNames(file);
  return (
    name !== undefined &&
    names.all.has(name) &&
    mayPassUnstable(file, call, names.direct.has(name) ? 'any' : { sourceModules })
  );
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
  if (!name || !mayBeWrapperNames(file).all.has(name.text) || !file.seesSdk) return undefined;
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

/** The key parameters of one function, and whether they are final. */
interface Found {
  readonly parameters: readonly KeyParameter[];
  /**
   * Functions still being analysed when this was computed (a cycle, `a` calling `b` calling
   * `a`): not final until they are.
   */
  readonly pendingOn: ReadonlySet<Wrapper>;
  /** `WRAPPER_DEPTH` cut the search: the answer depends on where it started. */
  readonly cut: boolean;
}

/**
 * The parameters a function sends as the key of a Stripe POST in its body (closures included):
 * `chargeOrder(order, key)` calling `stripe.paymentIntents.create(…, { idempotencyKey: key })`,
 * or passing `key` on as a key parameter of another such function (`createPayment(amount, key)`),
 * up to `WRAPPER_DEPTH` functions deep. Computed once per function and tracer.
 */
export function keyParametersOf(
  file: FileAnalysis,
  tracer: KeyTracer,
  storage: KeyStorage,
  wrapper: Wrapper,
): readonly KeyParameter[] {
  return search(file, tracer, storage, wrapper, []).parameters;
}

function search(
  file: FileAnalysis,
  tracer: KeyTracer,
  storage: KeyStorage,
  wrapper: Wrapper,
  open: readonly Wrapper[],
): Found {
  let byFunction = cache.get(tracer);
  if (!byFunction) cache.set(tracer, (byFunction = new WeakMap()));
  const known = byFunction.get(wrapper);
  if (known) return { parameters: known, pendingOn: new Set(), cut: false };
  if (open.includes(wrapper)) return { parameters: [], pendingOn: new Set([wrapper]), cut: false };
  if (open.length >= WRAPPER_DEPTH) return { parameters: [], pendingOn: new Set(), cut: true };
  const inside = [...open, wrapper];
  const parameters: KeyParameter[] = [];
  const pendingOn = new Set<Wrapper>();
  let cut = false;
  const offset = wrapper.parameters[0]?.name.getText() === 'this' ? 1 : 0;
  /**
   * The parameters whose value reaches `value` (at `path` inside it), which the call `at` sends
   * on as `operation`'s key; `storedInside` when a function it is passed to stores it first.
   */
  const sends = (
    value: ts.Expression,
    path: PropertyPath,
    at: ts.CallExpression,
    operation: string,
    storedInside: boolean,
  ): void => {
    for (const [parameter, uses] of tracer.parameterUses(value, path)) {
      const index = wrapper.parameters.indexOf(parameter);
      if (index < offset || parameter.dotDotDotToken) continue;
      for (const use of uses) {
        const keyPath = pathOf(use);
        const binding = boundAt(parameter, keyPath);
        parameters.push({
          index: index - offset,
          path: keyPath,
          operation,
          stored: storedInside || (binding !== undefined && storage.storedBefore([binding], at)),
        });
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const request = programSdkCall(file, node);
      const options = request?.verb === 'POST' ? node.arguments[request.optionsIndex] : undefined;
      if (
        request &&
        options &&
        !node.arguments.slice(0, request.optionsIndex + 1).some(ts.isSpreadElement)
      )
        sends(options, [KEY_OPTION], node, request.operation, false);
      const inner = request ? undefined : calledWrapper(file, node);
      if (inner) {
        const found = search(file, tracer, storage, inner, inside);
        for (const pending of found.pendingOn) pendingOn.add(pending);
        cut ||= found.cut;
        for (const use of found.parameters) {
          const argument = node.arguments[use.index];
          if (argument && !node.arguments.slice(0, use.index + 1).some(ts.isSpreadElement))
            sends(argument, use.path, node, use.operation, use.stored);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(wrapper.body);
  pendingOn.delete(wrapper);
  // Kept only once final: inside a cycle, or cut, it depends on where the search started.
  if (pendingOn.size === 0 && !cut) byFunction.set(wrapper, parameters);
  return { parameters, pendingOn, cut };
}
