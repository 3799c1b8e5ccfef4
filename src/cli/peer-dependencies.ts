import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE } from './package-info.js';

const require = createRequire(import.meta.url);

// As the README's 'Projects on TypeScript 7' says.
const TYPESCRIPT_7 =
  'TypeScript 7 has no JavaScript API before 7.1: install TypeScript 6 as `typescript` beside it, ' +
  '`npm install --save-dev typescript@npm:@typescript/typescript6 typescript7@npm:typescript@^7`.';

/**
 * What is wrong with the installed peer dependencies (ESLint, TypeScript, the parser), one
 * sentence each; none when they fit. Read from their package.json files, found where this
 * module's own imports resolve them, so nothing is loaded: a TypeScript without a JavaScript API
 * (7.0) or a missing ESLint would otherwise fail while loading, as a crash.
 */
export function peerProblems(): string[] {
  return Object.entries(PACKAGE.peerDependencies).flatMap(([name, range]) => {
    const version = installedVersion(name);
    if (version === undefined)
      return [
        `${name} is not installed: install it beside ${PACKAGE.name}, \`npm install --save-dev "${name}@${range}"\`.`,
      ];
    if (satisfies(version, range)) return [];
    const problem = `${name} ${version} is installed, but ${PACKAGE.name} needs ${name} ${range}.`;
    return [
      name === 'typescript' && parse(version)[0] >= 7 ? `${problem} ${TYPESCRIPT_7}` : problem,
    ];
  });
}

/** The version of the package `name` as Node resolves it from here, by the package's folder. */
function installedVersion(name: string): string | undefined {
  for (const folder of require.resolve.paths(name) ?? []) {
    const manifest = path.join(folder, name, 'package.json');
    if (fs.existsSync(manifest))
      return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return undefined;
}

type Version = [number, number, number];

function parse(version: string): Version {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) throw new Error(`Not a version: '${version}'`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `version` is in the npm range `range`, for the forms peer ranges use: `||` of
 * comparator sets, each comparator `^`, `~`, `>=`, `>`, `<=`, `<`, `=` or a bare version. A
 * prerelease counts as its release.
 */
export function satisfies(version: string, range: string): boolean {
  const actual = parse(version);
  return range.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const [, operator, bound] = /^(\^|~|>=|>|<=|<|=)?(.+)$/.exec(comparator)!;
        const base = parse(bound);
        const order = compare(actual, base);
        switch (operator) {
          case '^':
            return order >= 0 && actual[0] === base[0] && (base[0] > 0 || actual[1] === base[1]);
          case '~':
            return order >= 0 && actual[0] === base[0] && actual[1] === base[1];
          case '>=':
            return order >= 0;
          case '>':
            return order > 0;
          case '<=':
            return order <= 0;
          case '<':
            return order < 0;
          default:
            return order === 0;
        }
      }),
  );
}
