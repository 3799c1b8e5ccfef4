import ts from 'typescript';
import { isStripeModule, stripeRootOwning } from './stripe-package.js';

/**
 * Which files can see the stripe SDK's types: those that import it, directly or through other
 * files (every file, when one puts a client in the global scope). A walk along the imports the
 * program already resolved, with no checker query; answers carry over to an editor's next
 * program while the imports stay as they were.
 */

// Internal to TypeScript (5.3+), but what the checker itself uses: the
// program's own resolution of each import, with no file system access.
interface ProgramResolution {
  getResolvedModuleFromModuleSpecifier?(
    this: ts.Program,
    specifier: ts.StringLiteralLike,
    sourceFile: ts.SourceFile,
  ): ts.ResolvedModuleWithFailedLookupLocations | undefined;
}
type Resolve = (specifier: ts.StringLiteralLike, sourceFile: ts.SourceFile) => string | undefined;
interface CollectedImports {
  readonly imports?: readonly ts.StringLiteralLike[];
  /** `declare module 'm'` and `declare global` in a module: the name of each. */
  readonly moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[];
}

interface FileFacts {
  /** Every module reference of the file: imports, exports, import types, `require`. */
  readonly specifiers: readonly ts.StringLiteralLike[];
  /** `/// <reference types="stripe" />`. */
  readonly referencesStripeTypes: boolean;
}

// An editor builds a new program per edit; unchanged files keep their SourceFile, and so these
// facts.
const factsByFile = new WeakMap<ts.SourceFile, FileFacts | null>();

function factsOf(sourceFile: ts.SourceFile): FileFacts | null {
  let facts = factsByFile.get(sourceFile);
  if (facts === undefined) {
    const specifiers = (sourceFile as ts.SourceFile & CollectedImports).imports;
    facts = specifiers
      ? {
          specifiers,
          referencesStripeTypes: sourceFile.typeReferenceDirectives.some((ref) =>
            isStripeModule(ref.fileName),
          ),
        }
      : null;
    factsByFile.set(sourceFile, facts);
  }
  return facts;
}

const globalFiles = new WeakMap<ts.SourceFile, boolean>();

/** `declare global` or a script file: it can hand a client to every file. */
function declaresGlobals(sourceFile: ts.SourceFile): boolean {
  let global = globalFiles.get(sourceFile);
  if (global === undefined) {
    const augmentations = (sourceFile as ts.SourceFile & CollectedImports).moduleAugmentations;
    global =
      (augmentations
        ? augmentations.some(ts.isIdentifier)
        : /\bdeclare\s+global\b/.test(sourceFile.text)) ||
      (!sourceFile.isDeclarationFile && !ts.isExternalModule(sourceFile));
    globalFiles.set(sourceFile, global);
  }
  return global;
}

// TypeScript file names use forward slashes on every platform.
function isStripeFile(fileName: string): boolean {
  return fileName.includes('/stripe/') && stripeRootOwning(fileName) !== undefined;
}

// Files of installed packages keep their SourceFile across the programs an
// editor builds, and what they import does not change with the user's edits:
// their answers are kept for the process. (A library that imports a user file
// is counted as reaching stripe: more type queries, never a hidden request.)
const libraryAnswers = new WeakMap<ts.SourceFile, boolean>();

interface Memo {
  get(file: ts.SourceFile): boolean | undefined;
  set(file: ts.SourceFile, answer: boolean): unknown;
}

/**
 * The answers of every program that shares one import graph. An editor builds
 * a new program per edit; while the edit leaves every file's imports alone,
 * TypeScript reuses the old program's module resolutions as they are (the very
 * same map), so the files' answers, kept by path, still hold, and only the
 * edited file is looked at again (whether it now declares globals).
 */
class GraphReach {
  /** Answers for the program's own files (installed packages' are in `libraryAnswers`). */
  readonly known = new Map<string, boolean>();
  /**
   * The files of the last program seen, and whether a file among them that sees stripe declares
   * globals.
   */
  private files: readonly ts.SourceFile[] = [];
  private everywhere: boolean | undefined;

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
      (file) => !isStripeFile(file.fileName) && declaresGlobals(file) && reaches(file) !== false,
    );
    return this.everywhere;
  }
}

class ProgramReach {
  constructor(
    private readonly program: ts.Program,
    private readonly resolve: Resolve,
    private readonly graph: GraphReach,
  ) {}

  private readonly userAnswers: Memo = {
    get: (file) => this.graph.known.get(file.fileName),
    set: (file, answer) => this.graph.known.set(file.fileName, answer),
  };

  /**
   * Whether the file's imports lead to stripe, breadth first (a client module
   * is usually a few imports away); undefined when TypeScript does not expose
   * what is needed. Files of installed packages are answered on their own,
   * once per process.
   */
  private reaches(
    root: ts.SourceFile,
    library = this.program.isSourceFileFromExternalLibrary(root),
  ): boolean | undefined {
    const memo: Memo = library ? libraryAnswers : this.userAnswers;
    const known = memo.get(root);
    if (known !== undefined) return known;
    const seen = new Set([root]);
    const pending = [root];
    for (let next = 0; next < pending.length; next++) {
      const file = pending[next];
      const facts = factsOf(file);
      if (!facts) return undefined;
      if (facts.referencesStripeTypes) return this.remember(memo, root, true);
      for (const specifier of facts.specifiers) {
        const resolved = this.resolve(specifier, file);
        // An unresolved `stripe` still counts: its types may arrive with the next install.
        if (resolved === undefined ? isStripeModule(specifier.text) : isStripeFile(resolved))
          return this.remember(memo, root, true);
        const target = resolved === undefined ? undefined : this.program.getSourceFile(resolved);
        if (!target || seen.has(target)) continue;
        const fromLibrary = this.program.isSourceFileFromExternalLibrary(target);
        if (library && !fromLibrary) return this.remember(memo, root, true);
        const answer = fromLibrary && !library ? this.reaches(target, true) : memo.get(target);
        if (answer !== false) {
          if (answer !== undefined) return this.remember(memo, root, true);
          seen.add(target);
          pending.push(target);
        }
      }
    }
    // Nothing reachable from here leads to stripe, so nothing reachable from any file seen does
    // either.
    for (const file of seen) memo.set(file, false);
    return false;
  }

  private remember(memo: Memo, file: ts.SourceFile, answer: boolean): boolean {
    memo.set(file, answer);
    return answer;
  }

  canReach(fileName: string): boolean {
    const sourceFile = this.program.getSourceFile(fileName);
    return (
      !sourceFile ||
      this.reaches(sourceFile) !== false ||
      // A file that sees stripe and declares globals may hand a client to every file.
      this.graph.anyGlobalReaches(this.program, (file) => this.reaches(file))
    );
  }
}

// Internal to TypeScript (5.3+): the program's resolved modules, the same map
// object in a program that reused its predecessor's structure completely.
interface ProgramResolutions {
  readonly resolvedModules?: object;
}

const reachByProgram = new WeakMap<ts.Program, ProgramReach | null>();
const graphs = new WeakMap<object, GraphReach>();

function graphOf(program: ts.Program): GraphReach {
  const resolutions = (program as ts.Program & ProgramResolutions).resolvedModules;
  if (!resolutions) return new GraphReach();
  let graph = graphs.get(resolutions);
  if (!graph) graphs.set(resolutions, (graph = new GraphReach()));
  return graph;
}

/**
 * Whether `fileName` can see the stripe SDK's types through imports (or a
 * global). True when it cannot be told (a TypeScript without the program's
 * resolved imports): the filter only ever saves work, it never hides a request.
 */
export function canReachStripe(program: ts.Program, fileName: string): boolean {
  let reach = reachByProgram.get(program);
  if (reach === undefined) {
    const internals = program as ts.Program & ProgramResolution;
    reach = internals.getResolvedModuleFromModuleSpecifier
      ? new ProgramReach(
          program,
          (specifier, file) =>
            internals.getResolvedModuleFromModuleSpecifier?.(specifier, file)?.resolvedModule
              ?.resolvedFileName,
          graphOf(program),
        )
      : null;
    reachByProgram.set(program, reach);
  }
  return reach === null || reach.canReach(fileName);
}
