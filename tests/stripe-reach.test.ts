import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { canReachStripe } from '../src/stripe-reach.js';
import { fixtureDir } from './harness.js';

const dir = fixtureDir('stripe23');

/** A program over in-memory files placed in the stripe 23 fixture, so `stripe` resolves. */
function programOf(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Preserve, target: ts.ScriptTarget.ES2022, types: ['node'], noEmit: true };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(dir, name), text]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  return ts.createProgram([...virtual.keys()], options, host);
}

describe('canReachStripe', () => {
  it('follows imports from the files that import stripe, and leaves the rest out', () => {
    const program = programOf({
      'client.ts': `import Stripe from 'stripe';\nexport const stripe = new Stripe('sk');\n`,
      'billing.ts': `import { stripe } from './client';\nexport const billing = { stripe };\n`,
      'controller.ts': `export { billing } from './billing';\n`,
      'typed.ts': `export type Client = import('stripe').Stripe;\n`,
      'unrelated.ts': `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`,
    });
    const reach = (name: string) => canReachStripe(program, path.join(dir, name));
    expect(['client.ts', 'billing.ts', 'controller.ts', 'typed.ts'].map(reach)).toEqual([true, true, true, true]);
    expect(reach('unrelated.ts')).toBe(false);
  });

  it('counts every file when a file that sees stripe declares globals', () => {
    const program = programOf({
      'globals.ts': `import Stripe from 'stripe';\ndeclare global {\n  var stripeClient: Stripe;\n}\nexport {};\n`,
      'unrelated.ts': `export const one = 1;\n`,
    });
    expect(canReachStripe(program, path.join(dir, 'unrelated.ts'))).toBe(true);
  });
});
