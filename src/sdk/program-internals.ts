import ts from 'typescript';

/**
 * The TypeScript internals the engine reads, all here (none is in `typescript.d.ts`): what a
 * program already knows of each file's imports, which the public API only offers by resolving
 * them again against the disk. Each has a fallback for a TypeScript without it.
 */

type Resolutions = ts.ModeAwareCache<ts.ResolvedModuleWithFailedLookupLocations>;

interface ProgramInternals {
  /** 5.3+: per file path, the resolution of each module name the file uses, by mode. */
  readonly resolvedModules?: ReadonlyMap<string, Resolutions>;
}

interface SourceFileInternals {
  readonly path?: string;
  /** Every module reference: imports, exports, import types, `require`. */
  readonly imports?: readonly ts.StringLiteralLike[];
  /** Set by the binder in a JavaScript file that uses `require`, `module.exports` or `exports`. */
  readonly commonJsModuleIndicator?: ts.Node;
  /** `declare module 'm'` and `declare global` in a module: the name of each. */
  readonly moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[];
  /** Set by the parser: the text of every identifier in the file. */
  readonly identifiers?: ReadonlyMap<string, string>;
}

export interface ResolvedImport {
  /** The module name as written. */
  readonly specifier: string;
  /** The file it resolves to; undefined when unresolved. */
  readonly fileName: string | undefined;
}

/**
 * The program's resolutions as one object: the same object in every program that reused its
 * predecessor's module resolutions completely (an editor's edit that leaves all imports alone);
 * undefined without the internal.
 */
export function resolutionsIdentity(program: ts.Program): object | undefined {
  return (program as ts.Program & ProgramInternals).resolvedModules;
}

const fallbackCaches = new WeakMap<ts.Program, ts.ModuleResolutionCache>();

/** The public path: resolve again, with a cache per program (file system access). */
function resolveAgain(program: ts.Program, file: ts.SourceFile, specifier: ts.StringLiteralLike) {
  const options = program.getCompilerOptions();
  let cache = fallbackCaches.get(program);
  if (!cache) {
    cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => name, options);
    fallbackCaches.set(program, cache);
  }
  const mode = program.getModeForUsageLocation(file, specifier);
  return ts.resolveModuleName(
    specifier.text,
    file.fileName,
    options,
    ts.sys,
    cache,
    undefined,
    mode,
  ).resolvedModule?.resolvedFileName;
}

/**
 * What each module reference of the file resolves to, read from the program's own per-file
 * resolutions (no mode is computed, nothing is resolved again); undefined when it cannot be told.
 */
export function resolvedImportsOf(
  program: ts.Program,
  file: ts.SourceFile,
): readonly ResolvedImport[] | undefined {
  const internals = file as ts.SourceFile & SourceFileInternals;
  const all = (program as ts.Program & ProgramInternals).resolvedModules;
  const own = all && internals.path !== undefined ? all.get(internals.path) : undefined;
  if (own) {
    const found: ResolvedImport[] = [];
    own.forEach((resolution, specifier) =>
      found.push({ specifier, fileName: resolution.resolvedModule?.resolvedFileName }),
    );
    return found;
  }
  const specifiers = internals.imports;
  if (!specifiers) return undefined;
  // TypeScript keeps no entry for a file that references no module.
  if (all) return specifiers.length === 0 ? [] : undefined;
  return specifiers.map((specifier) => ({
    specifier: specifier.text,
    fileName: resolveAgain(program, file, specifier),
  }));
}

/**
 * Whether a file is a module: ES (`import`, `export`) or CommonJS, which the binder (run when the
 * checker is created, as typed linting does) marks; unbound, a CommonJS file reads as a script.
 */
export function isModuleFile(file: ts.SourceFile): boolean {
  return (
    ts.isExternalModule(file) ||
    (file as ts.SourceFile & SourceFileInternals).commonJsModuleIndicator !== undefined
  );
}

/** The modules a file augments (`declare module 'm'` in a module), by name as written. */
export function augmentedModuleNames(file: ts.SourceFile): readonly string[] {
  const augmentations = (file as ts.SourceFile & SourceFileInternals).moduleAugmentations;
  if (augmentations)
    return augmentations.flatMap((name) => (ts.isStringLiteral(name) ? [name.text] : []));
  if (!ts.isExternalModule(file)) return [];
  return file.statements.flatMap((statement) =>
    ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)
      ? [statement.name.text]
      : [],
  );
}

/** `declare global` in a module (a script's declarations are all global). */
export function augmentsGlobal(file: ts.SourceFile): boolean {
  const augmentations = (file as ts.SourceFile & SourceFileInternals).moduleAugmentations;
  return augmentations
    ? augmentations.some(ts.isIdentifier)
    : /\bdeclare\s+global\b/.test(file.text);
}

/**
 * Whether the file's text names `name`: a lookup in the identifiers the parser kept, or (without
 * them) a search of the text, which may also find it inside a longer word or a comment.
 */
export function mayMention(file: ts.SourceFile, name: string): boolean {
  const identifiers = (file as ts.SourceFile & SourceFileInternals).identifiers;
  return identifiers ? identifiers.has(name) : file.text.includes(name);
}
