// `node dist/cli.js serve --ftp 0 …` as a real process: curl downloads from --root and uploads into
// --inbox, the CLI prints one line per transfer and per refusal, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliPath } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { needTool } from '../../helpers/tools';
import { curl, eventually } from './ftp-fixture';

const timeout = 60_000;

function serve(t: import('node:test').TestContext, args: string[]) {
  const child = spawn(process.execPath, [cliPath, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, exited, out: () => stdout, err: () => stderr };
}

test('serve --ftp: curl gets from --root and puts into --inbox with the given login; SIGTERM stops it', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  const image = Buffer.alloc(700_000);
  for (let i = 0; i < image.length; i++) image[i] = (i * 31) & 0xff;
  writeFileSync(path.join(root, 'c1100.bin'), image);
  const p = serve(t, ['--ftp', '0', '--ftp-user', 'netops', '--ftp-pass', 'Pa55-word', '--root', root, '--inbox', inbox]);
  await eventually(() => /FTP listening on 127\.0\.0\.1:\d+/.test(p.out()), 20_000);
  const port = Number(/FTP listening on 127\.0\.0\.1:(\d+)/.exec(p.out())?.[1]);
  assert.ok(!p.out().includes('Pa55-word'), 'a password given on the command line is not echoed');

  const got = path.join(dir, 'got.bin');
  const r = await curl(['-u', 'netops:Pa55-word', `ftp://127.0.0.1:${port}/c1100.bin`, '-o', got]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(got).equals(image));

  writeFileSync(path.join(dir, 'R1-confg'), 'hostname R1\n');
  const up = await curl(['-u', 'netops:Pa55-word', '-T', path.join(dir, 'R1-confg'), `ftp://127.0.0.1:${port}/R1-confg`]);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(readFileSync(path.join(inbox, 'R1-confg'), 'utf8'), 'hostname R1\n');

  const bad = await curl(['-u', 'netops:nope', `ftp://127.0.0.1:${port}/c1100.bin`, '-o', got]);
  assert.equal(bad.code, 67);

  await eventually(() => /sent c1100\.bin .* ok md5=[0-9a-f]{32}/.test(p.out()) && /received R1-confg/.test(p.out()) && /refused/.test(p.out()));
  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0, p.err());
});

test('serve --ftp without --ftp-user generates and prints a login that works', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'a.txt'), 'abc');
  const p = serve(t, ['--ftp', '0', '--root', dir]);
  await eventually(() => /FTP listening on .*password/.test(p.out()), 20_000);
  const m = /FTP listening on 127\.0\.0\.1:(\d+) \(user (\S+), password (\S+)\)/.exec(p.out());
  assert.ok(m, p.out());
  const r = await curl(['-u', `${m[2]}:${m[3]}`, `ftp://127.0.0.1:${m[1]}/a.txt`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'abc');
  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0, p.err());
});
