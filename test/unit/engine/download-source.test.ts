import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DigestCache } from '../../../src/engine/digest-cache';
import { DownloadSource } from '../../../src/engine/download-source';
import { tempDir } from '../../helpers/temp-dir';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

async function sendWhole(file: string, cache: DigestCache, feed?: (size: number) => Buffer) {
  const source = await DownloadSource.open(file, cache);
  const bytes = Buffer.alloc(source.sizeBytes);
  if (feed) feed(source.sizeBytes).copy(bytes);
  else await source.readInto(bytes, 0);
  source.markSent(0, bytes);
  const d = await source.digests();
  await source.close();
  return d;
}

test('a file sent whole is hashed once; an unchanged repeat reuses the digest, a changed file is hashed again', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const first = randomBytes(300_000);
  writeFileSync(file, first);
  const cache = new DigestCache();
  assert.equal((await sendWhole(file, cache))?.md5, md5(first));
  // The repeat does not hash what it sends: fed other bytes, it still reports the file's digest.
  assert.equal((await sendWhole(file, cache, (n) => Buffer.alloc(n)))?.md5, md5(first));
  const second = randomBytes(300_000);
  writeFileSync(file, second);
  assert.equal((await sendWhole(file, cache))?.md5, md5(second));
});

test('no whole-file digest for a partial send, nor for a remembered one whose file changed during the send', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(100_000);
  writeFileSync(file, data);
  const cache = new DigestCache();
  const partial = await DownloadSource.open(file, cache);
  partial.markSent(0, data.subarray(0, 50_000));
  assert.equal(await partial.digests(), undefined);
  await partial.close();
  const later = await DownloadSource.open(file, cache);
  later.markSent(40_000, data.subarray(40_000)); // REST-style: starts mid-file
  assert.equal(await later.digests(), undefined);
  await later.close();

  assert.equal((await sendWhole(file, cache))?.md5, md5(data));
  const source = await DownloadSource.open(file, cache);
  source.markSent(0, data);
  utimesSync(file, new Date(), new Date(Date.now() + 5000)); // touched while "sending"
  assert.equal(await source.digests(), undefined, 'the remembered digest may no longer describe the file');
  await source.close();
});

test('retransmitted chunks count once; sentBytes follows the in-order end', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(10_000);
  writeFileSync(file, data);
  const source = await DownloadSource.open(file);
  source.markSent(0, data.subarray(0, 4000));
  source.markSent(0, data.subarray(0, 4000));
  source.markSent(8000, data.subarray(8000)); // ahead of what was sent: ignored
  assert.equal(source.sentBytes, 4000);
  source.markSent(2000, data.subarray(2000));
  assert.equal(source.sentBytes, 10_000);
  assert.equal((await source.digests())?.md5, md5(data));
  await source.close();
});

test('digests remembered for a file (a job hashed it for its checks) are reported without hashing it again', async (t) => {
  const { readLocalImage } = await import('../../../src/jobs/local-image.js');
  const { TransferEngine } = await import('../../../src/engine/index.js');
  const dir = tempDir(t);
  const file = path.join(dir, 'c2960x-universalk9-mz.152-7.E8.bin');
  const data = randomBytes(200_000);
  writeFileSync(file, data);
  const local = await readLocalImage(file);
  assert.equal(local.digests.sha256, createHash('sha256').update(data).digest('hex'));
  assert.equal(local.fileKey, await DigestCache.fileKey(file), 'the file did not change while it was hashed');
  const engine = new TransferEngine();
  engine.rememberDigests(local.fileKey!, { md5: local.digests.md5, sha256: local.digests.sha256! });
  // Fed other bytes, the send still reports the remembered digests: nothing was hashed.
  const d = await sendWhole(file, engine.context.digestCache, (n) => Buffer.alloc(n));
  assert.deepEqual(d, { md5: md5(data), sha256: local.digests.sha256 });
});
