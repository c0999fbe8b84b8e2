// Drives the VS Code workbench the way a user does (activity bar, views, command palette, context
// menus, notifications, webviews), by the accessible names VS Code renders, not by its internals.
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';

/** Shows a view container from the activity bar (the item's name is the container's title). */
export async function openViewContainer(page: Page, title: string): Promise<Locator> {
  const item = page.locator('.part.activitybar').getByRole('tab', { name: title });
  await item.waitFor({ state: 'visible' });
  // Clicking the selected item would hide the side bar again.
  if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.locator('.composite.title').getByText(title, { exact: false }).first().waitFor({ state: 'visible' });
  return sidebar;
}

/** The pane of one view in the side bar (header and body), expanded. */
export async function viewPane(page: Page, viewName: string): Promise<Locator> {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator(`.pane-header[aria-label^="${viewName}"]`) });
  await pane.waitFor({ state: 'visible' });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** Runs a command by its palette title ("Category: Title"), exactly as the palette lists it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await pickQuickInput(page, `>${title}`, title);
}

/**
 * Opens a file at the top of the workspace folder by clicking it in the Explorer (Quick Open waits on
 * a file search, which is slow and flaky on a loaded machine), and waits for its editor tab.
 */
export async function openFile(page: Page, name: string): Promise<Locator> {
  await openViewContainer(page, 'Explorer');
  const row = treeItem(page, name);
  await row.waitFor({ state: 'visible' });
  await row.dblclick();
  const tab = page.locator(`.editor-group-container .tab[aria-label^="${name}"]`).first();
  await tab.waitFor({ state: 'visible' });
  // Focus the text: editor-scoped context keys (editorLangId, …) decide which commands the palette
  // offers, and they follow focus.
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  return tab;
}

// Types into the open quick input and picks the row whose label is exactly `label` (a prefix match
// would pick "Open Preview to the Side" for "Open Preview").
async function pickQuickInput(page: Page, text: string, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(label) }) }).first();
  try {
    await row.waitFor({ state: 'visible' });
  } catch (err) {
    // Say what the palette did offer: usually a renamed command or an extension not activated.
    const offered = await widget.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    throw new Error(`quick input offers no "${label}" for "${text}"; it offers: ${JSON.stringify(offered)}`, { cause: err });
  }
  await row.click();
  // Not "widget hidden": a command that asks for input reopens the same widget at once.
  await row.waitFor({ state: 'hidden' });
}

/**
 * Answers the input box an extension opened with showInputBox: waits until its title matches (so a
 * multi-step flow answers the right step), types `value` over any default, and accepts it.
 */
export async function answerInputBox(page: Page, title: string | RegExp, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible' });
  const input = widget.locator('input.input');
  await input.fill(value);
  await input.press('Enter');
}

/** The title of the open quick input (input box or quick pick), or undefined when none is open. */
export async function quickInputTitle(page: Page): Promise<string | undefined> {
  const title = page.locator('.quick-input-widget .quick-input-title');
  return (await title.isVisible()) ? await title.innerText() : undefined;
}

/**
 * A tree row in the side bar by its label exactly as shown (a row's accessible name may carry more
 * than its label, e.g. an extension tree item's tooltip, so the shown label is the stable handle).
 */
export function treeItem(page: Page, label: string): Locator {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
}

/**
 * Waits until a tree row's description (the text after its label: a device's version, a file's
 * size and marks) matches — the sign that a refresh of that row has landed.
 */
export async function waitForDescription(row: Locator, text: RegExp, timeoutMs = 60_000): Promise<void> {
  await row.locator('.label-description').filter({ hasText: text }).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Right-clicks `target` and picks `item` from the context menu VS Code draws in the page. */
export async function contextMenu(page: Page, target: Locator, item: string): Promise<void> {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item').filter({ hasText: item }).first();
  try {
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
  } catch (err) {
    // A menu built from `when` clauses lacks the entry when the row's context was not what the test
    // expected; say what it did offer rather than only that it timed out.
    const offered = await menu.locator('.action-item').evaluateAll((items) => items.map((i) => (i.textContent ?? '').trim()).filter(Boolean));
    throw new Error(`the context menu has no '${item}'; it offers: ${JSON.stringify(offered)}`, { cause: err });
  }
  // A menu ignores a click that comes too soon after it opened (seen on a loaded machine: the menu
  // stayed open and the command never ran). The menu closing is the sign the click was taken.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await entry.hover();
    await entry.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
  }
  throw new Error(`the context menu entry '${item}' did not take a click`);
}

/** Waits for a notification toast whose message matches, and returns it. */
export async function waitForNotification(page: Page, message: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: message }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** Closes a toast with its own "Clear Notification" button (shown only while hovered). */
export async function dismissNotification(toast: Locator): Promise<void> {
  await toast.hover();
  await toast.getByRole('button', { name: /^Clear Notification/ }).click();
  await toast.waitFor({ state: 'hidden' });
}

/** A toast's accessible label: "Info: <message>, source: <extension name>, notification…". */
export async function notificationLabel(toast: Locator): Promise<string> {
  return (await toast.locator('.monaco-list-row').first().getAttribute('aria-label')) ?? '';
}

/**
 * The document inside a webview. VS Code nests it twice: the workbench's `iframe.webview` hosts
 * `iframe#active-frame`, which holds the extension's HTML. `nth` picks among open webviews.
 */
export function webviewDocument(page: Page, nth = 0): FrameLocator {
  return page.locator('iframe.webview').nth(nth).contentFrame().locator('iframe#active-frame').contentFrame();
}

/**
 * The Frame of the webview whose document has an element matching `selector` (to run script in it,
 * e.g. to count the messages it receives). Waits for it to exist.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      // A string, run in the page (the tests are compiled without the DOM's types).
      const has = await f.evaluate(`document.querySelector(${JSON.stringify(selector)}) !== null`).catch(() => false);
      if (has) return f;
    }
    if (Date.now() > end) throw new Error(`no webview frame has ${selector}`);
    await page.waitForTimeout(250);
  }
}

/** The status bar's text as shown (every item, in order). */
export async function statusBarText(page: Page): Promise<string> {
  return (await page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** After the simulated lab was started: waits for its notice and its devices in the Devices view. */
export async function waitForLabDevices(page: Page): Promise<void> {
  await waitForNotification(page, /Simulated lab running/, 90_000);
  await viewPane(page, 'Devices');
  await treeItem(page, 'Simulated lab').waitFor({ state: 'visible' });
}

/** Selects the device row `name`, expands it and waits for its file system `fileSystem`; returns the row. */
export async function expandDevice(page: Page, name: string, fileSystem: string): Promise<Locator> {
  const row = treeItem(page, name);
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.keyboard.press('ArrowRight');
  await treeItem(page, fileSystem).first().waitFor({ state: 'visible', timeout: 60_000 });
  return row;
}
