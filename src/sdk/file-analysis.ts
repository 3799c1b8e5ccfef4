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
import { resolutionsIdentity } from './program-internals.js';
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
  /** That package, or else the first the program holds: the package `table` is read from. */
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
   * The names of the methods a typed request can call: those of every stripe package whose
   * declarations the program holds (or, holding none, of `table`). Undefined when that cannot be
   * told (a verb table cannot be read, or `untypedClients` judges calls on `any` by member path):
   * then any name may be one.
   */
  readonly sdkMethodNames: ReadonlySet<string> | undefined;
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

/** The stripe packages whose declarations a program holds. */
interface ProgramSdk {
  /** In the program's order of files. */
  readonly packages: readonly StripePackage[];
  /**
   * The names of every method of theirs (a typed request is a call of one of them); null when a
   * verb table cannot be read.
   */
  readonly methodNames: ReadonlySet<string> | null;
}

const programSdks = new WeakMap<object, ProgramSdk>();

/**
 * The stripe packages whose declarations the program holds, found by file name: once per program,
 * or per lineage of programs that share their module resolutions (an editor's next program, whose
 * files of installed packages are then the same).
 */
function sdkInProgram(program: ts.Program): ProgramSdk {
  const lineage = resolutionsIdentity(program) ?? program;
  let sdk = programSdks.get(lineage);
  if (!sdk) {
    const checked = new WeakSet<object>();
    const declarations = new Map<string, string>();
    for (const file of program.getSourceFiles()) {
      // TypeScript file names use forward slashes on every platform.
      const root = file.fileName.includes('/stripe/')
        ? stripeRootOwning(file.fileName, checked)
        : undefined;
      if (root !== undefined && !declarations.has(root)) declarations.set(root, file.fileName);
    }
    const packages = [...declarations.values()].flatMap(
      (declaration) => stripePackageOwning(declaration) ?? [],
    );
    let methodNames: Set<string> | null = new Set();
    for (const pkg of packages) {
      const table = getVerbTable(pkg);
      if (table.unreadable !== undefined) {
        methodNames = null;
        break;
      }
      for (const name of table.methodNames) methodNames.add(name);
    }
    programSdks.set(lineage, (sdk = { packages, methodNames }));
  }
  return sdk;
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

// A class, not an object literal with getters: every rule reads its fields on every call, and an
// instance keeps the fast property layout a literal with accessors and a spread does not.
class Analysis implements FileAnalysis {
  readonly checker: ts.TypeChecker;
  readonly mentionsStripe: boolean;
  private readonly program: ts.Program;
  // Worked out on first use: most files make no request, and the visitor asks only whether they can.
  private installedPackage: { readonly value: StripePackage | undefined } | undefined;
  private verbTable: { readonly value: VerbTable | undefined } | undefined;
  private reachesSdk: boolean | undefined;

  constructor(
    readonly services: ParserServicesWithTypeInformation,
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    readonly sourceFile: ts.SourceFile,
    readonly untypedClients: boolean,
  ) {
    this.program = services.program;
    this.checker = this.program.getTypeChecker();
    this.mentionsStripe = sourceFile.text.includes('stripe');
  }

  get installed(): StripePackage | undefined {
    return (this.installedPackage ??= {
      value: installedFor(this.program, this.sourceFile.fileName),
    }).value;
  }

  get sdk(): StripePackage | undefined {
    return this.installed ?? sdkInProgram(this.program).packages[0];
  }

  get table(): VerbTable | undefined {
    if (!this.verbTable) {
      const read = this.sdk && getVerbTable(this.sdk);
      this.verbTable = { value: read && read.unreadable === undefined ? read : undefined };
    }
    return this.verbTable.value;
  }

  get sdkMethodNames(): ReadonlySet<string> | undefined {
    if (this.untypedClients) return undefined;
    const { packages, methodNames } = sdkInProgram(this.program);
    return packages.length === 0 ? this.table?.methodNames : (methodNames ?? undefined);
  }

  get seesSdk(): boolean {
    return (this.reachesSdk ??=
      this.untypedClients || canReachStripe(this.program, this.sourceFile.fileName));
  }

  importSeesSdk(specifier: string): boolean {
    return (
      this.untypedClients || importCanReachStripe(this.program, this.sourceFile.fileName, specifier)
    );
  }

  globalSeesSdk(name: string): boolean {
    return this.untypedClients || globalCanReachStripe(this.program, name);
  }
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
  const analysis = new Analysis(
    services,
    context.sourceCode,
    sourceFile,
    readSettings(context.settings).untypedClients,
  );
  analyses.set(ast, analysis);
  return analysis;
}
