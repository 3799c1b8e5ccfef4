// Stripe requests: SDK calls and raw HTTP calls recognised, and where their key sits.
export { RAW_REQUEST } from './call-syntax.js';
export { optionsArgument } from './sdk-key.js';
export { isUndefinedValue, type KeyFinding } from './key-finding.js';
export { isIdempotencyHeader, isKeySpelling, KEY_OPTION } from './key-spelling.js';
export { objectLiteralOf } from './object-literal.js';
export {
  defineRequestVisitor,
  getEstablishedRequest,
  type EstablishedRequest,
} from './request-visitor.js';
export { argumentAt, type StripeRequest } from './stripe-request.js';
