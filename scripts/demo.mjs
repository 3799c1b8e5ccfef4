// Lints the bundled example app with the plugin, as a user's project would,
// and prints its findings. Exits 0: the findings are the point of the demo.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const app = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'examples',
  'checkout-service',
);
const eslint = new ESLint({ cwd: app });
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
const clean = results
  .filter((result) => result.messages.length === 0)
  .map((result) => path.relative(app, result.filePath));

console.log(
  `Linting examples/checkout-service with eslint-plugin-stripe-idempotency (recommended config)`,
);
console.log(await formatter.format(results));
console.log(
  `${findings} finding(s) in ${results.length - clean.length} of ${results.length} files.`,
);
console.log(`No findings (correct calls only): ${clean.join(', ')}`);
