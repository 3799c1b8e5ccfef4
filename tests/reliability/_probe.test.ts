import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { it, expect } from 'vitest';
import plugin from '../../src/index.js';
import { fixtureDir } from '../harness.js';

const dir = fixtureDir('stripe23');
const linter = new Linter({ configType: 'flat', cwd: dir });
const config: Linter.Config[] = [{
  files: ['**/*.ts'],
  languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: dir } },
  plugins: { 'stripe-idempotency': plugin as any },
  rules: Object.fromEntries(Object.keys(plugin.rules).map((r) => [`stripe-idempotency/${r}`, 'error'])),
}];
const lint = (code: string) => linter.verify(code, config, { filename: path.join(dir, 'file.ts') });
const pre = `import Stripe from 'stripe';\ndeclare const stripe: Stripe;\nfunction a(n: number): string { return n > 0 ? b(n - 1) : 'x'; }\nfunction b(n: number): string { return n > 0 ? a(n - 1) : \`\${Date.now()}\`; }\n`;
it('probe2', () => {
  for (const n of [10, 14, 16, 18, 20]) {
    let body = 'const k0 = `${Date.now()}`;\n';
    for (let i = 1; i <= n; i++) body += `const k${i} = \`\${k${i-1}}-\${k${i-1}}\`;\n`;
    const t = Date.now();
    const msgs = lint(`import Stripe from 'stripe';\ndeclare const stripe: Stripe;\n${body}stripe.refunds.create({}, { idempotencyKey: k${n} });\n`);
    console.log(n, Date.now() - t, msgs.map((m) => m.ruleId));
  }
});
