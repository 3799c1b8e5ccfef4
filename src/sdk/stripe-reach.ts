import ts from 'typescript';
import {
  augmentedModuleNames,
  augmentsGlobal,
  isModuleFile,
  resolutionsIdentity,
  resolvedImportsOf,
  type ResolvedImport,
} from './program-internals.js';
import { isStripeModule, stripeRootOwning } from './stripe-package.js';

/**
 * Which files can see the stripe SDK's types: those that import it, directly or through other
 * files (every file, when one puts a client in the global scope). A walk along the imports the
 * program already resolved, with no checker query; answers carry over to an editor's next
 * program while the imports stay as they were.
 */

const globalFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * `declare global`, or a script file with declarations of its own (a `.d.ts` of only
 * `declare module 'm'` blocks declares modules, not globals; a CommonJS file, known once the
 * checker has bound it, is a module): it can hand a client, or a type, to every file.
 */
function declaresGlobals(sourceFile: ts.SourceFile): boolean {
  let global = globalFiles.get(sourceFile);
  if (global === undefined) {
    global =
      augmentsGlobal(sourceFile) ||
      (!isModuleFile(sourceFile) &&
        (!sourceFile.isDeclarationFile ||
          sourceFile.statements.some(
            (statement) =>
              !ts.isModuleDeclaration(statement) || !ts.isStringLiteral(statement.name),
          )));
    globalFiles.set(sourceFile, global);
  }
  return global;
}

/**
 * The answers of every program that shares one import graph. An editor builds
 * a new program per edit; while the edit leaves every file's imports alone,
 * TypeScript reuses the old program's module resolutions as they are (the very
 * same map), so the files' answers, kept by path, still hold, and only the
 * edited file is looked at again (whether it now declares globals). A change
 * under `node_modules` (an install) changes the resolutions, and so starts a
 * new graph: no answer outlives the imports it was read from.
 */
class GraphReach {
  /** Answers for the program's own files. */
  readonly known = new Map<string, boolean>();
  /**
   * Answers for the files of installed packages, each on its own (a library that imports a user
   * file is counted as reaching stripe: more type queries, never a hidden request).
   */
  readonly libraries = new Map<string, boolean>();
  /** Whether a resolved file is part of the stripe package. */
  private readonly stripeFiles = new Map<string, boolean>();
  /**
   * The package.json files that decided it, each checked once: an install that changes them
   * changes the resolutions too, and so starts a new graph.
   */
  private readonly checkedOwners = new WeakSet<object>();
  /**
   * The files of the last program seen, and whether a file among them that sees stripe declares
   * globals.
   */
  private files: readonly ts.SourceFile[] = [];
  private everywhere: boolean | undefined;

  isStripeFile(fileName: string): boolean {
    let answer = this.stripeFiles.get(fileName);
    if (answer === undefined) {
      // TypeScript file names use forward slashes on every platform.
      answer =
        fileName.includes('/stripe/') &&
        stripeRootOwning(fileName, this.checkedOwners) !== undefined;
      this.stripeFiles.set(fileName, answer);
    }
    return answer;
  }

  anyGlobalReaches(
    program: ts.Program,
    reaches: (file: ts.SourceFile) => boolean | undefined,
  ): boolean {
    const files = program.getSourceFiles();
    if (files !== this.files) {
      // The same files in the same order: only an edited file (a new SourceFile) can have begun or
      // ceased to declare globals.
      const old = this.files;
      if (
        files.length !== old.length ||
        files.some(
          (file, i) => file !== old[i] && declaresGlobals(file) !== declaresGlobals(old[i]),
        )
      ) {
        this.everywhere = undefined;
      }
      this.files = files;
    }
    this.everywhere ??= files.some(
      (file) =>
        declaresGlobals(file) && !this.isStripeFile(file.fileName) && reaches(file) !== false,
    );
    return this.everywhere;
  }
}

/** What the files that may see stripe's types declare for every file. */
interface SharedDeclarations {
  /** The files of the modules they augment (`declare module './m' { … }` in a module). */
  readonly files: ReadonlySet<string>;
  /** The modules they declare (`declare module 'm'` in a script) or augment without resolving. */
  readonly modules: readonly string[];
  /** The names they declare in the global scope. */
  readonly globals: ReadonlySet<string>;
}

/** The names a statement of a script (or of `declare global`) declares; undefined when unsure. */
function globalNames(statement: ts.Statement): readonly string[] | undefined {
  if (ts.isVariableStatement(statement)) {
    const names = statement.declarationList.declarations.map((d) =>
      ts.isIdentifier(d.name) ? d.name.text : undefined,
    );
    return names.every((name) => name !== undefined) ? names : undefined;
  }
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  )
    return statement.name && ts.isIdentifier(statement.name) ? [statement.name.text] : undefined;
  if (
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isExportDeclaration(statement) ||
    ts.isEmptyStatement(statement)
  )
    return [];
  return undefined;
}

/** `declare module '*.svg'` matches `./logo.svg`. */
function nameMatches(pattern: string, specifier: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier;
  const [prefix, suffix] = [pattern.slice(0, star), pattern.slice(star + 1)];
  return (
    specifier.length >= prefix.length + suffix.length &&
    specifier.startsWith(prefix) &&
    specifier.endsWith(suffix)
  );
}

interface Memo {
  get(fileName: string): boolean | undefined;
  set(fileName: string, answer: boolean): unknown;
}

class ProgramReach {
  constructor(
    private readonly program: ts.Program,
    private readonly graph: GraphReach,
  ) {}

  // By file name: the program's own lookup normalises the name into a path on every call.
  private readonly sourceFiles = new Map<string, ts.SourceFile | undefined>();

  private sourceFile(fileName: string): ts.SourceFile | undefined {
    if (this.sourceFiles.has(fileName)) return this.sourceFiles.get(fileName);
    const found = this.program.getSourceFile(fileName);
    this.sourceFiles.set(fileName, found);
    return found;
  }

  /** Each file's resolved imports, or null when they cannot be told. */
  private readonly imports = new Map<ts.SourceFile, readonly ResolvedImport[] | null>();

  private importsOf(file: ts.SourceFile): readonly ResolvedImport[] | undefined {
    let found = this.imports.get(file);
    if (found === undefined) {
      found = resolvedImportsOf(this.program, file) ?? null;
      this.imports.set(file, found);
    }
    return found ?? undefined;
  }

  /**
   * Whether the file's imports lead to stripe, breadth first (a client module
   * is usually a few imports away); undefined when TypeScript does not expose
   * what is needed. Files of installed packages are answered on their own.
   */
  private reaches(
    root: ts.SourceFile,
    library = this.program.isSourceFileFromExternalLibrary(root),
  ): boolean | undefined {
    const memo: Memo = library ? this.graph.libraries : this.graph.known;
    const known = memo.get(root.fileName);
    if (known !== undefined) return known;
    // Each file met, by the file whose import led to it: when a file leads to stripe, so does every
    // file on the way from the root to it, and a later walk stops at any of them.
    const seen = new Map<ts.SourceFile, ts.SourceFile | undefined>([[root, undefined]]);
    const leads = (file: ts.SourceFile | undefined): true => {
      for (; file; file = seen.get(file)) memo.set(file.fileName, true);
      return true;
    };
    const pending = [root];
    for (let next = 0; next < pending.length; next++) {
      const file = pending[next];
      const imports = this.importsOf(file);
      if (!imports) return undefined;
      if (file.typeReferenceDirectives.some((ref) => isStripeModule(ref.fileName)))
        return leads(file);
      for (const { specifier, fileName } of imports) {
        // An unresolved `stripe` still counts: its types may arrive with the next install.
        if (fileName === undefined ? isStripeModule(specifier) : this.graph.isStripeFile(fileName))
          return leads(file);
        const target = fileName === undefined ? undefined : this.sourceFile(fileName);
        if (!target || seen.has(target)) continue;
        const fromLibrary = this.program.isSourceFileFromExternalLibrary(target);
        if (library && !fromLibrary) return leads(file);
        const answer =
          fromLibrary && !library ? this.reaches(target, true) : memo.get(target.fileName);
        if (answer !== false) {
          if (answer !== undefined) return leads(file);
          seen.set(target, file);
          pending.push(target);
        }
      }
    }
    // Nothing reachable from here leads to stripe, so nothing reachable from any file seen does
    // either.
    for (const file of seen.keys()) memo.set(file.fileName, false);
    return false;
  }

  private shared: SharedDeclarations | undefined | null = null;

  /**
   * What the files that may see stripe's types declare for other files; undefined when that
   * cannot be told.
   */
  private sharedDeclarations(): SharedDeclarations | undefined {
    if (this.shared !== null) return this.shared;
    const found = { files: new Set<string>(), modules: [] as string[], globals: new Set<string>() };
    for (const file of this.program.getSourceFiles()) {
      const augmented = augmentedModuleNames(file);
      const script = !isModuleFile(file);
      if (!script && augmented.length === 0 && !augmentsGlobal(file)) continue;
      if (this.graph.isStripeFile(file.fileName) || this.reaches(file) === false) continue;
      const imports = this.importsOf(file);
      if (!imports) return (this.shared = undefined);
      for (const { specifier, fileName } of imports) {
        if (!augmented.includes(specifier)) continue;
        if (fileName === undefined) found.modules.push(specifier);
        else found.files.add(fileName);
      }
      const globals = script
        ? file.statements
        : file.statements.flatMap((statement) =>
            ts.isModuleDeclaration(statement) &&
            statement.flags & ts.NodeFlags.GlobalAugmentation &&
            statement.body &&
            ts.isModuleBlock(statement.body)
              ? statement.body.statements
              : [],
          );
      for (const statement of globals) {
        if (ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)) {
          found.modules.push(statement.name.text);
          continue;
        }
        const names = globalNames(statement);
        if (!names) return (this.shared = undefined);
        for (const name of names) found.globals.add(name);
      }
    }
    return (this.shared = found);
  }

  /**
   * Whether the module `fileName` imports as `specifier` can see stripe's types, or have them
   * merged in (true when it cannot be told): what a type imported from it may be.
   */
  importReaches(fileName: string, specifier: string): boolean {
    const source = this.sourceFile(fileName);
    const targets = source && this.importsOf(source)?.filter((i) => i.specifier === specifier);
    const shared = this.sharedDeclarations();
    if (!targets?.length || !shared) return true;
    return targets.some(({ fileName: target }) => {
      // Unresolved: a module declared (or augmented) by name in a file that sees stripe, or `any`.
      if (target === undefined)
        return isStripeModule(specifier) || shared.modules.some((m) => nameMatches(m, specifier));
      if (shared.files.has(target) || this.graph.isStripeFile(target)) return true;
      const file = this.sourceFile(target);
      return !file || this.reaches(file) !== false;
    });
  }

  /** Whether a global named `name` can be (or hold) the SDK's: a file that sees stripe declares it. */
  globalReaches(name: string): boolean {
    return this.sharedDeclarations()?.globals.has(name) ?? true;
  }

  /** Whether some file that declares globals can see stripe's types. */
  globalsReach(): boolean {
    return this.graph.anyGlobalReaches(this.program, (file) => this.reaches(file));
  }

  canReach(fileName: string): boolean {
    const sourceFile = this.sourceFile(fileName);
    // A file that sees stripe and declares globals may hand a client to every file: then no
    // file's own imports need a walk.
    return !sourceFile || this.globalsReach() || this.reaches(sourceFile) !== false;
  }
}

const reachByProgram = new WeakMap<ts.Program, ProgramReach>();
const graphs = new WeakMap<object, GraphReach>();

function graphOf(program: ts.Program): GraphReach {
  const resolutions = resolutionsIdentity(program);
  if (!resolutions) return new GraphReach();
  let graph = graphs.get(resolutions);
  if (!graph) graphs.set(resolutions, (graph = new GraphReach()));
  return graph;
}

function reachOf(program: ts.Program): ProgramReach {
  let reach = reachByProgram.get(program);
  if (!reach) reachByProgram.set(program, (reach = new ProgramReach(program, graphOf(program))));
  return reach;
}

/**
 * Whether `fileName` can see the stripe SDK's types through imports (or a
 * global). True when it cannot be told: the filter only ever saves work, it
 * never hides a request.
 */
export function canReachStripe(program: ts.Program, fileName: string): boolean {
  return reachOf(program).canReach(fileName);
}

/**
 * Whether a type that `fileName` imports from `specifier` can be (or hold) one of the stripe SDK's:
 * the module it resolves to sees the SDK's types, or a file that does augments it. True when it
 * cannot be told.
 */
export function importCanReachStripe(
  program: ts.Program,
  fileName: string,
  specifier: string,
): boolean {
  return reachOf(program).importReaches(fileName, specifier);
}

/**
 * Whether a global named `name` can be one of the SDK's types: a file that sees them declares it
 * (heritage aside: a library type that extends an augmented one).
 */
export function globalCanReachStripe(program: ts.Program, name: string): boolean {
  return reachOf(program).globalReaches(name);
}
