import ts from 'typescript';
import { declaringPackage, type DeclaredProperty } from '../sdk/index.js';

/**
 * The id of a call's cause, as a library declares it. A value is a cause only
 * where its type is declared here, never by its name; the rule asks the
 * checker whether the id can be missing (`Job.id?: string` in BullMQ,
 * `ToolCall.id?: string` in LangChain), and a cause whose id can be missing is
 * never offered.
 */
export interface CauseDeclaration extends DeclaredProperty {
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
