import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { OffThreadDigest } from '../../../src/engine/digest-worker';

function expected(data: Buffer) {
  return { md5: createHash('md5').update(data).digest('hex'), sha256: createHash('sha256').update(data).digest('hex') };
}

test('digests match node:crypto whatever the chunking (batch boundaries included)', async () => {
  const data = randomBytes(1024 * 1024 + 777);
  for (const step of [1, 511, 4096, 256 * 1024, 300 * 1024, data.length]) {
    const d = new OffThreadDigest();
    for (let at = 0; at < data.length; at += step) d.update(data.subarray(at, at + step));
    assert.equal(d.hashedBytes, data.length);
    assert.deepEqual(await d.digest(), expected(data), `chunks of ${step}`);
  }
});

test('an empty stream has the digests of no bytes', async () => {
  assert.deepEqual(await new OffThreadDigest().digest(), expected(Buffer.alloc(0)));
});

test('streams hashed at the same time do not mix', async () => {
  const a = randomBytes(700_000);
  const b = randomBytes(900_000);
  const da = new OffThreadDigest();
  const db = new OffThreadDigest();
  for (let at = 0; at < Math.max(a.length, b.length); at += 50_000) {
    if (at < a.length) da.update(a.subarray(at, at + 50_000));
    if (at < b.length) db.update(b.subarray(at, at + 50_000));
  }
  const [ra, rb] = await Promise.all([da.digest(), db.digest()]);
  assert.deepEqual(ra, expected(a));
  assert.deepEqual(rb, expected(b));
});

test('a dropped stream gives no digest, and a finished one cannot be fed or finished again', async () => {
  const d = new OffThreadDigest();
  d.update(randomBytes(1000));
  d.dispose();
  d.dispose();
  await assert.rejects(d.digest(), /finished or dropped/);
  const e = new OffThreadDigest();
  await e.digest();
  assert.throws(() => e.update(Buffer.from('x')), /already finished/);
  await assert.rejects(e.digest(), /finished or dropped/);
});

test('a producer far ahead of the worker is asked to wait, and is released once it catches up', async () => {
  const d = new OffThreadDigest();
  const chunk = randomBytes(1024 * 1024);
  const all: Buffer[] = [];
  let waited = false;
  for (let i = 0; i < 24; i++) {
    d.update(chunk);
    all.push(chunk);
    const lag = d.caughtUp();
    if (lag) {
      waited = true;
      await lag;
    }
  }
  assert.ok(waited, 'handing 24 MiB over at once must exceed the backlog limit');
  assert.deepEqual(await d.digest(), expected(Buffer.concat(all)));
});

test('an idle worker does not keep the process alive, and a pending digest does', () => {
  const root = path.resolve(__dirname, '../../..');
  const script = [
    "const { OffThreadDigest } = require('./src/engine/digest-worker.ts');",
    'const d = new OffThreadDigest();',
    "d.update(Buffer.alloc(3 * 1024 * 1024, 7));",
    "d.digest().then((r) => console.log(r.md5));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), createHash('md5').update(Buffer.alloc(3 * 1024 * 1024, 7)).digest('hex'));
});
