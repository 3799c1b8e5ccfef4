import ts from 'typescript';
import { skipOuter } from '../util/index.js';
import { resolvedImportsOf } from './program-internals.js';

/**
 * The text of a string constant another module of the program holds, by syntax alone (no checker
 * query): `export const STRIPE_API = 'https://api.stripe.com/v1'`, or a property of an exported
 * object literal (`export const stripeCommon = { baseUrl }` with `const baseUrl = '…'`), built from
 * literals, templates and `+` over the module's own or imported constants. `{…}` stands for a part
 * that is not constant, as in a URL's text.
 */
export function importedConstantText(
  program: ts.Program,
  importer: ts.SourceFile,
  specifier: string,
  name: string,
  properties: readonly string[],
): string | undefined {
  const found = exported(program, importer, specifier, name, 0);
  return found && textOf(program, found.file, found.value, properties, found.depth);
}

/** How many modules and constants a value is followed through. */
const MAX_DEPTH = 6;

interface Found {
  readonly file: ts.SourceFile;
  readonly value: ts.Expression;
  readonly depth: number;
}

function moduleFile(
  program: ts.Program,
  importer: ts.SourceFile,
  specifier: string,
): ts.SourceFile | undefined {
  const target = resolvedImportsOf(program, importer)?.find(
    (i) => i.specifier === specifier,
  )?.fileName;
  const file = target === undefined ? undefined : program.getSourceFile(target);
  return file && !file.isDeclarationFile ? file : undefined;
}

/** What module `specifier` of `importer` exports as `name` (`default` included), by its syntax. */
function exported(
  program: ts.Program,
  importer: ts.SourceFile,
  specifier: string,
  name: string,
  depth: number,
): Found | undefined {
  const file = depth < MAX_DEPTH ? moduleFile(program, importer, specifier) : undefined;
  if (!file) return undefined;
  const fromStar: string[] = [];
  for (const statement of file.statements) {
    if (
      ts.isVariableStatement(statement) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      const value = constantIn(statement, name);
      if (value) return { file, value, depth: depth + 1 };
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      if (name === 'default') return { file, value: statement.expression, depth: depth + 1 };
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const from =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from !== undefined) fromStar.push(from);
        continue;
      }
      if (!ts.isNamedExports(clause)) continue;
      const element = clause.elements.find((e) => e.name.text === name);
      if (!element) continue;
      const local = (element.propertyName ?? element.name).text;
      return from === undefined
        ? binding(program, file, local, depth + 1)
        : exported(program, file, from, local, depth + 1);
    }
  }
  for (const from of fromStar) {
    const found = exported(program, file, from, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function constantIn(statement: ts.VariableStatement, name: string): ts.Expression | undefined {
  if (!(statement.declarationList.flags & ts.NodeFlags.Const)) return undefined;
  return statement.declarationList.declarations.find(
    (d) => ts.isIdentifier(d.name) && d.name.text === name,
  )?.initializer;
}

/** What a name of a module's top level holds: its own `const`, or what it imports under it. */
function binding(
  program: ts.Program,
  file: ts.SourceFile,
  name: string,
  depth: number,
): Found | undefined {
  if (depth >= MAX_DEPTH) return undefined;
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const value = constantIn(statement, name);
      if (value) return { file, value, depth: depth + 1 };
    } else if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.importClause &&
      !statement.importClause.isTypeOnly
    ) {
      const clause = statement.importClause;
      const specifier = statement.moduleSpecifier.text;
      if (clause.name?.text === name) return exported(program, file, specifier, 'default', depth);
      const bindings = clause.namedBindings;
      const element =
        bindings && ts.isNamedImports(bindings)
          ? bindings.elements.find((e) => e.name.text === name)
          : undefined;
      if (element)
        return exported(
          program,
          file,
          specifier,
          (element.propertyName ?? element.name).text,
          depth,
        );
    }
  }
  return undefined;
}

function textOf(
  program: ts.Program,
  file: ts.SourceFile,
  node: ts.Expression,
  properties: readonly string[],
  depth: number,
): string | undefined {
  const value = skipOuter(node);
  if (depth > MAX_DEPTH) return undefined;
  if (ts.isIdentifier(value)) {
    const found = binding(program, file, value.text, depth);
    return found && textOf(program, found.file, found.value, properties, found.depth);
  }
  if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.name))
    return textOf(program, file, value.expression, [value.name.text, ...properties], depth + 1);
  if (properties.length > 0) {
    if (!ts.isObjectLiteralExpression(value)) return undefined;
    const [property, ...rest] = properties;
    // The last mention wins, and a spread after it may replace it.
    let held: ts.Expression | undefined;
    for (const member of value.properties) {
      if (ts.isSpreadAssignment(member)) held = undefined;
      else if (ts.isPropertyAssignment(member) && propertyText(member.name) === property)
        held = member.initializer;
      else if (ts.isShorthandPropertyAssignment(member) && member.name.text === property)
        held = member.name;
    }
    return held && textOf(program, file, held, rest, depth + 1);
  }
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return value.text;
  if (ts.isTemplateExpression(value))
    return (
      value.head.text +
      value.templateSpans
        .map(
          (span) =>
            (textOf(program, file, span.expression, [], depth + 1) ?? '{…}') + span.literal.text,
        )
        .join('')
    );
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textOf(program, file, value.left, [], depth + 1);
    return left === undefined
      ? undefined
      : left + (textOf(program, file, value.right, [], depth + 1) ?? '{…}');
  }
  return undefined;
}

function propertyText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
