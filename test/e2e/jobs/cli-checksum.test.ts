// `push --md5/--sha512`: a checksum copied from Cisco's download page is checked before the device
// is touched — a mismatch blocks the copy (flash unchanged), a match lets it go on.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/program';
import { startLab } from '../../../src/lab';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { flashMd5 } from './job-lab';

function capture(): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', stdout: (s: string) => void (r.out += s), stderr: (s: string) => void (r.err += s), stopSignal: new AbortController().signal, isTty: false };
  return r;
}

test('push --md5 / --sha512: a mismatch blocks the copy before the device is touched; a match goes on', { timeout: 120_000 }, async (t) => {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const tftpPort = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  const lab = await startLab({ profiles: ['c2960x'], tftpPort });
  t.after(() => lab.close());
  const [device] = lab.devices;
  const saved = process.env.IIM_ENABLE_SECRET;
  process.env.IIM_ENABLE_SECRET = device.enableSecret;
  t.after(() => (saved === undefined ? delete process.env.IIM_ENABLE_SECRET : (process.env.IIM_ENABLE_SECRET = saved)));
  const dir = tempDir(t);
  const image = await writeSampleImage(dir, sampleImages.c2960x, 200 * 1024, 5);
  const args = (...more: string[]) => ['push', device.url, image.path, '--protocol', 'tftp', '--engine-ports', `tftp=${tftpPort}`, '--known-hosts', path.join(dir, 'known_hosts'), '--accept-new-host-key', ...more];

  const wrong = capture();
  assert.equal(await runCli(args('--md5', '0123456789abcdef0123456789abcdef'), wrong), 1, wrong.out + wrong.err);
  assert.match(wrong.out, /does NOT match its published MD5/);
  assert.match(wrong.out, /given with --md5/);
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), undefined, 'nothing copied');

  const sha512 = createHash('sha512').update(readFileSync(image.path)).digest('hex');
  const right = capture();
  assert.equal(await runCli(args('--sha512', sha512.toUpperCase()), right), 0, right.out + right.err);
  assert.match(right.out, /matches its published SHA-?512/);
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5);

  for (const bad of [['--md5', 'xyz'], ['--sha512', 'abc'], ['--md5', image.md5, '--sha512', sha512]]) {
    const e = capture();
    assert.equal(await runCli(args(...bad), e), 2, `usage error for ${bad.join(' ')}`);
  }
});
