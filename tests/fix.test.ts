import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { fixtureDir } from './harness.js';

const dir = fixtureDir('stripe23');

/** Type errors of `code` compiled as a file of the stripe 23 fixture. */
function typeErrors(code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  )!;
  const fileName = path.join(dir, 'fix-check.ts');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, code, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], config.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('eslint --fix', () => {
  it('turns the snake-case option into code that type-checks', async () => {
    const code = `import Stripe from 'stripe';
declare const stripe: Stripe;
export function refund(orderId: string, chargeId: string) {
  return stripe.refunds.create({ charge: chargeId }, { idempotency_key: \`order_\${orderId}_refund\` });
}
`;
    expect(typeErrors(code)).toEqual([expect.stringContaining("'idempotency_key' does not exist")]);
    const eslint = new ESLint({
      cwd: dir,
      fix: true,
      overrideConfigFile: true,
      overrideConfig: [
        {
          languageOptions: {
            parser: tsParser,
            parserOptions: { projectService: true, tsconfigRootDir: dir },
          },
        },
        plugin.configs.recommended,
      ] as Linter.Config[],
    });
    const [result] = await eslint.lintText(code, { filePath: path.join(dir, 'file.ts') });
    expect(result.messages).toEqual([]);
    expect(result.output).toContain('{ idempotencyKey: `order_${orderId}_refund` }');
    expect(typeErrors(result.output!)).toEqual([]);
  });
});
