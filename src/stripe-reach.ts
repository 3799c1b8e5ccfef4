import ts from 'typescript';
import { stripeRootOwning } from './stripe-package.js';

/**
 * Which files can see the stripe SDK's types at all: those that import it, or
 * import (transitively) a file that does. A Stripe client can only reach other
 * code through imports, unless a file puts it in the global scope; then every
 * file counts. Answered by a walk from the file being linted along the imports
 * the program has already resolved, so the cost follows that file's imports,
 * not the size of the program, and no type-checker query is made.
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
}

interface FileFacts {
  /** Every module reference of the file: imports, exports, import types, `require`. */
  readonly specifiers: readonly ts.StringLiteralLike[];
  /** `/// <reference types="stripe" />`. */
  readonly referencesStripeTypes: boolean;
  /** `declare global` or a script file: it can hand a client to every file. */
  readonly global: boolean;
}

// An editor builds a new program per edit; unchanged files keep their SourceFile, and so these facts.
const factsByFile = new WeakMap<ts.SourceFile, FileFacts | null>();

function factsOf(sourceFile: ts.SourceFile): FileFacts | null {
  let facts = factsByFile.get(sourceFile);
  if (facts === undefined) {
    const specifiers = (sourceFile as ts.SourceFile & CollectedImports).imports;
    facts = specifiers
      ? {
          specifiers,
          referencesStripeTypes: sourceFile.typeReferenceDirectives.some((ref) => isStripeSpecifier(ref.fileName)),
          global: /\bdeclare\s+global\b/.test(sourceFile.text) || (!sourceFile.isDeclarationFile && !ts.isExternalModule(sourceFile)),
        }
      : null;
    factsByFile.set(sourceFile, facts);
  }
  return facts;
}

function isStripeSpecifier(specifier: string): boolean {
  return specifier === 'stripe' || specifier.startsWith('stripe/');
}

// TypeScript file names use forward slashes on every platform.
function isStripeFile(fileName: string): boolean {
  return fileName.includes('/stripe/') && stripeRootOwning(fileName) !== undefined;
}

class ProgramReach {
  private readonly known = new Map<ts.SourceFile, boolean>();
  private everywhere: boolean | undefined;

  constructor(
    private readonly program: ts.Program,
    private readonly resolve: Resolve,
  ) {}

  /** Whether the file's imports lead to stripe; undefined when TypeScript does not expose what is needed. */
  private reaches(root: ts.SourceFile): boolean | undefined {
    const known = this.known.get(root);
    if (known !== undefined) return known;
    const seen = new Set([root]);
    const pending = [root];
    for (let file = pending.pop(); file; file = pending.pop()) {
      const facts = factsOf(file);
      if (!facts) return undefined;
      if (facts.referencesStripeTypes) return this.remember(root, true);
      for (const specifier of facts.specifiers) {
        const resolved = this.resolve(specifier, file);
        // An unresolved `stripe` still counts: its types may arrive with the next install.
        if (resolved === undefined ? isStripeSpecifier(specifier.text) : isStripeFile(resolved)) return this.remember(root, true);
        const target = resolved === undefined ? undefined : this.program.getSourceFile(resolved);
        if (!target || seen.has(target)) continue;
        const answer = this.known.get(target);
        if (answer === true) return this.remember(root, true);
        if (answer === false) continue;
        seen.add(target);
        pending.push(target);
      }
    }
    // Nothing reachable from here leads to stripe, so nothing reachable from any file seen does either.
    for (const file of seen) this.known.set(file, false);
    return false;
  }

  private remember(file: ts.SourceFile, answer: boolean): boolean {
    this.known.set(file, answer);
    return answer;
  }

  /** Whether a file that sees stripe declares globals (then every file may hold a client). */
  private anyGlobalReaches(): boolean {
    if (this.everywhere === undefined) {
      this.everywhere = this.program
        .getSourceFiles()
        .some((file) => !isStripeFile(file.fileName) && factsOf(file)?.global === true && this.reaches(file) !== false);
    }
    return this.everywhere;
  }

  canReach(fileName: string): boolean {
    const sourceFile = this.program.getSourceFile(fileName);
    return !sourceFile || this.reaches(sourceFile) !== false || this.anyGlobalReaches();
  }
}

const reachByProgram = new WeakMap<ts.Program, ProgramReach | null>();

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
          (specifier, file) => internals.getResolvedModuleFromModuleSpecifier?.(specifier, file)?.resolvedModule?.resolvedFileName,
        )
      : null;
    reachByProgram.set(program, reach);
  }
  return reach === null || reach.canReach(fileName);
}
