import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from './file-analysis.js';
import { isStripeModule } from './stripe-package.js';

interface StripeImport {
  /** What the finding underlines: the import statement, or the `require()` call. */
  readonly node: TSESTree.Node;
  readonly specifier: TSESTree.StringLiteral;
}

function isStripeSpecifier(node: TSESTree.Node | null | undefined): node is TSESTree.StringLiteral {
  return node?.type === 'Literal' && typeof node.value === 'string' && isStripeModule(node.value);
}

/**
 * The file's first import of `stripe`: `import`, `export … from`, `import x = require()` or
 * `require()`.
 */
function firstStripeImport(sourceCode: Readonly<TSESLint.SourceCode>): StripeImport | undefined {
  const found: StripeImport[] = [];
  for (const statement of sourceCode.ast.body) {
    if (
      (statement.type === 'ImportDeclaration' ||
        statement.type === 'ExportNamedDeclaration' ||
        statement.type === 'ExportAllDeclaration') &&
      isStripeSpecifier(statement.source)
    ) {
      found.push({ node: statement, specifier: statement.source });
    } else if (
      statement.type === 'TSImportEqualsDeclaration' &&
      statement.moduleReference.type === 'TSExternalModuleReference' &&
      isStripeSpecifier(statement.moduleReference.expression)
    ) {
      found.push({ node: statement, specifier: statement.moduleReference.expression });
    }
  }
  // `require` is no declared variable, so its calls are among the global scope's unresolved
  // references; or, where ESLint declares the CommonJS globals (a `.cjs` file), the references of
  // that global.
  const globalScope = sourceCode.scopeManager?.globalScope;
  const declaredRequire = globalScope?.set.get('require');
  const requireReferences = [
    ...(globalScope?.through ?? []),
    ...(declaredRequire && declaredRequire.defs.length === 0 ? declaredRequire.references : []),
  ];
  for (const reference of requireReferences) {
    const call = reference.identifier.parent;
    if (
      reference.identifier.name === 'require' &&
      call.type === 'CallExpression' &&
      call.callee === reference.identifier
    ) {
      if (isStripeSpecifier(call.arguments[0]))
        found.push({ node: call, specifier: call.arguments[0] });
    }
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0])[0];
}

/**
 * The import of `stripe` to report in a file from which no stripe package
 * resolves (not installed yet, a monorepo package without it): every call on
 * its client is then untyped, and the file would pass in silence. Undefined
 * when the file imports no `stripe`, when `node_modules/stripe` is found on
 * the way up, or when TypeScript resolves the import some other way (`paths`,
 * a vendored copy), as the rules can read that package.
 */
export function missingStripeImport(file: FileAnalysis): TSESTree.Node | undefined {
  if (!file.mentionsStripe) return undefined;
  const stripeImport = firstStripeImport(file.sourceCode);
  if (!stripeImport || file.installed) return undefined;
  const specifier = file.services.esTreeNodeToTSNodeMap.get(stripeImport.specifier);
  return file.checker.getSymbolAtLocation(specifier) ? undefined : stripeImport.node;
}
