// Launches Debian's Chromium through playwright-core (no browser download) and opens the code-server
// workbench in it; the browser is closed by t.after.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, type CodeServer } from './code-server';

export const resultsDir = path.join(repoRoot, 'test-results');

// Running as root needs --no-sandbox; the rest stop Chromium reaching anything beyond 127.0.0.1
// (component updates, sync, field trials) and skip first-run UI.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Workbench {
  browser: Browser;
  page: Page;
}

export async function launchChromium(t: TestContext, executablePath = '/usr/bin/chromium'): Promise<Browser> {
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true, timeout: 60_000 });
  t.after(() => browser.close());
  return browser;
}

/**
 * Opens the workbench and waits until VS Code has rendered it and its activity bar. At teardown it
 * saves test-results/<test name>-end.png (the state a failure left behind), then closes the browser.
 */
export async function openWorkbench(t: TestContext, server: CodeServer, timeoutMs = 90_000): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: server.install.chromium, args: chromiumArgs, headless: true, timeout: 60_000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  t.after(async () => {
    await screenshot(page, `${slug(t.name)}-end`).catch(() => undefined);
    await browser.close();
  });
  // Generous: two cores shared with other work can make the workbench slow, never wrong.
  page.setDefaultTimeout(60_000);
  await page.goto(server.url, { timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  return { browser, page };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Saves a full-page PNG as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  // Park the pointer where it opens no hover, and let hovers and the "Activating Extensions…"
  // status settle, so the picture shows the UI at rest (best effort, bounded: never fails a test).
  await page.mouse.move(page.viewportSize()!.width / 2, page.viewportSize()!.height - 60);
  await page.locator('.workbench-hover-container').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await page.locator('.part.statusbar').getByText('Activating Extensions').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Pictures the README and the issues point at: saved as test-results/<name>.png and copied to docs/screenshots. */
export async function docScreenshot(page: Page, name: string): Promise<string> {
  const file = await screenshot(page, name);
  const docs = path.join(repoRoot, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(file, path.join(docs, `${name}.png`));
  return file;
}
