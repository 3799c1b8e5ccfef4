import fs from 'node:fs';
import path from 'node:path';
// Not `../util/index.js`: that loads TypeScript, and the CLI reads this before it may.
import { PACKAGE_ROOT } from '../util/package-root.js';

/** This package's own package.json: what the CLI says about itself and needs beside it. */
export const PACKAGE = JSON.parse(
  fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'),
) as {
  name: string;
  version: string;
  homepage: string;
  peerDependencies: Record<string, string>;
};

/** The rules' documentation, shipped in the package (`files` in package.json). */
export const RULE_DOCS = path.join(PACKAGE_ROOT, 'docs', 'rules');
