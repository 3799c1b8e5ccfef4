// Whether a key stays the same when the same operation runs again: where its value comes
// from (provenance), whether it is stored first (storage), and what makes it fresh (sources).
export { sourceModulesOf, type ModuleSource } from './key-sources.js';
export { keyPlaceOf, KeyStability, type Instability, type SourceFact } from './key-stability.js';
export { mayCallWrapper, wrapperNamesOf } from './key-parameters.js';
