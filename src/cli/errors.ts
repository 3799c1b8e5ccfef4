/** A command line the CLI cannot run: it answers with the usage. */
export class UsageError extends Error {}

/**
 * What is around the CLI keeps it from linting (a missing or unsupported peer, a suppressions
 * file it cannot use): one message saying what to do, no stack.
 */
export class SetupError extends Error {}
