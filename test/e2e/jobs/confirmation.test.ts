// A confirmation asked for in the middle of a job (the Transfers panel's way) lets the same job go on:
// the jobs layer plans again from the answer and continues, repeating nothing it already did — the
// same-named file is hashed on the device once, not once per attempt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CheckResult, pushImage, readLocalImage } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { flashMd5, startJobLab } from './job-lab';

const kib = 1024;

test('an overwrite confirmed while the job waits: one verify /md5 of the old file, then the copy and its verify — nothing repeated', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x']);
  const [device] = lab.devices;
  const dir = tempDir(t);
  const name = 'c2960x-universalk9-mz.152-7.E5.bin';
  // The same name and size with other content: only `verify /md5` on the device can tell them apart.
  const first = await writeSampleImage(tempDir(t), { ...sampleImages.c2960x, name }, 256 * kib, 1);
  const second = await writeSampleImage(dir, { ...sampleImages.c2960x, name }, 256 * kib, 2);
  assert.notEqual(first.md5, second.md5);
  const seed = await lab.open(device);
  assert.equal((await pushImage(seed.session, seed.snapshot, { protocol: 'tftp', local: await readLocalImage(first.path), server: lab.server('tftp') })).outcome.status, 'succeeded');

  const { session, snapshot } = await lab.open(device);
  const asked: CheckResult[][] = [];
  const result = await pushImage(session, snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(second.path),
    server: lab.server('tftp'),
    confirmations: async (blocked, hostname) => {
      asked.push(blocked);
      assert.equal(hostname, snapshot.hostname);
      return ['overwrite'];
    },
  });
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.equal(asked.length, 1, 'asked once');
  assert.deepEqual(
    asked[0].map((c) => `${c.id}:${c.confirmation}`),
    ['existing-file:overwrite'],
  );
  const sent = result.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
  const verifies = sent.filter((s) => s === `verify /md5 flash:${name}`);
  assert.equal(verifies.length, 2, `one verify /md5 before (the probe) and one after the copy, not a second probe: ${sent.join(' | ')}`);
  assert.equal(sent.filter((s) => s.startsWith('copy ')).length, 1);
  assert.ok(sent.indexOf(verifies[0]) < sent.findIndex((s) => s.startsWith('copy ')), 'the probe came before the copy');
  assert.ok(result.checks.some((c) => c.id === 'existing-file' && c.status === 'warning' && c.facts.some((f) => /confirmed by the user \(overwrite\)/.test(f))), 'the plan made again carries the confirmation');
  assert.equal(await flashMd5(device, 'flash:', name), second.md5);
});
