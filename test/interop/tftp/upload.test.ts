// Uploads to our TFTP server's inbox with the Debian clients, byte for byte: the file appears only
// once complete, with the digests in the finished event.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { needTool } from '../../helpers/tools';
import { randomFile, runClient, startHarness } from './harness';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('tftp-hpa uploads in octet mode', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.dir, 'local.bin', 900_000);
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'put', path.join(h.dir, 'local.bin'), 'backup.bin']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const e = await h.settled();
  assert.equal(e.type, 'finished');
  assert.ok(readFileSync(path.join(h.inbox, 'backup.bin')).equals(data));
  if (e.type === 'finished') {
    assert.equal(e.sha256, sha256(data));
    assert.equal(e.transfer.direction, 'from-peer');
  }
  assert.deepEqual(readdirSync(h.inbox), ['backup.bin'], 'no temporary file left behind');
});

for (const [label, opts, size] of [
  ['blksize 1468, tsize', ['blksize 1468', 'tsize 1000000'], 1_000_000],
  ['blksize 8192, windowsize 16', ['blksize 8192', 'windowsize 16'], 3_000_000],
  ['blksize 1468, windowsize 16', ['blksize 1468', 'windowsize 16'], 3_000_000],
  ['an exact multiple of the block size', ['blksize 512'], 512 * 40],
] as const) {
  test(`atftp uploads with ${label}`, { timeout: 60_000 }, async (t) => {
    const atftp = needTool(t, 'atftp', 'atftp');
    if (!atftp) return;
    const h = await startHarness(t);
    const data = randomFile(h.dir, 'local.bin', size);
    const r = await runClient(atftp, [...opts.flatMap((o) => ['--option', o]), '-p', '-l', path.join(h.dir, 'local.bin'), '-r', 'up.bin', '127.0.0.1', String(h.server.port)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const e = await h.settled();
    assert.equal(e.type, 'finished', JSON.stringify(e));
    assert.ok(readFileSync(path.join(h.inbox, 'up.bin')).equals(data));
  });
}

test('curl uploads with --tftp-blksize', { timeout: 60_000 }, async (t) => {
  const curl = needTool(t, 'curl', 'curl');
  if (!curl) return;
  const h = await startHarness(t);
  const data = randomFile(h.dir, 'local.bin', 1_500_000);
  for (const blk of ['512', '8192']) {
    const r = await runClient(curl, ['-sS', '--tftp-blksize', blk, '-T', path.join(h.dir, 'local.bin'), `tftp://127.0.0.1:${h.server.port}/c${blk}.bin`]);
    assert.equal(r.code, 0, r.stderr);
    await h.settled((e) => e.type === 'finished' && e.transfer.file === `c${blk}.bin`);
    assert.ok(readFileSync(path.join(h.inbox, `c${blk}.bin`)).equals(data), `blksize ${blk}`);
  }
});

test('tftp-hpa uploads in netascii: CR LF on the wire is stored as LF', { timeout: 60_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const text = Buffer.from('version 15.2\n!\nbanner motd ^C hi\r^C\nend\n'.repeat(500), 'latin1');
  writeFileSync(path.join(h.dir, 'cfg.txt'), text);
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'netascii', '-c', 'put', path.join(h.dir, 'cfg.txt'), 'cfg.txt']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  await h.settled();
  assert.ok(readFileSync(path.join(h.inbox, 'cfg.txt')).equals(text));
});

test('over 32 MB at blksize 512: the upload rolls over past block 65535 (tftp-hpa)', { timeout: 240_000 }, async (t) => {
  const tftp = needTool(t, 'tftp', 'tftp-hpa');
  if (!tftp) return;
  const h = await startHarness(t);
  const data = randomFile(h.dir, 'big.bin', 32 * 1024 * 1024 + 4096 + 3);
  const r = await runClient(tftp, ['127.0.0.1', String(h.server.port), '-m', 'binary', '-c', 'put', path.join(h.dir, 'big.bin'), 'big.bin'], 230_000);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const e = await h.settled();
  assert.equal(e.type, 'finished');
  if (e.type === 'finished') assert.equal(e.sha256, sha256(data));
  assert.ok(readFileSync(path.join(h.inbox, 'big.bin')).equals(data));
});
