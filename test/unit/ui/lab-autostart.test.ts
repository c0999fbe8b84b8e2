// iosImageManager.lab.startOnActivation (what `npm run try` sets): the lab starts with the extension
// and its devices are in the settings; without the setting nothing starts. Its host keys persist.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { settings } from '../../fakes/vscode';
import { Ctx } from '../../../src/ui/ctx';
import { startLabIfAsked } from '../../../src/ui/lab/lab-commands';
import { labGroup } from '../../../src/ui/lab/lab-host';
import { fakeExtensionContext } from '../../fakes/extension-context';
import { tempDir } from '../../helpers/temp-dir';
import { labCtx } from './lab-ctx';

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

test('a restarted lab presents the same host keys: they live in the extension storage', { timeout: 60_000 }, async (t) => {
  const { ctx, dir } = labCtx(t);
  // The keys the lab trusted in known_hosts, without the host:port they were trusted for (ports change).
  const keys = async () => new Set((await readFile(path.join(dir, 'known_hosts'), 'utf8')).split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(1).join(' ')));
  await ctx.lab.start();
  const first = await keys();
  assert.equal(first.size, ctx.config.devices().devices.length);
  await ctx.lab.stop();
  await ctx.lab.start();
  assert.deepEqual(await keys(), first);
  assert.ok(readdirSync(path.join(dir, 'lab')).includes('c9300.ssh_host_rsa_key'));
});
