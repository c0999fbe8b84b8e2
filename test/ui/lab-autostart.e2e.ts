// Real VS Code: with iosImageManager.lab.startOnActivation (what `npm run try` sets), opening the
// IOS Image Manager view starts the simulated lab and its devices appear with their flash — no
// command, no password asked.
import { test } from 'node:test';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { expandDevice, openViewContainer, waitForLabDevices } from './harness/workbench';

test('with lab.startOnActivation, opening the view starts the lab and lists its devices', { timeout: 300_000 }, async (t) => {
  const server = await startCodeServer(t, { settings: { 'iosImageManager.lab.startOnActivation': true } });
  const { page } = await openWorkbench(t, server);
  await openViewContainer(page, 'IOS Image Manager');
  await waitForLabDevices(page);
  await expandDevice(page, 'lab-isr4331', 'bootflash:');
  await screenshot(page, 'lab-autostart-devices');
});
