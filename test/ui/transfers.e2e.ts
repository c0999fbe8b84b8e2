// Real VS Code end to end for transfers: the Simulated lab started from the command palette shows
// its devices and their flash; right-click "Upload to Device…" on an image in the Explorer runs a
// job whose card in the Transfers webview ends in success; a copy that erases flash stops on the
// card until the device's hostname is typed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleImages, writeSampleImage } from '../../src/lab/sample-image';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { contextMenu, expandDevice, openViewContainer, runCommand, treeItem, waitForLabDevices, webviewDocument } from './harness/workbench';

async function pickDevice(page: Page, name: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: /to which devices\?/ }).waitFor({ state: 'visible' });
  await widget.locator('input.input').fill(name);
  const row = widget.locator('.monaco-list-row').filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible' });
  // In a multi-select pick, clicking the row ticks its checkbox; OK accepts the ticked ones.
  await row.click();
  await widget.locator('.quick-input-count').filter({ hasText: '1 Selected' }).waitFor({ state: 'visible' });
  await widget.getByRole('button', { name: 'OK' }).click();
}

async function acceptDefaults(page: Page, titles: RegExp[]): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  for (const title of titles) {
    await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  }
}

async function uploadFromExplorer(page: Page, file: string, device: string): Promise<void> {
  await openViewContainer(page, 'Explorer');
  const row = treeItem(page, file);
  await row.waitFor({ state: 'visible' });
  await contextMenu(page, row, 'Upload to Device…');
  await pickDevice(page, device);
  await acceptDefaults(page, [/over$/, /Destination on/]);
}

test('the lab in VS Code: flash in the tree, an upload with progress and success, an erase that waits for the hostname', { timeout: 420_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iim-e2e-ws-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  await writeSampleImage(workspace, sampleImages.c2960x, 3 * 1024 * 1024, 11);
  await writeSampleImage(workspace, sampleImages['c2500-run-from-flash'], 512 * 1024, 12);
  const server = await startCodeServer(t, { workspace });
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  await runCommand(page, 'IOS Image Manager: Start Simulated Lab');
  await waitForLabDevices(page);
  const sw = await expandDevice(page, 'lab-c2960x', 'flash:');
  // The device's row takes the platform and version once its inventory is read.
  await sw.locator('.label-description').filter({ hasText: /2960/ }).waitFor({ state: 'visible', timeout: 60_000 });
  await screenshot(page, 'transfers-lab-devices');

  await uploadFromExplorer(page, sampleImages.c2960x.name, 'lab-c2960x');
  const doc = webviewDocument(page);
  const card = doc.locator('article.card').filter({ hasText: 'lab-c2960x' }).first();
  await card.waitFor({ state: 'visible', timeout: 60_000 });
  await card.locator('.message.succeeded').waitFor({ state: 'visible', timeout: 180_000 });
  assert.match(await card.locator('.message').innerText(), /copied to .* and verified \(MD5 [0-9a-f]{32}\)/);
  assert.match(await card.locator('.numbers').innerText(), /3\.1 MB of 3\.1 MB \(100%\)/);
  assert.match(await card.locator('pre.output').innerText(), /copy tftp:/);
  await screenshot(page, 'transfers-upload-succeeded');

  await uploadFromExplorer(page, sampleImages['c2500-run-from-flash'].name, 'lab-c2500-run-from-flash');
  const erase = doc.locator('article.card').filter({ hasText: 'lab-c2500-run-from-flash' }).first();
  const confirm = erase.locator('section.confirm');
  await confirm.waitFor({ state: 'visible', timeout: 120_000 });
  assert.match(await confirm.innerText(), /console access/);
  const hostname = await confirm.locator('label code').innerText();
  const button = confirm.getByRole('button', { name: 'Erase and copy' });
  assert.equal(await button.isDisabled(), true, 'disabled until the hostname is typed');
  await screenshot(page, 'transfers-erase-warning');
  await confirm.getByLabel(/Type the device hostname/).fill(`${hostname}x`);
  assert.equal(await button.isDisabled(), true);
  await confirm.getByLabel(/Type the device hostname/).fill(hostname);
  await button.click();
  await erase.locator('.message.succeeded').waitFor({ state: 'visible', timeout: 180_000 });
  await screenshot(page, 'transfers-erase-confirmed');
});
