import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DigestCache } from '../../../src/engine/digest-cache';
import { hashFile, hasherNice } from '../../../src/engine/file-hasher';
import { tempDir } from '../../helpers/temp-dir';

test('a file is hashed whole (MD5, SHA-256) with its identity before and after', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  const data = randomBytes(5 * 1024 * 1024 + 3);
  writeFileSync(file, data);
  const h = await hashFile(file).result;
  assert.equal(h.md5, createHash('md5').update(data).digest('hex'));
  assert.equal(h.sha256, createHash('sha256').update(data).digest('hex'));
  assert.equal(DigestCache.keyOf(h.before), await DigestCache.fileKey(file));
  assert.equal(DigestCache.keyOf(h.after), DigestCache.keyOf(h.before));
  const empty = path.join(dir, 'empty.bin');
  writeFileSync(empty, '');
  assert.equal((await hashFile(empty).result).md5, createHash('md5').digest('hex'));
});

test('a missing file rejects with the reason; a dropped pass rejects and the worker goes on with the next', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(hashFile(path.join(dir, 'nope.bin')).result, /ENOENT/);
  const big = path.join(dir, 'big.bin');
  writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 1));
  const dropped = hashFile(big);
  const small = path.join(dir, 'small.bin');
  writeFileSync(small, 'abc');
  const next = hashFile(small);
  dropped.drop();
  await assert.rejects(dropped.result, /dropped/);
  assert.equal((await next.result).md5, createHash('md5').update('abc').digest('hex'));
});

test('a pass over content other than the one the caller opened rejects instead of giving its digest', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  writeFileSync(file, randomBytes(1000));
  const cache = new DigestCache();
  const lease = cache.lease(file, 'another:content:key');
  await assert.rejects(lease.digests, /changed while it was hashed/);
  lease.release();
  assert.equal(cache.passes, 0);
});

test('on Linux the hashing thread runs at a lowered priority, so a transfer keeps the CPU it needs', {
  skip: process.platform !== 'linux' ? 'thread priorities are read from /proc' : os.getPriority() >= hasherNice && `this process already runs at nice ${os.getPriority()}`,
}, async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  writeFileSync(file, randomBytes(1000));
  await hashFile(file).result; // the worker is running now
  const niceOf = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised name: state is field 3, nice field 19.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const nices = readdirSync('/proc/self/task').map(niceOf);
  assert.ok(nices.includes(hasherNice), `a thread with nice ${hasherNice} among ${nices.join(',')}`);
  assert.notEqual(niceOf(String(process.pid)), hasherNice, 'the event loop keeps its own priority');
});

test('an idle hasher does not keep the process alive, and a pending digest does', () => {
  const root = path.resolve(__dirname, '../../..');
  const script = [
    "const { hashFile } = require('./src/engine/file-hasher.ts');",
    "hashFile(process.execPath).result.then((r) => console.log(r.sha256));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), createHash('sha256').update(readFileSync(process.execPath)).digest('hex'));
});
