import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { stripePackageInstalledFor, type StripePackage } from '../src/sdk/stripe-package.js';
import {
  getVerbTable,
  guessVerb,
  parseResourceSource,
  resolveVerb,
} from '../src/sdk/verb-table.js';
import { fixtureDir, type Fixture } from './harness.js';

function installed(fixture: Fixture): StripePackage {
  const pkg = stripePackageInstalledFor(path.join(fixtureDir(fixture), 'file.ts'));
  if (!pkg) throw new Error(`no stripe package for ${fixture}`);
  return pkg;
}

function counts(pkg: StripePackage): Record<string, number> {
  const result: Record<string, number> = { POST: 0, GET: 0, DELETE: 0 };
  for (const methods of getVerbTable(pkg).resources.values()) {
    for (const method of methods.values())
      result[method.verb ?? 'unknown'] = (result[method.verb ?? 'unknown'] ?? 0) + 1;
  }
  return result;
}

// POST and DELETE counts are the SDK's own (see shared/STRIPE-FACTS.md §2).
// GET is one above that table from 18 on: the internal
// `v2.core.events.addFetchRelatedObjectIfNeeded` helper issues a GET too. 10 and 11: the
// `method: '…'` specs in lib/resources/**/*.js (grep), less the second GET of `accounts.retrieve`.
describe.each([
  { fixture: 'stripe10', version: '10.17.0', layout: 'ambient', POST: 192, GET: 190, DELETE: 26 },
  { fixture: 'stripe11', version: '11.10.0', layout: 'ambient', POST: 186, GET: 185, DELETE: 25 },
  { fixture: 'stripe12', version: '12.18.0', layout: 'ambient', POST: 191, GET: 189, DELETE: 25 },
  { fixture: 'stripe18', version: '18.5.0', layout: 'ambient', POST: 268, GET: 238, DELETE: 27 },
  { fixture: 'stripe21', version: '21.0.1', layout: 'ambient', POST: 286, GET: 250, DELETE: 28 },
  { fixture: 'stripe22', version: '22.6.2', layout: 'classes', POST: 291, GET: 255, DELETE: 28 },
  { fixture: 'stripe23', version: '23.1.0', layout: 'classes', POST: 332, GET: 291, DELETE: 28 },
] as const)('verb table of stripe $version', ({ fixture, version, layout, POST, GET, DELETE }) => {
  const pkg = installed(fixture);

  it('finds the fixture’s own stripe package and its layout', () => {
    expect(pkg.version).toBe(version);
    expect(pkg.layout).toBe(layout);
    expect(getVerbTable(pkg).unreadable).toBeUndefined();
  });

  it('reads every method’s verb', () => {
    expect(counts(pkg)).toEqual({ POST, GET, DELETE });
  });

  it('knows verbs that names do not tell', () => {
    expect(resolveVerb(pkg, 'Refunds', 'create')).toMatchObject({
      verb: 'POST',
      path: '/v1/refunds',
      source: 'sdk',
    });
    expect(resolveVerb(pkg, 'Customers', 'retrieve')).toMatchObject({ verb: 'GET', source: 'sdk' });
    expect(resolveVerb(pkg, 'Customers', 'del')).toMatchObject({ verb: 'DELETE', source: 'sdk' });
    expect(resolveVerb(pkg, 'Subscriptions', 'cancel')).toMatchObject({
      verb: 'DELETE',
      source: 'sdk',
    });
    expect(resolveVerb(pkg, 'PaymentIntents', 'cancel')).toMatchObject({
      verb: 'POST',
      source: 'sdk',
    });
    expect(resolveVerb(pkg, 'Checkout/Sessions', 'create')).toMatchObject({
      verb: 'POST',
      path: '/v1/checkout/sessions',
    });
  });

  it('returns the same table for the process', () => {
    expect(getVerbTable(pkg)).toBe(getVerbTable(pkg));
  });
});

describe('parseResourceSource', () => {
  it('reads both compiled layouts', () => {
    const ambient = `exports.Refunds = StripeResource.extend({
    create: stripeMethod({ method: 'POST', fullPath: '/v1/refunds' }),
    list: stripeMethod({
        method: 'GET',
        fullPath: '/v1/refunds',
    }),
});`;
    const classes = `class RefundResource extends StripeResource {
    create(params, options) {
        return this._makeRequest('POST', '/v1/refunds', params, options);
    }
    retrieve(id, params, options) {
        return this._makeRequest('GET', \`/v1/refunds/\${encodeURIComponent(id)}\`, params, options);
    }
}`;
    expect(Object.fromEntries(parseResourceSource(ambient))).toEqual({
      create: { verb: 'POST', path: '/v1/refunds', optionsIndex: 1 },
      list: { verb: 'GET', path: '/v1/refunds', optionsIndex: 1 },
    });
    expect(Object.fromEntries(parseResourceSource(classes))).toEqual({
      create: { verb: 'POST', path: '/v1/refunds', optionsIndex: 1 },
      retrieve: { verb: 'GET', path: '/v1/refunds/{id}', optionsIndex: 2 },
    });
  });

  it('leaves a method whose branches disagree on the verb without one', () => {
    const source = `class X {
    odd(id) {
        if (id) return this._makeRequest('GET', '/v1/a');
        return this._makeRequest('POST', '/v1/a');
    }
}`;
    expect(parseResourceSource(source).get('odd')).toEqual({ verb: undefined, path: '/v1/a' });
  });
});

describe('the name-based fallback', () => {
  it('guesses queries as GET, deletions as DELETE, and the rest as POST', () => {
    expect(guessVerb('retrieve')).toBe('GET');
    expect(guessVerb('listLineItems')).toBe('GET');
    expect(guessVerb('search')).toBe('GET');
    expect(guessVerb('del')).toBe('DELETE');
    expect(guessVerb('deleteDiscount')).toBe('DELETE');
    expect(guessVerb('create')).toBe('POST');
    expect(guessVerb('cancel')).toBe('POST');
    expect(guessVerb('delivery')).toBe('POST');
  });

  it('applies when the SDK’s resource JS cannot be read', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-unreadable-'));
    fs.mkdirSync(path.join(root, 'node_modules', 'stripe'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'node_modules', 'stripe', 'package.json'),
      '{"name":"stripe","version":"23.0.0"}',
    );
    const pkg = stripePackageInstalledFor(path.join(root, 'src', 'file.ts'));
    expect(pkg?.version).toBe('23.0.0');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(getVerbTable(pkg!).unreadable).toMatch(/resources/);
    expect(getVerbTable(pkg!).unreadable).toMatch(/resources/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /cannot read the resource files of stripe 23\.0\.0 .*guessed from method names/,
    );
    warn.mockRestore();
    expect(resolveVerb(pkg!, 'Subscriptions', 'cancel')).toEqual({
      verb: 'POST',
      path: undefined,
      source: 'guess',
    });
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('the installed stripe package', () => {
  it('is looked up again after a reinstall, a removal and an install, in a process that lives on', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-reinstall-'));
    const file = path.join(root, 'src', 'file.ts');
    const manifest = path.join(root, 'node_modules', 'stripe', 'package.json');
    const install = (version: string) => {
      fs.mkdirSync(path.dirname(manifest), { recursive: true });
      fs.writeFileSync(manifest, JSON.stringify({ name: 'stripe', version }));
    };
    expect(stripePackageInstalledFor(file)).toBeUndefined();
    install('22.0.0');
    expect(stripePackageInstalledFor(file)?.version).toBe('22.0.0');
    expect(stripePackageInstalledFor(file)?.version).toBe('22.0.0');
    install('23.10.0');
    expect(stripePackageInstalledFor(file)?.version).toBe('23.10.0');
    fs.rmSync(path.dirname(manifest), { recursive: true });
    expect(stripePackageInstalledFor(file)).toBeUndefined();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is checked once per program: a reinstall is seen by the next', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-program-'));
    const file = path.join(root, 'src', 'file.ts');
    const manifest = path.join(root, 'node_modules', 'stripe', 'package.json');
    const install = (version: string) => {
      fs.mkdirSync(path.dirname(manifest), { recursive: true });
      fs.writeFileSync(manifest, JSON.stringify({ name: 'stripe', version }));
    };
    install('22.0.0');
    const program = new WeakSet<object>();
    expect(stripePackageInstalledFor(file, program)?.version).toBe('22.0.0');
    expect(stripePackageInstalledFor(file, program)?.version).toBe('22.0.0');
    install('23.10.0');
    expect(stripePackageInstalledFor(file, program)?.version).toBe('22.0.0');
    expect(stripePackageInstalledFor(file, new WeakSet())?.version).toBe('23.10.0');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
