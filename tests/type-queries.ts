import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter, type Rule } from 'eslint';
import type ts from 'typescript';
import plugin from '../src/index.js';
import { fixtureDir } from './harness.js';

/**
 * Counts the type-checker queries made while linting (in all and per checker
 * method, with the text of each node a symbol was asked for, each property
 * name looked up in a type, and each symbol whose type was asked for): a rule created before the plugin's wraps every
 * method of the program's checker, so each call the plugin makes through the
 * checker (or typescript-eslint's parser services, which call the same object)
 * is counted. TypeScript's own internal calls do not go through the object
 * and are not counted.
 */
export const typeQueries = {
  count: 0,
  byMethod: new Map<string, number>(),
  symbolsAskedAt: [] as string[],
  /** The names `getPropertyOfType` was asked for. */
  propertiesAskedFor: [] as string[],
  /** The names of the symbols `getTypeOfSymbol` was asked about. */
  symbolTypesAskedFor: [] as string[],
};

const instrumented = new WeakSet<ts.TypeChecker>();

function instrument(checker: ts.TypeChecker): void {
  if (instrumented.has(checker)) return;
  instrumented.add(checker);
  const methods = checker as unknown as Record<string, unknown>;
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method !== 'function') continue;
    methods[name] = (...args: unknown[]): unknown => {
      typeQueries.count++;
      typeQueries.byMethod.set(name, (typeQueries.byMethod.get(name) ?? 0) + 1);
      if (name === 'getSymbolAtLocation')
        typeQueries.symbolsAskedAt.push((args[0] as ts.Node).getText());
      if (name === 'getPropertyOfType') typeQueries.propertiesAskedFor.push(args[1] as string);
      if (name === 'getTypeOfSymbol')
        typeQueries.symbolTypesAskedFor.push((args[0] as ts.Symbol).name);
      return (method as (...a: unknown[]) => unknown)(...args);
    };
  }
}

const counter: Rule.RuleModule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const program = (context.sourceCode.parserServices as { program?: ts.Program } | undefined)
      ?.program;
    if (program) instrument(program.getTypeChecker());
    return {};
  },
};

/** Put first in a config: `[countingConfig, ...yourConfigs]`. */
export const countingConfig: Linter.Config = {
  plugins: { 'type-queries': { rules: { count: counter } } satisfies ESLint.Plugin },
  rules: { 'type-queries/count': 'error' },
};

/**
 * ESLint on the stripe 23 fixture with typescript-eslint's project service and the recommended
 * config, after `configs` (an editor's instance: each `lintText` of a file makes a new program).
 */
export function stripe23Linter(configs: Linter.Config[] = []): ESLint {
  return new ESLint({
    cwd: fixtureDir('stripe23'),
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: { projectService: true, tsconfigRootDir: fixtureDir('stripe23') },
        },
      },
      ...configs,
      plugin.configs.recommended,
    ] as Linter.Config[],
  });
}

/**
 * Lints `code` as `file.ts` of the stripe 23 fixture with the recommended config: its messages, and
 * the type queries made while linting it.
 */
export async function lintCountingQueries(
  code: string,
): Promise<{ messages: Linter.LintMessage[]; queries: number }> {
  const eslint = stripe23Linter([countingConfig]);
  const before = typeQueries.count;
  const [result] = await eslint.lintText(code, {
    filePath: path.join(fixtureDir('stripe23'), 'file.ts'),
  });
  return { messages: result.messages, queries: typeQueries.count - before };
}
