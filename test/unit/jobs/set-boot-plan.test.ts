// The optional boot step after a push: which commands it will send, when the running image stays as
// the fallback entry, and how the pre-flight report shows it (blocking when nothing is verified).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSetBoot } from '../../../src/jobs/preflight/set-boot';
import { type BootSyntax, bootSyntax } from '../../../src/jobs/boot-syntax';
import { planSetBoot } from '../../../src/jobs/set-boot';
import { c2960x } from './preflight-fixture';

const newImage = 'c2960x-universalk9-mz.152-7.E4.bin';

test('the running image stays as the fallback entry: one line on a Catalyst switch, a line per image on a router, switch all on a stack', () => {
  const device = c2960x();
  const plan = planSetBoot(device, device.fileSystems[0], newImage, false);
  assert.equal(plan.syntax, 'catalyst');
  assert.deepEqual(plan.commands, ['configure terminal', 'no boot system', `boot system flash:${newImage};flash:c2960x-universalk9-mz.152-7.E3.bin`, 'end', 'write memory']);
  assert.equal(plan.fallback, 'flash:c2960x-universalk9-mz.152-7.E3.bin');

  const router = c2960x({ platform: 'ISR4331/K9', runningImage: 'flash:old.SPA.bin', fileSystems: [{ ...device.fileSystems[0], files: [{ name: 'old.SPA.bin', sizeBytes: 1 }] }] });
  const r = planSetBoot(router, router.fileSystems[0], 'new.SPA.bin', false);
  assert.equal(r.syntax, 'router');
  assert.deepEqual(r.commands, ['configure terminal', 'no boot system', 'boot system flash:new.SPA.bin', 'boot system flash:old.SPA.bin', 'end', 'write memory']);

  const stack = c2960x({ platform: 'WS-C3850-48P', runningImage: 'flash:packages.conf', fileSystems: [{ ...device.fileSystems[0], files: [{ name: 'packages.conf', sizeBytes: 1 }] }, { name: 'flash-2:', files: [] }] });
  const st = planSetBoot(stack, stack.fileSystems[0], 'cat3k.bin', false);
  assert.deepEqual(st.commands, ['configure terminal', 'no boot system switch all', 'boot system switch all flash:cat3k.bin;flash:packages.conf', 'end', 'write memory']);
});

test('which platforms set the BOOT list from one command', () => {
  const cases: [string, string[], BootSyntax][] = [
    ['WS-C2960X-48FPD-L', ['flash:'], 'catalyst'],
    ['WS-C2960X-48FPD-L', ['flash:', 'flash-2:'], 'catalyst-stack'],
    ['WS-C3750X-48P', ['flash:'], 'catalyst'],
    ['C9300-48U', ['flash:', 'flash-2:', 'flash-3:'], 'catalyst-stack'],
    ['C9200L-24P-4G', ['flash:'], 'catalyst'],
    ['IE-4000-8GT4G-E', ['flash:', 'sdflash:'], 'catalyst'],
    ['WS-C4507R+E', ['bootflash:'], 'router'],
    ['C9800-CL-K9', ['bootflash:'], 'router'],
    ['ISR4331/K9', ['bootflash:'], 'router'],
    ['CISCO2911/K9', ['flash0:'], 'router'],
    ['2500', ['flash:'], 'router'],
  ];
  for (const [platform, fileSystems, expected] of cases) assert.equal(bootSyntax(platform, fileSystems), expected, platform);
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
