import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DownloadSource } from '../../../../src/engine/download-source';
import { BlockReader } from '../../../../src/engine/tftp/block-reader';
import { NetasciiEncoder } from '../../../../src/engine/tftp/netascii';
import type { TransferMode } from '../../../../src/engine/tftp/packets';

/**
 * Reads a file the way a transfer does: each block copied out just before it is acknowledged, so a
 * read buffer reused too early (while holding unacknowledged blocks) would corrupt what comes out.
 */
async function readAll(file: string, blockSize: number, windowSize: number, mode: TransferMode, onRead?: (target: Buffer) => void) {
  const source = await DownloadSource.open(file);
  if (onRead) {
    const readInto = source.readInto.bind(source);
    source.readInto = (target, position) => {
      onRead(target);
      return readInto(target, position);
    };
  }
  let available = 0;
  let last: number | undefined;
  let wake: () => void = () => undefined;
  const reader = new BlockReader(source, blockSize, windowSize, mode, {
    available: (upTo, end) => {
      available = upTo;
      last = end;
      wake();
    },
    failed: (err) => assert.fail(err),
  });
  reader.start();
  const parts: Buffer[] = [];
  const packet = Buffer.alloc(4 + blockSize, 0xee);
  let blocks = 0;
  for (let block = 1; last === undefined || block <= last; block++) {
    while (available < block) await new Promise<void>((r) => (wake = r));
    const n = reader.copyBlock(block, packet, 4);
    assert.ok(n <= blockSize);
    if (block !== last) assert.equal(n, blockSize, `block ${block} is whole`);
    parts.push(Buffer.from(packet.subarray(4, 4 + n)));
    blocks = block;
    // Acknowledge a window at a time, letting reads complete in between.
    if (block % windowSize === 0) {
      reader.release(block + 1);
      await new Promise((r) => setImmediate(r));
    }
  }
  reader.release(blocks + 1);
  const digests = await source.digests();
  reader.close();
  await source.close();
  return { bytes: Buffer.concat(parts), blocks, digests };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-block-reader-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const cases = [
  { title: 'empty file: one empty block', size: 0, blockSize: 512, windowSize: 1 },
  { title: 'exact multiple of blksize: a final empty block', size: 512 * 600, blockSize: 512, windowSize: 1 },
  { title: 'several reads and a short last block', size: 512 * 700 + 17, blockSize: 512, windowSize: 4 },
  { title: 'blksize not dividing the read size', size: 1468 * 300 + 1000, blockSize: 1468, windowSize: 16 },
  { title: 'large blocks and window', size: 8192 * 100 + 1, blockSize: 8192, windowSize: 16 },
];

for (const c of cases) {
  test(`block reader (octet): ${c.title}`, async () => {
    const data = randomBytes(c.size);
    const file = path.join(dir, `octet-${c.size}-${c.blockSize}`);
    writeFileSync(file, data);
    const r = await readAll(file, c.blockSize, c.windowSize, 'octet');
    assert.equal(r.blocks, Math.floor(c.size / c.blockSize) + 1);
    assert.ok(r.bytes.equals(data), 'the blocks are the file');
    assert.equal(r.digests?.md5, createHash('md5').update(data).digest('hex'));
  });
}

test('block reader (netascii): blocks straddle the reads; the output is the encoded file', async () => {
  // Line ends everywhere, so encoded reads are never whole blocks and the tail carries over.
  const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i % 7 === 0 ? 10 : i % 11 === 0 ? 13 : 65 + (i % 26))));
  const file = path.join(dir, 'netascii.txt');
  writeFileSync(file, data);
  const r = await readAll(file, 512, 8, 'netascii');
  const wire = new NetasciiEncoder().push(data);
  assert.equal(r.blocks, Math.floor(wire.length / 512) + 1);
  assert.ok(r.bytes.equals(wire), 'the blocks are the encoded file');
  assert.equal(r.digests?.md5, createHash('md5').update(data).digest('hex'), 'the digest is of the file, not the wire');
});

test('block reader: memory stays flat — after the first read, every read lands in one of a few recycled buffers', async () => {
  const data = randomBytes(5 * 1024 * 1024 + 100);
  const file = path.join(dir, 'flat.bin');
  writeFileSync(file, data);
  const buffers: ArrayBuffer[] = [];
  const r = await readAll(file, 512, 1, 'octet', (target) => buffers.push(target.buffer as ArrayBuffer));
  assert.ok(r.bytes.equals(data), 'the blocks are the file');
  const later = buffers.slice(1);
  assert.ok(later.length >= 40, `${later.length} reads of 128 KiB`);
  const distinct = new Set(later).size;
  // Two spare slots plus the buffer being read into; one per read would be 40 here.
  assert.ok(distinct <= 3, `${distinct} distinct read buffers over ${later.length} reads`);
});

test('until the peer acknowledges a block, only its first window is read (an abandoned request costs little)', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-br-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'img.bin');
  writeFileSync(file, randomBytes(1_000_000));
  const source = await DownloadSource.open(file);
  t.after(() => source.close());
  const seen: number[] = [];
  let wake: () => void = () => undefined;
  const reader = new BlockReader(source, 512, 4, 'octet', {
    available: (upTo) => {
      seen.push(upTo);
      wake();
    },
    failed: (err) => assert.fail(err),
  });
  reader.start();
  while (seen.length === 0) await new Promise<void>((r) => (wake = r));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [4], 'one window, and no read ahead');
  reader.release(2);
  while (seen.length === 1) await new Promise<void>((r) => (wake = r));
  assert.ok(seen[1] > 4 + 200, `read ahead once the peer answered (${seen[1]})`);
  reader.close();
});
