// Real VS Code end to end: the packaged .vsix installs into code-server, its activity-bar container
// shows the Devices view with the welcome message, and "Add Device" runs from its button and from
// the command palette.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { dismissNotification, notificationLabel, openViewContainer, runCommand, viewPane, waitForNotification } from './harness/workbench';

test('the packaged extension shows its Devices view; Add Device runs from the view and the palette', { timeout: 240_000 }, async (t) => {
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

  await addDevice.click();
  const toast = await waitForNotification(page, 'Adding devices arrives with the Devices tree.');
  assert.equal(await toast.locator('.notification-list-item-message').innerText(), 'Adding devices arrives with the Devices tree.');
  // VS Code's accessible label carries the severity and the extension that raised it.
  assert.match(await notificationLabel(toast), /^Info: Adding devices arrives with the Devices tree\., source: IOS Image Manager,/);
  await screenshot(page, 'devices-view-add-device');

  // The same command from the palette, under its category (the manifest's "IOS Image Manager").
  await dismissNotification(toast);
  await runCommand(page, 'IOS Image Manager: Add Device');
  await waitForNotification(page, 'Adding devices arrives with the Devices tree.');
});
