// The one object the UI layer shares: extension-wide subscriptions and the services built at
// activation. Per-device and per-job lifetimes hang off it later.
import type * as vscode from 'vscode';

export class Ctx implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {}

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
