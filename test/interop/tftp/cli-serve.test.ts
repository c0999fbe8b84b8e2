// `node dist/cli.js serve --tftp 0 …` as a real process: it says where it listens, serves the root,
// takes uploads into the inbox, logs one line per transfer, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BindError, TransferEngine } from '../../../src/engine';
import { cliPath } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { isRoot, needTool } from '../../helpers/tools';
import { randomFile, runClient } from './harness';

test('serve --tftp 0 transfers both ways, logs each transfer and stops on SIGTERM', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  const data = randomFile(root, 'ios.bin', 300_000);
  const child = spawn(process.execPath, [cliPath, 'serve', '--tftp', '0', '--root', root, '--inbox', inbox], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const waitFor = async (re: RegExp, limitMs = 10_000) => {
    for (let i = 0; i < limitMs / 50 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const m = re.exec(out);
    assert.ok(m, `expected ${re} in:\n${out}`);
    return m;
  };
  const port = Number((await waitFor(/TFTP listening on 127\.0\.0\.1:(\d+)/))[1]);
  assert.ok(port > 0);

  const got = path.join(dir, 'got.bin');
  const r1 = await runClient(tftp, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', 'ios.bin', got]);
  assert.equal(r1.code, 0, r1.stdout + r1.stderr);
  assert.ok(readFileSync(got).equals(data));
  await waitFor(/tftp 127\.0\.0\.1:\d+ sent ios\.bin .* ok md5=[0-9a-f]{32}/);

  const r2 = await runClient(tftp, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'put', got, 'back.bin']);
  assert.equal(r2.code, 0, r2.stdout + r2.stderr);
  await waitFor(/tftp 127\.0\.0\.1:\d+ received back\.bin .* ok/);
  assert.ok(readFileSync(path.join(inbox, 'back.bin')).equals(data));

  const r3 = await runClient(tftp, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', '../etc/passwd', path.join(dir, 'x')]);
  assert.match(r3.stdout + r3.stderr, /Error code 2/);
  await waitFor(/tftp 127\.0\.0\.1 refused \.\.\/etc\/passwd/);
  // A name with a terminal escape is logged escaped, never raw.
  const raw = dgram.createSocket('udp4');
  t.after(() => raw.close());
  raw.send(Buffer.from('\0\x01\x1b[2Jx.bin\0octet\0', 'latin1'), port, '127.0.0.1');
  await waitFor(/refused \\x1b\[2Jx\.bin/);
  assert.ok(!out.includes('\x1b'), 'no raw escape in the log');
  // Issue 15: a path through a file is logged as the refusal it is, with its reason.
  const r4 = await runClient(tftp, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', 'ios.bin/x', path.join(dir, 'y')]);
  assert.match(r4.stdout + r4.stderr, /Error code 1/);
  await waitFor(/tftp 127\.0\.0\.1 refused ios\.bin\/x: .*not found: a part of the path is a file, not a folder/);
  // A WRQ that is never followed by DATA is given up after three timeouts, and the failure is logged.
  raw.send(Buffer.from('\0\x02never.bin\0octet\0', 'latin1'), port, '127.0.0.1');
  await waitFor(/tftp 127\.0\.0\.1:\d+ receive never\.bin failed after .*: no DATA after 3 retransmissions/, 40_000);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(out, /stopping/);
});

test('a port already in use is a BindError that names the remedies', { timeout: 10_000 }, async (t) => {
  const blocker = dgram.createSocket('udp4');
  await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
  t.after(() => blocker.close());
  const engine = new TransferEngine();
  t.after(() => engine.close());
  await assert.rejects(engine.startTftp({ port: blocker.address().port }), (err: unknown) => {
    assert.ok(err instanceof BindError);
    assert.equal(err.errno, 'EADDRINUSE');
    assert.match(err.message, /already in use/);
    return true;
  });
});

test('port 69 without privileges is a BindError naming setcap and the sysctl', { timeout: 10_000, skip: isRoot ? 'running as root: binding port 69 is allowed' : false }, async (t) => {
  const engine = new TransferEngine();
  t.after(() => engine.close());
  await assert.rejects(engine.startTftp({ port: 69 }), (err: unknown) => err instanceof BindError && /setcap/.test(err.message) && /ip_unprivileged_port_start/.test(err.message));
});

test('serve --tftp-threads: a count is checked up front; the listening line says where downloads run', { timeout: 30_000 }, async (t) => {
  const bad = spawnSync(process.execPath, [cliPath, 'serve', '--tftp', '0', '--tftp-threads', 'many'], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--tftp-threads takes a number 0–64, not 'many'/);
  const child = spawn(process.execPath, [cliPath, 'serve', '--tftp', '0', '--tftp-threads', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  for (let i = 0; i < 200 && !/listening/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /TFTP listening on 127\.0\.0\.1:\d+ \(downloads on no worker threads\)/);
});
