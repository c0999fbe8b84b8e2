// The one object the UI layer shares: extension-wide subscriptions and the services built at
// activation (settings, credentials, the Devices tree, log, engine, jobs, lab). Per-device and
// per-job lifetimes hang off it.
import * as vscode from 'vscode';
import type { EngineServer } from '../jobs';
import { Config } from './config';
import type { DeviceConfig } from './devices/device-config';
import { createInventoryLoader } from './devices/inventory-loader';
import { DevicesTreeProvider } from './devices/tree-provider';
import { EngineHost } from './engine-host';
import { LabHost } from './lab/lab-host';
import { Log } from './log';
import { CredentialStore } from './secrets';
import { StatusBar } from './status-bar';
import { JobStore } from './transfers/job-store';

export class Ctx implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly config = new Config();
  readonly credentials: CredentialStore;
  readonly tree: DevicesTreeProvider;
  readonly log = new Log();
  readonly status = new StatusBar();
  readonly engine: EngineHost;
  readonly jobs = new JobStore();
  readonly lab: LabHost;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.credentials = new CredentialStore(extension.secrets);
    this.tree = new DevicesTreeProvider(createInventoryLoader(this));
    this.engine = new EngineHost(this.config, this.log, (servers) => this.status.update({ engineServers: servers }));
    this.lab = new LabHost(this);
    // Disposed in reverse: jobs' servers and the lab go before the log they write to.
    this.subscriptions.push(this.log, this.status, this.tree, this.engine, this.lab);
    this.subscriptions.push(
      this.config.onDidChange((c) => {
        if (c.engine) void this.engine.restart();
      }),
    );
  }

  /** The engine a job for `device` uses: the lab's own for lab devices, else the bundled one. */
  serverFor(device: DeviceConfig): EngineServer {
    return (this.lab.isLabDevice(device.name) ? this.lab.jobServer() : undefined) ?? this.engine.jobServer();
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
