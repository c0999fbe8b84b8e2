// Real VS Code end to end: the packaged .vsix installs into code-server, its activity-bar container
// shows the Devices view with the welcome message, and "Add Device" (from the welcome button and
// from the command palette) asks for the device and puts it in the tree and the user's settings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { answerInputBox, openViewContainer, runCommand, treeItem, viewPane } from './harness/workbench';

test('the packaged extension shows its Devices view, and Add Device adds a device', { timeout: 300_000 }, async (t) => {
  const server = await startCodeServer(t);
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  const devices = await viewPane(page, 'Devices');
  const welcome = devices.locator('.welcome-view-content');
  await welcome.getByText('No devices yet.', { exact: false }).waitFor({ state: 'visible' });
  assert.match(
    await welcome.innerText(),
    /No devices yet\. Add a router or switch reached over SSH to inspect its flash and copy images\./,
  );
  const addDevice = welcome.getByRole('button', { name: 'Add Device' });
  await addDevice.waitFor({ state: 'visible' });
  await screenshot(page, 'devices-view-welcome');

  // The welcome button runs the command: three input boxes, then the device is in the tree.
  await addDevice.click();
  await answerInputBox(page, 'Add Device (1/3): address', '127.0.0.1:2222');
  await answerInputBox(page, 'Add Device (2/3): SSH username', 'admin');
  await answerInputBox(page, 'Add Device (3/3): name in the tree', 'lab-r1');
  const row = treeItem(page, 'lab-r1');
  await row.waitFor({ state: 'visible' });
  assert.equal(await row.locator('.label-description').innerText(), 'admin@127.0.0.1:2222');
  await welcome.waitFor({ state: 'hidden' });
  await screenshot(page, 'devices-view-added-device');

  // VS Code wrote it to the user's settings (no password: those live in SecretStorage).
  const settings = JSON.parse(readFileSync(path.join(server.dir, 'ud', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(settings['iosImageManager.devices'], [{ name: 'lab-r1', host: '127.0.0.1', port: 2222, username: 'admin' }]);

  // The same command from the palette, under its category; Escape leaves the tree as it was.
  await runCommand(page, 'IOS Image Manager: Add Device…');
  await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Add Device (1/3): address' }).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  assert.equal(await devices.locator('.monaco-list-row').count(), 1);
});
