// Stripe requests: SDK calls and raw HTTP calls recognised, where their key sits, and the context
// every rule receives of one, with the edits that write its key.
export { mayBeStripeRequest, RAW_REQUEST } from './call-syntax.js';
export { keyValuesInBranches, optionsArgument } from './sdk-key.js';
export { isUndefinedValue, type KeyFinding } from './key-finding.js';
export {
  DEPRECATED_KEY_OPTION,
  isIdempotencyHeader,
  isKeySpelling,
  KEY_OPTION,
} from './key-spelling.js';
export { objectLiteralOf } from './object-literal.js';
export { defineRequestVisitor, getEstablishedRequest } from './request-visitor.js';
export type {
  EstablishedRequest,
  HttpRequestContext,
  LiteralEntry,
  MisplacedKey,
  ObjectLiteral,
  SdkRequestContext,
} from './request-context.js';
export { keyHeaderWriter, keyOptionWriter, type KeyEdit, type KeyWriter } from './key-edits.js';
export {
  argumentAt,
  isOptionKey,
  programSdkCall,
  type ProgramSdkCall,
  type StripeRequest,
} from './stripe-request.js';
