// The one object the UI layer shares: extension-wide subscriptions and the services built at
// activation (settings, credentials, the Devices tree). Per-device and per-job lifetimes hang off it.
import * as vscode from 'vscode';
import { Config } from './config';
import { createInventoryLoader } from './devices/inventory-loader';
import { DevicesTreeProvider } from './devices/tree-provider';
import { CredentialStore } from './secrets';

export class Ctx implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly config = new Config();
  readonly credentials: CredentialStore;
  readonly tree: DevicesTreeProvider;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.credentials = new CredentialStore(extension.secrets);
    this.tree = new DevicesTreeProvider(createInventoryLoader(this));
    this.subscriptions.push(this.tree);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
