import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { callReceiving, calleeText, isLoggingOrFormatting, unwrap } from '../util/index.js';
import type { FileAnalysis } from '../sdk/index.js';

/** Modules whose calls match, fake or assert requests in tests, never send one. */
const TEST_MODULES = new Set([
  'nock',
  'msw',
  'msw/node',
  'msw/browser',
  'fetch-mock',
  'jest-fetch-mock',
  'vitest-fetch-mock',
  'axios-mock-adapter',
  'sinon',
  'vitest',
  '@jest/globals',
  'chai',
  'node:test',
  'node:assert',
  'assert',
  'cypress',
  '@playwright/test',
]);

/** Globals of test runners: `expect(fetch).toHaveBeenCalledWith({...})`, `cy.intercept({...})`. */
const TEST_GLOBALS = new Set(['expect', 'cy', 'jest', 'vi', 'sinon', 'nock', 'fetchMock', 'td']);

/** JavaScript's own globals that copy or freeze an object: `Object.freeze({...})`. */
const BUILT_INS = new Set(['Object', 'Reflect', 'structuredClone']);

/** The identifier a callee chain starts from: `cy` of `cy.intercept`, `expect` of `expect(x).toBe`. */
function chainRoot(callee: TSESTree.Node): TSESTree.Identifier | undefined {
  let node = unwrap(callee);
  for (;;) {
    if (node.type === 'MemberExpression') node = unwrap(node.object);
    else if (node.type === 'CallExpression') node = unwrap(node.callee);
    else return node.type === 'Identifier' ? node : undefined;
  }
}

/** Whether a call belongs to a test library, or (`ownArgument`) copies or logs its argument. */
function describesOnly(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
  ownArgument: boolean,
): boolean {
  if (ownArgument) {
    const text = calleeText(file.services.esTreeNodeToTSNodeMap.get(call).expression);
    if (text !== undefined && isLoggingOrFormatting(text)) return true;
  }
  const root = chainRoot(call.callee);
  if (!root) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  const [definition] = variable?.defs ?? [];
  // A global, or a stand-in declaration of one (`declare const expect: …`).
  if (!definition || (definition.type === 'Variable' && definition.parent.declare))
    return TEST_GLOBALS.has(root.name) || (ownArgument && BUILT_INS.has(root.name));
  if (definition.type === 'ImportBinding' && definition.parent.type === 'ImportDeclaration')
    return TEST_MODULES.has(String(definition.parent.source.value));
  const init = definition.type === 'Variable' ? definition.node.init : undefined;
  const required = init && unwrap(init);
  return (
    required?.type === 'CallExpression' &&
    required.callee.type === 'Identifier' &&
    required.callee.name === 'require' &&
    required.arguments[0]?.type === 'Literal' &&
    TEST_MODULES.has(String(required.arguments[0].value))
  );
}

/**
 * Whether a call that is handed a request's description only matches, fakes, asserts, logs or
 * copies it rather than sending it: a call of a test library (nock, msw, fetch-mock, a test
 * runner's `expect`, Cypress's `cy`), of a logger or of `Object`, or a call made in the
 * arguments of a test library's (`expect.objectContaining({...})`). Syntax and scope only.
 */
export function onlyDescribesRequest(file: FileAnalysis, call: TSESTree.CallExpression): boolean {
  if (describesOnly(file, call, true)) return true;
  for (let outer = callReceiving(call); outer; outer = callReceiving(outer)) {
    if (outer.type === 'CallExpression' && describesOnly(file, outer, false)) return true;
  }
  return false;
}

/** Whether the file is a test (`*.test.ts`, `*.spec.js`, `*.e2e-spec.ts`, `__tests__/`, `__mocks__/`). */
export function isTestFile(file: FileAnalysis): boolean {
  return /(?:(?:\.test|\.spec|-spec)\.[cm]?[jt]sx?$)|(?:[\\/]__(?:tests|mocks)__[\\/])/.test(
    file.sourceFile.fileName,
  );
}

/** The value a `method` written as a named constant or enum member certainly is (`HttpMethod.POST`). */
export function literalTypeText(file: FileAnalysis, node: TSESTree.Node): string | undefined {
  const type = file.services.getTypeAtLocation(node);
  return type.flags & ts.TypeFlags.StringLiteral ? (type as ts.StringLiteralType).value : undefined;
}
