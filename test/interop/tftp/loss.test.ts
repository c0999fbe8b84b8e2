// Sustained loss and many devices at once (issue 15 §4), through the fault proxy with the Debian
// clients and the lab's IOS-like lockstep sender: every transfer completes, byte for byte. How long
// each takes is a benchmark (`npm run bench -- faults`, `npm run bench -- tftp`), never asserted here.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { tftpUpload } from '../../../src/lab/clients/tftp-client';
import { needTool, toolPath } from '../../helpers/tools';
import { evenFaults, type FaultProxyOptions, UdpFaultProxy } from '../../helpers/udp-fault-proxy';
import { type Harness, randomFile, runClient, startHarness } from './harness';

async function proxied(t: TestContext, h: Harness, share: number, seed: number, extra: Partial<FaultProxyOptions> = {}): Promise<UdpFaultProxy> {
  const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: h.server.port }, toServer: evenFaults(share), toClient: evenFaults(share), seed, ...extra });
  t.after(() => proxy.close());
  return proxy;
}

const busybox = toolPath('busybox');
type Download = { label: string; tool: string | undefined; pkg: string; args: (port: number, out: string) => string[] };
const clients: Download[] = [
  { label: 'busybox (lockstep, never re-ACKs a repeated DATA)', tool: busybox, pkg: 'busybox', args: (p, out) => ['tftp', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(p)] },
  { label: 'tftp-hpa (lockstep)', tool: toolPath('tftp'), pkg: 'tftp-hpa', args: (p, out) => ['127.0.0.1', String(p), '-m', 'binary', '-c', 'get', 'img.bin', out] },
  { label: 'atftp (lockstep, blksize 1468)', tool: toolPath('atftp'), pkg: 'atftp', args: (p, out) => ['--option', 'blksize 1468', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(p)] },
  {
    label: 'atftp (windowsize 8, blksize 1468)',
    tool: toolPath('atftp'),
    pkg: 'atftp',
    args: (p, out) => ['--option', 'blksize 1468', '--option', 'windowsize 8', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(p)],
  },
];

// At 20% a 1 MiB lockstep download takes busybox minutes (`npm run bench -- faults` measures it);
// a quarter of that here keeps `npm test` short and still crosses hundreds of faults.
for (const [share, kib] of [
  [0.05, 1024],
  [0.2, 256],
] as const) {
  clients.forEach((c, i) => {
    test(`${kib} KiB download through ${share * 100}% loss, duplication, reordering and delay each way: ${c.label}`, { timeout: 300_000 }, async (t) => {
      if (!c.tool) return void t.skip(`not installed (apt-get install ${c.pkg})`);
      const h = await startHarness(t);
      const data = randomFile(h.root, 'img.bin', kib * 1024);
      const proxy = await proxied(t, h, share, 3000 + i + share * 100);
      const out = path.join(h.dir, 'out.bin');
      const r = await runClient(c.tool, c.args(proxy.port, out), 280_000);
      assert.equal(r.code, 0, r.stdout + r.stderr.slice(-2000));
      assert.ok(readFileSync(out).equals(data), 'byte for byte');
      assert.ok(proxy.stats.dropped > 0 && proxy.stats.duplicated > 0 && proxy.stats.reordered > 0, JSON.stringify(proxy.stats));
    });
  });
}

test('windowed under loss: a lost block costs a window resent once, not a window per repeated ACK', { timeout: 150_000 }, async (t) => {
  const atftp = needTool(t, 'atftp', 'atftp');
  if (!atftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.root, 'img.bin', 4 * 1024 * 1024);
  const proxy = await proxied(t, h, 0.05, 3100);
  const out = path.join(h.dir, 'out.bin');
  const r = await runClient(atftp, ['--option', 'blksize 1468', '--option', 'windowsize 8', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(proxy.port)], 140_000);
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  assert.ok(readFileSync(out).equals(data), 'byte for byte');
  // Each loss event (a drop or a reorder, ~10% of blocks each way) resends at most a window of 8:
  // about 3 datagrams per block measured; resending a window per repeated ACK is far more.
  const blocks = Math.ceil(data.length / 1468);
  assert.ok(proxy.stats.fromServer < 5 * blocks, `${proxy.stats.fromServer} datagrams from the server for ${blocks} blocks`);
});

/** Drops the first datagram of a kind, once: `DATA 1` to the server, or `ACK 0` to the client. */
function dropFirst(op: number, block: number, direction: 'toServer' | 'toClient'): FaultProxyOptions['dropIf'] {
  let done = false;
  return (msg, d) => {
    if (done || d !== direction || msg.length < 4 || msg.readUInt16BE(0) !== op || msg.readUInt16BE(2) !== block) return false;
    done = true;
    return true;
  };
}

for (const [what, dropIf] of [
  ['its first DATA lost', dropFirst(3, 1, 'toServer')],
  ['our ACK 0 lost (it repeats its WRQ, answered at once)', dropFirst(4, 0, 'toClient')],
] as const) {
  test(`a tftp-hpa upload with ${what} completes`, { timeout: 120_000 }, async (t) => {
    const tftp = needTool(t, 'tftp', 'tftp-hpa');
    if (!tftp) return;
    const h = await startHarness(t);
    const data = randomFile(h.dir, 'local.bin', 200_000);
    const proxy = await proxied(t, h, 0, 3200, { dropIf });
    const r = await runClient(tftp, ['127.0.0.1', String(proxy.port), '-m', 'binary', '-c', 'put', path.join(h.dir, 'local.bin'), 'backup.bin'], 100_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const e = await h.settled();
    assert.equal(e.type, 'finished', JSON.stringify(e));
    assert.ok(readFileSync(path.join(h.inbox, 'backup.bin')).equals(data));
    assert.equal(proxy.stats.dropped, 1, 'the one datagram chosen was lost');
  });
}

test('an IOS-like lockstep sender (the lab client: its own timer, ignores repeated ACKs) uploads through 5% faults', { timeout: 200_000 }, async (t) => {
  const h = await startHarness(t);
  const data = randomFile(h.dir, 'local.bin', 256 * 1024);
  const proxy = await proxied(t, h, 0.05, 3300);
  const result = await tftpUpload({ host: '127.0.0.1', port: proxy.port, file: 'ios.bin', timeoutMs: 300, retries: 30 }, createReadStream(path.join(h.dir, 'local.bin')), data.length);
  assert.equal(result.bytes, data.length);
  const e = await h.settled();
  assert.equal(e.type, 'finished', JSON.stringify(e));
  assert.ok(readFileSync(path.join(h.inbox, 'ios.bin')).equals(data));
  assert.ok(proxy.stats.dropped > 0, JSON.stringify(proxy.stats));
});

for (const threads of [0, 2]) {
  test(`many devices at once: 24 lockstep downloads of one image, byte for byte (transfer threads: ${threads})`, { timeout: 200_000 }, async (t) => {
    const tftp = needTool(t, 'tftp', 'tftp-hpa');
    if (!tftp) return;
    const h = await startHarness(t, {}, { transferThreads: threads });
    const data = randomFile(h.root, 'rack.bin', 1024 * 1024 + 100);
    const runs = Array.from({ length: 24 }, (_, i) => runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'get', 'rack.bin', path.join(h.dir, `o${i}`)], 180_000));
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      assert.equal(r.code, 0, r.stderr);
      assert.ok(readFileSync(path.join(h.dir, `o${i}`)).equals(data), `client ${i}`);
    });
    const ended = await h.ended(24);
    const finished = ended.filter((e) => e.type === 'finished');
    assert.equal(finished.length, 24, JSON.stringify(ended.filter((e) => e.type === 'failed')));
    // The digest is kept on the main thread from what the threads report sent in order.
    const digest = createHash('sha256').update(data).digest('hex');
    for (const e of finished) if (e.type === 'finished') assert.equal(e.sha256, digest, 'every finished download carries the digest');
  });
}
