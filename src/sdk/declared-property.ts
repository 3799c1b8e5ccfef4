import ts from 'typescript';

/**
 * A property as a library declares it: the declaring package, the interface
 * (or class, alias, schema) that holds it, and the property path from there.
 * Known by its declaration, never by the name of the variable it is read from.
 */
export interface DeclaredProperty {
  /** Packages that declare it: `declare module '…'` or `node_modules/(@types/)<package>/`. */
  readonly packages: readonly string[];
  /** Names of the declaration that holds the path. */
  readonly holders: readonly string[];
  readonly path: readonly string[];
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The package that declares a node: its `declare module '…'`, or its `node_modules` file. */
export function declaringPackage(declaration: ts.Node): string | undefined {
  const ambient = ts.findAncestor(
    declaration,
    (n) => ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name),
  ) as ts.ModuleDeclaration | undefined;
  if (ambient) return packageOf((ambient.name as ts.StringLiteral).text);
  const file = declaration.getSourceFile().fileName;
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = file.slice(at + '/node_modules/'.length).replace(/^@types\//, '');
  const name = packageOf(rest);
  // `@types/aws-lambda` declares `aws-lambda`; `@types/scope__name` declares `@scope/name`.
  return name.includes('__') ? `@${name.replace('__', '/')}` : name;
}

/**
 * Where a property is declared: the named declaration that holds it and the
 * property names from there (`TaskRunContext`, `run.id`), through type
 * literals and type arguments (a schema's inferred type).
 */
function holderOf(declaration: ts.Node): { holder: string; path: string[] } | undefined {
  const path: string[] = [];
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (
      (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      path.unshift(node.name.text);
    } else if (
      (ts.isInterfaceDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isVariableDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      return { holder: node.name.text, path };
    } else if (ts.isSourceFile(node) || ts.isModuleBlock(node)) {
      return undefined;
    }
  }
  return undefined;
}

/** Whether a property symbol is the one `property` names, by its declaration. */
export function isDeclaredProperty(symbol: ts.Symbol, property: DeclaredProperty): boolean {
  return (symbol.declarations ?? []).some((declaration) => {
    const pkg = declaringPackage(declaration);
    if (pkg === undefined || !property.packages.includes(pkg)) return false;
    const held = holderOf(declaration);
    return (
      held !== undefined &&
      property.holders.includes(held.holder) &&
      held.path.join('.') === property.path.join('.')
    );
  });
}
