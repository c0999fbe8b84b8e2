// Downloads from our TFTP server with the Debian clients (tftp-hpa, atftp, curl), byte for byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { needTool } from '../../helpers/tools';
import { randomFile, runClient, startHarness } from './harness';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

test('tftp-hpa downloads in octet mode (512-byte blocks, no options)', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.root, 'c2960x.bin', 700_001);
  const out = path.join(h.dir, 'out.bin');
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'get', 'c2960x.bin', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(readFileSync(out).equals(data));
  const e = await h.settled();
  assert.equal(e.type, 'finished');
  if (e.type === 'finished') {
    assert.equal(e.md5, md5(data));
    assert.equal(e.bytes, data.length);
    assert.deepEqual(e.transfer.options, { mode: 'octet', blksize: 512, windowsize: 1 });
    assert.equal(e.transfer.direction, 'to-peer');
  }
});

for (const [label, opts, size] of [
  ['blksize 1468 and tsize 0', ['blksize 1468', 'tsize 0'], 1_000_000],
  ['blksize 8192 and windowsize 16', ['blksize 8192', 'windowsize 16'], 3_000_000],
  ['blksize 1468 and windowsize 16', ['blksize 1468', 'windowsize 16'], 3_000_000],
  ['blksize 8 (the minimum)', ['blksize 8'], 20_000],
  ['an exact multiple of the block size (empty last block)', ['blksize 1024'], 64 * 1024],
  ['an empty file', [], 0],
] as const) {
  test(`atftp downloads with ${label}`, { timeout: 60_000 }, async (t) => {
    const atftp = needTool(t, 'atftp', 'atftp');
    if (!atftp) return;
    const h = await startHarness(t);
    const data = randomFile(h.root, 'img.bin', size);
    const out = path.join(h.dir, 'out.bin');
    const args = [...opts.flatMap((o) => ['--option', o]), '-g', '-r', 'img.bin', '-l', out, '127.0.0.1', String(h.server.port)];
    const r = await runClient(atftp, args);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(readFileSync(out).equals(data));
    const e = await h.settled();
    assert.equal(e.type, 'finished');
    if (e.type === 'finished' && opts.some((o) => o.startsWith('tsize'))) assert.equal(e.transfer.options.tsize, size);
  });
}

test('curl downloads with --tftp-blksize', { timeout: 60_000 }, async (t) => {
  const curl = needTool(t, 'curl', 'curl');
  if (!curl) return;
  const h = await startHarness(t);
  const data = randomFile(h.root, 'sub.bin', 2_000_000);
  const out = path.join(h.dir, 'out.bin');
  for (const blk of ['512', '1468', '8192', '65464']) {
    const r = await runClient(curl, ['-sS', '--tftp-blksize', blk, `tftp://127.0.0.1:${h.server.port}/sub.bin`, '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(out).equals(data), `blksize ${blk}`);
  }
});

test('tftp-hpa downloads in netascii: LF goes out as CR LF and comes back as LF', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const text = Buffer.from('hostname R1\n!\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\r\nbare\rcr\n'.repeat(300), 'latin1');
  writeFileSync(path.join(h.root, 'cfg.txt'), text);
  const out = path.join(h.dir, 'cfg.out');
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'netascii', '-c', 'get', 'cfg.txt', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(readFileSync(out).equals(text));
  const e = await h.settled();
  assert.equal(e.type, 'finished');
  if (e.type === 'finished') assert.equal(e.transfer.options.mode, 'netascii');
});

test('netascii on the wire is CR LF / CR NUL (curl keeps the bytes as sent)', { timeout: 60_000 }, async (t) => {
  const curl = needTool(t, 'curl', 'curl');
  if (!curl) return;
  const h = await startHarness(t);
  writeFileSync(path.join(h.root, 'n.txt'), Buffer.from('a\nb\rc\n', 'latin1'));
  // curl's ;mode=i is octet; ;mode=a asks netascii and writes what it receives.
  const out = path.join(h.dir, 'n.out');
  const r = await runClient(curl, ['-sS', `tftp://127.0.0.1:${h.server.port}/n.txt;mode=a`, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(out).toString('latin1'), 'a\r\nb\r\0c\r\n');
});

test('over 32 MB at blksize 512: block numbers roll over past 65535 (tftp-hpa)', { timeout: 240_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.root, 'big.bin', 33 * 1024 * 1024 + 777);
  const out = path.join(h.dir, 'big.out');
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'get', 'big.bin', out], 230_000);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const got = readFileSync(out);
  assert.equal(got.length, data.length);
  assert.ok(got.equals(data));
  const e = await h.settled();
  assert.equal(e.type, 'finished');
  if (e.type === 'finished') assert.equal(e.md5, md5(data));
});

test('eight clients download the same image at once', { timeout: 120_000 }, async (t) => {
  const atftp = needTool(t, 'atftp', 'atftp');
  if (!atftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.root, 'rack.bin', 2_000_000);
  const runs = Array.from({ length: 8 }, (_, i) =>
    runClient(atftp, ['--option', `blksize ${[512, 1468, 8192, 1024][i % 4]}`, '-g', '-r', 'rack.bin', '-l', path.join(h.dir, `o${i}`), '127.0.0.1', String(h.server.port)], 100_000),
  );
  const results = await Promise.all(runs);
  results.forEach((r, i) => {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(path.join(h.dir, `o${i}`)).equals(data), `client ${i}`);
  });
  const ended = await h.ended(8);
  assert.equal(ended.filter((e) => e.type === 'finished').length, 8, JSON.stringify(ended.filter((e) => e.type === 'failed')));
});
