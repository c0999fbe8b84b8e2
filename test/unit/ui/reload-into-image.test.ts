// "Reload into New Image…" from the Devices view, under the vscode fake against the simulated lab
// LabHost starts: an image uploaded through a Transfers card, Set as Boot Image… answered, then the
// reload command on the boot image file — its modal shows from → to, the fallback and the outage, the
// hostname is typed, the device reloads and the notice says it booted the new image. A wrong hostname
// sends nothing. The texts' severities: a fallback boot is an error, a decline information.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registered, scripted } from '../../fakes/vscode';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import type { ReloadResult } from '../../../src/jobs';
import { setBootImage } from '../../../src/ui/devices/file-commands';
import { reloadIntoNewImage } from '../../../src/ui/devices/reload-command';
import { reloadButton, reloadNotice } from '../../../src/ui/devices/reload-text';
import { labDeviceName } from '../../../src/ui/lab/lab-host';
import { pushJob } from '../../../src/ui/transfers/transfer-jobs';
import { labCtx } from './lab-ctx';

const M9 = 'c2900-universalk9-mz.SPA.157-3.M9.bin';

test('Reload into New Image… on the boot image: the modal shows the plan, the typed hostname confirms, the notice says the new image booted', { timeout: 180_000 }, async (t) => {
  const { ctx, dir } = labCtx(t);
  await ctx.lab.start();
  const router = ctx.config.devices().devices.find((d) => d.name === labDeviceName('c2911'))!;
  const image = await writeSampleImage(dir, sampleImages.c2911, 256 * 1024, 8);
  const pushed = await pushJob(ctx, router, image.path, 'tftp');
  assert.equal(pushed.status, 'succeeded', pushed.message);
  // The fake fires no configuration events: the tree is told about the lab's devices here.
  ctx.tree.setDevices(ctx.config.devices().devices);
  assert.equal((await ctx.tree.ensureInventory(router.name))?.platform, 'CISCO2911/K9');
  const node = { ref: { device: router.name, fileSystem: 'flash0:', file: M9 } };
  scripted.answers.push('Set Boot Image and Save');
  await setBootImage(ctx, node);
  await ctx.tree.ensureInventory(router.name);

  // A wrong hostname: nothing is sent, the notice is information.
  scripted.answers.push(reloadButton);
  scripted.inputs.push('not-R2911');
  const declined = (await reloadIntoNewImage(ctx, node))!;
  assert.equal(declined.result, 'declined');
  assert.equal(reloadNotice(router.name, declined).severity, 'info');
  assert.ok(!declined.log.lines.some((l) => l.kind === 'sent' && l.text === 'reload'));

  scripted.answers.push(reloadButton);
  scripted.inputs.push('R2911');
  const before = registered.messages.length;
  const done = (await reloadIntoNewImage(ctx, node))!;
  assert.equal(done.result, 'booted-new', done.outcome.message);
  const modal = scripted.modals.at(-1)!;
  assert.equal(modal.message, `Reload R2911 into flash0:${M9}?`);
  assert.match(modal.detail ?? '', /Running now: flash0:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin\nBoots next: flash0:\S+M9\.bin\nFallback entry: flash0:\S+M8\.bin/);
  assert.match(modal.detail ?? '', /Outage: typically 3–6 minutes for a router/);
  assert.match(scripted.inputPrompts.at(-1) ?? '', /Type its hostname \(R2911\) to reload it/);
  assert.ok(registered.messages.slice(before).some((m) => /^lab-c2911: R2911 reloaded into flash0:\S+M9\.bin \(version 15\.7\(3\)M9\)/.test(m)), registered.messages.slice(before).join('\n'));
  assert.ok(registered.logLines.some((l) => /\[lab-c2911 reload\] > reload$/.test(l)), 'the job log is in the output channel');
  assert.ok(scripted.progress.some((p) => /waiting for the device to answer again/.test(JSON.stringify(p))));
});

test('notices: a fallback boot, a device not back and another host key are errors; a block or unsaved configuration a warning', () => {
  const r = (result: ReloadResult['result']): ReloadResult => ({ result, outcome: { status: 'failed', message: 'm' }, checks: [], log: undefined as never });
  assert.deepEqual(['booted-fallback', 'booted-other', 'not-back', 'host-key-different', 'not-down', 'failed'].map((k) => reloadNotice('d', r(k as ReloadResult['result'])).severity), Array(6).fill('error'));
  assert.deepEqual(['blocked', 'unsaved-config'].map((k) => reloadNotice('d', r(k as ReloadResult['result'])).severity), ['warning', 'warning']);
  assert.equal(reloadNotice('d', r('booted-new')).text, 'd: m');
});
