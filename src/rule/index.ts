// The rule factory every rule is made with.
export { createRule, REPOSITORY_URL } from './create-rule.js';
