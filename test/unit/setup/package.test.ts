/**
 * What a user of the package reads about it: the CHANGELOG's newest section is the version
 * package.json carries (what `npm pack` builds), not an "Unreleased" beside a 0.1.0 that holds
 * less than the tarball of that name; and installing runs no script of ours (the build is on
 * prepack), which npm would warn about.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const changelog = readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');

describe('package metadata', () => {
  it("the CHANGELOG's first section is package.json's version, and it has one section for it", () => {
    const sections = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    assert.equal(sections[0], pkg.version, `sections: ${sections.join(', ')}`);
    assert.equal(sections.filter((s) => s === pkg.version).length, 1);
  });

  it('no install-time script: build on prepack, never prepare/install/postinstall', () => {
    for (const name of ['prepare', 'preinstall', 'install', 'postinstall']) assert.equal(pkg.scripts[name], undefined, name);
    assert.equal(pkg.scripts.prepack, 'npm run build');
  });
});
