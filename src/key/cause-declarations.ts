import ts from 'typescript';

/**
 * The id of a call's cause, as a library declares it: the declaring
 * package, the interface (or class, alias, schema) that holds it, and the
 * property path from there. A value is a cause only where its type is
 * declared here, never by its name; the rule asks the checker whether the id
 * can be missing (`Job.id?: string` in BullMQ, `ToolCall.id?: string` in
 * LangChain), and a cause whose id can be missing is never offered.
 */
export interface CauseDeclaration {
  /** Packages that declare it: `declare module '…'` or `node_modules/(@types/)<package>/`. */
  readonly packages: readonly string[];
  /** Names of the declaration that holds the path. */
  readonly holders: readonly string[];
  readonly path: readonly string[];
  /** Where the id is unique only within another id (a run), that id's path: both go in the key. */
  readonly within?: readonly string[];
}

export const CAUSE_DECLARATIONS: readonly CauseDeclaration[] = [
  // BullMQ's `Job.id` is `string | undefined`: listed so that the check says no, by declaration.
  { packages: ['bullmq'], holders: ['Job'], path: ['id'] },
  { packages: ['aws-lambda'], holders: ['SQSRecord'], path: ['messageId'] },
  // The handler's context (`BaseContext`): `runId: string`; its `event.id` is optional.
  { packages: ['inngest'], holders: ['BaseContext', 'Context'], path: ['runId'] },
  {
    packages: ['@trigger.dev/sdk', '@trigger.dev/core'],
    holders: ['TaskRunContext'],
    path: ['run', 'id'],
  },
  // Temporal's `Info.activityId` is unique only within its workflow run (`'1'`, `'2'`, …).
  {
    packages: ['@temporalio/activity'],
    holders: ['Info'],
    path: ['activityId'],
    within: ['workflowExecution', 'runId'],
  },
  // AI SDK 4–6: the second argument of a tool's `execute`.
  {
    packages: ['ai', '@ai-sdk/provider-utils'],
    holders: ['ToolCallOptions', 'ToolExecutionOptions'],
    path: ['toolCallId'],
  },
  {
    packages: ['@openai/agents', '@openai/agents-core'],
    holders: ['FunctionCallItem'],
    path: ['callId'],
  },
  // LangChain's `ToolCall.id` is optional: never offered.
  { packages: ['@langchain/core'], holders: ['ToolCall'], path: ['id'] },
];

const CAUSE_PACKAGES: ReadonlySet<string> = new Set(CAUSE_DECLARATIONS.flatMap((c) => c.packages));

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
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

/** Whether a type (or a member of its intersection) is declared by a package of causes. */
export function isCausePackageType(type: ts.Type): boolean {
  const parts = type.isIntersection() ? [type, ...type.types] : [type];
  return parts.some((part) =>
    [part.aliasSymbol, part.getSymbol()].some((symbol) =>
      symbol?.declarations?.some((d) => {
        const pkg = declaringPackage(d);
        return pkg !== undefined && CAUSE_PACKAGES.has(pkg);
      }),
    ),
  );
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

/** Whether a property symbol is the id `cause` declares. */
export function isDeclaredCauseId(symbol: ts.Symbol, cause: CauseDeclaration): boolean {
  return (symbol.declarations ?? []).some((declaration) => {
    const pkg = declaringPackage(declaration);
    if (pkg === undefined || !cause.packages.includes(pkg)) return false;
    const held = holderOf(declaration);
    return (
      held !== undefined &&
      cause.holders.includes(held.holder) &&
      held.path.join('.') === cause.path.join('.')
    );
  });
}
