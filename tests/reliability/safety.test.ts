// Safety: the rules read the stripe package as text
// and never execute user code. tests/untrusted/ resolves `stripe` (through
// `compilerOptions.paths`) to a stand-in whose every JavaScript file throws
// 'stripe stand-in executed' at the top; its method bodies follow the throw,
// so only a reader of the text can see them. The plugin's own source is
// checked for anything that could load or run code, or reach the network.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { stripePackageInstalledFor, stripePackageOwning } from '../../src/sdk/stripe-package.js';
import { getVerbTable } from '../../src/sdk/verb-table.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const untrusted = path.join(root, 'tests', 'untrusted');
const vendor = path.join(untrusted, 'vendor', 'stripe');
const EXECUTED = 'stripe stand-in executed';

const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { projectService: true, tsconfigRootDir: untrusted },
    },
  },
  plugin.configs.recommended,
  // A key on a GET is reported only on request; here it shows the verb was read from the stand-in.
  {
    rules: {
      'stripe-idempotency/valid-idempotency-options': ['error', { reportIneffectiveKeys: true }],
    },
  },
];

const code = `import Stripe from 'stripe';
declare const stripe: Stripe;
declare const order: { id: string };
stripe.refunds.create({ charge: 'ch_1' });
stripe.refunds.expire('re_1');
stripe.customers.retrieve('cus_1');
stripe.customers.del('cus_1');
stripe.customers.create({}, { idempotencyKey: \`signup_\${Date.now()}\` });
stripe.customers.retrieve('cus_1', {}, { idempotencyKey: \`get_\${order.id}\` });
stripe.rawRequest('POST', '/v1/refunds', {});
const client = new Stripe('sk_test_123');
client.customers.update('cus_1', { email: 'a@b.c' }, { idempotencyKey: \`email_\${order.id}\` });
`;

describe('linting against a stripe package whose JavaScript throws when executed', () => {
  // Every CommonJS load in the process while linting: none may be the stand-in's.
  const loaded: string[] = [];
  const moduleWithLoad = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  const originalLoad = moduleWithLoad._load;
  let result: ESLint.LintResult;
  let lintError: unknown;

  beforeAll(async () => {
    moduleWithLoad._load = function load(request, parent, isMain) {
      loaded.push(request);
      return originalLoad.call(this, request, parent, isMain);
    };
    try {
      const eslint = new ESLint({
        cwd: untrusted,
        overrideConfigFile: true,
        overrideConfig: config,
      });
      [result] = await eslint.lintText(code, { filePath: path.join(untrusted, 'file.ts') });
    } catch (error) {
      lintError = error;
    } finally {
      moduleWithLoad._load = originalLoad;
    }
  });

  afterAll(() => {
    moduleWithLoad._load = originalLoad;
  });

  it('resolves `stripe` to the stand-in for types, and to the root install for the name filter', () => {
    expect(stripePackageOwning(path.join(vendor, 'index.d.ts'))?.root).toBe(vendor);
    expect(stripePackageInstalledFor(path.join(untrusted, 'file.ts'))?.root).toBe(
      fs.realpathSync(path.join(root, 'node_modules', 'stripe')),
    );
  });

  it('lints without executing anything of the stand-in', () => {
    expect(lintError instanceof Error ? lintError.message : '').not.toContain(EXECUTED);
    expect(lintError).toBeUndefined();
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    expect(result.messages.map((m) => m.message).join('\n')).not.toContain(EXECUTED);
    expect(
      loaded.filter(
        (request) => request.includes('untrusted') || request.includes(`vendor${path.sep}stripe`),
      ),
    ).toEqual([]);
  });

  it('reports with verbs read as text from the stand-in', () => {
    expect(
      result.messages.map((m) => [
        m.line,
        m.ruleId?.replace('stripe-idempotency/', ''),
        m.messageId,
      ]),
    ).toEqual([
      [4, 'require-idempotency-key', 'missingOptions'],
      // `refunds.expire` exists only in the stand-in: its verb and path can only come from its text.
      [5, 'require-idempotency-key', 'missingOptions'],
      [8, 'no-unstable-idempotency-key', 'timeSource'],
      // customers.retrieve is a GET in the stand-in: a key on it has no effect.
      [9, 'valid-idempotency-options', 'keyWithoutEffect'],
      [10, 'require-idempotency-key', 'missingOptions'],
    ]);
    expect(result.messages[1].message).toContain('`refunds.expire`');
    expect(result.messages[0].message).toContain('`refunds.create`');
    const refunds = getVerbTable(
      stripePackageOwning(path.join(vendor, 'index.d.ts'))!,
    ).resources.get('Refunds');
    expect(refunds?.get('expire')?.path).toBe('/v1/refunds/{id}/expire');
    expect(refunds?.get('create')?.path).toBe('/v1/refunds');
  });

  it('read exactly the stand-in’s resource files', () => {
    const table = getVerbTable(stripePackageOwning(path.join(vendor, 'index.d.ts'))!);
    expect(table.unreadable).toBeUndefined();
    expect(
      Object.fromEntries(
        [...table.resources].map(([key, methods]) => [
          key,
          Object.fromEntries([...methods].map(([m, s]) => [m, s.verb])),
        ]),
      ),
    ).toEqual({
      Customers: { create: 'POST', retrieve: 'GET', update: 'POST', del: 'DELETE' },
      Refunds: { create: 'POST', retrieve: 'GET', expire: 'POST' },
    });
  });

  it('uses a stand-in that really throws when executed (the fixture is armed)', () => {
    const load = createRequire(import.meta.url);
    for (const file of [
      'cjs/resources/Refunds.js',
      'cjs/resources/Customers.js',
      'cjs/stripe.cjs.node.js',
    ]) {
      expect(() => {
        load(path.join(vendor, file));
      }).toThrow(EXECUTED);
    }
  });
});

// ------------------------------------------------------- the plugin's source

/** The plugin entry point ESLint loads; the scan covers every module it reaches. */
const ENTRY = path.join(root, 'src', 'index.ts');
/**
 * Modules the plugin may import: its own files, the TypeScript toolchain (with the parser its
 * configs set), and read-only file access. Type-only imports are erased, so they do not count.
 */
const ALLOWED_MODULES = new Set([
  'node:fs',
  'node:path',
  'node:url',
  'typescript',
  '@typescript-eslint/utils',
  '@typescript-eslint/parser',
  'ts-api-utils',
]);
/** The only `fs` functions it may call: it reads, it never writes. */
const ALLOWED_FS = new Set([
  'readFileSync',
  'existsSync',
  'readdirSync',
  'realpathSync',
  'statSync',
  'lstatSync',
]);
const FORBIDDEN_CALLS = new Set([
  'require',
  'fetch',
  'eval',
  'Function',
  'createRequire',
  'setTimeout',
  'setInterval',
]);
/** Ways to load, run or leave code through globals (`process.emitWarning`, say, is fine). */
const FORBIDDEN_MEMBER_CALLS = new Set([
  'process.binding',
  'process._linkedBinding',
  'process.dlopen',
  'process.exit',
  'process.kill',
  'process.chdir',
  'process.abort',
  'module.require',
  'Module._load',
  'Module.createRequire',
  'globalThis.eval',
  'globalThis.fetch',
  'globalThis.require',
]);

interface Finding {
  file: string;
  line: number;
  what: string;
}

/**
 * The plugin's own modules: src/index.ts and every relative import reachable
 * from it. Other entry points (the CLI, which writes temporary files and
 * exits the process) are not part of what ESLint loads, so not of this promise.
 */
function sourceFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      false,
      ts.ScriptKind.TS,
    );
    for (const statement of source.statements) {
      if (
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        statement.moduleSpecifier.text.startsWith('.')
      ) {
        visit(
          path.resolve(path.dirname(file), statement.moduleSpecifier.text.replace(/\.js$/, '.ts')),
        );
      }
    }
  };
  visit(ENTRY);
  return [...seen].sort();
}

/** Imports, calls and `fs` uses in the plugin's source, from its AST: text in strings, regexes and comments does not count. */
function scan(file: string): { imports: Finding[]; forbidden: Finding[]; fsCalls: Finding[] } {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const relative = path.relative(root, file);
  const at = (node: ts.Node, what: string): Finding => ({
    file: relative,
    line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    what,
  });
  const imports: Finding[] = [];
  const forbidden: Finding[] = [];
  const fsCalls: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !(ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly)
    ) {
      imports.push(at(node, node.moduleSpecifier.text));
    }
    if (ts.isImportEqualsDeclaration(node)) forbidden.push(at(node, 'import = require()'));
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) forbidden.push(at(node, 'dynamic import()'));
      if (ts.isIdentifier(callee) && FORBIDDEN_CALLS.has(callee.text))
        forbidden.push(at(node, `${callee.text}()`));
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        if (callee.expression.text === 'fs') fsCalls.push(at(node, callee.name.text));
        const member = `${callee.expression.text}.${callee.name.text}`;
        if (FORBIDDEN_MEMBER_CALLS.has(member)) forbidden.push(at(node, `${member}()`));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, forbidden, fsCalls };
}

describe('the plugin’s source', () => {
  const files = sourceFiles();
  const scans = files.map(scan);

  it('is every module reachable from src/index.ts, every rule included', () => {
    const relative = files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    expect(relative).toEqual(
      expect.arrayContaining([
        'src/index.ts',
        'src/sdk/verb-table.ts',
        'src/sdk/stripe-package.ts',
        'src/key/stability/key-tracer.ts',
      ]),
    );
    for (const rule of Object.keys(plugin.rules)) expect(relative).toContain(`rules/${rule}.ts`);
    expect(relative.filter((f) => !/^(src|rules)\/([\w-]+\/)*[\w-]+\.ts$/.test(f))).toEqual([]);
  });

  it('imports only its own files, TypeScript, typescript-eslint utils, ts-api-utils and node:fs/path/url', () => {
    const outside = scans
      .flatMap((s) => s.imports)
      .filter(
        ({ what }) =>
          !what.startsWith('./') && !what.startsWith('../') && !ALLOWED_MODULES.has(what),
      );
    expect(outside).toEqual([]);
  });

  it('imports no network, process or module-loading module', () => {
    const network = scans
      .flatMap((s) => s.imports)
      .filter(
        ({ what }) =>
          /^(node:)?(https?|http2|net|tls|dgram|dns|child_process|worker_threads|vm|module|cluster|inspector)$/.test(
            what,
          ) || /fetch|undici|axios/.test(what),
      );
    expect(network).toEqual([]);
  });

  it('never calls require(), import(), fetch(), eval(), new Function() or process.exit() and the like', () => {
    expect(scans.flatMap((s) => s.forbidden)).toEqual([]);
  });

  it('only reads files: every fs call is a read', () => {
    const writes = scans.flatMap((s) => s.fsCalls).filter(({ what }) => !ALLOWED_FS.has(what));
    expect(writes).toEqual([]);
    expect(scans.flatMap((s) => s.fsCalls).map((f) => f.what)).toContain('readFileSync');
  });

  it('mentions require, import, fetch, http(s) and child_process only in strings, regexes and comments', () => {
    // The words do occur (raw-HTTP detection, key-source tracing, the docs URL), but only as
    // text the rules look for in user code: every occurrence must sit in a literal or a comment.
    const WORDS =
      /\b(?:require|import|fetch)\(|\bhttps?:\/\/|\bchild_process\b|\bnode:(?:https?|net)\b/g;
    const inCode: Finding[] = [];
    let occurrences = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const source = ts.createSourceFile(
        file,
        text,
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TS,
      );
      for (const match of text.matchAll(WORDS)) {
        occurrences++;
        if (classify(source, match.index) === 'code') {
          inCode.push({
            file: path.relative(root, file),
            line: source.getLineAndCharacterOfPosition(match.index).line + 1,
            what: match[0],
          });
        }
      }
    }
    expect(inCode).toEqual([]);
    expect(occurrences).toBeGreaterThan(0);
  });
});

/** Whether a position of a source file is in code, in a string/template/regex literal, or in a comment. */
function classify(source: ts.SourceFile, pos: number): 'code' | 'literal' | 'comment' {
  let node: ts.Node = source;
  descend: for (;;) {
    for (const child of node.getChildren(source)) {
      if (child.pos <= pos && pos < child.end) {
        node = child;
        continue descend;
      }
    }
    break;
  }
  const isJSDoc = (n: ts.Node) =>
    n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode;
  if (ts.findAncestor(node, isJSDoc) || pos < node.getStart(source)) return 'comment';
  if (
    ts.isStringLiteralLike(node) ||
    ts.isRegularExpressionLiteral(node) ||
    node.kind === ts.SyntaxKind.TemplateHead ||
    node.kind === ts.SyntaxKind.TemplateMiddle ||
    node.kind === ts.SyntaxKind.TemplateTail
  ) {
    return 'literal';
  }
  return 'code';
}
