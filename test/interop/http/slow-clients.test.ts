// The HTTP server under clients that misbehave: one that asks and never reads, one that sends its
// headers a byte at a time (slowloris), crowds of idle connections from one address and from many
// (other loopback addresses, 127.0.0.2 …). Each is closed by the server's own limits, a device with an
// offer is always let in, and a well-behaved download goes on meanwhile.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { protocolSpec, TransferEngine, type TransferEvent } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';

const timeout = 60_000;

async function serve(t: TestContext, options: { idleTimeoutMs?: number; headersTimeoutMs?: number; root?: string; allowedPeers?: string[] }) {
  const { root, allowedPeers, ...serverOptions } = options;
  const engine = new TransferEngine({ log: () => undefined, ...(root ? { root } : {}), ...(allowedPeers ? { allowedPeers } : {}) });
  t.after(() => engine.close());
  const server = await engine.start('http', { port: 0, ...serverOptions });
  const dir = tempDir(t);
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => events.push(e));
  const offer = (name: string, bytes: number) => {
    const data = randomBytes(bytes);
    const p = path.join(dir, name);
    writeFileSync(p, data);
    const offerName = protocolSpec('http').offerName!(name);
    engine.offerDownload({ localPath: p, name: offerName, peer: '127.0.0.1', protocols: ['http'] });
    return { data, path: `/${offerName}` };
  };
  return { engine, port: server.port, events, offer };
}

/** A well-behaved download with Node's http client. */
function download(port: number, urlPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });
}

const closed = (s: net.Socket) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), what);
}

test('a client that asks and never reads is dropped by the idle timeout (its transfer fails); others are served meanwhile', { timeout }, async (t) => {
  const s = await serve(t, { idleTimeoutMs: 800 });
  const big = s.offer('stalled.bin', 64 * 1024 * 1024);
  const stalled = await connect(s.port);
  stalled.on('error', () => undefined);
  stalled.pause(); // never reads: the server's writes back up to its socket buffer and stop there
  stalled.write(`GET ${big.path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  await until(() => s.events.some((e) => e.type === 'started'), 'the stalled transfer started');
  const small = s.offer('meanwhile.bin', 3 * 1024 * 1024);
  assert.ok((await download(s.port, small.path)).equals(small.data), 'served while the other one stalls');
  // The client never reads, so it never sees the close; the server's side says what happened.
  await until(() => s.events.some((e) => e.type === 'failed' && e.transfer.file.endsWith('stalled.bin')), 'the stalled transfer is reported failed');
  stalled.destroy();
  const failed = s.events.find((e) => e.type === 'failed')!;
  assert.ok(failed.type === 'failed' && failed.bytes < big.data.length, `it did not pretend to finish (${failed.type === 'failed' ? failed.bytes : 0} bytes)`);
  assert.equal(s.engine.context.active.size, 0, 'nothing left in flight');
});

test('headers sent a byte at a time are cut off by the headers timeout; others are served meanwhile', { timeout }, async (t) => {
  const s = await serve(t, { headersTimeoutMs: 600 });
  const slow = await connect(s.port);
  slow.on('error', () => undefined);
  const request = 'GET /x HTTP/1.1\r\nHost: x\r\nX-Pad: ' + 'a'.repeat(500);
  let i = 0;
  const drip = setInterval(() => {
    if (!slow.destroyed && i < request.length) slow.write(request[i++]!);
  }, 50);
  t.after(() => clearInterval(drip));
  const file = s.offer('good.bin', 1024 * 1024);
  assert.ok((await download(s.port, file.path)).equals(file.data));
  await closed(slow);
  clearInterval(drip);
  assert.ok(i < request.length, `closed before it finished its headers (${i} of ${request.length} bytes sent)`);
});

/** A connection that sends nothing: the first bytes the server answers with ('' while it holds the slot). */
async function idleFrom(t: TestContext, port: number, from: string): Promise<{ socket: net.Socket; answer: () => string }> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
  socket.on('error', () => undefined);
  t.after(() => socket.destroy());
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (got += d));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, answer: () => got };
}

test('40 idle connections from one address: 8 are held, the rest get 503 at once; a device with an offer still downloads', { timeout }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'readme.txt'), 'served root\n');
  const s = await serve(t, { root: dir });
  const attackers = await Promise.all(Array.from({ length: 40 }, () => idleFrom(t, s.port, '127.0.0.2')));
  await until(() => attackers.filter((a) => a.answer() !== '').length >= 32, 'the connections over the limit are answered');
  const refused = attackers.filter((a) => a.answer() !== '');
  assert.equal(refused.length, 32, 'the per-address limit holds 8');
  assert.match(refused[0]!.answer(), /^HTTP\/1\.1 503 Service Unavailable\r\n/);
  await Promise.all(refused.map((a) => closed(a.socket)));
  const file = s.offer('device.bin', 200_000);
  assert.ok((await download(s.port, file.path)).equals(file.data), 'the device with an offer is served');
  // Like refusals are reported once per interval, not once each.
  const busy = s.events.filter((e) => e.type === 'refused' && e.reason === 'busy');
  assert.equal(busy.length, 1);
  assert.ok(busy[0]!.type === 'refused' && busy[0]!.peer === '127.0.0.2' && /8 connections from this address/.test(busy[0]!.message));
});

test('idle connections from many addresses fill the shared budget; a peer without an offer gets 503, a device with one gets in', { timeout }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'readme.txt'), 'served root\n');
  const s = await serve(t, { root: dir });
  const sources = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
  const attackers = await Promise.all(sources.flatMap((from) => Array.from({ length: 8 }, () => idleFrom(t, s.port, from))));
  await until(() => attackers.filter((a) => a.answer() !== '').length >= 24, 'the connections over the budget are answered');
  assert.equal(attackers.filter((a) => a.answer() === '').length, 16, 'connections that have sent no request have their own budget');
  // The served root, with no offer, meets the full budget…
  const plain = await new Promise<number | undefined>((resolve) => {
    http.get({ host: '127.0.0.1', port: s.port, path: '/readme.txt' }, (res) => (res.resume(), resolve(res.statusCode))).on('error', () => resolve(undefined));
  });
  assert.equal(plain, 503);
  // …a device with an offer does not.
  const file = s.offer('device.bin', 200_000);
  assert.ok((await download(s.port, file.path)).equals(file.data));
  // Once the idle ones go, the root is served again.
  for (const a of attackers) a.socket.destroy();
  await Promise.all(attackers.map((a) => closed(a.socket)));
  let status: number | undefined;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = await new Promise<number | undefined>((resolve) => {
      http.get({ host: '127.0.0.1', port: s.port, path: '/readme.txt' }, (res) => (res.resume(), resolve(res.statusCode))).on('error', () => resolve(undefined));
    });
    if (status !== 200) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 200);
});

test('a peer outside --allow with nothing offered to it gets 403 before it sends a byte', { timeout }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'readme.txt'), 'served root\n');
  const s = await serve(t, { root: dir, allowedPeers: ['127.0.0.9'] });
  const outsider = await idleFrom(t, s.port, '127.0.0.2');
  await until(() => outsider.answer() !== '', 'answered');
  assert.match(outsider.answer(), /^HTTP\/1\.1 403 Forbidden\r\n/);
  await closed(outsider.socket);
  assert.ok(s.events.some((e) => e.type === 'refused' && e.reason === 'wrong-peer' && e.peer === '127.0.0.2'));
});
