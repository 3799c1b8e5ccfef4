// The rule factory every rule is made with, and what the rules' messages share.
export { createRule, REPOSITORY_URL } from './create-rule.js';
export { shorten } from './shorten.js';
