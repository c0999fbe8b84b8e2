// The lab's TFTP client against the real tftpd-hpa server (in.tftpd): byte-exact downloads and
// uploads, block-number rollover past 65535 at 512-byte blocks, blksize negotiation, errors, abort.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { createReadStream, createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { ClientError, tftpDownload, tftpUpload } from '../../../../src/lab/clients';
import { tempDir } from '../../../helpers/temp-dir';
import { needTool } from '../../../helpers/tools';
import { fileSha256, freeUdpPort, loopback, startTftpd, writeTestFile } from './real-servers';

// Just over 65535 × 512 bytes, so block numbers wrap to 0 (tftpd-hpa's default rollover).
const rolloverBytes = 65535 * 512 + 3 * 512 + 77;

test('downloads a small file byte for byte with plain 512-byte blocks', { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff));
  writeFileSync(path.join(server.dir, 'c2960x-universalk9-mz.152-7.E3.bin'), content);
  const progress = t.mock.fn<(bytes: number) => void>();
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _enc, cb) => (chunks.push(chunk), cb()) });

  const result = await tftpDownload({ host: loopback, port: server.port, file: 'c2960x-universalk9-mz.152-7.E3.bin', onProgress: progress }, out);

  assert.equal(result.bytes, 5000);
  assert.deepEqual(Buffer.concat(chunks), content);
  assert.equal(progress.mock.callCount(), 10); // 9 full blocks and the short last one
  assert.deepEqual(progress.mock.calls.at(-1)?.arguments, [5000]);
});

test('a file that is an exact multiple of 512 ends with an empty block', { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const local = tempDir(t);
  const content = Buffer.alloc(1024, 0xa5);
  writeFileSync(path.join(local, 'up.bin'), content);

  const up = await tftpUpload({ host: loopback, port: server.port, file: 'exact.bin' }, createReadStream(path.join(local, 'up.bin')), content.length);
  assert.equal(up.bytes, 1024);
  assert.deepEqual(readFileSync(path.join(server.dir, 'exact.bin')), content);

  const down = await tftpDownload({ host: loopback, port: server.port, file: 'exact.bin' }, createWriteStream(path.join(local, 'down.bin')));
  assert.equal(down.bytes, 1024);
  assert.deepEqual(readFileSync(path.join(local, 'down.bin')), content);
});

test('downloads and uploads an image past block 65535 at 512 bytes (rollover), byte for byte', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const local = tempDir(t);
  writeTestFile(path.join(server.dir, 'big.bin'), rolloverBytes, 7);

  const down = await tftpDownload({ host: loopback, port: server.port, file: 'big.bin' }, createWriteStream(path.join(local, 'big.bin')));
  assert.equal(down.bytes, rolloverBytes);
  assert.equal(statSync(path.join(local, 'big.bin')).size, rolloverBytes);
  assert.equal(await fileSha256(path.join(local, 'big.bin')), await fileSha256(path.join(server.dir, 'big.bin')));

  writeTestFile(path.join(local, 'big-up.bin'), rolloverBytes, 11);
  const up = await tftpUpload({ host: loopback, port: server.port, file: 'big-up.bin' }, createReadStream(path.join(local, 'big-up.bin')), rolloverBytes);
  assert.equal(up.bytes, rolloverBytes);
  assert.equal(await fileSha256(path.join(server.dir, 'big-up.bin')), await fileSha256(path.join(local, 'big-up.bin')));
});

test('negotiates `ip tftp blocksize` with an OACK and moves the file byte for byte both ways', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const local = tempDir(t);
  const size = 3 * 1024 * 1024 + 123;
  writeTestFile(path.join(server.dir, 'isr4300.bin'), size, 3);
  const progress = t.mock.fn<(bytes: number) => void>();

  const down = await tftpDownload({ host: loopback, port: server.port, file: 'isr4300.bin', blksize: 8192, onProgress: progress }, createWriteStream(path.join(local, 'isr4300.bin')));
  assert.equal(down.bytes, size);
  assert.equal(progress.mock.callCount(), Math.ceil(size / 8192)); // 8192-byte blocks, not 512
  assert.equal(await fileSha256(path.join(local, 'isr4300.bin')), await fileSha256(path.join(server.dir, 'isr4300.bin')));

  const up = await tftpUpload({ host: loopback, port: server.port, file: 'isr4300-up.bin', blksize: 1468 }, createReadStream(path.join(local, 'isr4300.bin')), size);
  assert.equal(up.bytes, size);
  assert.equal(await fileSha256(path.join(server.dir, 'isr4300-up.bin')), await fileSha256(path.join(local, 'isr4300.bin')));
});

test('accepts a smaller blksize from the server (in.tftpd --blocksize 1024)', { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { extraArgs: ['--blocksize', '1024'] });
  const content = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 13 + 1) & 0xff));
  writeFileSync(path.join(server.dir, 'f.bin'), content);
  const progress = t.mock.fn<(bytes: number) => void>();
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _enc, cb) => (chunks.push(chunk), cb()) });
  await tftpDownload({ host: loopback, port: server.port, file: 'f.bin', blksize: 8192, onProgress: progress }, out);
  assert.deepEqual(Buffer.concat(chunks), content);
  assert.equal(progress.mock.callCount(), Math.ceil(10_000 / 1024));
});

test("a missing file is 'not-found' with IOS's cause", { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  await assert.rejects(tftpDownload({ host: loopback, port: server.port, file: 'no-such.bin' }, new PassThrough()), (err: unknown) => {
    assert.ok(err instanceof ClientError);
    assert.equal(err.code, 'E_CLIENT');
    assert.equal(err.protocol, 'tftp');
    assert.equal(err.kind, 'not-found');
    assert.equal(err.iosCause, 'No such file or directory');
    assert.equal(err.file, 'no-such.bin');
    return true;
  });
});

test("no server: retransmits, then fails with kind 'timeout' and 'Timed out'", { timeout: 20_000 }, async (t) => {
  const port = await freeUdpPort();
  // Count the retransmitted RRQs on a silent socket standing in for a dead server.
  const silent = dgram.createSocket('udp4');
  const seen: Buffer[] = [];
  silent.on('message', (msg) => seen.push(msg));
  await new Promise<void>((resolve) => silent.bind(port, loopback, resolve));
  t.after(() => silent.close());

  await assert.rejects(tftpDownload({ host: loopback, port, file: 'x.bin', timeoutMs: 100, retries: 3 }, new PassThrough()), (err: unknown) => {
    assert.ok(err instanceof ClientError);
    assert.equal(err.kind, 'timeout');
    assert.equal(err.iosCause, 'Timed out');
    return true;
  });
  assert.equal(seen.length, 4); // the RRQ and 3 retransmissions
  assert.ok(seen.every((p) => p.equals(Buffer.from('\0\x01x.bin\0octet\0', 'latin1')))); // plain RRQ: no options by default
});

test('answers a foreign TID with ERROR 5 and finishes the transfer', { timeout: 20_000 }, async (t) => {
  // A hand-made server: sends DATA 1 from its TID, a stray DATA from another port, then the rest.
  const server = dgram.createSocket('udp4');
  const stranger = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => server.bind(0, loopback, resolve));
  await new Promise<void>((resolve) => stranger.bind(0, loopback, resolve));
  t.after(() => {
    server.close();
    stranger.close();
  });
  const strangerGot: Buffer[] = [];
  stranger.on('message', (msg) => strangerGot.push(msg));
  const transfer = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => transfer.bind(0, loopback, resolve));
  t.after(() => transfer.close());
  const block = (n: number, data: Buffer) => Buffer.concat([Buffer.from([0, 3, n >> 8, n & 0xff]), data]);
  server.on('message', (_msg, rinfo) => {
    transfer.send(block(1, Buffer.alloc(512, 1)), rinfo.port, loopback);
    transfer.once('message', () => {
      stranger.send(block(2, Buffer.alloc(10, 9)), rinfo.port, loopback);
      setTimeout(() => transfer.send(block(2, Buffer.alloc(3, 2)), rinfo.port, loopback), 50);
    });
  });
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _enc, cb) => (chunks.push(chunk), cb()) });
  const result = await tftpDownload({ host: loopback, port: server.address().port, file: 'f', timeoutMs: 1000 }, out);
  assert.equal(result.bytes, 515);
  assert.deepEqual(Buffer.concat(chunks), Buffer.concat([Buffer.alloc(512, 1), Buffer.alloc(3, 2)]));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(strangerGot.length, 1);
  assert.deepEqual(strangerGot[0].subarray(0, 4), Buffer.from([0, 5, 0, 5]));
});

test("aborting mid-transfer rejects with kind 'aborted'", { timeout: 30_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'big.bin'), 8 * 1024 * 1024, 5);
  const controller = new AbortController();
  let received = 0;
  await assert.rejects(
    tftpDownload(
      {
        host: loopback,
        port: server.port,
        file: 'big.bin',
        signal: controller.signal,
        onProgress: (bytes) => {
          received = bytes;
          if (bytes >= 100 * 512) controller.abort();
        },
      },
      new PassThrough().resume(),
    ),
    (err: unknown) => err instanceof ClientError && err.kind === 'aborted',
  );
  assert.equal(received, 100 * 512);
});

test("a sink that runs out of space fails the download with 'disk-full'", { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'f.bin'), 100_000, 1);
  let taken = 0;
  // Simulated flash with room for 10 000 bytes.
  const flash = new Writable({
    write(chunk: Buffer, _enc, cb) {
      taken += chunk.length;
      cb(taken > 10_000 ? Object.assign(new Error('no room'), { code: 'ENOSPC' }) : null);
    },
  });
  await assert.rejects(tftpDownload({ host: loopback, port: server.port, file: 'f.bin' }, flash), (err: unknown) => {
    assert.ok(err instanceof ClientError);
    assert.equal(err.kind, 'disk-full');
    assert.equal(err.iosCause, 'Not enough space on device');
    return true;
  });
});

test('resolves once `out` has taken every byte, even before anyone reads the far side of a pass-through', { timeout: 20_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeFileSync(path.join(server.dir, 'small.txt'), 'hostname router1\n');
  const out = new PassThrough();
  const result = await tftpDownload({ host: loopback, port: server.port, file: 'small.txt' }, out);
  assert.equal(result.bytes, 17);
  assert.equal(String(out.read()), 'hostname router1\n');
});
