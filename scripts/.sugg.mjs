import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import path from 'node:path';
const plugin = (await import('/work/main/dist/src/index.js')).default;
const [fixture, codeFile] = process.argv.slice(2);
const dir = `/work/main/tests/fixtures/${fixture}`;
const linter = new Linter({ configType: 'flat', cwd: dir });
const code = fs.readFileSync(codeFile, 'utf8');
const msgs = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: dir } }, plugins: { 'stripe-idempotency': plugin }, rules: { 'stripe-idempotency/require-idempotency-key': 'error' } }], { filename: path.join(dir, 'file.ts') });
for (const m of msgs) {
  console.log(m.line, m.messageId, m.message);
  for (const s of m.suggestions ?? []) {
    const out = code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]);
    console.log('  SUGG', s.messageId, s.desc, '\n' + out.split('\n').slice(3).join('\n'));
  }
}
