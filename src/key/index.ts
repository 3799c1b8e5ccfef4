// The key of a request: whether it is stable (stability/), whether it is reused (reuse/),
// the key to suggest where there is none, and the edits that write one.
export { keyOptionWriter } from './key-edits.js';
export { suggestKeys } from './key-suggestion.js';
export {
  getKeyValues,
  invariantKeyCalls,
  isKeyBuilderCall,
  isOneTimeOperation,
  tooBroadKey,
} from './reuse/index.js';
export { KeyStability, type ModuleSource, type SourceFact } from './stability/index.js';
