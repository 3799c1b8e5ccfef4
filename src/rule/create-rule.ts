import { ESLintUtils } from '@typescript-eslint/utils';

export interface PluginDocs {
  description: string;
  /** In `recommended` (and so in `strict`). */
  recommended?: boolean;
  requiresTypeChecking: true;
}

export const REPOSITORY_URL =
  'https://github.com/stripe-idempotency/eslint-plugin-stripe-idempotency';

export const createRule = ESLintUtils.RuleCreator<PluginDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
