import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe } from 'vitest';
import rule from '../rules/require-idempotency-key.js';

// A project outside this repository, so that no node_modules/stripe is found
// on the way up (the repository's own would be found from any folder in it).
// `vendored/` maps `stripe` to declarations of its own through `paths`.
const project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'no-stripe-')));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, module: 'preserve', types: [], noEmit: true, allowJs: true },
    include: ['*.ts', '*.js', '*.cjs'],
  }),
  'file.ts': '',
  'script.js': '',
  'script.cjs': '',
  'vendored/tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'preserve',
      types: [],
      noEmit: true,
      paths: { stripe: ['./stripe.d.ts'] },
    },
    include: ['*.ts'],
  }),
  'vendored/file.ts': '',
  'vendored/stripe.d.ts':
    'declare class Stripe {\n  constructor(key: string);\n}\nexport default Stripe;\n',
};
for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
  fs.writeFileSync(path.join(project, name), text);
}

const tester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: project } },
});

describe('a file that imports stripe where none is installed', () => {
  tester.run('require-idempotency-key', rule, {
    valid: [
      {
        name: 'a file that does not import stripe',
        code: `export const refund = (id: string) => ({ id });\n`,
      },
      {
        name: 'stripe resolved by TypeScript through `paths`',
        code: `import Stripe from 'stripe';
export const stripe = new Stripe('sk_test');
`,
        filename: 'vendored/file.ts',
      },
    ],
    invalid: [
      {
        name: 'one finding at the import, and nothing else: every call is untyped',
        code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
stripe.refunds.create({ charge: 'ch_1' });
`,
        errors: [
          { messageId: 'stripeNotInstalled', line: 1, column: 1, endLine: 1, endColumn: 29 },
        ],
      },
      {
        name: 'one finding for the file, at its first import of stripe',
        code: `import { foo } from './foo';
import type Stripe from 'stripe';
import type { Refund } from 'stripe/cjs/resources/Refunds';
`,
        errors: [
          { messageId: 'stripeNotInstalled', line: 2, column: 1, endLine: 2, endColumn: 34 },
        ],
      },
      {
        name: '`import x = require()`',
        code: `import Stripe = require('stripe');\n`,
        errors: [
          { messageId: 'stripeNotInstalled', line: 1, column: 1, endLine: 1, endColumn: 35 },
        ],
      },
      {
        name: '`require()` in JavaScript',
        code: `const stripe = require('stripe')('sk_test');
stripe.refunds.create({ charge: 'ch_1' });
`,
        filename: 'script.js',
        errors: [
          { messageId: 'stripeNotInstalled', line: 1, column: 16, endColumn: 33, endLine: 1 },
        ],
      },
      {
        name: '`require()` in a `.cjs` file, where `require` is a declared global',
        code: `const Stripe = require('stripe');
exports.refund = (id) => new Stripe('sk_test').refunds.create({ charge: id });
`,
        filename: 'script.cjs',
        errors: [
          { messageId: 'stripeNotInstalled', line: 1, column: 16, endColumn: 33, endLine: 1 },
        ],
      },
    ],
  });
});
