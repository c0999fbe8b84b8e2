// "Roll Back…" from the Devices view, under the vscode fake against the simulated lab LabHost starts:
// the 9300 stack upgraded to 17.09.05 (pushed through a Transfers card, then the one-shot install), then
// the command picked with "To a rollback point…", id 1: a wrong hostname sends nothing; the right one
// sends `install rollback to id 1`, the stack reloads, and the notice says it is back on 17.09.04a.
// "To the last committed point" then runs without a reload (the point runs the image that runs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceSession } from '../../../src/device';
import { JobLog, runInstallCommand } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { rollbackCommand } from '../../../src/ui/devices/install-commands';
import { openSession } from '../../../src/ui/devices/inventory-loader';
import { labDeviceName } from '../../../src/ui/lab/lab-host';
import { pushJob } from '../../../src/ui/transfers/transfer-jobs';
import { registered, scripted } from '../../fakes/vscode';
import { labCtx } from './lab-ctx';

async function whenBack(open: () => Promise<DeviceSession>): Promise<DeviceSession> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await open();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

test('Roll Back… to a rollback point: the typed hostname confirms, the stack reloads into the point image and the notice says so', { timeout: 240_000 }, async (t) => {
  const { ctx, dir } = labCtx(t);
  await ctx.lab.start();
  const stack = ctx.config.devices().devices.find((d) => d.name === labDeviceName('c9300'))!;
  ctx.tree.setDevices(ctx.config.devices().devices);
  const image = await writeSampleImage(dir, sampleImages.c9300, 256 * 1024, 8);
  const pushed = await pushJob(ctx, stack, image.path, 'tftp');
  assert.equal(pushed.status, 'succeeded', pushed.message);
  const session = await openSession(ctx, stack);
  const upgrade = await runInstallCommand(session, `install add file flash:${sampleImages.c9300!.name} activate commit`, { reload: true }, { log: new JobLog() });
  assert.equal(upgrade.reloaded, true, upgrade.text);
  session.close();
  (await whenBack(() => openSession(ctx, stack))).close();
  ctx.tree.refresh(stack.name);
  const hostname = (await ctx.tree.ensureInventory(stack.name))!.hostname;
  assert.match(ctx.tree.inventory(stack.name)?.version ?? '', /^17\.9\.5\b/);

  // A wrong hostname: nothing is sent.
  scripted.picks.push('To a rollback point…');
  scripted.inputs.push('1', `not-${hostname}`);
  let before = registered.messages.length;
  await rollbackCommand(ctx, { ref: { device: stack.name } });
  assert.deepEqual(registered.messages.slice(before), [`install rollback to id 1: not confirmed; nothing was sent to ${stack.name}.`]);
  assert.match(scripted.inputPrompts.at(-1) ?? '', new RegExp(`This RELOADS ${hostname} \\(every stack member\\)`));

  scripted.picks.push('To a rollback point…');
  scripted.inputs.push('1', hostname);
  before = registered.messages.length;
  await rollbackCommand(ctx, { ref: { device: stack.name } });
  const said = registered.messages.slice(before);
  assert.ok(said.some((m) => m === `${stack.name} is back after 'install rollback to id 1', running 17.09.04a`), said.join('\n'));
  assert.ok(registered.logLines.some((l) => l.includes(`[${stack.name}] succeeded:`)));
  assert.match((await ctx.tree.ensureInventory(stack.name))?.version ?? '', /^17\.9\.4a\b/, 'the tree reads the device again');

  scripted.picks.push('To the last committed point');
  scripted.inputs.push(hostname);
  before = registered.messages.length;
  await rollbackCommand(ctx, { ref: { device: stack.name } });
  assert.ok(registered.messages.slice(before).some((m) => /'install rollback to committed' succeeded without a reload/.test(m)), registered.messages.slice(before).join('\n'));
});
