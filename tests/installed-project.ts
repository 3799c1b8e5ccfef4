import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

// Projects with the built package installed as npm would install it (the files package.json
// ships, not links into this repository), so the CLI resolves its peers from the project.
export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootModules = path.join(root, 'node_modules');
export const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
};

const scratch: string[] = [];

/**
 * Removes the projects made so far: each test file calls it after its tests (with `isolate:
 * false` this module is loaded once, so a hook registered here would run after the first file
 * only).
 */
export function removeInstalledProjects(): void {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface ProjectOptions {
  /** Packages left out of node_modules. */
  without?: string[];
  /** Packages replaced by a stub: its package.json, and its main module's code if it has one. */
  stubs?: Record<string, { version: string; main?: string }>;
}

/**
 * A project holding `files`, with this package installed from its build and every other package
 * linked from this repository's node_modules, except those `options` leave out or stub.
 */
export function installedProject(
  files: Record<string, string>,
  { without = [], stubs = {} }: ProjectOptions = {},
): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'installed-')));
  scratch.push(dir);
  const special = new Set([...without, ...Object.keys(stubs)]);
  const link = (name: string) => {
    const target = path.join(rootModules, name);
    if (special.has(name) || name.startsWith('.') || name.startsWith('fixture-')) return;
    if (name.startsWith('@') && [...special].some((entry) => entry.startsWith(`${name}/`))) {
      for (const entry of fs.readdirSync(target)) link(`${name}/${entry}`);
      return;
    }
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  };
  fs.readdirSync(rootModules).forEach(link);
  for (const [name, { version, main }] of Object.entries(stubs)) {
    const folder = path.join(dir, 'node_modules', name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'package.json'),
      JSON.stringify({ name, version, ...(main !== undefined && { main: 'index.js' }) }),
    );
    if (main !== undefined) fs.writeFileSync(path.join(folder, 'index.js'), main);
  }
  const installed = path.join(dir, 'node_modules', packageJson.name);
  for (const entry of [...packageJson.files, 'package.json'])
    fs.cpSync(path.join(root, entry), path.join(installed, entry), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs the installed CLI in `dir`. */
export function runCli(dir: string, args: string[] = []) {
  const cli = path.join(dir, 'node_modules', packageJson.name, packageJson.bin[packageJson.name]);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The SARIF 2.1.0 schema (draft-04), as @microsoft/jest-sarif 1.0.0-beta.0 (MIT) ships it: no
// maintained npm package ships the schema alone, and the tests have no network.
const require = createRequire(import.meta.url);
const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validateSarif = ajv.compile(require('./sarif/sarif-schema-2.1.0.json') as object);

/** The schema's complaints about `log`, none when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  return validateSarif(log)
    ? []
    : (validateSarif.errors ?? []).map((error) => `${error.dataPath} ${error.message}`);
}

export const REFUND = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const refund = (charge: string) => stripe.refunds.create({ charge });
`;
