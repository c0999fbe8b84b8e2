// Issue 15 §2: a flood of abandoned read requests from one address (127.0.0.2, each from a port
// that is closed at once, as a vanished or spoofing requester leaves it) must not stop another
// peer's download. Transfers are capped per peer and in total (an offer's request let in over the
// total), over capacity is answered with a clear ERROR, and an unanswered transfer is given up after
// a few tries — asserted on counts of live transfers, never on wall time.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import type { TransferEngine } from '../../../src/engine';
import { encodeRequest } from '../../../src/engine/tftp/packets';
import { needTool } from '../../helpers/tools';
import { randomFile, runClient, startHarness } from './harness';

const timeout = 120_000;
/** Fast timers so a given-up transfer is seen within the test; the rule (tries, not seconds) is the same. */
const quick = { rtt: { initialRtoMs: 100, minRtoMs: 10, maxRtoMs: 400 } };

/** RRQs from `count` fresh ports on `from`, each closed right after sending (nobody will ever ACK). */
async function flood(port: number, count: number, file: string, from = '127.0.0.2', options?: Map<string, string>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, from, () => r()));
    await new Promise<void>((r) => s.send(encodeRequest('rrq', file, 'octet', options), port, '127.0.0.1', () => r()));
    s.close();
  }
}

function alive(engine: TransferEngine, peer: string): number {
  return [...engine.context.active].filter((t) => t.info.protocol === 'tftp' && t.info.peer === peer).length;
}

async function until(predicate: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function tftpGet(t: TestContext, port: number, name: string, out: string) {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return undefined;
  return runClient(tftp, ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', name, out]);
}

test('300 abandoned read requests from one address: at most the per-peer cap live, the rest refused busy; another peer downloads meanwhile; every abandoned transfer is given up', { timeout }, async (t) => {
  if (!needTool(t, 'tftp', 'tftp-hpa')) return;
  const h = await startHarness(t, {}, { ...quick, maxTransfersPerPeer: 16 });
  const data = randomFile(h.root, 'c2960x.bin', 3_000_000);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, alive(h.engine, '127.0.0.2'))), 5);
  t.after(() => clearInterval(sampler));
  const flooding = flood(h.server.port, 300, 'c2960x.bin', '127.0.0.2', new Map([['blksize', '1428']]));
  const out = path.join(h.dir, 'out.bin');
  const r = await tftpGet(t, h.server.port, 'c2960x.bin', out);
  await flooding;
  assert.equal(r?.code, 0, `${r?.stdout}${r?.stderr}`);
  assert.ok(readFileSync(out).equals(data));
  assert.ok(peak > 0 && peak <= 16, `live transfers from the flooding address stayed within the cap (peak ${peak})`);
  const busy = h.events.filter((e) => e.type === 'refused' && e.reason === 'busy');
  assert.ok(busy.length >= 1 && busy.length < 10, `over-capacity refusals are reported, sampled (${busy.length})`);
  await until(() => alive(h.engine, '127.0.0.2') === 0, 'every abandoned transfer given up');
  clearInterval(sampler);
  const given = h.events.filter((e) => e.type === 'failed' && e.transfer.peer === '127.0.0.2');
  assert.ok(given.length >= 16);
  for (const e of given) assert.ok(e.type === 'failed' && /never acknowledged the OACK/.test(e.reason), e.type === 'failed' ? e.reason : '');
  // The client exits on the last DATA; our side settles when the final ACK is in and the digest of
  // what was sent is known (hashed at low priority), which under load can come after the flood is over.
  const mine = await h.settled((e) => (e.type === 'finished' || e.type === 'failed') && e.transfer.peer === '127.0.0.1');
  assert.equal(mine.type, 'finished', JSON.stringify(mine));
  const ok = h.events.filter((e) => e.type === 'finished' && e.transfer.peer === '127.0.0.1');
  assert.equal(ok.length, 1);
});

test('over the per-peer cap the requester reads a clear ERROR; an unanswered first block is sent four times in all', { timeout }, async (t) => {
  const h = await startHarness(t, {}, { ...quick, maxTransfersPerPeer: 1 });
  randomFile(h.root, 'a.bin', 10_000);
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.2', () => r()));
  t.after(() => s.close());
  const got: Buffer[] = [];
  s.on('message', (m) => got.push(m));
  s.send(encodeRequest('rrq', 'a.bin', 'octet'), h.server.port, '127.0.0.1');
  const second = dgram.createSocket('udp4');
  await new Promise<void>((r) => second.bind(0, '127.0.0.2', () => r()));
  t.after(() => second.close());
  const refusal = new Promise<Buffer>((resolve) => second.once('message', resolve));
  second.send(encodeRequest('rrq', 'a.bin', 'octet'), h.server.port, '127.0.0.1');
  const err = await refusal;
  assert.equal(err.readUInt16BE(0), 5, 'ERROR');
  assert.equal(err.readUInt16BE(2), 0);
  assert.equal(err.subarray(4, err.length - 1).toString('latin1'), 'server busy: too many transfers from your address, try again later');
  // The first socket never ACKs: DATA 1 four times (first send and three retries), then ERROR "timed out".
  await until(() => alive(h.engine, '127.0.0.2') === 0, 'the unanswered transfer given up');
  await until(() => got.some((m) => m.readUInt16BE(0) === 5), 'the final ERROR');
  const data1 = got.filter((m) => m.readUInt16BE(0) === 3);
  assert.equal(data1.length, 4);
  for (const m of data1) assert.equal(m.readUInt16BE(2), 1);
});

test('the total cap: a flood from many ports fills it and a static request is refused, but a device with an offer is let in over it', { timeout }, async (t) => {
  if (!needTool(t, 'tftp', 'tftp-hpa')) return;
  // Default timers: the flood's transfers stay alive (13 s) while the others ask.
  const h = await startHarness(t, {}, { maxTransfers: 8, maxTransfersPerPeer: 64 });
  randomFile(h.root, 'root.bin', 5_000);
  const offered = randomFile(h.dir, 'offered.bin', 1_000_000);
  h.engine.offerDownload({ localPath: path.join(h.dir, 'offered.bin'), name: 'job.bin', peer: '127.0.0.1', protocols: ['tftp'] });
  await flood(h.server.port, 20, 'root.bin');
  await until(() => alive(h.engine, '127.0.0.2') === 8, 'the total cap filled');
  const refused = await tftpGet(t, h.server.port, 'root.bin', path.join(h.dir, 'refused.bin'));
  // (tftp-hpa exits 0 after an ERROR; it prints the server's text.)
  assert.match(`${refused?.stdout}${refused?.stderr}`, /server busy: too many transfers, try again later/);
  const out = path.join(h.dir, 'job.bin');
  const r = await tftpGet(t, h.server.port, 'job.bin', out);
  assert.equal(r?.code, 0, `${r?.stdout}${r?.stderr}`);
  assert.ok(readFileSync(out).equals(offered));
});
