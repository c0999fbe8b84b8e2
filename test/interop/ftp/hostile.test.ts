// Malformed and hostile input on a bare socket: garbage and over-long command lines, failed logins,
// passive listeners that must close after one use or a failure, data connections from another
// address, stalled and dropped uploads. After each, a good transfer shows the server unharmed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { generateIdentity } from '../../../src/engine';
import { canConnect, closedWithin, eventually, RawControl, startFtp } from './ftp-fixture';

const timeout = 60_000;
const login = { username: 'op', password: 'pw-123' };

async function goodTransfer(f: Awaited<ReturnType<typeof startFtp>>, t: import('node:test').TestContext): Promise<void> {
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const { socket } = await c.passiveData(t);
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  assert.equal((await c.command('RETR good.bin'))?.code, 150);
  assert.equal((await c.reply())?.code, 226);
  await closedWithin(socket, 5000);
  assert.equal(Buffer.concat(chunks).toString(), 'good content\n');
  await c.command('QUIT');
}

async function withGoodFile(t: import('node:test').TestContext, server = {}) {
  const f = await startFtp(t, { cliLogin: login, server });
  writeFileSync(path.join(f.root, 'good.bin'), 'good content\n');
  return f;
}

test('garbage, binary junk and over-long lines get 500s; the connection and server carry on', { timeout }, async (t) => {
  const f = await withGoodFile(t);
  const c = await RawControl.connect(t, f.port);
  assert.equal((await c.command('HELLO THERE'))?.code, 500);
  c.send(Buffer.from([0x00, 0xc3, 0x28, 0xfe, 0x0d, 0x0a]));
  assert.equal((await c.reply())?.code, 500);
  assert.equal((await c.command(`USER ${'x'.repeat(5000)}`))?.code, 500, 'over-long');
  c.send(`RETR ${'y'.repeat(3000)}`);
  c.send(`${'z'.repeat(3000)}\r\n`);
  assert.equal((await c.reply())?.code, 500, 'over-long over two writes');
  assert.equal((await c.command('RETR good.bin'))?.code, 530, 'before login');
  assert.equal((await c.command('SITE EXEC /bin/sh'))?.code, 502);
  assert.equal((await c.command('DELE good.bin'))?.code, 502);
  assert.equal((await c.command('NOOP'))?.code, 200);
  await goodTransfer(f, t);
});

test('three failed logins close the connection', { timeout }, async (t) => {
  const f = await withGoodFile(t);
  const c = await RawControl.connect(t, f.port);
  for (let i = 0; i < 3; i++) {
    assert.equal((await c.command('USER op'))?.code, 331);
    assert.equal((await c.command(`PASS wrong${i}`))?.code, 530);
  }
  assert.equal((await c.reply())?.code, 421);
  assert.equal(await closedWithin(c.socket, 5000), true);
  assert.equal(f.events.filter((e) => e.type === 'refused' && e.reason === 'wrong-user').length, 3);
  const anon = await RawControl.connect(t, f.port);
  await anon.command('USER anonymous');
  assert.equal((await anon.command('PASS guest@'))?.code, 530, 'anonymous is off');
  await goodTransfer(f, t);
});

test('a passive listener closes after a refused RETR, on the next PASV and on QUIT', { timeout }, async (t) => {
  const f = await withGoodFile(t);
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const pasv = async () => {
    const r = await c.command('PASV');
    const m = /\((?:\d+,){4}(\d+),(\d+)\)/.exec(r?.text ?? '');
    assert.ok(m, r?.text);
    return Number(m[1]) * 256 + Number(m[2]);
  };
  const p1 = await pasv();
  assert.equal((await c.command('RETR missing.bin'))?.code, 550);
  assert.equal(await canConnect(p1), false, 'closed after the failure');
  const p2 = await pasv();
  const p3 = await pasv();
  assert.equal(await canConnect(p2), false, 'closed by the next PASV');
  await c.command('QUIT');
  await closedWithin(c.socket, 5000);
  assert.equal(await canConnect(p3), false, 'closed on QUIT');
});

test('passive ports come from the configured range', { timeout }, async (t) => {
  const low = 40000 + Math.floor(Math.random() * 20000);
  const f = await withGoodFile(t, { passivePorts: [low, low + 3] });
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  for (let i = 0; i < 3; i++) {
    const { port, socket } = await c.passiveData(t);
    assert.ok(port >= low && port <= low + 3, String(port));
    assert.equal((await c.command('NLST'))?.code, 150);
    assert.equal((await c.reply())?.code, 226);
    socket.destroy();
  }
});

test('a data connection from another address is dropped; the peer itself then gets its data', { timeout }, async (t) => {
  const f = await withGoodFile(t);
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const r = await c.command('EPSV');
  const port = Number(/\(\|\|\|(\d+)\|\)/.exec(r?.text ?? '')?.[1]);
  const intruder = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
  intruder.on('error', () => undefined);
  t.after(() => intruder.destroy());
  assert.equal(await closedWithin(intruder, 5000), true, 'intruder dropped');
  await eventually(() => f.events.some((e) => e.type === 'refused' && e.reason === 'wrong-peer' && e.peer === '127.0.0.2'));
  const own = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1' });
  const chunks: Buffer[] = [];
  own.on('data', (d: Buffer) => chunks.push(d));
  t.after(() => own.destroy());
  assert.equal((await c.command('RETR good.bin'))?.code, 150);
  assert.equal((await c.reply())?.code, 226);
  await closedWithin(own, 5000);
  assert.equal(Buffer.concat(chunks).toString(), 'good content\n');
});

test('a stalled upload times out with 426 and is discarded', { timeout }, async (t) => {
  const f = await withGoodFile(t, { dataIdleTimeoutMs: 300 });
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const { socket } = await c.passiveData(t);
  assert.equal((await c.command('STOR stalled.bin'))?.code, 150);
  socket.write(Buffer.alloc(100_000, 3));
  assert.equal((await c.reply())?.code, 426);
  await eventually(() => f.events.some((e) => e.type === 'failed'));
  assert.deepEqual(readdirSync(f.inbox), []);
  await goodTransfer(f, t);
});

test('uploads dropped mid-way are discarded: reset data connection, or both connections gone at once', { timeout }, async (t) => {
  const f = await withGoodFile(t);
  // 1. The data connection is reset mid-file.
  const a = await RawControl.connect(t, f.port);
  await a.login(login.username, login.password);
  const da = await a.passiveData(t);
  assert.equal((await a.command('STOR reset.bin'))?.code, 150);
  da.socket.write(Buffer.alloc(200_000, 4));
  await new Promise((r) => setTimeout(r, 100));
  da.socket.resetAndDestroy();
  assert.equal((await a.reply())?.code, 426);
  // 2. A client killed mid-file: its data connection ends (FIN) as its control connection drops.
  const b = await RawControl.connect(t, f.port);
  await b.login(login.username, login.password);
  const db = await b.passiveData(t);
  assert.equal((await b.command('STOR killed.bin'))?.code, 150);
  db.socket.write(Buffer.alloc(200_000, 5));
  await new Promise((r) => setTimeout(r, 100));
  db.socket.end();
  b.socket.destroy();
  await eventually(() => f.events.filter((e) => e.type === 'failed').length === 2);
  assert.deepEqual(readdirSync(f.inbox), [], 'nothing renamed into place, no temp files');
  assert.equal(f.events.filter((e) => e.type === 'finished').length, 0);
  // 3. A complete upload still works.
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const dc = await c.passiveData(t);
  assert.equal((await c.command('STOR whole.bin'))?.code, 150);
  dc.socket.end(Buffer.from('whole'));
  assert.equal((await c.reply())?.code, 226);
  assert.equal(readFileSync(path.join(f.inbox, 'whole.bin'), 'utf8'), 'whole');
});

test('an idle control connection is closed with 421', { timeout }, async (t) => {
  const f = await withGoodFile(t, { controlIdleTimeoutMs: 300 });
  const c = await RawControl.connect(t, f.port);
  assert.equal((await c.reply(5000))?.code, 421);
  assert.equal(await closedWithin(c.socket, 5000), true);
});

test('ABOR during a download: 426 for the transfer, then 226; the session goes on', { timeout }, async (t) => {
  const f = await startFtp(t, { cliLogin: login });
  writeFileSync(path.join(f.root, 'large.bin'), Buffer.alloc(64 * 1024 * 1024, 9));
  const c = await RawControl.connect(t, f.port);
  await c.login(login.username, login.password);
  const { socket } = await c.passiveData(t);
  socket.pause(); // do not read: the server's writes back up
  assert.equal((await c.command('RETR large.bin'))?.code, 150);
  c.send(Buffer.from([0xff, 0xf4, 0xff, 0xf2]));
  assert.equal((await c.command('ABOR'))?.code, 426);
  assert.equal((await c.reply())?.code, 226);
  assert.equal((await c.command('NOOP'))?.code, 200);
  await eventually(() => f.events.some((e) => e.type === 'failed'));
});

test('the engine cancelling an offer (a cancelled job) ends its download and its upload with 426', { timeout }, async (t) => {
  const f = await startFtp(t);
  const id = generateIdentity();
  const { path: localPath } = f.file('big.bin', 32 * 1024 * 1024);
  const offer = f.engine.offerDownload({ localPath, name: 'big.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  const slot = f.engine.openUploadSlot({ name: 'up.bin', destPath: path.join(f.inbox, 'up.bin'), maxBytes: 1e9, peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  const c = await RawControl.connect(t, f.port);
  await c.login(id.username, id.password);
  const down = await c.passiveData(t);
  down.socket.pause(); // a slow reader: the send backs up
  assert.equal((await c.command('RETR big.bin'))?.code, 150);
  f.engine.abortOffer(offer.id);
  assert.equal((await c.reply())?.code, 426);
  const up = await c.passiveData(t);
  assert.equal((await c.command('STOR up.bin'))?.code, 150);
  up.socket.write(Buffer.alloc(100_000, 1));
  await eventually(() => f.events.some((e) => e.type === 'started' && e.transfer.direction === 'from-peer'));
  f.engine.abortOffer(slot.id);
  assert.equal((await c.reply())?.code, 426);
  await eventually(() => f.events.filter((e) => e.type === 'failed').length === 2);
  assert.deepEqual(readdirSync(f.inbox), []);
  assert.equal((await c.command('NOOP'))?.code, 200, 'the control connection goes on');
});
