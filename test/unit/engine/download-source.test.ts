import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DigestCache } from '../../../src/engine/digest-cache';
import { DownloadSource } from '../../../src/engine/download-source';
import { tempDir } from '../../helpers/temp-dir';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function sendWhole(file: string, cache: DigestCache) {
  const source = await DownloadSource.open(file, cache);
  const bytes = Buffer.alloc(source.sizeBytes);
  assert.equal(await source.readInto(bytes, 0), source.sizeBytes);
  source.markSent(0, bytes.length);
  const d = await source.digests();
  await source.close();
  return d;
}

test('a file sent whole reports its digests; an unchanged repeat reuses them without a hashing pass, a changed file is hashed again', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const first = randomBytes(3 * 1024 * 1024 + 17); // several of the hasher's reads
  writeFileSync(file, first);
  const cache = new DigestCache();
  assert.deepEqual(await sendWhole(file, cache), { md5: md5(first), sha256: sha256(first) });
  const again = await DownloadSource.open(file, cache);
  again.markSent(0, again.sizeBytes);
  assert.equal(cache.passes, 0, 'a remembered digest starts no hashing pass');
  assert.equal((await again.digests())?.md5, md5(first));
  await again.close();
  const second = randomBytes(300_000);
  writeFileSync(file, second);
  assert.equal((await sendWhole(file, cache))?.md5, md5(second));
});

test('transfers of the same content at once share one hashing pass', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(2 * 1024 * 1024);
  writeFileSync(file, data);
  const cache = new DigestCache();
  const sources = await Promise.all([1, 2, 3].map(() => DownloadSource.open(file, cache)));
  for (const s of sources) s.markSent(0, 1000);
  assert.equal(cache.passes, 1);
  for (const s of sources) s.markSent(1000, s.sizeBytes - 1000);
  const all = await Promise.all(sources.map((s) => s.digests()));
  for (const d of all) assert.equal(d?.sha256, sha256(data));
  await Promise.all(sources.map((s) => s.close()));
  assert.equal(cache.passes, 0);
});

test('a send abandoned before its end stops the hashing pass it started', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  writeFileSync(file, randomBytes(64 * 1024 * 1024));
  const cache = new DigestCache();
  const source = await DownloadSource.open(file, cache);
  source.markSent(0, 8192);
  assert.equal(cache.passes, 1);
  await source.close();
  assert.equal(cache.passes, 0);
  assert.equal(cache.get((await DigestCache.fileKey(file))!), undefined, 'the dropped pass remembered nothing');
});

test('no whole-file digest for a partial send, nor when the file changed during the send (remembered or freshly hashed)', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(100_000);
  writeFileSync(file, data);
  const cache = new DigestCache();
  const partial = await DownloadSource.open(file, cache);
  partial.markSent(0, 50_000);
  assert.equal(await partial.digests(), undefined);
  await partial.close();
  const later = await DownloadSource.open(file, cache);
  later.markSent(40_000, 60_000); // REST-style: starts mid-file
  assert.equal(await later.digests(), undefined);
  await later.close();

  const fresh = await DownloadSource.open(file, cache);
  fresh.markSent(0, data.length);
  utimesSync(file, new Date(), new Date(Date.now() + 5000)); // touched while "sending"
  assert.equal(await fresh.digests(), undefined, 'the content hashed may not be what was sent');
  await fresh.close();

  assert.equal((await sendWhole(file, cache))?.md5, md5(data));
  const source = await DownloadSource.open(file, cache);
  source.markSent(0, data.length);
  utimesSync(file, new Date(), new Date(Date.now() + 10_000));
  assert.equal(await source.digests(), undefined, 'the remembered digest may no longer describe the file');
  await source.close();
});

test('retransmitted chunks count once; sentBytes follows the in-order end', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(10_000);
  writeFileSync(file, data);
  const source = await DownloadSource.open(file);
  source.markSent(0, 4000);
  source.markSent(0, 4000);
  source.markSent(8000, 2000); // ahead of what was sent: ignored
  assert.equal(source.sentBytes, 4000);
  source.markSent(2000, 8000);
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
  assert.equal(local.digests.sha256, sha256(data));
  assert.equal(local.fileKey, await DigestCache.fileKey(file), 'the file did not change while it was hashed');
  const engine = new TransferEngine();
  engine.rememberDigests(local.fileKey!, { md5: local.digests.md5, sha256: local.digests.sha256! });
  const cache = engine.context.digestCache;
  const source = await DownloadSource.open(file, cache);
  source.markSent(0, source.sizeBytes);
  assert.equal(cache.passes, 0, 'nothing is hashed');
  assert.deepEqual(await source.digests(), { md5: md5(data), sha256: local.digests.sha256 });
  await source.close();
});
