// The Devices view: the tree provider registered as a TreeView, fed from settings and kept in step
// with them.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

export function registerDevicesView(ctx: Ctx): void {
  const view = vscode.window.createTreeView('iosImageManager.devices', { treeDataProvider: ctx.tree, showCollapseAll: true });
  const load = () => {
    const { devices, errors } = ctx.config.devices();
    ctx.tree.setDevices(devices);
    view.message = errors.length ? `Settings: ${errors.join('; ')}` : undefined;
  };
  load();
  ctx.subscriptions.push(
    view,
    // Expanded items stay expanded across refreshes and jobs: the provider gives their state back.
    view.onDidExpandElement((e) => ctx.tree.setExpanded(e.element, true)),
    view.onDidCollapseElement((e) => ctx.tree.setExpanded(e.element, false)),
    ctx.config.onDidChange((c) => {
      if (c.devices) load();
    }),
  );
}
