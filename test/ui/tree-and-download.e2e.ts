// Real VS Code: a download onto a local file of the same name asks "Replace It" or "Save As…" —
// replacing puts the device's bytes under the old name, Save As… under the name picked, and the
// old file is untouched until then; Set as Boot Image keeps the expanded file system expanded while
// the tree re-reads the device, and the new boot mark shows on the file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { docScreenshot, openWorkbench } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { contextMenu, expandDevice, openViewContainer, runCommand, treeItem, waitForDescription, waitForLabDevices, waitForNotification, webviewDocument } from './harness/workbench';

/** A modal dialog VS Code draws in the page: waits for its message, clicks `button`. */
async function answerDialog(page: Page, message: RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: message });
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 5_000 });
}

/** Takes the protocol the pick offers first (the default). */
async function acceptProtocol(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: / over$/ }).waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
}

async function waitForSucceededCards(page: Page, device: string, count: number): Promise<void> {
  const cards = webviewDocument(page).locator('article.card').filter({ hasText: device });
  for (let i = 0; i < 240; i++) {
    if ((await cards.locator('.message.succeeded').count()) >= count) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`${count} succeeded card(s) for ${device} did not show`);
}

test('a download onto a same-named file asks Replace or Save As; Set Boot keeps the tree expanded', { timeout: 600_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iim-e2e-dl-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  const local = path.join(workspace, 'info');
  writeFileSync(local, 'the engineer\u2019s own notes, not the device\u2019s file\n');
  const server = await startCodeServer(t, { workspace });
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  await runCommand(page, 'IOS Image Manager: Start Simulated Lab');
  await waitForLabDevices(page);
  await expandDevice(page, 'lab-c2960x', 'flash:');
  await treeItem(page, 'flash:').click();
  await page.keyboard.press('ArrowRight');
  const info = treeItem(page, 'info');
  await info.waitFor({ state: 'visible', timeout: 60_000 });

  // Replace It: the device's 1048-byte `info` takes the local file's place once it is verified.
  await contextMenu(page, info, 'Download to Workspace…');
  await acceptProtocol(page);
  await answerDialog(page, /info already exists in/, 'Replace It');
  await waitForSucceededCards(page, 'lab-c2960x', 1);
  assert.equal(statSync(local).size, 1048, 'the local file is the device\u2019s now');
  // A finished card ends at its whole size (it once stopped at the last 512-byte block: 48%).
  const card = webviewDocument(page).locator('article.card').filter({ hasText: 'lab-c2960x' }).first();
  assert.match(await card.locator('.numbers').innerText(), /^1\.0 KiB of 1\.0 KiB \(100%\)/);
  assert.doesNotMatch(readFileSync(local, 'utf8'), /engineer/);

  // Save As…: the copy lands under the picked name; the file of the same name stays as it is.
  writeFileSync(local, 'notes again\n');
  await openViewContainer(page, 'IOS Image Manager');
  await contextMenu(page, treeItem(page, 'info'), 'Download to Workspace…');
  await acceptProtocol(page);
  await answerDialog(page, /info already exists in/, 'Save As…');
  // In a browser VS Code's save dialog is its own path box.
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  // The box fills itself with the suggested path once it has read the folder; typing before that is lost.
  for (let i = 0; i < 100 && !(await input.inputValue()).endsWith(`${path.sep}info`); i++) await page.waitForTimeout(100);
  const other = path.join(workspace, 'info-from-lab-c2960x');
  await input.fill(other);
  for (let i = 0; i < 50 && (await input.inputValue()) !== other; i++) {
    await page.waitForTimeout(100);
    if ((await input.inputValue()) !== other) await input.fill(other);
  }
  assert.equal(await input.inputValue(), other);
  await page.keyboard.press('Enter');
  await waitForSucceededCards(page, 'lab-c2960x', 2);
  assert.equal(statSync(other).size, 1048);
  assert.equal(readFileSync(local, 'utf8'), 'notes again\n', 'Save As left the same-named file alone');
  await docScreenshot(page, 'download-save-as');

  // Set as Boot Image on the router's older image: the tree re-reads the device, flash stays open.
  await openViewContainer(page, 'IOS Image Manager');
  await expandDevice(page, 'lab-c2911', 'flash0:');
  await treeItem(page, 'flash0:').click();
  await page.keyboard.press('ArrowRight');
  const older = treeItem(page, 'c2900-universalk9-mz.SPA.155-3.M4a.bin');
  await older.waitFor({ state: 'visible', timeout: 60_000 });
  await contextMenu(page, older, 'Set as Boot Image…');
  await answerDialog(page, /image lab-c2911 boots next\?/, 'Set Boot Image and Save');
  await waitForNotification(page, /lab-c2911 boots .*155-3\.M4a\.bin next/, 60_000);
  // The boot mark on the file is the re-read having landed; the rows under flash0: never went away.
  await waitForDescription(older, /boot/);
  await treeItem(page, 'c2900-universalk9-mz.SPA.157-3.M8.bin').waitFor({ state: 'visible', timeout: 1_000 });
  assert.equal(await treeItem(page, 'flash0:').getAttribute('aria-expanded'), 'true');
  await docScreenshot(page, 'set-boot-keeps-tree-expanded');
});
