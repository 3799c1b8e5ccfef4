// Whether two requests share a key: the values keys hold, helpers that make the same key
// on every call, and key builders.
export { COUNTERPART_CREATES, namesCounterpart } from './counterparts.js';
export { invariantKeyCalls } from './invariant-key-calls.js';
export { isOneTimeOperation, tooBroadKey, type TooBroadKey } from './key-breadth.js';
export { isKeyBuilderCall } from './key-builders.js';
export { getKeyValues } from './key-values.js';
