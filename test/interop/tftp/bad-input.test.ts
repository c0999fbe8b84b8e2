// Hostile and broken input: refused names, malformed and truncated packets, unknown opcodes, an
// upload onto an existing file, a peer not allowed, a stranger on a transfer port. After each the
// server still serves a real client.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { encodeAck, encodeData, encodeRequest } from '../../../src/engine/tftp/packets';
import { needTool } from '../../helpers/tools';
import { type Harness, randomFile, runClient, startHarness } from './harness';
import { RawPeer, rawDownload } from './raw-peer';

async function stillServes(t: TestContext, h: Harness): Promise<void> {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const data = randomFile(h.root, 'after.bin', 100_000);
  const out = path.join(h.dir, `after-${Date.now()}.bin`);
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'get', 'after.bin', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(readFileSync(out).equals(data), 'a good transfer after the bad input');
}

const refusedNames = ['../etc/passwd', 'a/../../x', '/etc/passwd', '\\windows\\x', 'C:boot.ini', 'c:\\x', 'bad\x01name', 'tab\tname', '', 'a//b', './a', '~root/x', 'x'.repeat(300)];

test('every unsafe name is refused with ERROR 2 (reads and writes), with a refused event', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  const peer = await RawPeer.open(t);
  for (const op of ['rrq', 'wrq'] as const) {
    for (const name of refusedNames) {
      peer.send(encodeRequest(op, name, 'octet'), h.server.port);
      const r = await peer.next();
      assert.equal(r.packet.op, 'error', `${op} ${JSON.stringify(name)}`);
      if (r.packet.op === 'error') assert.equal(r.packet.code, 2, `${op} ${JSON.stringify(name)}: ${r.packet.message}`);
    }
  }
  assert.equal(h.events.filter((e) => e.type === 'refused' && e.reason === 'unsafe-name').length, refusedNames.length * 2);
  assert.ok(!h.events.some((e) => e.type === 'started'));
  await stillServes(t, h);
});

test('malformed, truncated and unknown packets on the server port get ERROR 4, ERRORs get nothing', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  const peer = await RawPeer.open(t);
  const garbage = [Buffer.alloc(0), Buffer.from([0]), Buffer.from([0, 1]), Buffer.from('\0\x01name', 'latin1'), Buffer.from('\0\x01name\0', 'latin1'), Buffer.from([0, 9, 1, 2]), Buffer.from([0xff, 0xff]), encodeAck(1), encodeData(1, Buffer.from('x')), Buffer.from('\0\x01f\0octet\0blksize\0', 'latin1')];
  for (const g of garbage) {
    peer.send(g, h.server.port);
    const r = await peer.next();
    assert.equal(r.packet.op, 'error', g.toString('hex'));
    if (r.packet.op === 'error') assert.equal(r.packet.code, 4, g.toString('hex'));
  }
  peer.send(Buffer.from('\0\x05\0\x01x\0', 'latin1'), h.server.port);
  assert.ok(await peer.silentFor(300), 'an ERROR is never answered');
  await stillServes(t, h);
});

test('unsupported modes and bad option values are refused (ERROR 4, ERROR 8)', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  randomFile(h.root, 'x.bin', 10);
  const peer = await RawPeer.open(t);
  for (const [mode, opts, code] of [
    ['mail', new Map(), 4],
    ['binary', new Map(), 4],
    ['octet', new Map([['blksize', '4']]), 8],
    ['octet', new Map([['windowsize', '0']]), 8],
  ] as const) {
    peer.send(encodeRequest('rrq', 'x.bin', mode, opts), h.server.port);
    const r = await peer.next();
    assert.equal(r.packet.op, 'error');
    if (r.packet.op === 'error') assert.equal(r.packet.code, code, `${mode} ${JSON.stringify([...opts])}`);
  }
  await stillServes(t, h);
});

test('missing files get ERROR 1; an upload onto an existing file gets ERROR 6 and leaves it intact', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  writeFileSync(path.join(h.inbox, 'keep.bin'), 'original');
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('rrq', 'nope.bin', 'octet'), h.server.port);
  const r1 = await peer.next();
  assert.deepEqual([r1.packet.op, r1.packet.op === 'error' && r1.packet.code], ['error', 1]);
  peer.send(encodeRequest('wrq', 'keep.bin', 'octet'), h.server.port);
  const r2 = await peer.next();
  assert.deepEqual([r2.packet.op, r2.packet.op === 'error' && r2.packet.code], ['error', 6]);
  assert.equal(readFileSync(path.join(h.inbox, 'keep.bin'), 'utf8'), 'original');
  await stillServes(t, h);
});

test('a WRQ whose tsize is over the limit gets ERROR 3', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t, { inboxMaxBytes: 1000 });
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('wrq', 'huge.bin', 'octet', new Map([['tsize', '1001']])), h.server.port);
  const r = await peer.next();
  assert.deepEqual([r.packet.op, r.packet.op === 'error' && r.packet.code], ['error', 3]);
  assert.ok(h.events.some((e) => e.type === 'refused' && e.reason === 'too-large'));
});

test('an upload that grows past the limit is stopped with ERROR 3 and discarded', { timeout: 60_000 }, async (t) => {
  const atftp = needTool(t, 'atftp', 'atftp');
  if (!atftp) return;
  const h = await startHarness(t, { inboxMaxBytes: 300_000 });
  randomFile(h.dir, 'big.bin', 2_000_000);
  const r = await runClient(atftp, ['--option', 'blksize 1468', '-p', '-l', path.join(h.dir, 'big.bin'), '-r', 'big.bin', '127.0.0.1', String(h.server.port)]);
  assert.notEqual(r.code, 0);
  const e = await h.settled();
  assert.equal(e.type, 'failed');
  assert.deepEqual(readdirSync(h.inbox), []);
  await stillServes(t, h);
});

test('a peer not in the allowed list is refused with ERROR 2', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t, { allowedPeers: ['10.1.2.3'] });
  randomFile(h.root, 'x.bin', 10);
  const peer = await RawPeer.open(t);
  for (const op of ['rrq', 'wrq'] as const) {
    peer.send(encodeRequest(op, 'x.bin', 'octet'), h.server.port);
    const r = await peer.next();
    assert.deepEqual([r.packet.op, r.packet.op === 'error' && r.packet.code], ['error', 2]);
  }
  assert.ok(h.events.every((e) => e.type !== 'refused' || e.reason === 'wrong-peer'));
});

test('an offer for another peer is refused; the offered peer gets it', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t, { root: undefined });
  const data = randomFile(h.dir, 'image.bin', 5000);
  h.engine.offerDownload({ localPath: path.join(h.dir, 'image.bin'), name: 'image.bin', peer: '127.0.0.2', protocols: ['tftp'] });
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('rrq', 'image.bin', 'octet'), h.server.port);
  const r = await peer.next();
  assert.deepEqual([r.packet.op, r.packet.op === 'error' && r.packet.code], ['error', 2]);
  h.engine.offerDownload({ localPath: path.join(h.dir, 'image.bin'), name: 'image.bin', peer: '127.0.0.1', protocols: ['tftp'] });
  peer.send(encodeRequest('rrq', 'image.bin', 'octet'), h.server.port);
  const got = await rawDownload(peer, h.server.port, await peer.next());
  assert.ok(got.equals(data));
});

test('a stranger on the transfer port gets ERROR 5; the transfer goes on undisturbed', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  const data = randomFile(h.root, 'x.bin', 512 * 3 + 10);
  const peer = await RawPeer.open(t);
  const stranger = await RawPeer.open(t);
  peer.send(encodeRequest('rrq', 'x.bin', 'octet'), h.server.port);
  const first = await peer.next();
  assert.equal(first.packet.op, 'data');
  assert.notEqual(first.from.port, h.server.port, 'a fresh transfer ID');
  stranger.send(encodeAck(1), first.from.port);
  const e5 = await stranger.next();
  assert.deepEqual(e5.packet, { op: 'error', code: 5, message: 'unknown transfer ID' });
  const got = await rawDownload(peer, h.server.port, first);
  assert.ok(got.equals(data));
  const done = await h.settled();
  assert.equal(done.type, 'finished');
});

test('a repeated RRQ from the same port does not start a second transfer', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t);
  randomFile(h.root, 'x.bin', 100);
  const peer = await RawPeer.open(t);
  const rrq = encodeRequest('rrq', 'x.bin', 'octet');
  peer.send(rrq, h.server.port);
  peer.send(rrq, h.server.port);
  const d = await peer.next();
  assert.equal(d.packet.op, 'data');
  peer.send(encodeAck(1), d.from.port);
  await h.settled();
  assert.equal(h.events.filter((e) => e.type === 'started').length, 1);
});

test('a client that vanishes mid-upload: the partial file is discarded and the failure has a reason', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t, {}, { rtt: { initialRtoMs: 20, minRtoMs: 5, maxRtoMs: 40 }, maxRetries: 3, minSilenceMs: 200 });
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('wrq', 'partial.bin', 'octet'), h.server.port);
  const a0 = await peer.next();
  assert.deepEqual(a0.packet, { op: 'ack', block: 0 });
  peer.send(encodeData(1, Buffer.alloc(512, 1)), a0.from.port);
  const e = await h.settled();
  assert.equal(e.type, 'failed');
  if (e.type === 'failed') assert.match(e.reason, /no DATA after \d+ retransmissions/);
  assert.deepEqual(readdirSync(h.inbox), []);
});

test('abortOffer cancels a transfer in flight: the peer gets ERROR 0, the transfer fails with the reason', { timeout: 60_000 }, async (t) => {
  const h = await startHarness(t, { root: undefined });
  randomFile(h.dir, 'image.bin', 512 * 100);
  const offer = h.engine.offerDownload({ localPath: path.join(h.dir, 'image.bin'), name: 'image.bin', peer: '127.0.0.1', protocols: ['tftp'] });
  const peer = await RawPeer.open(t);
  peer.send(encodeRequest('rrq', 'image.bin', 'octet'), h.server.port);
  const first = await peer.next();
  assert.equal(first.packet.op, 'data');
  assert.equal(h.engine.abortOffer(offer.id, new Error('job cancelled')), 1);
  let r = await peer.next();
  while (r.packet.op === 'data') r = await peer.next(); // a retransmission may come first
  assert.deepEqual(r.packet, { op: 'error', code: 0, message: 'job cancelled' });
  const e = await h.settled();
  assert.equal(e.type, 'failed');
  if (e.type === 'failed') assert.match(e.reason, /job cancelled/);
  assert.equal(h.engine.context.active.size, 0);
});
