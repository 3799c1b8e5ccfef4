import {
  ESLintUtils,
  type TSESLint,
  type TSESTree,
  type ParserServicesWithTypeInformation,
} from '@typescript-eslint/utils';
import path from 'node:path';
import type ts from 'typescript';
import {
  stripePackageInstalledFor,
  stripePackageOwning,
  stripeRootOwning,
  type StripePackage,
} from './stripe-package.js';
import { canReachStripe, globalCanReachStripe, importCanReachStripe } from './stripe-reach.js';
import { getVerbTable, type VerbTable } from './verb-table.js';

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
  /**
   * Whether a call in the file can be an SDK request: the file sees the SDK's types (or
   * `untypedClients` is on). A walk along the imports the program resolved, on first use: the
   * visitor asks it of each file whose text does not say `stripe`.
   */
  readonly seesSdk: boolean;
  /**
   * Whether a type the file imports from `specifier` can be the SDK's (true when that cannot be
   * told, or with `untypedClients`): a binding annotated with types that cannot needs no type query.
   */
  importSeesSdk(specifier: string): boolean;
  /** Whether a global type of this name (one the file neither declares nor imports) can be the SDK's. */
  globalSeesSdk(name: string): boolean;
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

/**
 * The stripe package whose declarations the program holds, if any: found by file name, once per
 * program.
 */
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

// Per program, the stripe package each directory's files resolve: one lookup per directory and
// program rather than a `stat` per file, each package found checked once per program, and looked
// up again for an editor's next program.
const installedByProgram = new WeakMap<
  ts.Program,
  {
    readonly byDirectory: Map<string, StripePackage | undefined>;
    readonly checked: WeakSet<object>;
  }
>();

function installedFor(program: ts.Program, fileName: string): StripePackage | undefined {
  let known = installedByProgram.get(program);
  if (!known)
    installedByProgram.set(program, (known = { byDirectory: new Map(), checked: new WeakSet() }));
  const directory = path.dirname(fileName);
  if (known.byDirectory.has(directory)) return known.byDirectory.get(directory);
  const installed = stripePackageInstalledFor(fileName, known.checked);
  known.byDirectory.set(directory, installed);
  return installed;
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
  const program = services.program;
  const settings = readSettings(context.settings);
  // The package, its table and the reach along the imports are worked out on first use: most
  // files make no request, and the visitor asks only whether they can.
  let installed: { readonly value: StripePackage | undefined } | undefined;
  let table: { readonly value: VerbTable | undefined } | undefined;
  let seesSdk: boolean | undefined;
  const analysis: FileAnalysis = {
    services,
    checker: program.getTypeChecker(),
    sourceCode: context.sourceCode,
    sourceFile,
    get installed() {
      return (installed ??= { value: installedFor(program, sourceFile.fileName) }).value;
    },
    get sdk() {
      return this.installed ?? stripePackageInProgram(program);
    },
    get table() {
      if (!table) {
        const read = this.sdk && getVerbTable(this.sdk);
        table = { value: read && read.unreadable === undefined ? read : undefined };
      }
      return table.value;
    },
    ...settings,
    get seesSdk() {
      return (seesSdk ??= settings.untypedClients || canReachStripe(program, sourceFile.fileName));
    },
    importSeesSdk: (specifier) =>
      settings.untypedClients || importCanReachStripe(program, sourceFile.fileName, specifier),
    globalSeesSdk: (name) => settings.untypedClients || globalCanReachStripe(program, name),
    mentionsStripe: sourceFile.text.includes('stripe'),
  };
  analyses.set(ast, analysis);
  return analysis;
}
