import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stripeRootOwning } from '../src/sdk/stripe-package.js';

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-owner-')));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('stripeRootOwning', () => {
  it('notices a package.json that changes, appears or goes while the process runs', () => {
    const root = path.join(scratch, 'node_modules', 'stripe');
    const file = path.join(root, 'types', 'index.d.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'export {};\n');
    const manifest = path.join(root, 'package.json');
    fs.writeFileSync(manifest, JSON.stringify({ name: 'stripe-fork-of-another-name' }));
    expect(stripeRootOwning(file)).toBeUndefined();

    fs.writeFileSync(manifest, JSON.stringify({ name: 'stripe', version: '23.1.0' }));
    expect(stripeRootOwning(file)).toBe(root);

    // A nameless package.json below the root only sets the module type; one with a name owns the folder.
    const nested = path.join(root, 'types', 'package.json');
    fs.writeFileSync(nested, JSON.stringify({ type: 'module' }));
    expect(stripeRootOwning(file)).toBe(root);
    fs.writeFileSync(nested, JSON.stringify({ name: 'stripe-types' }));
    expect(stripeRootOwning(file)).toBeUndefined();
    fs.rmSync(nested);
    expect(stripeRootOwning(file)).toBe(root);

    fs.rmSync(manifest);
    expect(stripeRootOwning(file)).toBeUndefined();
  });
});
