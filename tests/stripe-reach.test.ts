import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  canReachStripe,
  globalCanReachStripe,
  importCanReachStripe,
} from '../src/sdk/stripe-reach.js';
import { fixtureDir } from './harness.js';

const dir = fixtureDir('stripe23');

/** A program over in-memory files placed in the stripe 23 fixture, so `stripe` resolves. */
function programOf(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Preserve,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    noEmit: true,
    allowJs: true,
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(
    Object.entries(files).map(([name, text]) => [path.join(dir, name), text]),
  );
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    virtual.has(name)
      ? ts.createSourceFile(name, virtual.get(name)!, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  return ts.createProgram([...virtual.keys()], options, host);
}

describe('canReachStripe', () => {
  it('follows imports from the files that import stripe, and leaves the rest out', () => {
    const program = programOf({
      'client.ts': `import Stripe from 'stripe';
export const stripe = new Stripe('sk');
`,
      'billing.ts': `import { stripe } from './client';
export const billing = { stripe };
`,
      'controller.ts': `export { billing } from './billing';\n`,
      'typed.ts': `export type Client = import('stripe').Stripe;\n`,
      'unrelated.ts': `import { readFileSync } from 'node:fs';
export const read = readFileSync;
`,
    });
    const reach = (name: string) => canReachStripe(program, path.join(dir, name));
    expect(['client.ts', 'billing.ts', 'controller.ts', 'typed.ts'].map(reach)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(reach('unrelated.ts')).toBe(false);
  });

  it('answers import cycles as one: every file of a cycle that leads to stripe, none of one that does not', () => {
    const program = programOf({
      // a → b → c → a, and a imports the client after b: the walk from a meets the whole cycle
      // before the import that decides it. d → e → d beside it leads nowhere.
      'client.ts': `import Stripe from 'stripe';\nexport const stripe = new Stripe('sk');\n`,
      'a.ts': `import { b } from './b';\nimport { stripe } from './client';\nexport const a = () => [b, stripe];\n`,
      'b.ts': `import { c } from './c';\nexport const b = () => c;\n`,
      'c.ts': `import { a } from './a';\nexport const c = () => a;\n`,
      'page.ts': `import { b } from './b';\nimport { d } from './d';\nexport const page = [b, d];\n`,
      'd.ts': `import { e } from './e';\nexport const d = () => e;\n`,
      'e.ts': `import { d } from './d';\nexport const e = () => d;\n`,
      'leaf.ts': `import { e } from './e';\nexport const leaf = e;\n`,
    });
    const reach = (name: string) => canReachStripe(program, path.join(dir, name));
    // Asked from inside the cycles first, so that a wrong answer for a file met on the way sticks.
    expect(['e.ts', 'a.ts', 'leaf.ts', 'd.ts', 'page.ts', 'c.ts', 'b.ts'].map(reach)).toEqual([
      false,
      true,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('counts every file when a file that sees stripe declares globals', () => {
    const program = programOf({
      'globals.ts': `import Stripe from 'stripe';
declare global {
  var stripeClient: Stripe;
}
export {};
`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    expect(canReachStripe(program, path.join(dir, 'unrelated.ts'))).toBe(true);
  });

  it('does not count a CommonJS file’s declarations as globals', () => {
    const program = programOf({
      'client.js': `const Stripe = require('stripe');
const stripe = new Stripe('sk');
module.exports = { stripe };
`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    // Binding, which typed linting's checker does, tells a CommonJS file from a script.
    program.getTypeChecker();
    expect(canReachStripe(program, path.join(dir, 'client.js'))).toBe(true);
    expect(canReachStripe(program, path.join(dir, 'unrelated.ts'))).toBe(false);
    expect(globalCanReachStripe(program, 'stripe')).toBe(false);
  });

  it('counts a script declaration file’s own declarations as globals, not its `declare module` blocks', () => {
    const modulesOnly = programOf({
      'modules.d.ts': `declare module 'billing-sdk' {
  import type Stripe from 'stripe';
  export const client: Stripe;
}
`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    expect(canReachStripe(modulesOnly, path.join(dir, 'unrelated.ts'))).toBe(false);
    const globals = programOf({
      'globals.d.ts': `declare var stripeClient: import('stripe').Stripe;\n`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    expect(canReachStripe(globals, path.join(dir, 'unrelated.ts'))).toBe(true);
  });
});

describe('what a stated type can name', () => {
  const program = programOf({
    'resource-types.ts': `import type Stripe from 'stripe';
export type Refunds = Stripe['refunds'];
`,
    'plain.ts': `export interface Plain {
  close(): void;
}
`,
    'augments.ts': `import type Stripe from 'stripe';
declare module './plain' {
  interface Plain {
    refunds: Stripe['refunds'];
  }
}
declare module 'not-installed' {
  export const refunds: Stripe['refunds'];
}
declare global {
  type GlobalRefunds = Stripe['refunds'];
}
export {};
`,
    'ambient.d.ts': `declare module 'ambient-sdk' {
  import type Stripe from 'stripe';
  export type Refunds = Stripe['refunds'];
}
type ScriptRefunds = import('stripe').Stripe['refunds'];
`,
    'unrelated.d.ts': `declare module 'unrelated-ambient' {
  export interface Api {
    close(): void;
  }
}
`,
    'user.ts': `import type { Server } from 'node:http';
import type { Refunds } from './resource-types';
import type { Plain } from './plain';
import type { Api } from 'unrelated-ambient';
import type { Refunds as AmbientRefunds } from 'ambient-sdk';
import type { Missing } from 'missing-package';
import type { Other } from 'not-installed';
export type All = [Server, Refunds, Plain, Api, AmbientRefunds, Missing, Other];
`,
  });
  const fromUser = (specifier: string) =>
    importCanReachStripe(program, path.join(dir, 'user.ts'), specifier);

  it('an import: the module sees stripe, a file that does augments or declares it, or not', () => {
    expect(fromUser('./resource-types')).toBe(true);
    expect(fromUser('./plain')).toBe(true);
    expect(fromUser('ambient-sdk')).toBe(true);
    expect(fromUser('not-installed')).toBe(true);
    expect(fromUser('node:http')).toBe(false);
    expect(fromUser('unrelated-ambient')).toBe(false);
    // Unresolved and declared nowhere: `any`, no resource.
    expect(fromUser('missing-package')).toBe(false);
  });

  it('a global: declared by a file that sees stripe (a script `.d.ts` too), or not', () => {
    const global = (name: string) => globalCanReachStripe(program, name);
    expect(['GlobalRefunds', 'ScriptRefunds', 'ResizeObserver', 'Promise'].map(global)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('canReachStripe across an editor’s programs', () => {
  /** Programs over in-memory files, each built from the last as an editor builds them: unchanged files keep their SourceFile. */
  function editor(files: Record<string, string>) {
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.Preserve,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      noEmit: true,
    };
    const host = ts.createCompilerHost(options);
    const texts = new Map(
      Object.entries(files).map(([name, text]) => [path.join(dir, name), text]),
    );
    const parsed = new Map<string, ts.SourceFile>();
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) => {
      const text = texts.get(name);
      if (text === undefined) return getSourceFile(name, language, ...rest);
      let file = parsed.get(name);
      if (file?.text !== text) parsed.set(name, (file = ts.createSourceFile(name, text, language)));
      return file;
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => texts.has(name) || fileExists(name);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => texts.get(name) ?? readFile(name);
    let program: ts.Program | undefined;
    return {
      edit(name: string, text: string) {
        texts.set(path.join(dir, name), text);
        program = ts.createProgram([...texts.keys()], options, host, program);
        return program;
      },
      reach: (name: string) => canReachStripe(program!, path.join(dir, name)),
    };
  }
  // Internal to TypeScript: whether the program reused its predecessor's module resolutions (2: completely).
  const reused = (program: ts.Program) =>
    (program as ts.Program & { structureIsReused?: number }).structureIsReused;

  it('follows an edit that changes a file’s imports, and one that leaves them but declares globals', () => {
    const files = editor({
      'client.ts': `import Stripe from 'stripe';
export const stripe = new Stripe('sk');
`,
      'billing.ts': `export const billing = 1;\n`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    files.edit('billing.ts', `export const billing = 1;\n`);
    expect([files.reach('billing.ts'), files.reach('unrelated.ts')]).toEqual([false, false]);

    // The same imports: TypeScript keeps the resolutions, and the answers still hold.
    expect(reused(files.edit('billing.ts', `export const billing = 2;\n`))).toBe(2);
    expect(files.reach('billing.ts')).toBe(false);

    expect(
      reused(
        files.edit(
          'billing.ts',
          `import { stripe } from './client';
export const billing = { stripe };
`,
        ),
      ),
    ).not.toBe(2);
    expect([files.reach('billing.ts'), files.reach('unrelated.ts')]).toEqual([true, false]);

    expect(
      reused(
        files.edit(
          'billing.ts',
          `import { stripe } from './client';
export const billing = { stripe };
// edit
`,
        ),
      ),
    ).toBe(2);
    expect([files.reach('billing.ts'), files.reach('unrelated.ts')]).toEqual([true, false]);

    // Its imports unchanged, a file that sees stripe turns from a module into a script: its declarations become
    // globals, and every file counts. (TypeScript keeps the resolutions: only the edited file tells.)
    const client = `/// <reference types="stripe" />
var stripeClient: import('stripe').Stripe;
`;
    expect(reused(files.edit('client.ts', `${client}export {};\n`))).not.toBe(2);
    expect(files.reach('unrelated.ts')).toBe(false);
    expect(reused(files.edit('client.ts', client))).toBe(2);
    expect(files.reach('unrelated.ts')).toBe(true);
    expect(reused(files.edit('client.ts', `${client}export {};\n`))).toBe(2);
    expect(files.reach('unrelated.ts')).toBe(false);
  });
});
