// Helpers over ESLint's tree (ESTree) and TypeScript's, and control flow: no idea of Stripe.
export {
  callReceiving,
  certainInit,
  enclosingFunction,
  isInside,
  localFunction,
  LOOPS,
  propertyName,
  returnedValues,
  staticString,
  unwrap,
  walk,
  type Scope,
} from './estree.js';
export { mutuallyExclusive, runningFunction } from './control-flow.js';
export { isLoggingOrFormatting } from './logging-call.js';
export { runsOnlyWhenPresent, type Missing } from './non-null-guard.js';
export { PACKAGE_ROOT } from './package-root.js';
export { isStackOverflow } from './stack-overflow.js';
export {
  callsPlatformLibrary,
  calleeText,
  contains,
  isFallback,
  isFallbackOperator,
  isFunctionScope,
  scopeOf,
  skipOuter,
  staticName,
  type FunctionScope,
} from './ts-nodes.js';
