// The installed stripe package: its verb table, whether a file reaches it, declared types,
// which package declares a property, where a value is imported from, and the per-file
// analysis every rule shares.
export {
  declaringPackage,
  isDeclaredProperty,
  packageOf,
  type DeclaredProperty,
} from './declared-property.js';
export { declaredType, memberOf } from './declared-type.js';
export { getFileAnalysis, type FileAnalysis } from './file-analysis.js';
export {
  isFromPackage,
  mayCallProgramCode,
  normaliseModule,
  originsOf,
  symbolAt,
  unaliased,
  type Origin,
} from './import-origin.js';
export { missingStripeImport } from './missing-stripe.js';
export { importedConstantText } from './module-constants.js';
export { mayMention, resolutionsIdentity } from './program-internals.js';
export { resourceKeyOf } from './resource-key.js';
export {
  honoursHeaderKey,
  isStripeModule,
  readsDeprecatedKeyOption,
  stripePackageOwning,
  stripeRootOwning,
  type StripePackage,
} from './stripe-package.js';
export {
  getVerbTable,
  guessVerb,
  resolveVerb,
  resourceProperty,
  type HttpVerb,
} from './verb-table.js';
