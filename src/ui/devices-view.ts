// The Devices view. Empty until the device layer lands: the welcome content in package.json
// (viewsWelcome) shows while the tree has no children.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

class EmptyDevicesProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}

export function registerDevicesView(ctx: Ctx): void {
  ctx.subscriptions.push(vscode.window.registerTreeDataProvider('iosImageManager.devices', new EmptyDevicesProvider()));
}
