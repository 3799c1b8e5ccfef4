// The key of a request: whether it is stable (stability/), whether it is reused (reuse/),
// and the key to suggest where there is none.
export { suggestKeys } from './key-suggestion.js';
export {
  getKeyValues,
  invariantKeyCalls,
  isKeyBuilderCall,
  isOneTimeOperation,
  tooBroadKey,
} from './reuse/index.js';
export {
  keyPlaceOf,
  KeyStability,
  mayCallWrapper,
  type Instability,
  sourceModulesOf,
  type ModuleSource,
  type SourceFact,
  wrapperNamesOf,
} from './stability/index.js';
