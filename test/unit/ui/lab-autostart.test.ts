// iosImageManager.lab.startOnActivation (what `npm run try` sets): the lab starts with the extension
// and its devices are in the settings; without the setting nothing starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settings } from '../../fakes/vscode';
import { Ctx } from '../../../src/ui/ctx';
import { startLabIfAsked } from '../../../src/ui/lab/lab-commands';
import { labGroup } from '../../../src/ui/lab/lab-host';
import { fakeExtensionContext } from '../../fakes/extension-context';
import { tempDir } from '../../helpers/temp-dir';

test('the lab starts on activation only when the setting asks for it', { timeout: 60_000 }, async (t) => {
  settings.clear();
  const ctx = new Ctx(fakeExtensionContext(tempDir(t)));
  t.after(async () => {
    await ctx.lab.stop();
    ctx.dispose();
    settings.clear();
  });
  assert.equal(startLabIfAsked(ctx), undefined, 'off by default');
  assert.equal(ctx.lab.isRunning, false);

  settings.set('iosImageManager.lab.startOnActivation', true);
  await startLabIfAsked(ctx);
  assert.equal(ctx.lab.isRunning, true);
  const devices = ctx.config.devices().devices;
  assert.ok(devices.length >= 5 && devices.every((d) => d.group === labGroup), JSON.stringify(devices));
  assert.equal(startLabIfAsked(ctx), undefined, 'a running lab is not started twice');
});
