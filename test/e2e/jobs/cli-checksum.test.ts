// `push --md5/--sha512`: a checksum copied from Cisco's download page is checked before the device
// is touched — a mismatch blocks the copy (flash unchanged), a match lets it go on.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliIo, labWithCliEngine } from './cli-lab';
import { flashMd5 } from './job-lab';

test('push --md5 / --sha512: a mismatch blocks the copy before the device is touched; a match goes on', { timeout: 120_000 }, async (t) => {
  const { device, dir, args: push } = await labWithCliEngine(t, 'c2960x');
  const image = await writeSampleImage(dir, sampleImages.c2960x, 200 * 1024, 5);
  const args = (...more: string[]) => push(image.path, ...more);

  const wrong = cliIo(false);
  assert.equal(await runCli(args('--md5', '0123456789abcdef0123456789abcdef'), wrong), 1, wrong.out + wrong.err);
  assert.match(wrong.out, /does NOT match its published MD5/);
  assert.match(wrong.out, /given with --md5/);
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), undefined, 'nothing copied');

  const sha512 = createHash('sha512').update(readFileSync(image.path)).digest('hex');
  const right = cliIo(false);
  assert.equal(await runCli(args('--sha512', sha512.toUpperCase()), right), 0, right.out + right.err);
  assert.match(right.out, /matches its published SHA-?512/);
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5);

  for (const bad of [['--md5', 'xyz'], ['--sha512', 'abc'], ['--md5', image.md5, '--sha512', sha512]]) {
    const e = cliIo(false);
    assert.equal(await runCli(args(...bad), e), 2, `usage error for ${bad.join(' ')}`);
  }
});
