import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AtomicUpload, DestinationExistsError, UploadTooLargeError } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';

test('the file appears only on commit, with its digests', async (t) => {
  const dir = tempDir(t);
  const dest = path.join(dir, 'image.bin');
  const up = await AtomicUpload.begin(dest, 1 << 20);
  const parts = [Buffer.alloc(512, 1), Buffer.alloc(512, 2), Buffer.alloc(3, 3)];
  for (const p of parts) await up.write(p);
  assert.equal(existsSync(dest), false, 'not visible before commit');
  const done = await up.commit();
  const all = Buffer.concat(parts);
  assert.deepEqual(readFileSync(dest), all);
  assert.equal(done.bytes, all.length);
  assert.equal(done.md5, createHash('md5').update(all).digest('hex'));
  assert.equal(done.sha256, createHash('sha256').update(all).digest('hex'));
  assert.deepEqual(readdirSync(dir), ['image.bin'], 'no temporary file left');
});

test('abort leaves nothing behind; over the limit discards', async (t) => {
  const dir = tempDir(t);
  const a = await AtomicUpload.begin(path.join(dir, 'a.bin'), 100);
  await a.write(Buffer.alloc(10));
  await a.abort();
  await a.abort();
  const b = await AtomicUpload.begin(path.join(dir, 'b.bin'), 100);
  await b.write(Buffer.alloc(60));
  await assert.rejects(b.write(Buffer.alloc(41)), UploadTooLargeError);
  assert.deepEqual(readdirSync(dir), []);
});

test('never overwrites a file that appeared during the upload', async (t) => {
  const dir = tempDir(t);
  const dest = path.join(dir, 'c.bin');
  const up = await AtomicUpload.begin(dest, 100);
  await up.write(Buffer.from('new'));
  writeFileSync(dest, 'old');
  await assert.rejects(up.commit(), DestinationExistsError);
  assert.equal(readFileSync(dest, 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir), ['c.bin']);
});

test('writes queued behind the disk land in order, whole, whatever the chunking', async (t) => {
  const dir = tempDir(t);
  const dest = path.join(dir, 'big.bin');
  const up = await AtomicUpload.begin(dest, 64 << 20);
  const data = randomBytes(12 * 1024 * 1024 + 5);
  // Not awaiting each write lets many chunks queue while one writev is on disk.
  const pending: Promise<void>[] = [];
  for (let at = 0, n = 1; at < data.length; at += n, n = (n * 7 + 13) % 70_000 || 1) pending.push(up.write(data.subarray(at, at + n)));
  await Promise.all(pending);
  const done = await up.commit();
  assert.equal(done.bytes, data.length);
  assert.ok(readFileSync(dest).equals(data), 'the file is the bytes written, in order');
  assert.equal(done.md5, createHash('md5').update(data).digest('hex'));
});

test('an abort while writes are queued discards everything', async (t) => {
  const dir = tempDir(t);
  const up = await AtomicUpload.begin(path.join(dir, 'gone.bin'), 64 << 20);
  const writes = Array.from({ length: 40 }, () => up.write(Buffer.alloc(256 * 1024, 9)).catch(() => undefined));
  await up.abort();
  await Promise.all(writes);
  assert.deepEqual(readdirSync(dir), []);
  await assert.rejects(up.write(Buffer.alloc(1)), /aborted/);
});
