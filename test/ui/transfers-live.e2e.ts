// Real VS Code: a 200 MiB image to the lab's ISR 4331 over TFTP at 512-byte blocks (the block-size
// offer declined), cancelled at about half way. The card keeps up with the job (its bytes at the
// click within 2% of the engine's), says "cancelling…" at once and "cancelled" within 2 s, the
// status bar drops the transfer, a notification comes, and the webview got at most ~10 messages a
// second during the copy (counted in the webview). The tree keeps bootflash: expanded through it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleImages, writeSampleImage } from '../../src/lab/sample-image';
import { docScreenshot, openWorkbench } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { contextMenu, expandDevice, openViewContainer, runCommand, statusBarText, treeItem, viewPane, waitForLabDevices, waitForNotification, webviewDocument, webviewFrame } from './harness/workbench';

const sizeBytes = 200 * 1024 * 1024;
const image = sampleImages.isr4331.name;
const runningImage = 'isr4300-universalk9.16.09.05.SPA.bin';

/** The extension's output channel as code-server wrote it to disk (lines start with their local time). */
function outputChannelLog(dir: string): string {
  const found = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('IOS Image Manager.log'));
  return found.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

async function pickIn(page: Page, title: RegExp, row: string | RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: 60_000 });
  const r = widget.locator('.monaco-list-row').filter({ hasText: row }).first();
  await r.waitFor({ state: 'visible' });
  await r.click();
}

test('a 200 MiB TFTP copy at 512-byte blocks keeps its card live, and a cancel at half way shows at once', { timeout: 600_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iim-e2e-live-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  await writeSampleImage(workspace, sampleImages.isr4331, sizeBytes, 21);
  const server = await startCodeServer(t, { workspace });
  const { page } = await openWorkbench(t, server);

  await openViewContainer(page, 'IOS Image Manager');
  await runCommand(page, 'IOS Image Manager: Start Simulated Lab');
  await waitForLabDevices(page);
  await expandDevice(page, 'lab-isr4331', 'bootflash:');
  const bootflash = treeItem(page, 'bootflash:');
  await bootflash.click();
  await treeItem(page, runningImage).waitFor({ state: 'visible', timeout: 60_000 });
  // One unit system: the tree's sizes are binary, labelled so.
  assert.match(await bootflash.locator('.label-description').innerText(), /GiB free of [\d.]+ GiB/);
  await docScreenshot(page, 'transfers-tree-binary-units');

  // Explorer → Upload to Device… → TFTP → keep 512-byte blocks → the ISR's own default file system.
  await openViewContainer(page, 'Explorer');
  await contextMenu(page, treeItem(page, image), 'Upload to Device…');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: /to which devices\?/ }).waitFor({ state: 'visible' });
  await widget.locator('input.input').fill('lab-isr4331');
  await widget.locator('.monaco-list-row').filter({ hasText: 'lab-isr4331' }).first().click();
  await widget.locator('.quick-input-count').filter({ hasText: '1 Selected' }).waitFor({ state: 'visible' });
  await widget.getByRole('button', { name: 'OK' }).click();
  await pickIn(page, /over$/, /^TFTP/);
  await widget.locator('.quick-input-title').filter({ hasText: /over TFTP: block size/ }).waitFor({ state: 'visible', timeout: 60_000 });
  assert.match(await widget.innerText(), /Set ip tftp blocksize 8192 for this copy/);
  await docScreenshot(page, 'transfers-tftp-blocksize-offer');
  await pickIn(page, /over TFTP: block size/, 'Keep 512-byte blocks');
  await widget.locator('.quick-input-title').filter({ hasText: /lab-isr4331: destination/ }).waitFor({ state: 'visible' });
  assert.equal(await widget.locator('input.input').getAttribute('placeholder'), `bootflash:${image}`, 'the placeholder is the ISR\u2019s default file system');
  await page.keyboard.press('Enter');
  // The tree beside the card while the copy runs.
  await openViewContainer(page, 'IOS Image Manager');

  // The card, and a counter of what the webview receives.
  const doc = webviewDocument(page);
  const card = doc.locator('article.card').filter({ hasText: 'lab-isr4331' }).first();
  await card.waitFor({ state: 'visible', timeout: 120_000 });
  const frame = await webviewFrame(page, '#jobs');
  await frame.evaluate(`(() => {
    const c = { n: 0, start: performance.now() };
    window.__iimMessages = c;
    window.addEventListener('message', () => { c.n++; });
  })()`);
  const numbers = card.locator('.numbers');
  const bytesShown = async (): Promise<number> => Number(/^(\d+)/.exec((await numbers.getAttribute('title').catch(() => null)) ?? '')?.[1] ?? 0);
  let screenshotTaken = false;
  const started = Date.now();
  // The copy's rate as the card shows it, from the first sample past 10% to the last.
  let firstSample: { at: number; bytes: number } | undefined;
  for (;;) {
    const b = await bytesShown();
    if (!firstSample && b > sizeBytes * 0.1) firstSample = { at: Date.now(), bytes: b };
    if (!screenshotTaken && b > sizeBytes * 0.3) {
      assert.ok(await treeItem(page, runningImage).isVisible(), 'bootflash: stays open while the copy runs');
      assert.match(await card.locator('pre.output').innerText(), /Loading \S+ from 127\.0\.0\.1 \(via [^)]+\): ! × \d+/, 'the marks are one counted line');
      await docScreenshot(page, 'transfers-copying-live');
      screenshotTaken = true;
    }
    if (b >= sizeBytes * 0.48) break;
    assert.ok(Date.now() - started < 420_000, `the copy reached ${b} bytes in 7 min`);
    await page.waitForTimeout(100);
  }

  // Cancel at about half way.
  const cancel = card.getByRole('button', { name: 'Cancel' });
  await cancel.waitFor({ state: 'visible' });
  const cardBytes = await bytesShown();
  const clickAt = Date.now();
  await cancel.click();
  const bytesPerMs = firstSample ? (cardBytes - firstSample.bytes) / (clickAt - firstSample.at) : 0;
  const during = (await frame.evaluate('({ n: window.__iimMessages.n, ms: performance.now() - window.__iimMessages.start })')) as { n: number; ms: number };
  // "cancelling…" at once — or already the end, when the engine stopped within the same 100 ms.
  await card.locator('header .meta').filter({ hasText: /cancelling…|cancelled/ }).waitFor({ state: 'visible', timeout: 1_000 });
  assert.equal(await card.getByRole('button', { name: 'Cancel' }).count(), 0, 'no Cancel on a card that is cancelling');
  await doc.locator('article.card.cancelled').filter({ hasText: 'lab-isr4331' }).waitFor({ state: 'visible', timeout: 5_000 });
  const cancelledAfterMs = Date.now() - clickAt;
  await waitForNotification(page, /lab-isr4331: cancelled/, 5_000);
  const notifiedAfterMs = Date.now() - clickAt;
  const status = await statusBarText(page);
  const output = await card.locator('pre.output').innerText();
  // The job's own count when the cancel reached it (the log says), and the engine's when it stopped.
  const jobBytes = Number(/cancel asked at (\d+) of/.exec(output)?.[1]);
  const engineBytes = Number(/transfer failed after (\d+) bytes/.exec(output)?.[1]);
  const rate = (during.n * 1000) / during.ms;
  // The job's count at the click: its count when the cancel reached it (the output channel's line
  // has the time), less what the copy moved between the click and then.
  await page.waitForTimeout(2_000);
  const cancelLine = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) .*cancel asked at \d+ of/m.exec(outputChannelLog(server.dir));
  const arrivedAfterMs = cancelLine ? Math.max(0, new Date(cancelLine[1].replace(' ', 'T')).getTime() - clickAt) : 0;
  const jobBytesAtClick = Math.round(jobBytes - bytesPerMs * arrivedAfterMs);
  t.diagnostic(
    `card ${cardBytes} bytes at the click; the job ${jobBytes} when the cancel reached it ${arrivedAfterMs} ms later (${((Math.abs(jobBytes - cardBytes) / sizeBytes) * 100).toFixed(2)}% of the image), so about ${jobBytesAtClick} at the click (${((Math.abs(jobBytesAtClick - cardBytes) / sizeBytes) * 100).toFixed(2)}%, at ${(bytesPerMs / 1048.576).toFixed(1)} MiB/s); the engine ${engineBytes} when it stopped; ` +
      `cancelled on the card ${cancelledAfterMs} ms after the click, notified after ${notifiedAfterMs} ms; ` +
      `${during.n} messages to the webview in ${(during.ms / 1000).toFixed(1)} s of copy (${rate.toFixed(2)}/s)`,
  );
  assert.ok(cancelledAfterMs <= 2_000, `the card said cancelled ${cancelledAfterMs} ms after the click`);
  assert.ok(Number.isFinite(jobBytes) && jobBytes > 0 && engineBytes >= jobBytes, output.slice(-2000));
  assert.ok(cancelLine, 'the output channel has the cancel line');
  assert.ok(Math.abs(jobBytesAtClick - cardBytes) <= sizeBytes * 0.02, `card ${cardBytes} vs job ${jobBytesAtClick} at the click`);
  assert.ok(rate <= 11, `${rate.toFixed(2)} messages a second`);
  assert.doesNotMatch(status, /\d+ transfers?\b/, `status bar: ${status}`);
  assert.doesNotMatch(output, /!!!!!!!!!!!!/, 'no raw run of marks');
  await docScreenshot(page, 'transfers-cancelled');

  // The tree refreshed after the job and kept its place: bootflash: still open, its files there.
  await viewPane(page, 'Devices');
  await treeItem(page, runningImage).waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(3_000);
  await treeItem(page, runningImage).waitFor({ state: 'visible' });
  // Closed and opened again by a click on its row (a click toggles a folder row in VS Code's trees).
  await bootflash.click();
  await treeItem(page, runningImage).waitFor({ state: 'hidden' });
  await page.waitForTimeout(1_000);
  await bootflash.click();
  await treeItem(page, runningImage).waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await page.locator('.notifications-toasts .notification-toast').filter({ hasText: /No tree item/ }).count(), 0);
});
