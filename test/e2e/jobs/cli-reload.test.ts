// `push --set-boot --reload` and `reload` from the CLI against the lab's ISR 2911: the plan is printed
// and the hostname typed (or --yes-reload), the device reloads and the exit status says which image it
// booted — 0 the new one, 3 the fallback entry (the reason quoted), 1 when nothing was reloaded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliIo, labWithCliEngine } from './cli-lab';

const M8 = 'c2900-universalk9-mz.SPA.157-3.M8.bin';
const M9 = 'c2900-universalk9-mz.SPA.157-3.M9.bin';

test('push --set-boot --reload on a terminal: the plan is shown, the hostname typed; the new image boots (exit 0)', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'c2911', { reloadMs: 400 });
  const image = await writeSampleImage(dir, sampleImages.c2911, 200 * 1024, 5);
  const io = cliIo(true, ['y', 'R2911']);
  assert.equal(await runCli(args(image.path, '--set-boot', '--reload', '--reload-timeout', '30'), io), 0, io.out + io.err);
  assert.deepEqual(io.questions, [`Set flash0:${M9} as the boot image of R2911 and save? [y/N] `, 'Type the hostname (R2911) to reload it now, anything else to stop: ']);
  assert.match(io.out, /the reload is asked separately/);
  assert.match(io.out, new RegExp(`Reload R2911 into flash0:${M9.replace(/\./g, '\\.')}:\\n  running now:  flash0:${M8.replace(/\./g, '\\.')}\\n  boots next:   flash0:\\S+\\n  fallback:     flash0:\\S+M8\\.bin\\n  outage:       typically 3–6 minutes for a router`));
  assert.match(io.out, /SUCCEEDED: R2911 reloaded into flash0:\S+M9\.bin \(version 15\.7\(3\)M9\) and answers again after/);
  assert.equal(device.state.runningImage, `flash0:${M9}`);
});

test('push --set-boot --reload --json with a new image the boot loader cannot load: exit 3, the fallback and the reason in the JSON', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'c2911', { reloadMs: 400, faults: { corruptImages: [`flash:${M9}`] } });
  const image = await writeSampleImage(dir, sampleImages.c2911, 200 * 1024, 6);
  const io = cliIo(false);
  assert.equal(await runCli(args(image.path, '--set-boot', '--yes-reload', '--json', '--reload-timeout', '30'), io), 3, io.out + io.err);
  const report = JSON.parse(io.out) as { outcome: { status: string }; reload: { result: string; outcome: { message: string }; booted: { image: string; lastReloadReason: string; returnedToRomBy: string } } };
  assert.equal(report.outcome.status, 'succeeded', 'the copy itself');
  assert.equal(report.reload.result, 'booted-fallback');
  assert.deepEqual([report.reload.booted.image, report.reload.booted.lastReloadReason], [`flash0:${M8}`, 'Reload Command']);
  assert.match(report.reload.booted.returnedToRomBy, /^reload at /);
  assert.match(report.reload.outcome.message, /DID NOT BOOT THE NEW IMAGE/);
  assert.match(io.err, /Reload R2911 into flash0:/, 'the plan is still printed, beside the JSON');
  assert.equal(device.state.runningImage, `flash0:${M8}`);
});

test('without a terminal and without --yes-reload nothing is reloaded (exit 1); --reload needs --set-boot', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'c2911', { reloadMs: 400 });
  const image = await writeSampleImage(dir, sampleImages.c2911, 100 * 1024, 7);
  const usage = cliIo(false);
  assert.equal(await runCli(args(image.path, '--reload'), usage), 2);
  assert.match(usage.err, /--reload reloads into the image set by --set-boot/);
  const io = cliIo(false);
  assert.equal(await runCli(args(image.path, '--set-boot', '--reload'), io), 1, io.out + io.err);
  assert.match(io.out, /Not reloaded: without a terminal to type the hostname at, --yes-reload is the confirmation\./);
  assert.equal(device.state.power.state, 'up');
  assert.equal(device.state.runningImage, `flash0:${M8}`);

  // Standalone, now that the boot variable names the new image.
  const standalone = cliIo(false);
  const reloadArgs = ['reload', device.url, '--known-hosts', path.join(dir, 'known_hosts'), '--yes-reload', '--json', '--reload-timeout', '30'];
  assert.equal(await runCli(reloadArgs, standalone), 0, standalone.out + standalone.err);
  const report = JSON.parse(standalone.out) as { result: string; booted: { image: string } };
  assert.deepEqual([report.result, report.booted.image], ['booted-new', `flash0:${M9}`]);
});
