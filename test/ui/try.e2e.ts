// `npm run try` as a new user runs it: it prints the workbench URL, that URL serves VS Code with the
// packaged extension installed in the try profile, and Ctrl-C stops code-server (the port closes).
// Runs the script itself (tsx), on a free port, with the .vsix `npm run test:e2e` has just packaged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { freePort, isListening } from '../helpers/tcp-ports';
import { repoRoot } from './harness/code-server';

test('npm run try prints a URL that serves VS Code with the extension, and Ctrl-C stops it', { timeout: 300_000 }, async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'try.ts'), '--port', String(port), '--no-package'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 240 s:\n${out}`)), 240_000);
    const look = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`try exited (${code}) before printing a URL:\n${out}`)));
  });
  assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);
  assert.match(out, /Ctrl-C stops code-server/);

  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /workbench/i, 'the URL serves the VS Code workbench');
  // The try profile holds the packaged extension.
  const extensions = readdirSync(path.join(repoRoot, '.cache', 'try', 'ext'));
  assert.ok(
    extensions.some((e) => e.startsWith('ios-image-manager.ios-image-manager-')),
    `the packaged extension is installed in .cache/try/ext (${extensions.join(', ')})`,
  );

  // What a first run showed a new user and should not: a Git question about the parent folder, a Ports badge.
  const settings = JSON.parse(readFileSync(path.join(repoRoot, '.cache', 'try', 'ud', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(settings['git.openRepositoryInParentFolders'], 'never');
  assert.equal(settings['remote.autoForwardPorts'], false);
  assert.equal(settings['iosImageManager.lab.startOnActivation'], true, 'the lab starts when the view opens');

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  await exited;
  let open = true;
  for (let i = 0; i < 50 && open; i++) {
    open = await isListening(port);
    if (open) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(open, false, 'code-server stopped with the script');
});
