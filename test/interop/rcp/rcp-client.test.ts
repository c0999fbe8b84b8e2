// Our RCP server against the real netkit `rcp` and `rsh` from rsh-client. They always connect to
// port 514 (the "shell" service) from a reserved port, so these tests need root and a free 514 and
// skip with the reason otherwise. They run one after another in this one file (514 is shared).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { BindError, TransferEngine, type TransferEvent } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';
import { isRoot, needTool } from '../../helpers/tools';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Setup {
  engine: TransferEngine;
  events: TransferEvent[];
  rcp: string;
  rsh: string;
  dir: string;
  root: string;
  inbox: string;
}

/** An engine with its RCP server on 127.0.0.1:514, or undefined after marking the test skipped. */
async function setup(t: TestContext, options: { rcpUsers?: string[] } = {}): Promise<Setup | undefined> {
  if (!isRoot) {
    t.skip('needs root: the real rcp connects to port 514 from a reserved port');
    return undefined;
  }
  const rcp = needTool(t, 'rcp', 'rsh-client');
  const rsh = needTool(t, 'rsh', 'rsh-client');
  if (!rcp || !rsh) return undefined;
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  for (const d of [root, inbox]) await import('node:fs/promises').then((fs) => fs.mkdir(d));
  const engine = new TransferEngine({ root, inbox, credentials: { rcpUsers: options.rcpUsers ?? [] } });
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => {
    if (e.type !== 'progress') events.push(e);
  });
  try {
    await engine.startRcp({ port: 514 });
  } catch (err) {
    if (err instanceof BindError && err.errno === 'EADDRINUSE') {
      t.skip('port 514 is held by another process (an rshd?); stop it to run these tests');
      return undefined;
    }
    throw err;
  }
  t.after(() => engine.close());
  return { engine, events, rcp, rsh, dir, root, inbox };
}

const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('rcp downloads and uploads a multi-megabyte image byte for byte (root and inbox)', { timeout: 60_000 }, async (t) => {
  const s = await setup(t, { rcpUsers: ['netops'] });
  if (!s) return;
  const image = path.join(s.root, 'c2960x-universalk9-mz.152-7.E8.bin');
  writeFileSync(image, randomBytes(7 * 1024 * 1024 + 13));
  const down = await run(s.rcp, ['netops@127.0.0.1:c2960x-universalk9-mz.152-7.E8.bin', 'copy.bin'], s.dir);
  assert.deepEqual([down.code, down.stderr], [0, '']);
  assert.equal(sha256(path.join(s.dir, 'copy.bin')), sha256(image));

  const up = await run(s.rcp, ['copy.bin', 'netops@127.0.0.1:R1-confg-and-image.bin'], s.dir);
  assert.deepEqual([up.code, up.stderr], [0, '']);
  assert.equal(sha256(path.join(s.inbox, 'R1-confg-and-image.bin')), sha256(image));
  assert.deepEqual(readdirSync(s.inbox), ['R1-confg-and-image.bin'], 'no temporary file left');

  // A download's `finished` carries its digest from the engine's low-priority hashing pass, which may
  // end after rcp has exited on a busy machine: wait for the events, do not race them.
  while (s.events.filter((e) => e.type === 'finished').length < 2) await new Promise((r) => setTimeout(r, 20));
  const finished = s.events.filter((e) => e.type === 'finished');
  assert.equal(finished.length, 2);
  for (const e of finished) {
    assert.equal(e.type === 'finished' && e.sha256, sha256(image));
    assert.equal(e.transfer.options.remoteUser, 'netops');
    assert.equal(e.transfer.options.localUser, 'root');
  }
  // In either order: the download's event may come after the upload's (see above).
  assert.deepEqual(finished.map((e) => e.transfer.direction).sort(), ['from-peer', 'to-peer']);
});

test('offers: the user the offer expects is served; rcp -p keeps times; an empty file; "user@host:" names the upload after the file', { timeout: 60_000 }, async (t) => {
  const s = await setup(t);
  if (!s) return;
  const local = path.join(s.dir, 'isr4300.bin');
  writeFileSync(local, randomBytes(1024 * 1024 + 1));
  utimesSync(local, 1_600_000_000, 1_600_000_000);
  s.engine.offerDownload({ name: 'isr4300.bin', peer: '127.0.0.1', localPath: local, identity: { username: 'R1' }, maxUses: 2 });
  const down = await run(s.rcp, ['-p', 'R1@127.0.0.1:isr4300.bin', 'got.bin'], s.dir);
  assert.deepEqual([down.code, down.stderr], [0, '']);
  assert.equal(sha256(path.join(s.dir, 'got.bin')), sha256(local));
  assert.equal(statSync(path.join(s.dir, 'got.bin')).mtimeMs, 1_600_000_000_000, 'T record carried the mtime');

  const empty = path.join(s.dir, 'empty.cfg');
  writeFileSync(empty, '');
  const slotDir = tempDir(t);
  s.engine.openUploadSlot({ name: 'empty.cfg', peer: '127.0.0.1', destPath: path.join(slotDir, 'empty.cfg'), maxBytes: 10, identity: { username: 'R1' } });
  const up = await run(s.rcp, ['-p', 'empty.cfg', 'R1@127.0.0.1:'], s.dir);
  assert.deepEqual([up.code, up.stderr], [0, '']);
  assert.equal(readFileSync(path.join(slotDir, 'empty.cfg')).length, 0);
});

test('a remote user nobody expects is refused with a message rcp shows, and exit status 1', { timeout: 30_000 }, async (t) => {
  const s = await setup(t, { rcpUsers: ['netops'] });
  if (!s) return;
  writeFileSync(path.join(s.root, 'a.bin'), 'abc');
  const down = await run(s.rcp, ['intruder@127.0.0.1:a.bin', 'a.bin'], s.dir);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^rcp: a\.bin: Permission denied \(remote user 'intruder' is not accepted from 127\.0\.0\.1/);
  assert.equal(existsSync(path.join(s.dir, 'a.bin')), false);
  const up = await run(s.rcp, [path.join(s.root, 'a.bin'), 'intruder@127.0.0.1:b.bin'], s.dir);
  assert.equal(up.code, 1);
  assert.match(up.stderr, /remote user 'intruder' is not accepted/);
  assert.deepEqual(readdirSync(s.inbox), []);
  const refused = s.events.filter((e) => e.type === 'refused');
  assert.deepEqual(
    refused.map((e) => e.type === 'refused' && e.reason),
    ['wrong-user', 'wrong-user'],
  );
});

test('rsh with any other command is refused and nothing runs (the stderr channel is opened back to the client)', { timeout: 30_000 }, async (t) => {
  const s = await setup(t, { rcpUsers: ['netops'] });
  if (!s) return;
  const marker = path.join(s.dir, 'ran');
  const r = await run(s.rsh, ['-l', 'netops', '127.0.0.1', 'touch', marker], s.dir);
  assert.notEqual(r.code, 0);
  // glibc rcmd prints "protocol failure in circuit setup" if the stderr connection is not made.
  assert.match(r.stderr, /only 'rcp -f FILE' and 'rcp -t FILE' are accepted; nothing else is run/);
  assert.doesNotMatch(r.stderr, /circuit setup/);
  assert.equal(existsSync(marker), false, 'the command was not executed');
  const id = await run(s.rsh, ['-l', 'netops', '127.0.0.1', 'id'], s.dir);
  assert.notEqual(id.code, 0);
  assert.equal(id.stdout, '', 'no output from id');
  assert.deepEqual(
    s.events.map((e) => e.type === 'refused' && e.reason),
    ['protocol', 'protocol'],
  );
});

test('an offer for 127.0.0.2 is refused to 127.0.0.1, download and upload', { timeout: 30_000 }, async (t) => {
  const s = await setup(t);
  if (!s) return;
  const local = path.join(s.dir, 'img.bin');
  writeFileSync(local, 'image');
  s.engine.offerDownload({ name: 'img.bin', peer: '127.0.0.2', localPath: local, identity: { username: 'R2' } });
  s.engine.openUploadSlot({ name: 'up.bin', peer: '127.0.0.2', destPath: path.join(s.inbox, 'up.bin'), maxBytes: 100, identity: { username: 'R2' } });
  const down = await run(s.rcp, ['R2@127.0.0.1:img.bin', 'x.bin'], s.dir);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /not accepted from 127\.0\.0\.1/);
  const up = await run(s.rcp, ['img.bin', 'R2@127.0.0.1:up.bin'], s.dir);
  assert.equal(up.code, 1);
  assert.deepEqual(readdirSync(s.inbox), []);
  assert.equal(existsSync(path.join(s.dir, 'x.bin')), false);
});

test('refusals from the access policy reach rcp: missing file, traversal, existing upload', { timeout: 30_000 }, async (t) => {
  const s = await setup(t, { rcpUsers: ['netops'] });
  if (!s) return;
  writeFileSync(path.join(s.inbox, 'exists.bin'), 'old');
  writeFileSync(path.join(s.dir, 'new.bin'), 'new');
  const cases = [
    { args: ['netops@127.0.0.1:missing.bin', 'm.bin'], message: /^rcp: missing\.bin: No such file or directory \(no such file in the served folder\)\n$/ },
    { args: ['netops@127.0.0.1:../etc/passwd', 'p.bin'], message: /^rcp: \.\.\/etc\/passwd: Permission denied \('\.\.' segment\)\n$/ },
    { args: ['new.bin', 'netops@127.0.0.1:exists.bin'], message: /^rcp: exists\.bin: File exists \(a file of that name already exists and is never overwritten\)\n$/ },
  ];
  for (const c of cases) {
    const r = await run(s.rcp, c.args, s.dir);
    assert.equal(r.code, 1, c.args.join(' '));
    assert.match(r.stderr, c.message, c.args.join(' '));
  }
  assert.equal(readFileSync(path.join(s.inbox, 'exists.bin'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(s.inbox), ['exists.bin']);
});
