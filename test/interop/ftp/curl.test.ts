// curl (Debian) against our FTP server: passive and active downloads, uploads, REST resume, and the
// refusals — wrong password, expired offer, another peer, traversal, overwrite, bounce — each
// followed by a good transfer to show the server unharmed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateIdentity } from '../../../src/engine';
import { needTool } from '../../helpers/tools';
import { curl, eventually, type FtpFixture, RawControl, startFtp } from './ftp-fixture';

const timeout = 60_000;

function offer(f: FtpFixture, name: string, bytes: number, extra: { peer?: string; ttlMs?: number; maxUses?: number } = {}) {
  const { path: localPath, data } = f.file(name.replace(/\//g, '_'), bytes);
  const identity = generateIdentity();
  f.engine.offerDownload({ localPath, name, peer: extra.peer ?? '127.0.0.1', protocols: ['ftp'], identity, ttlMs: extra.ttlMs, maxUses: extra.maxUses ?? 1 });
  return { data, url: `ftp://127.0.0.1:${f.port}/${name}`, user: `${identity.username}:${identity.password}` };
}

test('curl downloads an offer byte for byte, passive (EPSV and PASV) and active (EPRT and PORT)', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t);
  const modes: [string, string[]][] = [
    ['epsv', []],
    ['pasv', ['--disable-epsv']],
    ['eprt', ['--ftp-port', '127.0.0.1']],
    ['port', ['--ftp-port', '127.0.0.1', '--disable-eprt']],
  ];
  for (const [mode, flags] of modes) {
    const o = offer(f, `c2960x-${mode}.bin`, 3 * 1024 * 1024 + 17);
    const out = path.join(f.dir, `got-${mode}.bin`);
    const r = await curl([...flags, '-u', o.user, o.url, '-o', out]);
    assert.equal(r.code, 0, `${mode}: ${r.stderr}`);
    assert.ok(readFileSync(out).equals(o.data), mode);
  }
  const finished = f.events.filter((e) => e.type === 'finished');
  assert.equal(finished.length, 4);
  for (const e of finished) assert.ok(e.type === 'finished' && e.md5 && e.transfer.direction === 'to-peer');
});

test('curl uploads into a slot byte for byte; a second upload onto the same name is refused', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t);
  const identity = generateIdentity();
  const dest = path.join(f.inbox, 'router-confg');
  f.engine.openUploadSlot({ name: 'router-confg', destPath: dest, maxBytes: 10_000_000, peer: '127.0.0.1', protocols: ['ftp'], identity, maxUses: 2 });
  const { path: src, data } = f.file('up.bin', 2 * 1024 * 1024 + 3);
  const user = `${identity.username}:${identity.password}`;
  const r = await curl(['-u', user, '-T', src, `ftp://127.0.0.1:${f.port}/router-confg`]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(dest).equals(data));
  const finished = f.events.find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished' && finished.transfer.direction === 'from-peer' && finished.bytes === data.length && finished.md5);

  const { path: other } = f.file('other.bin', 1000);
  const again = await curl(['-u', user, '-T', other, `ftp://127.0.0.1:${f.port}/router-confg`]);
  assert.notEqual(again.code, 0);
  assert.ok(readFileSync(dest).equals(data), 'the first upload is untouched');
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'exists'));
  assert.deepEqual(readdirSync(f.inbox), ['router-confg'], 'no temporary file left behind');
});

test('curl -C - resumes a download (REST); the resumed transfer has no whole-file digest', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t);
  const o = offer(f, 'image.bin', 1024 * 1024 + 5, { maxUses: 2 });
  const out = path.join(f.dir, 'partial.bin');
  writeFileSync(out, o.data.subarray(0, 300_001));
  const r = await curl(['-u', o.user, '-C', '-', o.url, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(o.data));
  const finished = f.events.find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished');
  assert.equal(finished.bytes, o.data.length - 300_001);
  assert.equal(finished.md5, undefined);
  assert.equal(finished.transfer.options.restOffset, 300_001);
});

test('refusals: wrong password, expired offer, another peer, traversal, no listing outside; then a good transfer', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  let now = Date.now();
  const f = await startFtp(t, { engine: { now: () => now } });
  const good = offer(f, 'good.bin', 100_000);
  const late = offer(f, 'late.bin', 1000, { ttlMs: 60_000 });
  const other = offer(f, 'other.bin', 1000, { peer: '127.0.0.2' });
  const out = path.join(f.dir, 'x.bin');

  const wrongPass = await curl(['-u', `${good.user}x`, good.url, '-o', out]);
  assert.equal(wrongPass.code, 67, 'curl: login denied');
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'wrong-user'));

  // Another peer: the login belongs to an offer for 127.0.0.1, so from 127.0.0.2 it is refused; the
  // 127.0.0.2 offer cannot be fetched from 127.0.0.1.
  const fromElsewhere = await curl(['--interface', '127.0.0.2', '-u', good.user, good.url, '-o', out]);
  assert.equal(fromElsewhere.code, 67, fromElsewhere.stderr);
  const notForMe = await curl(['-u', other.user, other.url, '-o', out]);
  assert.notEqual(notForMe.code, 0);

  now += 61_000;
  const expired = await curl(['-u', late.user, late.url, '-o', out]);
  assert.notEqual(expired.code, 0, 'expired offer refused');
  now -= 61_000;

  // Traversal: curl sends the path as CWD steps and RETR; the core refuses '..' and absolute names.
  for (const bad of ['..%2f..%2fetc%2fpasswd', '%2fetc%2fpasswd', 'a%5c..%5cb']) {
    const r = await curl(['-u', good.user, `ftp://127.0.0.1:${f.port}/${bad}`, '-o', out]);
    assert.notEqual(r.code, 0, bad);
  }
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'unsafe-name'));

  // The listing shows this login's offers only.
  const listing = await curl(['-u', good.user, '-l', `ftp://127.0.0.1:${f.port}/`]);
  assert.equal(listing.code, 0, listing.stderr);
  assert.deepEqual(listing.stdout.trim().split(/\r?\n/), ['good.bin']);

  const ok = await curl(['-u', good.user, good.url, '-o', out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(readFileSync(out).equals(good.data));
  assert.equal(f.events.filter((e) => e.type === 'finished').length, 1, 'only the good transfer finished');
});

test('bounce attempts: PORT/EPRT to 127.0.0.2 from a 127.0.0.1 control connection are refused; the server stays well', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t);
  const good = offer(f, 'good.bin', 50_000);
  const [user, pass] = good.user.split(':');
  const c = await RawControl.connect(t, f.port);
  await c.login(user, pass);
  assert.equal((await c.command('PORT 127,0,0,2,39,16'))?.code, 504);
  assert.equal((await c.command('EPRT |1|127.0.0.2|10000|'))?.code, 504);
  assert.equal((await c.command('PORT 127,0,0,1,0,22'))?.code, 504, 'privileged port');
  assert.equal((await c.command('RETR good.bin'))?.code, 425, 'no data connection was set up');
  assert.equal(f.events.filter((e) => e.type === 'refused' && e.reason === 'protocol').length, 3);
  await c.command('QUIT');
  const out = path.join(f.dir, 'after.bin');
  const r = await curl(['-u', good.user, good.url, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(good.data));
  assert.ok(!existsSync(path.join(f.inbox, 'good.bin')));
});

test('a large whole-file send (hashed on a worker thread) reports the file’s MD5 and SHA-256', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const { createHash } = await import('node:crypto');
  const f = await startFtp(t);
  const o = offer(f, 'large.bin', 12 * 1024 * 1024 + 1);
  const out = path.join(f.dir, 'large-got.bin');
  const r = await curl(['-u', o.user, o.url, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(o.data));
  await eventually(() => f.events.some((e) => e.type === 'finished'));
  const done = f.events.find((e) => e.type === 'finished');
  assert.ok(done?.type === 'finished');
  assert.equal(done.md5, createHash('md5').update(o.data).digest('hex'));
  assert.equal(done.sha256, createHash('sha256').update(o.data).digest('hex'));
});
