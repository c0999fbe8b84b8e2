// curl (Debian) against our HTTP server: an offer's one-time path downloaded byte for byte with its
// digest in the finished event; HEAD; resume with Range (curl -C -); the refusals — another peer, a
// wrong path, a used-up or withdrawn offer, a folder, an upload — each answered 404/400/405 and
// followed by a good download to show the server unharmed; and the served root of `serve --root`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { protocolSpec, type RunningServer, TransferEngine, type TransferEvent } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';
import { needTool } from '../../helpers/tools';

const timeout = 60_000;

interface Fixture {
  engine: TransferEngine;
  server: RunningServer;
  dir: string;
  events: TransferEvent[];
  file(name: string, bytes: number): { path: string; data: Buffer };
  offer(name: string, bytes: number, extra?: { peer?: string; ttlMs?: number; maxUses?: number }): { data: Buffer; url: string; offerId: string; path: string };
}

async function start(t: TestContext, options: { root?: string } = {}): Promise<Fixture> {
  const engine = new TransferEngine({ log: () => undefined, ...(options.root ? { root: options.root } : {}) });
  t.after(() => engine.close());
  const server = await engine.start('http', { port: 0 });
  const dir = tempDir(t);
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => events.push(e));
  const file = (name: string, bytes: number) => {
    const data = randomBytes(bytes);
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return { path: p, data };
  };
  return {
    engine,
    server,
    dir,
    events,
    file,
    offer(name, bytes, extra = {}) {
      const f = file(name, bytes);
      // As a job names it: under a secret folder.
      const offerName = protocolSpec('http').offerName!(name);
      const o = engine.offerDownload({ localPath: f.path, name: offerName, peer: extra.peer ?? '127.0.0.1', protocols: ['http'], ttlMs: extra.ttlMs, maxUses: extra.maxUses ?? 1 });
      return { data: f.data, url: `http://127.0.0.1:${server.port}/${offerName}`, offerId: o.id, path: f.path };
    },
  };
}

function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '30', ...args], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** `-w '%{http_code}'` with the body discarded. */
async function status(args: string[]): Promise<string> {
  return (await curl(['-o', '/dev/null', '-w', '%{http_code}', ...args])).stdout;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** The server settles a transfer once its digest is in, which can be just after curl has exited. */
async function settled(f: Fixture, count: number): Promise<void> {
  for (let i = 0; i < 400 && f.events.filter((e) => e.type === 'finished' || e.type === 'failed').length < count; i++) await new Promise((r) => setTimeout(r, 10));
}

test('curl downloads an offer byte for byte; the finished event carries its MD5 and SHA-256; the path is used up', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await start(t);
  const o = f.offer('c2960x-universalk9-mz.152-7.E4.bin', 5 * 1024 * 1024 + 123);
  const out = path.join(f.dir, 'got.bin');
  const r = await curl(['-D', '-', '-o', out, o.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(o.data));
  assert.match(r.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(r.stdout, new RegExp(`Content-Length: ${o.data.length}\\r`, 'i'));
  assert.match(r.stdout, /Accept-Ranges: bytes\r/i);
  assert.match(r.stdout, /Content-Type: application\/octet-stream\r/i);
  await settled(f, 1);
  const finished = f.events.find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished');
  assert.equal(finished.transfer.protocol, 'http');
  assert.equal(finished.transfer.offerId, o.offerId);
  assert.equal(finished.bytes, o.data.length);
  assert.equal(finished.md5, md5(o.data));
  assert.equal(finished.sha256, createHash('sha256').update(o.data).digest('hex'));
  assert.ok(f.events.some((e) => e.type === 'started' && e.transfer.totalBytes === o.data.length));
  assert.equal(await status([o.url]), '404', 'a one-time path: used up once the file went out whole');
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'exhausted'));
});

test('HEAD gives the size without using the offer; a range resumes (curl -C -) and only the end uses it up', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await start(t);
  const o = f.offer('big.bin', 3 * 1024 * 1024 + 7);
  const head = await curl(['-I', o.url]);
  assert.equal(head.code, 0, head.stderr);
  assert.match(head.stdout, new RegExp(`Content-Length: ${o.data.length}\\r`, 'i'));
  // The first part, as a transfer cut short would leave it.
  const out = path.join(f.dir, 'part.bin');
  writeFileSync(out, o.data.subarray(0, 1_000_000));
  const middle = await curl(['-r', '1000000-1999999', '-o', path.join(f.dir, 'middle.bin'), o.url]);
  assert.equal(middle.code, 0, middle.stderr);
  assert.ok(readFileSync(path.join(f.dir, 'middle.bin')).equals(o.data.subarray(1_000_000, 2_000_000)), 'a middle range');
  const resumed = await curl(['-C', '-', '-D', path.join(f.dir, 'headers.txt'), '-o', out, o.url]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.ok(readFileSync(out).equals(o.data), 'resumed to the exact file');
  const headers = readFileSync(path.join(f.dir, 'headers.txt'), 'latin1');
  assert.match(headers, /^HTTP\/1\.1 206 Partial Content/);
  assert.match(headers, new RegExp(`Content-Range: bytes 1000000-${o.data.length - 1}/${o.data.length}\\r`, 'i'));
  await settled(f, 2);
  const finished = f.events.filter((e) => e.type === 'finished');
  assert.equal(finished.length, 2, 'two transfers: the middle and the rest');
  assert.ok(finished.every((e) => e.type === 'finished' && e.md5 === undefined), 'a range that does not start at 0 has no whole-file digest');
  assert.equal(await status([o.url]), '404', 'the end went out: used up');
  assert.equal(await status(['-r', `${o.data.length + 10}-`, f.offer('again.bin', 100).url]), '416', 'a range past the end');
});

test('refusals: another peer, a wrong or guessed path, a withdrawn or expired offer, a folder, an upload — then a good download', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const f = await start(t);
  const other = f.offer('for-another.bin', 1000, { peer: '127.0.0.2' });
  assert.equal(await status([other.url]), '404', 'offered to another address');
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'wrong-peer' && e.protocol === 'http'));
  const mine = f.offer('mine.bin', 2000);
  const guessed = mine.url.replace(/\/[^/]+\/mine\.bin$/, '/AAAAAAAAAAAAAAAAAAAAAA/mine.bin');
  assert.equal(await status([guessed]), '404', 'another secret folder');
  assert.equal(await status([`http://127.0.0.1:${f.server.port}/mine.bin`]), '404', 'the bare name');
  assert.equal(await status([`http://127.0.0.1:${f.server.port}/`]), '400', 'no listing of the root');
  assert.equal(await status([mine.url.replace(/mine\.bin$/, '')]), '400', 'no listing of the secret folder');
  assert.equal(await status([`http://127.0.0.1:${f.server.port}/../../etc/passwd`, '--path-as-is']), '400', 'traversal');
  const put = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-T', mine.path, `http://127.0.0.1:${f.server.port}/up.bin`]);
  assert.equal(put.stdout, '405', 'no uploads');
  const withdrawn = f.offer('withdrawn.bin', 100);
  f.engine.withdraw(withdrawn.offerId);
  assert.equal(await status([withdrawn.url]), '404', 'withdrawn with its job');
  const expired = f.offer('expired.bin', 100, { ttlMs: -1 });
  assert.equal(await status([expired.url]), '404', 'expired');
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'expired'));
  const out = path.join(f.dir, 'still.bin');
  const good = await curl(['-o', out, mine.url]);
  assert.equal(good.code, 0, good.stderr);
  assert.ok(readFileSync(out).equals(mine.data), 'the server is unharmed');
});

test('serve --root mode: files of the root by their plain path, for any allowed peer; nothing else', { timeout }, async (t) => {
  if (!needTool(t, 'curl', 'curl')) return;
  const root = tempDir(t);
  const data = randomBytes(70_000);
  writeFileSync(path.join(root, 'c2911.bin'), data);
  const f = await start(t, { root });
  const out = path.join(f.dir, 'root.bin');
  const r = await curl(['-o', out, `http://127.0.0.1:${f.server.port}/c2911.bin`]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out).equals(data));
  assert.equal(await status([`http://127.0.0.1:${f.server.port}/nope.bin`]), '404');
});
