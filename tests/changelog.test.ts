import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');

/** `## [0.1.0] - 2027-01-31`, or `## [0.1.0] - Unreleased` until it is published. */
const RELEASE = /^## \[(\d+\.\d+\.\d+)\] - (Unreleased|\d{4}-\d{2}-\d{2})$/;

describe('CHANGELOG.md', () => {
  it('opens with the section of the version package.json names, dated or marked unreleased', () => {
    const headings = changelog.match(/^## .*$/gm) ?? [];
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings) expect(heading).toMatch(RELEASE);
    const [first, ...earlier] = headings.map((heading) => RELEASE.exec(heading)!.slice(1));
    expect(first[0]).toBe(version);
    // Only the version being prepared can be unreleased; every earlier one has its date.
    for (const [, date] of earlier) expect(date).not.toBe('Unreleased');
    expect(new Set(headings.map((heading) => RELEASE.exec(heading)![1])).size).toBe(
      headings.length,
    );
  });
});
