// Issue 15 §5 against the real servers: a path through a regular file is a plain "not found" on
// TFTP, FTP and RCP (never an internal error); a UTF-8 name in the root can be fetched with
// tftp-hpa and atftp; C1 controls are refused in names; error texts are printable ASCII; a peer that
// loses an upload race reads the name it asked for, never our inbox path; a declared size larger than
// the free space is refused before a byte is written.
/* eslint-disable no-control-regex -- wire texts are checked byte for byte. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { TransferEngine, type TransferEvent } from '../../src/engine';
import { encodeData, encodeRequest } from '../../src/engine/tftp/packets';
import { tempDir } from '../helpers/temp-dir';
import { isRoot, needTool } from '../helpers/tools';
import { curl, eventually } from './ftp/ftp-fixture';
import { rawConnect, rshHeader } from './rcp/raw-rsh';
import { RawPeer } from './tftp/raw-peer';
import { runClient } from './tftp/harness';

const login = { username: 'op', password: 'pw-123' };
const utf8Name = 'Überschrift-ñ-日本.bin';

async function serveAll(t: TestContext, inbox?: string) {
  const dir = tempDir(t, 'iim-names-');
  const root = path.join(dir, 'root');
  mkdirSync(root);
  const box = inbox ?? path.join(dir, 'inbox');
  if (!inbox) mkdirSync(box);
  writeFileSync(path.join(root, 'hello.txt'), 'hello\n');
  writeFileSync(path.join(box, 'file.txt'), 'in the inbox\n');
  const engine = new TransferEngine({ root, inbox: box, credentials: { ftp: login, rcpUsers: ['netops'] } });
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => void (e.type !== 'progress' && events.push(e)));
  const [tftp, ftp, rcp] = await Promise.all([engine.startTftp({ port: 0 }), engine.startFtp({ port: 0, loginFailureDelayMs: 20 }), engine.startRcp({ port: 0 })]);
  t.after(() => engine.close());
  return { engine, events, dir, root, inbox: box, tftp: tftp.port, ftp: ftp.port, rcp: rcp.port };
}

const ascii = (text: string) => /^[\x20-\x7e]*$/.test(text);

test('a path through a regular file is "not found" on TFTP, FTP and RCP, downloads and uploads', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp || !needTool(t, 'curl', 'curl')) return;
  const s = await serveAll(t);
  const got = await runClient(tftp, ['127.0.0.1', String(s.tftp), '-m', 'binary', '-c', 'get', 'hello.txt/x', path.join(s.dir, 'x')]);
  assert.match(got.stdout + got.stderr, /Error code 1: .*not found: a part of the path is a file, not a folder/);

  const ftpGet = await curl(['-v', '--ftp-method', 'nocwd', '-u', `${login.username}:${login.password}`, `ftp://127.0.0.1:${s.ftp}/hello.txt/x`, '-o', path.join(s.dir, 'y')]);
  assert.notEqual(ftpGet.code, 0);
  assert.match(ftpGet.stderr, /< 550 /);
  assert.doesNotMatch(ftpGet.stderr, /< 451 /);
  writeFileSync(path.join(s.dir, 'up.bin'), 'up');
  const ftpPut = await curl(['-v', '--ftp-method', 'nocwd', '-u', `${login.username}:${login.password}`, '-T', path.join(s.dir, 'up.bin'), `ftp://127.0.0.1:${s.ftp}/file.txt/up.bin`]);
  assert.notEqual(ftpPut.code, 0);
  assert.match(ftpPut.stderr, /< 550 /);

  const c = await rawConnect(t, s.rcp);
  c.socket.write(rshHeader('netops', 'rcp -f hello.txt/x'));
  assert.equal((await c.closed).toString('latin1'), '\x01rcp: hello.txt/x: No such file or directory (not found: a part of the path is a file, not a folder)\n');
  const u = await rawConnect(t, s.rcp);
  u.socket.write(rshHeader('netops', 'rcp -t file.txt/up.bin'));
  await u.waitFor(1);
  u.socket.write('C0644 2 up.bin\n');
  // \0 for the accepted command, \0 for the sink's ready, then the refusal of the C record.
  assert.match((await u.closed).toString('latin1'), /^\x00\x00\x01rcp: file\.txt\/up\.bin: No such file or directory \(not a folder: a part of the path is a file in the inbox\)\n$/);

  // (tftp-hpa answers our ERROR with a stray ACK to the server port: a 'protocol' refusal, not a file's.)
  const refusals = s.events.filter((e) => e.type === 'refused' && e.reason !== 'protocol');
  assert.equal(refusals.length, 5);
  for (const e of refusals) assert.ok(e.type === 'refused' && e.reason === 'not-found', JSON.stringify(e));
  assert.equal(s.events.filter((e) => e.type === 'failed').length, 0, 'no internal error anywhere');
});

test('a UTF-8 file name in the root is fetched by tftp-hpa and atftp', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  const atftp = needTool(t, 'atftp', 'atftp');
  if (!tftp || !atftp) return;
  const s = await serveAll(t);
  writeFileSync(path.join(s.root, utf8Name), 'unicode\n');
  const a = path.join(s.dir, 'a.bin');
  const r1 = await runClient(tftp, ['127.0.0.1', String(s.tftp), '-m', 'binary', '-c', 'get', utf8Name, a]);
  assert.equal(readFileSync(a, 'utf8'), 'unicode\n', r1.stdout + r1.stderr);
  const b = path.join(s.dir, 'b.bin');
  const r2 = await runClient(atftp, ['-g', '-r', utf8Name, '-l', b, '127.0.0.1', String(s.tftp)]);
  assert.equal(readFileSync(b, 'utf8'), 'unicode\n', r2.stdout + r2.stderr);
  await eventually(() => s.events.filter((e) => e.type === 'finished').length === 2);
  const finished = s.events.filter((e) => e.type === 'finished');
  assert.deepEqual(finished.map((e) => e.type === 'finished' && e.transfer.file), [utf8Name, utf8Name]);
});

test('C1 control characters are refused in TFTP names, as UTF-8 or as single bytes; every ERROR text is printable ASCII', { timeout: 30_000 }, async (t) => {
  const s = await serveAll(t);
  const peer = await RawPeer.open(t);
  const asUtf8 = encodeRequest('rrq', 'a\u0085b.bin', 'octet');
  const asByte = Buffer.concat([Buffer.from([0, 1]), Buffer.from('a\x85b.bin\0octet\0', 'latin1')]);
  for (const request of [asUtf8, asByte]) {
    peer.send(request, s.tftp);
    const r = await peer.next();
    assert.ok(r.packet.op === 'error' && r.packet.code === 2, JSON.stringify(r.packet));
    assert.ok(ascii(r.packet.message), r.packet.message);
    assert.match(r.packet.message, /control characters/);
  }
  // RFC 7440's range used to go out with an en dash, which latin1 turned into a control byte.
  peer.send(encodeRequest('rrq', 'hello.txt', 'octet', new Map([['windowsize', '0']])), s.tftp);
  const w = await peer.next();
  assert.ok(w.packet.op === 'error' && w.packet.code === 8);
  assert.ok(ascii(w.packet.message), JSON.stringify(w.packet.message));
  assert.match(w.packet.message, /1-65535/);
});

test('a peer that loses an upload race reads the name it asked for, never the inbox path (TFTP and RCP)', { timeout: 30_000 }, async (t) => {
  const s = await serveAll(t);
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('wrq', 'race.bin', 'octet'), s.tftp);
  const ack0 = await peer.next();
  assert.ok(ack0.packet.op === 'ack' && ack0.packet.block === 0);
  writeFileSync(path.join(s.inbox, 'race.bin'), 'the other device was first');
  peer.socket.send(encodeData(1, Buffer.from('mine')), ack0.from.port, ack0.from.address);
  let r = await peer.next();
  while (r.packet.op === 'ack') r = await peer.next();
  assert.ok(r.packet.op === 'error' && r.packet.code === 6, JSON.stringify(r.packet));
  assert.equal(r.packet.message, "'race.bin' already exists; uploads never overwrite");

  const c = await rawConnect(t, s.rcp);
  c.socket.write(rshHeader('netops', 'rcp -t race2.bin'));
  await c.waitFor(1);
  c.socket.write('C0644 4 race2.bin\n');
  await c.waitFor(3); // accepted, ready, and the C record's \0
  writeFileSync(path.join(s.inbox, 'race2.bin'), 'first');
  c.socket.write('mine\0');
  const answer = (await c.closed).toString('utf8');
  assert.match(answer, /\x01rcp: 'race2\.bin' already exists; uploads never overwrite\n$/);
  assert.ok(!answer.includes(s.inbox) && !answer.includes(s.dir), answer);
  assert.equal(readFileSync(path.join(s.inbox, 'race2.bin'), 'utf8'), 'first');
});

test('a declared size over the free space is refused at once: 40 MB into a 10 MiB inbox (TFTP tsize, RCP C record)', { timeout: 30_000 }, async (t) => {
  if (!isRoot) return void t.skip('mounting a 10 MiB tmpfs needs root');
  const small = mkdtempSync(path.join(os.tmpdir(), 'iim-small-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=10m', 'tmpfs', small]);
  } catch (err) {
    rmSync(small, { recursive: true, force: true });
    return void t.skip(`cannot mount a tmpfs here: ${(err as Error).message}`);
  }
  t.after(() => {
    execFileSync('umount', ['-l', small]);
    rmSync(small, { recursive: true, force: true });
  });
  const s = await serveAll(t, small);
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('wrq', 'big.bin', 'octet', new Map([['tsize', String(40_000_000)]])), s.tftp);
  const r = await peer.next();
  assert.ok(r.packet.op === 'error' && r.packet.code === 3, `the first answer is ERROR 3, not an ACK: ${JSON.stringify(r.packet)}`);
  assert.match(r.packet.message, /40000000 bytes declared, but only \d+ bytes are free/);

  const c = await rawConnect(t, s.rcp);
  c.socket.write(rshHeader('netops', 'rcp -t big2.bin'));
  await c.waitFor(1);
  c.socket.write('C0644 40000000 big2.bin\n');
  assert.match((await c.closed).toString('latin1'), /\x01rcp: big2\.bin: No space left on device \(40000000 bytes declared, but only \d+ bytes are free/);
  assert.deepEqual(readdirSync(small).sort(), ['file.txt'], 'nothing was written');
  const reasons = s.events.filter((e) => e.type === 'refused').map((e) => e.type === 'refused' && e.reason);
  assert.deepEqual(reasons, ['no-space', 'no-space']);
});
