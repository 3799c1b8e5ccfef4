import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvedImportsOf } from '../src/sdk/program-internals.js';
import { canReachStripe } from '../src/sdk/stripe-reach.js';
import { fixtureDir } from './harness.js';

// Files on disk inside the stripe 23 fixture (so `stripe` resolves), for the fallback that
// resolves imports again against the disk.
const dir = fs.mkdtempSync(path.join(fixtureDir('stripe23'), '.reach-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.Preserve,
  target: ts.ScriptTarget.ES2022,
  types: [],
  noEmit: true,
};

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/**
 * Programs as an editor builds them, each from the last: a file whose text is unchanged keeps its
 * SourceFile.
 */
function editor(roots: readonly string[]) {
  const host = ts.createCompilerHost(options);
  const parsed = new Map<string, ts.SourceFile>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = ts.sys.readFile(name);
    const known = parsed.get(name);
    if (known && known.text === text) return known;
    const file = getSourceFile(name, language, ...rest);
    if (file) parsed.set(name, file);
    return file;
  };
  let program: ts.Program | undefined;
  return () =>
    (program = ts.createProgram(
      roots.map((name) => path.join(dir, name)),
      options,
      host,
      program,
    ));
}

/** The program as a TypeScript without the internal per-file resolutions would show it. */
function withoutResolutions(program: ts.Program): ts.Program {
  return new Proxy(program, {
    get(target, key): unknown {
      if (key === 'resolvedModules') return undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

describe('the reach, read off the program’s own module resolutions', () => {
  write({
    'client.ts': `import Stripe from 'stripe';\nexport const stripe = new Stripe('sk');\n`,
    'billing.ts': `import { stripe } from './client';\nexport const billing = { stripe };\n`,
    'controller.ts': `export { billing } from './billing';\n`,
    'typed.ts': `export type Client = import('stripe').Stripe;\n`,
    'unrelated.ts': `import { one } from './constants';\nexport const two = one + 1;\n`,
    'constants.ts': `export const one = 1;\n`,
  });
  const roots = ['client.ts', 'billing.ts', 'controller.ts', 'typed.ts', 'unrelated.ts'];
  const reachOf = (program: ts.Program) =>
    roots.map((name) => canReachStripe(program, path.join(dir, name)));

  it('lists each import of a file with the file it resolves to', () => {
    const program = editor(roots)();
    const imports = (name: string) =>
      resolvedImportsOf(program, program.getSourceFile(path.join(dir, name))!)?.map(
        ({ specifier, fileName }) => [
          specifier,
          fileName && path.relative(dir, fileName).split(path.sep).join('/'),
        ],
      );
    expect(imports('billing.ts')).toEqual([['./client', 'client.ts']]);
    expect(imports('constants.ts')).toEqual([]);
    expect(imports('client.ts')?.[0]?.[0]).toBe('stripe');
  });

  it('gives the same answers where TypeScript keeps no per-file resolutions (resolving again)', () => {
    const program = editor(roots)();
    expect(reachOf(withoutResolutions(program))).toEqual(reachOf(program));
    expect(reachOf(program)).toEqual([true, true, true, true, false]);
  });

  it('notices an install: an installed package’s answer lasts only as long as the resolutions', () => {
    // A package whose entry is unchanged while a file behind it starts to import stripe.
    write({
      'node_modules/billing-kit/package.json': `{ "name": "billing-kit", "types": "index.d.ts" }\n`,
      'node_modules/billing-kit/index.d.ts': `export * from './client';\n`,
      'node_modules/billing-kit/client.d.ts': `export declare const client: { charge(): void };\n`,
      'app.ts': `import { client } from 'billing-kit';\nexport const app = client;\n`,
    });
    const next = editor(['app.ts']);
    const app = path.join(dir, 'app.ts');
    const before = next();
    expect(canReachStripe(before, app)).toBe(false);
    write({
      'node_modules/billing-kit/client.d.ts': `import Stripe from 'stripe';\nexport declare const client: Stripe;\n`,
    });
    const after = next();
    // The package's entry is the very same SourceFile in both programs.
    expect(after.getSourceFile(path.join(dir, 'node_modules/billing-kit/index.d.ts'))).toBe(
      before.getSourceFile(path.join(dir, 'node_modules/billing-kit/index.d.ts')),
    );
    expect(canReachStripe(after, app)).toBe(true);
  });
});
