import {
  ESLintUtils,
  type TSESLint,
  type TSESTree,
  type ParserServicesWithTypeInformation,
} from '@typescript-eslint/utils';
import type ts from 'typescript';
import {
  stripePackageInstalledFor,
  stripePackageOwning,
  stripeRootOwning,
  type StripePackage,
} from './stripe-package.js';
import { canReachStripe } from './stripe-reach.js';
import { getVerbTable, guessVerb, type VerbTable } from './verb-table.js';

/**
 * What every rule needs about one linted file, built once per file and shared
 * by all rules (keyed by the file's AST root, which ESLint gives every rule).
 */
export interface FileAnalysis {
  readonly services: ParserServicesWithTypeInformation;
  readonly checker: ts.TypeChecker;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The linted file as TypeScript sees it. */
  readonly sourceFile: ts.SourceFile;
  /** The stripe package Node resolves from this file, if any. */
  readonly installed: StripePackage | undefined;
  /** That package, or else the one the program holds: the package `table` is read from. */
  readonly sdk: StripePackage | undefined;
  /**
   * The verb table of that package, or else of the stripe package the program
   * holds (a monorepo file that sees the SDK only through a workspace
   * package); undefined when there is none or it could not be read.
   */
  readonly table: VerbTable | undefined;
  /** Opt-in: judge calls on `any`-typed clients by their member path. */
  readonly untypedClients: boolean;
  /** Whether a call in the file can be an SDK request: the file sees the SDK's types (or `untypedClients` is on). */
  readonly seesSdk: boolean;
  /**
   * Whether the file's text says `stripe` anywhere. A raw HTTP request is
   * known by a Stripe URL the file itself writes, so a file that never says
   * `stripe` makes none.
   */
  readonly mentionsStripe: boolean;
}

/** Shared settings: `settings: { 'stripe-idempotency': { untypedClients: true } }`. */
function readSettings(settings: Record<string, unknown>): { untypedClients: boolean } {
  const ours = settings['stripe-idempotency'] as { untypedClients?: unknown } | null | undefined;
  if (ours === undefined) return { untypedClients: false };
  const untypedClients = ours?.untypedClients ?? false;
  if (
    typeof ours !== 'object' ||
    ours === null ||
    typeof untypedClients !== 'boolean' ||
    Object.keys(ours).some((key) => key !== 'untypedClients')
  ) {
    throw new Error(
      `eslint-plugin-stripe-idempotency: settings['stripe-idempotency'] must be an object with only the boolean \`untypedClients\`; got ${JSON.stringify(ours)}.`,
    );
  }
  return { untypedClients };
}

const analyses = new WeakMap<TSESTree.Program, FileAnalysis>();

const programPackages = new WeakMap<ts.Program, StripePackage | null>();
// Stripe declaration files found in earlier programs: an editor's next program
// almost always holds the same one, found without a scan of every file.
const knownDeclarations = new Set<string>();

/** The stripe package whose declarations the program holds, if any: found by file name, once per program. */
function stripePackageInProgram(program: ts.Program): StripePackage | undefined {
  let found = programPackages.get(program);
  if (found === undefined) {
    // TypeScript file names use forward slashes on every platform.
    const declaration =
      [...knownDeclarations].find((fileName) => program.getSourceFile(fileName)) ??
      program
        .getSourceFiles()
        .find((file) => file.fileName.includes('/stripe/') && stripeRootOwning(file.fileName))
        ?.fileName;
    if (declaration) knownDeclarations.add(declaration);
    found = (declaration ? stripePackageOwning(declaration) : undefined) ?? null;
    programPackages.set(program, found);
  }
  return found ?? undefined;
}

/**
 * The shared analysis of the file `context` lints. Throws typescript-eslint's
 * own "requires type information" error when typed linting is not set up.
 */
export function getFileAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): FileAnalysis {
  const ast = context.sourceCode.ast;
  const known = analyses.get(ast);
  if (known) return known;
  const services = ESLintUtils.getParserServices(context);
  // The path TypeScript parsed, always absolute (ESLint's may be relative, as in RuleTester).
  const sourceFile = services.esTreeNodeToTSNodeMap.get(ast);
  const installed = stripePackageInstalledFor(sourceFile.fileName);
  const sdk = installed ?? stripePackageInProgram(services.program);
  const table = sdk && getVerbTable(sdk);
  const settings = readSettings(context.settings);
  const analysis: FileAnalysis = {
    services,
    checker: services.program.getTypeChecker(),
    sourceCode: context.sourceCode,
    sourceFile,
    installed,
    sdk,
    table: table && table.unreadable === undefined ? table : undefined,
    ...settings,
    seesSdk: settings.untypedClients || canReachStripe(services.program, sourceFile.fileName),
    mentionsStripe: sourceFile.text.includes('stripe'),
  };
  analyses.set(ast, analysis);
  return analysis;
}

/** What a call invokes, and the arguments the invoked function receives. */
export interface Invocation {
  readonly callee: TSESTree.Expression;
  readonly args: readonly TSESTree.CallExpressionArgument[];
}

/**
 * The function a call invokes, read from syntax alone: its callee, or the
 * function of `fn.call(thisArg, ...args)` and `fn.apply(thisArg, [...args])`
 * (undefined when `apply`'s arguments are not an array literal without holes).
 */
export function invocationOf(call: TSESTree.CallExpression): Invocation | undefined {
  const callee = call.callee;
  if (
    callee.type !== 'MemberExpression' ||
    callee.computed ||
    callee.property.type !== 'Identifier'
  ) {
    return { callee, args: call.arguments };
  }
  const through = callee.property.name;
  const fn = callee.object;
  if (
    (through !== 'call' && through !== 'apply') ||
    (fn.type !== 'MemberExpression' && fn.type !== 'Identifier')
  ) {
    return { callee, args: call.arguments };
  }
  if (through === 'call') return { callee: fn, args: call.arguments.slice(1) };
  const list = call.arguments[1];
  if (call.arguments.length > 2 || (list && list.type !== 'ArrayExpression')) return undefined;
  if (list?.elements.some((element) => element === null)) return undefined;
  return { callee: fn, args: (list?.elements ?? []) as TSESTree.CallExpressionArgument[] };
}

/** The method name a call invokes, read from syntax alone (`a.b.create(...)`, `a.b.create.call(...)` → `create`). */
export function calleeMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = invocationOf(call)?.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type !== 'MemberExpression') return undefined;
  if (!callee.computed)
    return callee.property.type === 'Identifier' ? callee.property.name : undefined;
  return callee.property.type === 'Literal' && typeof callee.property.value === 'string'
    ? callee.property.value
    : undefined;
}

export const RAW_REQUEST = 'rawRequest';

/**
 * The cheap syntactic filter run before any type query: can a method of this
 * name be a Stripe request of interest? `post`: some resource has a POST of
 * that name; `any`: some resource has a method of that name.
 */
export function mayBeStripeRequest(
  analysis: FileAnalysis,
  name: string,
  verbs: 'post' | 'any',
): boolean {
  if (name === RAW_REQUEST) return true;
  const table = analysis.table;
  if (!table) return verbs === 'any' || guessVerb(name) === 'POST';
  return (verbs === 'post' ? table.postMethodNames : table.methodNames).has(name);
}
