// Real VS Code: the lab's Catalyst 9300 stack upgraded in install mode from the Devices view. Install
// Image… on the device, the image picked, copy-then-install over TFTP, the three steps with the
// auto-abort timer; the Transfers card shows the pre-flight and the steps, asks for the reload with
// the hostname typed, and ends committed with every step done; the tree then shows the new version
// in install mode.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sampleImages, writeSampleImage } from '../../src/lab/sample-image';
import { docScreenshot, openWorkbench } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { contextMenu, openViewContainer, runCommand, treeItem, viewPane, waitForDescription, waitForLabDevices, webviewDocument } from './harness/workbench';

test('Install Image… on the lab 9300 stack: pre-flight, steps on the card, the reload confirmed with the hostname, committed; the tree shows 17.09.05 in install mode', { timeout: 600_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iim-e2e-install-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  const image = await writeSampleImage(workspace, sampleImages.c9300, 2 * 1024 * 1024, 7);
  const server = await startCodeServer(t, { workspace });
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  await runCommand(page, 'IOS Image Manager: Start Simulated Lab');
  await waitForLabDevices(page);
  const device = treeItem(page, 'lab-c9300');
  await device.waitFor({ state: 'visible' });
  await device.click();
  await page.keyboard.press('ArrowRight');
  await waitForDescription(device, /17\.9\.4a · install mode/);

  await contextMenu(page, device, 'Install Image…');
  // The open dialog (VS Code's own, in the browser): the image's path typed in.
  const widget = page.locator('.quick-input-widget');
  const dialogTitle = widget.locator('.quick-input-title').filter({ hasText: /IOS-XE image to install on lab-c9300/ });
  await dialogTitle.waitFor({ state: 'visible', timeout: 30_000 });
  // The dialog fills in its folder by itself once it has listed it: type the path only after that.
  await widget.locator('.monaco-list-row').filter({ hasText: path.basename(image.path) }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const input = widget.locator('input.input');
  await input.fill(image.path);
  await page.waitForFunction(`document.querySelector('.quick-input-widget input.input')?.value === ${JSON.stringify(image.path)}`);
  await page.keyboard.press('Enter');
  const pick = async (title: RegExp, row: RegExp) => {
    await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: 60_000 });
    await widget.locator('.monaco-list-row').filter({ hasText: row }).first().click();
  };
  await pick(/how the image gets there/, /Copy, verify, then install/);
  await pick(/over$/, /^TFTP/);
  await pick(/install form/, /Three steps with a safety net/);
  await widget.locator('.quick-input-title').filter({ hasText: /auto-abort timer/ }).waitFor({ state: 'visible' });
  await widget.locator('input.input').fill('30');
  await page.keyboard.press('Enter');

  // The card: the pre-flight, then the reload asked with the hostname typed.
  const doc = webviewDocument(page);
  const card = doc.locator('article.card').filter({ hasText: 'lab-c9300' }).first();
  await card.waitFor({ state: 'visible', timeout: 120_000 });
  const confirm = card.locator('section.confirm');
  await confirm.waitFor({ state: 'visible', timeout: 120_000 });
  const asked = await confirm.innerText();
  assert.match(asked, /Installing RELOADS C9300-STACK: 17\.09\.04a → 17\.09\.05/);
  assert.match(asked, /members that reload: Switch 1, Switch 2/);
  assert.match(asked, /safety net: `install activate auto-abort-timer 30`/);
  assert.match(await card.locator('ol.steps').innerText(), /install activate auto-abort-timer 30/);
  const ok = confirm.getByRole('button', { name: 'Install and reload' });
  assert.equal(await ok.isDisabled(), true, 'disabled until the hostname is typed');
  await confirm.locator('input').fill('C9300-STACK');
  await docScreenshot(page, 'install-confirm-reload');
  await ok.click();

  await doc.locator('article.card.succeeded').filter({ hasText: 'lab-c9300' }).waitFor({ state: 'visible', timeout: 300_000 });
  const done = doc.locator('article.card.succeeded').filter({ hasText: 'lab-c9300' }).first();
  assert.match(await done.locator('.message').innerText(), /C9300-STACK runs 17\.09\.05 on every member \(Switch 1, Switch 2\), committed \(was 17\.09\.04a\)/);
  const steps = await done.locator('ol.steps li').allInnerTexts();
  assert.ok(steps.length >= 8, steps.join('\n'));
  assert.equal(await done.locator('ol.steps li.step.done').count(), steps.length, steps.join('\n'));
  assert.ok(steps.some((s) => /Health check/.test(s)));
  // Every line once: the card's steps change between output deltas of the same batch.
  const output = await done.locator('pre.output').innerText();
  assert.equal(output.match(/^SUCCESS: install_commit/gm)?.length, 1, output.slice(-1500));
  await docScreenshot(page, 'install-committed');

  // The tree: the new version, install mode.
  await viewPane(page, 'Devices');
  await waitForDescription(treeItem(page, 'lab-c9300'), /17\.9\.5 · install mode/);
});
