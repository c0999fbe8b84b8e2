// Issue 15 §1: one unauthenticated host must not lock devices out of FTP. Idle connections from
// other loopback addresses (127.0.0.2 …) against a device with an offer logging in with curl; the
// per-address limit, the separate budget for connections not logged in, the login timeout,
// `--allow` applied at accept time, and password guessing slowed per address.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { generateIdentity } from '../../../src/engine';
import { needTool } from '../../helpers/tools';
import { closedWithin, curl, eventually, type FtpFixture, RawControl, startFtp } from './ftp-fixture';

const timeout = 90_000;
const login = { username: 'op', password: 'pw-123' };

/** A connection that sends nothing: resolves with the first reply line (220 or a 421) and keeps the socket. */
async function idle(t: TestContext, port: number, from: string): Promise<{ socket: net.Socket; first: string }> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
  socket.on('error', () => undefined);
  t.after(() => socket.destroy());
  socket.setEncoding('latin1');
  const first = await new Promise<string>((resolve) => {
    let buf = '';
    socket.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\r\n');
      if (nl !== -1) resolve(buf.slice(0, nl));
    });
    socket.once('close', () => resolve(buf));
  });
  return { socket, first };
}

function offerFor(f: FtpFixture, name: string, peer = '127.0.0.1') {
  const { path: localPath, data } = f.file(name, 200_000);
  const identity = generateIdentity();
  f.engine.offerDownload({ localPath, name, peer, protocols: ['ftp'], identity });
  return { data, url: `ftp://127.0.0.1:${f.port}/${name}`, user: `${identity.username}:${identity.password}` };
}

test('40 idle connections from one address: 8 get in, the rest get 421 at once; a device with an offer and the CLI user from another address still log in', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t, { cliLogin: login });
  const attackers = await Promise.all(Array.from({ length: 40 }, () => idle(t, f.port, '127.0.0.2')));
  const admitted = attackers.filter((a) => a.first.startsWith('220'));
  const refused = attackers.filter((a) => a.first.startsWith('421'));
  assert.equal(admitted.length, 8, 'the per-address limit');
  assert.equal(refused.length, 32);
  assert.match(refused[0].first, /too many connections from your internet address/i);
  for (const a of refused) assert.equal(await closedWithin(a.socket, 5000), true, 'a refused connection is closed');

  const o = offerFor(f, 'c2960x.bin');
  const out = path.join(f.dir, 'got.bin');
  const r = await curl(['-u', o.user, o.url, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(o.data));
  const cli = await curl(['-u', `${login.username}:${login.password}`, `ftp://127.0.0.1:${f.port}/`, '--list-only']);
  assert.equal(cli.code, 0, `the CLI login from another address is not locked out: ${cli.stderr}`);
  // Like refusals are reported once per interval, not once each (a flood must not flood the log).
  const busy = f.events.filter((e) => e.type === 'refused' && e.reason === 'busy');
  assert.equal(busy.length, 1);
  assert.ok(busy[0].type === 'refused' && busy[0].peer === '127.0.0.2');
});

test('idle connections from many addresses fill every shared budget; a device with a pending offer always gets in', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await startFtp(t, { cliLogin: login });
  const sources = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
  const attackers = await Promise.all(sources.flatMap((from) => Array.from({ length: 8 }, () => idle(t, f.port, from))));
  const admitted = attackers.filter((a) => a.first.startsWith('220')).length;
  assert.equal(admitted, 16, 'connections waiting to log in have their own budget');
  assert.ok(attackers.some((a) => /waiting to log in/.test(a.first)));
  // The CLI user, who has no offer, meets the same full budget…
  const cli = await idle(t, f.port, '127.0.0.1');
  assert.match(cli.first, /^421 /);
  // …but a device with an offer is let in over it.
  const o = offerFor(f, 'isr4331.bin');
  const out = path.join(f.dir, 'got.bin');
  const r = await curl(['-u', o.user, o.url, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(o.data));
});

test('a connection that does not log in within the login timeout is closed and its slot given back', { timeout }, async (t) => {
  const f = await startFtp(t, { cliLogin: login, server: { loginTimeoutMs: 300, maxConnectionsPerAddress: 1 } });
  const first = await idle(t, f.port, '127.0.0.2');
  assert.match(first.first, /^220 /);
  assert.match((await idle(t, f.port, '127.0.0.2')).first, /^421 /, 'one per address in this test');
  assert.equal(await closedWithin(first.socket, 10_000), true);
  assert.ok(f.events.some((e) => e.type === 'refused' && /login timeout/.test(e.message)));
  await eventually(() => f.events.filter((e) => e.type === 'refused').length >= 2);
  // The slot is free again: the same address gets in and can log in.
  const c = await RawControl.connect(t, f.port, '127.0.0.2');
  await c.login(login.username, login.password);
  assert.equal((await c.command('PWD'))?.code, 257, 'a logged-in connection is not cut by the login timeout');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal((await c.command('NOOP'))?.code, 200);
});

test('--allow is applied at accept time: a peer outside it and without an offer is refused before its first command', { timeout }, async (t) => {
  const f = await startFtp(t, { cliLogin: login, engine: { allowedPeers: ['127.0.0.1'] } });
  const outsider = await idle(t, f.port, '127.0.0.2');
  assert.match(outsider.first, /^421 Service not available for your address/);
  assert.equal(await closedWithin(outsider.socket, 5000), true);
  const refusal = f.events.find((e) => e.type === 'refused');
  assert.ok(refusal?.type === 'refused' && refusal.reason === 'wrong-peer' && refusal.peer === '127.0.0.2');
  // An offer for that address lets it in (the device of a job), whatever --allow says.
  const o = offerFor(f, 'for-02.bin', '127.0.0.2');
  const device = await RawControl.connect(t, f.port, '127.0.0.2');
  await device.login(o.user.split(':')[0], o.user.split(':')[1]);
  assert.equal((await device.command('SIZE for-02.bin'))?.code, 213);
});

test('password guessing is slowed per address, across connections; the real user from another address logs in meanwhile', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const log: string[] = [];
  const f = await startFtp(t, { cliLogin: login, engine: { log: (l) => log.push(l) }, server: { loginThrottle: { freeFailures: 2, baseDelayMs: 30_000 } } });
  // Three guesses on one connection (the last closes it), as a guesser would.
  const g1 = await RawControl.connect(t, f.port, '127.0.0.2');
  for (let i = 0; i < 3; i++) {
    await g1.command('USER op');
    assert.equal((await g1.command(`PASS guess${i}`))?.code, 530);
  }
  // The next guess, on a fresh connection, is held for the address's turn…
  const g2 = await RawControl.connect(t, f.port, '127.0.0.2');
  await g2.command('USER op');
  g2.send('PASS guess3\r\n');
  await eventually(() => log.some((l) => /127\.0\.0\.2: login attempt held \d+ ms \(3 failed logins/.test(l)));
  // …while the real user, from another address, is not held at all.
  const r = await curl(['-u', `${login.username}:${login.password}`, `ftp://127.0.0.1:${f.port}/`, '--list-only']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(g2.closed, false);
  await assert.rejects(g2.reply(200), /no reply/, 'the held guess is still unanswered after the real login completed');
  assert.equal(f.events.filter((e) => e.type === 'refused' && e.reason === 'wrong-user').length, 3, 'the held guess has not been checked');
});
