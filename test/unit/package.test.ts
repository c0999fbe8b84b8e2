// The .vsix holds only what runs: the allowlist in .vscodeignore, checked with `vsce ls`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/run-cli';

test('vsce would package only dist, media, README, CHANGELOG, LICENSE and package.json', () => {
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.ok(files.includes('dist/extension.js'), files.join(', '));
  assert.ok(files.includes('dist/cli.js'));
  assert.ok(files.includes('dist/tftp-transfer-worker.js'), 'the TFTP transfer threads load it by name');
  assert.ok(files.includes('media/icons/devices.svg'));
  // The webview's icon font, with its licence (CC BY 4.0).
  for (const f of ['codicon.css', 'codicon.ttf', 'LICENSE.txt']) assert.ok(files.includes(`dist/media/codicons/${f}`), f);
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']) assert.ok(files.includes(f), f);
  const stray = files.filter((f) => !/^(dist\/.+\.(js|json)|dist\/media\/codicons\/(codicon\.css|codicon\.ttf|LICENSE\.txt)|media\/.+\.(svg|css|js)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(f));
  assert.deepEqual(stray, []);
});
