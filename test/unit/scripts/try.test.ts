// `npm run try` without running it: --help, --dry-run (the plan, nothing done) and a bad --port.
// Starting code-server for real is checked by hand (it installs and serves a whole VS Code).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../helpers/run-cli';

function runTry(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'try.ts'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

test('npm run try --dry-run prints the plan: cached code-server, the .vsix, a profile in .cache/try, loopback only', () => {
  const hadProfile = existsSync(path.join(repoRoot, '.cache', 'try'));
  const r = runTry('--dry-run', '--port', '8123');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /bash scripts\/install-code-server\.sh/);
  assert.match(r.stdout, /npm run --silent package/);
  assert.match(r.stdout, /install ios-image-manager\.vsix into \.cache\/try\/ext/);
  assert.match(r.stdout, /serve the workbench on 127\.0\.0\.1:8123 with --auth none /);
  assert.match(r.stdout, /c2960x-universalk9-mz\.152-7\.E4\.bin/);
  assert.equal(existsSync(path.join(repoRoot, '.cache', 'try')), hadProfile, 'a dry run creates nothing');
});

test('npm run try --help says how to stop it; a bad --port is refused in one line', () => {
  const help = runTry('--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Ctrl-C stops code-server and the simulated lab/);
  const bad = runTry('--port', 'http');
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim(), "try: --port takes a port number 0–65535, not 'http'");
});
