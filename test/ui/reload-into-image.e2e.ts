// Real VS Code end to end for "Reload into New Image…": the lab's ISR 2911 gets the new image from the
// Explorer, Set as Boot Image… (its modal answered) makes it the boot image, and the file's context
// menu runs Reload into New Image… — the modal shows from → to, the fallback and the outage, the
// hostname is typed, the device reloads (the lab's 5 s) and the notification says it booted the new image.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleImages, writeSampleImage } from '../../src/lab/sample-image';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { answerInputBox, contextMenu, expandDevice, openViewContainer, runCommand, treeItem, waitForDescription, waitForLabDevices, waitForNotification } from './harness/workbench';

const M9 = sampleImages.c2911.name;

/** A modal dialog VS Code draws in the page: its text, and a click on one of its buttons. */
async function answerModal(page: Page, message: RegExp, button: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: message });
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  return text;
}

test('Reload into New Image… on the lab 2911: set as boot image, the modal with the plan, the typed hostname, the new image booted', { timeout: 600_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iim-e2e-ws-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  await writeSampleImage(workspace, sampleImages.c2911, 1024 * 1024, 21);
  const server = await startCodeServer(t, { workspace });
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  await runCommand(page, 'IOS Image Manager: Start Simulated Lab');
  await waitForLabDevices(page);

  // The image from the Explorer to the 2911 (its default file system, flash0:).
  await openViewContainer(page, 'Explorer');
  const local = treeItem(page, M9);
  await local.waitFor({ state: 'visible' });
  await contextMenu(page, local, 'Upload to Device…');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: /to which devices\?/ }).waitFor({ state: 'visible' });
  await widget.locator('input.input').fill('lab-c2911');
  const pick = widget.locator('.monaco-list-row').filter({ hasText: 'lab-c2911' }).first();
  await pick.waitFor({ state: 'visible' });
  await pick.click();
  await widget.getByRole('button', { name: 'OK' }).click();
  for (const title of [/over$/, /: destination$/]) {
    await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  }
  await waitForNotification(page, /lab-c2911: .*copied to .* and verified/, 180_000);

  await openViewContainer(page, 'IOS Image Manager');
  await expandDevice(page, 'lab-c2911', 'flash0:');
  await treeItem(page, 'flash0:').click();
  const file = treeItem(page, M9);
  await file.waitFor({ state: 'visible', timeout: 60_000 });
  await contextMenu(page, file, 'Set as Boot Image…');
  await answerModal(page, /Make flash0:\S+ the image lab-c2911 boots next\?/, 'Set Boot Image and Save');
  await waitForNotification(page, /lab-c2911 boots flash0:\S+M9\.bin next/, 60_000);

  // The notification comes when the device has saved; the tree marks the row a moment later, and
  // only a row marked boot offers Reload (its contextValue) — right-clicking sooner finds no entry.
  await waitForDescription(file, /● boot/);
  await contextMenu(page, file, 'Reload into New Image…');
  const plan = await answerModal(page, /Reload R2911 into flash0:/, 'Reload');
  assert.match(plan, /Running now: flash0:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin/);
  assert.match(plan, /Fallback entry: flash0:\S+M8\.bin/);
  assert.match(plan, /Outage: typically 3–6 minutes for a router/);
  await answerInputBox(page, 'Reload R2911', 'R2911');
  await waitForNotification(page, /lab-c2911: R2911 reloaded into flash0:\S+M9\.bin \(version 15\.7\(3\)M9\)/, 180_000);
  await screenshot(page, 'reload-into-new-image-booted');
});
