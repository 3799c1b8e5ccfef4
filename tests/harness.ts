import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';

/** Fixture folders, each a workspace pinning its own stripe major. */
export type Fixture =
  | 'stripe8'
  | 'stripe10'
  | 'stripe11'
  | 'stripe12'
  | 'stripe18'
  | 'stripe21'
  | 'stripe22'
  | 'stripe23';

export function fixtureDir(fixture: Fixture): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', fixture);
}

/** A typed RuleTester whose `file.ts` resolves `stripe` to the fixture's own version. */
export function typedRuleTester(fixture: Fixture): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixtureDir(fixture),
      },
    },
  });
}
