// Checks the e2e harness itself against VS Code's own built-in features, so a later failure in an
// extension test means the extension, not the harness: Quick Open, the command palette, and reaching
// a webview's document (the built-in Markdown preview is a webview).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openWorkbench, screenshot } from './harness/chromium';
import { startCodeServer } from './harness/code-server';
import { openFile, runCommand, webviewDocument } from './harness/workbench';

test('the harness opens a file, runs a palette command and reads inside a webview', { timeout: 240_000 }, async (t) => {
  const server = await startCodeServer(t);
  writeFileSync(path.join(server.workspace, 'notes.md'), '# Harness check\n\nText rendered **inside** a webview.\n');
  const { page } = await openWorkbench(t, server);

  await openFile(page, 'notes.md');
  // The preview command is offered only once the editor's language is known to be Markdown.
  await page.locator('.statusbar-item[id="status.editor.mode"]').getByText('Markdown').waitFor({ state: 'visible' });
  await runCommand(page, 'Markdown: Open Preview');

  const doc = webviewDocument(page);
  const heading = doc.locator('h1');
  await heading.waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await heading.innerText(), 'Harness check');
  assert.equal(await doc.locator('strong').innerText(), 'inside');
  await screenshot(page, 'harness-markdown-webview');
});
