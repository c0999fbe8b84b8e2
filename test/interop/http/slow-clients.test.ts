// The HTTP server under clients that misbehave: one that asks and never reads, one that sends its
// headers a byte at a time (slowloris), a crowd over the connection limit. Each is closed by the
// server's own limits, its transfer reported failed, and a well-behaved download goes on meanwhile.
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

async function serve(t: TestContext, options: { idleTimeoutMs?: number; headersTimeoutMs?: number; maxConnections?: number }) {
  const engine = new TransferEngine({ log: () => undefined });
  t.after(() => engine.close());
  const server = await engine.start('http', { port: 0, ...options });
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

test('connections over the limit are refused; once they go, a download works again', { timeout }, async (t) => {
  const s = await serve(t, { maxConnections: 4 });
  const held = await Promise.all(Array.from({ length: 4 }, () => connect(s.port)));
  for (const h of held) h.on('error', () => undefined);
  const extra = await connect(s.port).catch(() => undefined);
  if (extra) {
    extra.on('error', () => undefined);
    await closed(extra);
  }
  for (const h of held) h.destroy();
  await Promise.all(held.map(closed));
  const file = s.offer('after.bin', 100_000);
  let got: Buffer | undefined;
  for (let attempt = 0; attempt < 50 && !got; attempt++) {
    got = await download(s.port, file.path).catch(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return undefined;
    });
  }
  assert.ok(got?.equals(file.data));
});
