import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isKeyBuilderCall } from '../src/key/reuse/key-builders.js';
import type { FileAnalysis } from '../src/sdk/file-analysis.js';
import { fixtureDir } from './harness.js';

const dir = fixtureDir('stripe23');

/** Programs over in-memory files, each built from the last as an editor builds them: unchanged files keep their SourceFile. */
function editor(files: Record<string, string>) {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Preserve,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const texts = new Map(Object.entries(files).map(([name, text]) => [path.join(dir, name), text]));
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
  let program = ts.createProgram([...texts.keys()], options, host);
  return {
    edit(name: string, text: string) {
      texts.set(path.join(dir, name), text);
      program = ts.createProgram([...texts.keys()], options, host, program);
    },
    sourceFile: (name: string) => program.getSourceFile(path.join(dir, name)),
    /** Whether the call to `callee` in `name` is a key-builder call, in the current program. */
    builds(name: string, callee: string): boolean {
      const filePath = path.join(dir, name);
      const { ast, services } = parseForESLint(texts.get(filePath)!, {
        filePath,
        programs: [program],
      });
      let call: TSESTree.CallExpression | undefined;
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object' || call) return;
        const n = node as TSESTree.Node;
        if (
          n.type === 'CallExpression' &&
          n.callee.type === 'Identifier' &&
          n.callee.name === callee
        )
          call = n;
        for (const [key, value] of Object.entries(n))
          if (key !== 'parent') (Array.isArray(value) ? value : [value]).forEach(visit);
      };
      visit(ast);
      const file = { services, checker: program.getTypeChecker() } as unknown as FileAnalysis;
      return isKeyBuilderCall(file, call!);
    },
  };
}

describe('isKeyBuilderCall', () => {
  it('judges a helper again in the next program when a helper it calls, in another file, changed', () => {
    const files = editor({
      'builder-part.ts': `export const part = (id: string) => id.trim();\n`,
      'builder-keys.ts': `import { part } from './builder-part';
export const opKey = (op: string, id: string) => \`\${op}:\${part(id)}\`;
`,
      'builder-use.ts': `import { opKey } from './builder-keys';
export const key = opKey('refund', 'order');
`,
    });
    expect(files.builds('builder-use.ts', 'opKey')).toBe(true);
    const keys = files.sourceFile('builder-keys.ts');
    files.edit(
      'builder-part.ts',
      `let count = 0;
export const part = (id: string) => \`\${id}\${count++}\`;
`,
    );
    // The file that declares opKey is unchanged: the same SourceFile, the same nodes.
    expect(files.sourceFile('builder-keys.ts')).toBe(keys);
    expect(files.builds('builder-use.ts', 'opKey')).toBe(false);
  });

  it('keeps no answer cut by the depth limit: a helper gets the same answer in either order', () => {
    const chain =
      `export const h4 = (id: string) => id.trim();\n` +
      `export const h3 = (id: string) => h4(id);\n` +
      `export const h2 = (id: string) => h3(id);\n` +
      `export const h1 = (id: string) => h2(id);\n` +
      `export const h0 = (id: string) => h1(id);\n`;
    const use = `import { h0, h3 } from './builder-chain';
export const deep = h0('a');
export const near = h3('a');
`;
    const deepFirst = editor({ 'builder-chain.ts': chain, 'builder-use.ts': use });
    // h0 reaches h4 only past the depth limit; h3 from its own call is within it.
    expect(deepFirst.builds('builder-use.ts', 'h0')).toBe(false);
    expect(deepFirst.builds('builder-use.ts', 'h3')).toBe(true);
    const nearFirst = editor({ 'builder-chain.ts': chain, 'builder-use.ts': use });
    expect(nearFirst.builds('builder-use.ts', 'h3')).toBe(true);
  });
});
