// The optional boot step after a push: which commands it will send, when the running image stays as
// the fallback entry, and how the pre-flight report shows it (blocking when nothing is verified).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSetBoot } from '../../../src/jobs/preflight/set-boot';
import { planSetBoot } from '../../../src/jobs/set-boot';
import { c2960x } from './preflight-fixture';

const newImage = 'c2960x-universalk9-mz.152-7.E4.bin';

test('the running image stays as the fallback entry', () => {
  const device = c2960x();
  const plan = planSetBoot(device, device.fileSystems[0], newImage, false);
  assert.deepEqual(plan.commands, ['configure terminal', 'no boot system', `boot system flash:${newImage}`, 'boot system flash:c2960x-universalk9-mz.152-7.E3.bin', 'end', 'write memory']);
  assert.equal(plan.fallback, 'flash:c2960x-universalk9-mz.152-7.E3.bin');
});

test('no fallback when the copy erases it, replaces it, or it is gone, or the device did not name it', () => {
  const device = c2960x();
  const fs = device.fileSystems[0];
  const only = ['configure terminal', 'no boot system', `boot system flash:${newImage}`, 'end', 'write memory'];
  const erased = planSetBoot(device, { ...fs, eraseBeforeCopy: true }, newImage, true);
  assert.deepEqual(erased.commands, only);
  assert.match(erased.noFallbackBecause ?? '', /erased by this copy/);
  assert.match(planSetBoot(device, fs, 'c2960x-universalk9-mz.152-7.E3.bin', false).noFallbackBecause ?? '', /replaces the running one/);
  const gone = c2960x({ fileSystems: [{ ...fs, files: fs.files!.filter((f) => !f.name.endsWith('E3.bin')) }] });
  assert.match(planSetBoot(gone, gone.fileSystems[0], newImage, false).noFallbackBecause ?? '', /no longer in flash:/);
  assert.deepEqual(planSetBoot(c2960x({ runningImage: undefined }), fs, newImage, false).commands, only);
});

test('the pre-flight report lists every command; without verify the step blocks the job', () => {
  const device = c2960x();
  const plan = planSetBoot(device, device.fileSystems[0], newImage, false);
  const ok = checkSetBoot(plan, true);
  assert.equal(ok.status, 'info');
  assert.deepEqual(ok.facts.filter((f) => f.startsWith('will send: ')).map((f) => f.slice('will send: '.length)), plan.commands);
  const blocked = checkSetBoot(plan, false);
  assert.equal(blocked.status, 'blocking');
  assert.equal(blocked.confirmation, undefined, 'no confirmation lifts it');
});
