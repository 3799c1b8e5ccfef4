import ts from 'typescript';
import { stripePackageOwning } from './stripe-package.js';

/**
 * Which files of a program can see the stripe SDK's types at all: those that
 * import it, or import (transitively) a file that does. A Stripe client can
 * only reach other code through imports, unless a file puts it in the global
 * scope; then every file counts. Computed once per program from the import
 * lists of its files (scanned once per file version) and cached module
 * resolution, with no type-checker query.
 */
interface Reach {
  readonly files: ReadonlySet<string>;
  readonly everywhere: boolean;
}

const importsOf = new WeakMap<ts.SourceFile, { specifiers: string[]; global: boolean }>();
const reachByProgram = new WeakMap<ts.Program, Reach>();
const resolutionCaches = new WeakMap<ts.Program, ts.ModuleResolutionCache>();
// Only successful resolutions are kept: a file added later can still satisfy an import that failed.
const resolvedBySourceFile = new WeakMap<ts.SourceFile, Map<string, string>>();

function scan(sourceFile: ts.SourceFile): { specifiers: string[]; global: boolean } {
  let found = importsOf.get(sourceFile);
  if (!found) {
    // The program has already collected every module reference of the file
    // (imports, exports, import types, require); only an older TypeScript
    // without that list needs the file scanned again.
    const collected = (sourceFile as ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] }).imports;
    const modules = collected
      ? collected.map((literal) => literal.text)
      : ts.preProcessFile(sourceFile.text, true, true).importedFiles.map((ref) => ref.fileName);
    found = {
      specifiers: [...modules, ...sourceFile.typeReferenceDirectives.map((ref) => ref.fileName)],
      // `declare global` or a script file can hand a client to every file.
      global: /\bdeclare\s+global\b/.test(sourceFile.text) || (!sourceFile.isDeclarationFile && !ts.isExternalModule(sourceFile)),
    };
    importsOf.set(sourceFile, found);
  }
  return found;
}

// TypeScript file names use forward slashes on every platform.
function isStripeFile(fileName: string): boolean {
  return fileName.includes('/stripe/') && stripePackageOwning(fileName) !== undefined;
}

function computeReach(program: ts.Program): Reach {
  const options = program.getCompilerOptions();
  let cache = resolutionCaches.get(program);
  if (!cache) {
    cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => name, options);
    resolutionCaches.set(program, cache);
  }
  // Files of the program count as existing even when they are not on disk (an editor's unsaved file).
  const host: ts.ModuleResolutionHost = {
    fileExists: (fileName) => program.getSourceFile(fileName) !== undefined || ts.sys.fileExists(fileName),
    readFile: (fileName) => ts.sys.readFile(fileName),
    realpath: (fileName) => ts.sys.realpath?.(fileName) ?? fileName,
    directoryExists: (dirName) => ts.sys.directoryExists(dirName),
    getCurrentDirectory: () => program.getCurrentDirectory(),
  };
  const importers = new Map<string, string[]>();
  const reaching: string[] = [];
  const globalFiles: string[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (isStripeFile(sourceFile.fileName)) continue;
    const { specifiers, global } = scan(sourceFile);
    if (global) globalFiles.push(sourceFile.fileName);
    let known = resolvedBySourceFile.get(sourceFile);
    if (!known) resolvedBySourceFile.set(sourceFile, (known = new Map<string, string>()));
    for (const specifier of specifiers) {
      // An editor builds a new program per edit; unchanged files keep their resolved imports.
      let resolved = known.get(specifier);
      if (resolved === undefined || (!program.getSourceFile(resolved) && !isStripeFile(resolved))) {
        resolved = ts.resolveModuleName(specifier, sourceFile.fileName, options, host, cache).resolvedModule?.resolvedFileName;
        if (resolved !== undefined) known.set(specifier, resolved);
      }
      const target = resolved ?? (specifier === 'stripe' || specifier.startsWith('stripe/') ? 'stripe' : undefined);
      if (!target) continue;
      if (target === 'stripe' || isStripeFile(target)) reaching.push(sourceFile.fileName);
      else {
        const list = importers.get(target) ?? [];
        list.push(sourceFile.fileName);
        importers.set(target, list);
      }
    }
  }
  // Walk the import graph backwards from the files that import stripe.
  const files = new Set<string>();
  for (let next = reaching.pop(); next !== undefined; next = reaching.pop()) {
    if (files.has(next)) continue;
    files.add(next);
    reaching.push(...(importers.get(next) ?? []));
  }
  return { files, everywhere: globalFiles.some((file) => files.has(file)) };
}

/** Whether `fileName` can see the stripe SDK's types through imports (or a global). */
export function canReachStripe(program: ts.Program, fileName: string): boolean {
  let reach = reachByProgram.get(program);
  if (!reach) {
    reach = computeReach(program);
    reachByProgram.set(program, reach);
  }
  return reach.everywhere || reach.files.has(fileName);
}
