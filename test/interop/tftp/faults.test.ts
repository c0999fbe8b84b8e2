// Transfers through the fault-injecting proxy (5% of datagrams dropped, 5% duplicated, 5% reordered,
// 5% delayed, both ways): every one completes byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { evenFaults, UdpFaultProxy } from '../../helpers/udp-fault-proxy';
import { needTool } from '../../helpers/tools';
import { type Harness, randomFile, runClient, startHarness } from './harness';

async function proxied(t: TestContext, h: Harness, seed: number): Promise<UdpFaultProxy> {
  const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: h.server.port }, toServer: evenFaults(0.05), toClient: evenFaults(0.05), seed });
  t.after(() => proxy.close());
  return proxy;
}

function assertFaulted(proxy: UdpFaultProxy): void {
  const s = proxy.stats;
  assert.ok(s.dropped > 0 && s.duplicated > 0 && s.reordered > 0 && s.delayed > 0, `faults were injected: ${JSON.stringify(s)}`);
}

const downloads: { label: string; tool: string; pkg: string; args: (port: number, out: string) => string[] }[] = [
  { label: 'tftp-hpa (512, lockstep)', tool: 'tftp', pkg: 'tftp-hpa', args: (p, out) => ['127.0.0.1', String(p), '-m', 'binary', '-c', 'get', 'img.bin', out] },
  { label: 'atftp (blksize 1468)', tool: 'atftp', pkg: 'atftp', args: (p, out) => ['--option', 'blksize 1468', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(p)] },
  { label: 'atftp (blksize 1468, windowsize 16)', tool: 'atftp', pkg: 'atftp', args: (p, out) => ['--option', 'blksize 1468', '--option', 'windowsize 16', '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(p)] },
  { label: 'curl (blksize 8192)', tool: 'curl', pkg: 'curl', args: (p, out) => ['-sS', '--tftp-blksize', '8192', `tftp://127.0.0.1:${p}/img.bin`, '-o', out] },
];

downloads.forEach((d, i) => {
  test(`download through 5% drop/duplicate/reorder/delay: ${d.label}`, { timeout: 150_000 }, async (t) => {
    const tool = needTool(t, d.tool, d.pkg);
    if (!tool) return;
    const h = await startHarness(t);
    const data = randomFile(h.root, 'img.bin', 1024 * 1024);
    const proxy = await proxied(t, h, 1000 + i);
    const out = path.join(h.dir, 'out.bin');
    const r = await runClient(tool, d.args(proxy.port, out), 140_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(readFileSync(out).equals(data), 'byte for byte');
    assertFaulted(proxy);
  });
});

// Not tftp-hpa: as a sender it ignores repeated ACKs (rightly, RFC 1123) and resends a lost DATA only
// on its fixed 5 s timer, so at 5% loss an upload takes minutes whatever the server does.
const uploads: { label: string; tool: string; pkg: string; args: (port: number, file: string) => string[] }[] = [
  { label: 'atftp (blksize 512, lockstep)', tool: 'atftp', pkg: 'atftp', args: (p, f) => ['-p', '-l', f, '-r', 'up.bin', '127.0.0.1', String(p)] },
  { label: 'atftp (blksize 1468, windowsize 8)', tool: 'atftp', pkg: 'atftp', args: (p, f) => ['--option', 'blksize 1468', '--option', 'windowsize 8', '-p', '-l', f, '-r', 'up.bin', '127.0.0.1', String(p)] },
  // --max-time: without it curl 7.88 resends a DATA only every 72 s once the upload is under way
  // (`-v`: "set timeouts for state 2; Total 0, retry 72"), so when the final ACK and its repeats are
  // all lost, its next try comes after our 15 s dally and it waits for an hour (1 run in 10–13 here
  // under load). With a total time it retries every 5 s: 40 of 40 such runs completed, two in 7 s.
  { label: 'curl (blksize 1468)', tool: 'curl', pkg: 'curl', args: (p, f) => ['-sS', '--max-time', '130', '--tftp-blksize', '1468', '-T', f, `tftp://127.0.0.1:${p}/up.bin`] },
];

uploads.forEach((u, i) => {
  test(`upload through 5% drop/duplicate/reorder/delay: ${u.label}`, { timeout: 150_000 }, async (t) => {
    const tool = needTool(t, u.tool, u.pkg);
    if (!tool) return;
    const h = await startHarness(t);
    const data = randomFile(h.dir, 'local.bin', 512 * 1024);
    const proxy = await proxied(t, h, 2000 + i);
    const r = await runClient(tool, u.args(proxy.port, path.join(h.dir, 'local.bin')), 140_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const e = await h.settled();
    assert.equal(e.type, 'finished', JSON.stringify(e));
    assert.ok(readFileSync(path.join(h.inbox, 'up.bin')).equals(data), 'byte for byte');
    assertFaulted(proxy);
  });
});
