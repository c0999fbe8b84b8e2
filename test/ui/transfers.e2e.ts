// Real VS Code end to end for transfers: the Simulated lab started from the command palette shows
// its devices and their flash; right-click "Upload to Device…" on an image in the Explorer runs a
// job whose card in the Transfers webview ends in success; a copy that erases flash stops on the
// card until the device's hostname is typed — declined, its confirmation box goes and the card says
// declined (no error); confirmed, the box goes at once and the copy runs; the same image again on
// the 2500 (no verify /md5) says "same size, contents not compared", never "differs".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleImages, writeSampleImage } from '../../src/lab/sample-image';
import { docScreenshot, openWorkbench } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { contextMenu, expandDevice, openViewContainer, runCommand, statusBarText, treeItem, waitForDescription, waitForLabDevices, waitForNotification, webviewDocument } from './harness/workbench';

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
  await acceptDefaults(page, [/over$/, /: destination$/]);
}

test('the lab in VS Code: flash in the tree, an upload with progress and success, an erase that waits for the hostname', { timeout: 600_000 }, async (t) => {
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
  await waitForDescription(sw, /2960/);
  await docScreenshot(page, 'transfers-lab-devices');

  await uploadFromExplorer(page, sampleImages.c2960x.name, 'lab-c2960x');
  const doc = webviewDocument(page);
  const card = doc.locator('article.card').filter({ hasText: 'lab-c2960x' }).first();
  await card.waitFor({ state: 'visible', timeout: 60_000 });
  await card.locator('.message.succeeded').waitFor({ state: 'visible', timeout: 180_000 });
  assert.match(await card.locator('.message').innerText(), /copied to .* and verified \(MD5 [0-9a-f]{32}\)/);
  // One unit system: binary units, the exact bytes in the tooltip.
  assert.match(await card.locator('.numbers').innerText(), /^3\.0 MiB of 3\.0 MiB \(100%\)/);
  assert.equal(await card.locator('.numbers').getAttribute('title'), '3145728 of 3145728 bytes');
  assert.match(await card.locator('pre.output').innerText(), /copy tftp:/);
  assert.doesNotMatch(await card.locator('pre.output').innerText(), /^!+$/m, 'no line of raw marks');
  assert.doesNotMatch(await card.innerText(), /Space on flash::|is a WS-C/);
  await docScreenshot(page, 'transfers-upload-succeeded');

  // Verify MD5 on the copied file compares it with the same-named image in the workspace.
  await openViewContainer(page, 'IOS Image Manager');
  const flash = treeItem(page, 'flash:');
  await flash.click();
  const copied = treeItem(page, sampleImages.c2960x.name);
  await copied.waitFor({ state: 'visible', timeout: 60_000 });
  await contextMenu(page, copied, 'Verify MD5');
  await waitForNotification(page, new RegExp(`flash:${sampleImages.c2960x.name.replace(/\./g, '\\.')}: MD5 [0-9a-f]{32} — matches the local ${sampleImages.c2960x.name.replace(/\./g, '\\.')}`), 60_000);
  await docScreenshot(page, 'transfers-verify-md5-local');

  // The 2500 runs IOS from flash: the copy erases it, so the job waits for the hostname. Declined first.
  const r2500 = sampleImages['c2500-run-from-flash'].name;
  const cards2500 = doc.locator('article.card').filter({ hasText: 'lab-c2500-run-from-flash' });
  await uploadFromExplorer(page, r2500, 'lab-c2500-run-from-flash');
  let erase = cards2500.first();
  let confirm = erase.locator('section.confirm');
  await confirm.waitFor({ state: 'visible', timeout: 120_000 });
  await waitForNotification(page, /lab-c2500-run-from-flash waits for your confirmation to erase flash/, 5_000);
  assert.match(await statusBarText(page), /1 waiting/);
  const boxText = await confirm.innerText();
  assert.match(boxText, /console access/);
  assert.doesNotMatch(boxText, /ROMmon|Every file on that file system is erased first/, 'the warning once, in the checks\u2019 own words');
  assert.equal(await erase.locator('.numbers').count(), 0, 'no "0 B of ?" on a waiting card');
  assert.doesNotMatch(await erase.locator('pre.output').innerText(), /outcome: blocked/, 'a waiting card does not say blocked');
  assert.equal(await erase.getByRole('button', { name: 'Cancel' }).count(), 0, 'its only controls are in the box');
  const hostname = await confirm.locator('label code').innerText();
  const button = confirm.getByRole('button', { name: 'Erase and copy' });
  assert.equal(await button.isDisabled(), true, 'disabled until the hostname is typed');
  await docScreenshot(page, 'transfers-erase-warning');
  await confirm.getByRole('button', { name: 'Do not copy' }).click();
  await confirm.waitFor({ state: 'detached', timeout: 2_000 });
  await erase.locator('.message.declined').waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await erase.locator('.message').innerText(), /^Not copied: you chose not to erase flash\. The copy did not start/);
  const declined = await waitForNotification(page, /Not copied: you chose not to erase flash/, 5_000);
  assert.equal(await declined.locator('.codicon-error').count(), 0, 'a decline is not an error');
  await docScreenshot(page, 'transfers-erase-declined');

  // Then confirmed: the box goes at once, the copy runs through the Flash Load Helper and succeeds.
  await uploadFromExplorer(page, r2500, 'lab-c2500-run-from-flash');
  erase = cards2500.first();
  confirm = erase.locator('section.confirm');
  await confirm.waitFor({ state: 'visible', timeout: 120_000 });
  await confirm.getByLabel(/Type the device hostname/).fill(`${hostname}x`);
  assert.equal(await confirm.getByRole('button', { name: 'Erase and copy' }).isDisabled(), true);
  await confirm.getByLabel(/Type the device hostname/).fill(hostname);
  await confirm.getByRole('button', { name: 'Erase and copy' }).click();
  await confirm.waitFor({ state: 'detached', timeout: 2_000 });
  await erase.locator('.message.succeeded').waitFor({ state: 'visible', timeout: 240_000 });
  await docScreenshot(page, 'transfers-erase-confirmed');

  // The same image again: this IOS has no verify /md5, so the same-sized file was not compared.
  await uploadFromExplorer(page, r2500, 'lab-c2500-run-from-flash');
  erase = cards2500.first();
  confirm = erase.locator('section.confirm');
  await confirm.waitFor({ state: 'visible', timeout: 120_000 });
  const again = await confirm.innerText();
  assert.match(again, /exists with the same size \(\d+ bytes\); its contents were not compared/);
  assert.doesNotMatch(again, /differs/);
  await docScreenshot(page, 'transfers-same-size-not-compared');
  await confirm.getByRole('button', { name: 'Do not copy' }).click();
  await confirm.waitFor({ state: 'detached', timeout: 2_000 });
  await erase.locator('.message.declined').waitFor({ state: 'visible', timeout: 5_000 });
  // Clearing the finished cards leaves a panel that says so, not "No transfers yet".
  await doc.locator('#clear-finished').click();
  await doc.locator('#empty').filter({ hasText: 'Finished transfers cleared.' }).waitFor({ state: 'visible', timeout: 5_000 });
});
