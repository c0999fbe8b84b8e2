// The status-bar item tells what runs: transfers (and those waiting for a confirmation), the
// simulated lab with its own engine, the bundled engine. Shown while any of them is there, hidden
// otherwise. Clicking it opens the Transfers panel.
import * as vscode from 'vscode';
import { plural } from '../jobs';

export interface StatusFacts {
  /** The bundled engine's servers, e.g. ['TFTP 0.0.0.0:69']; empty when it is not running. */
  engineServers: string[];
  /** The simulated lab, when it runs: its devices and its own engine's servers. */
  lab?: { devices: number; servers: string[] };
  running: number;
  /** Jobs waiting on their card for a confirmation. */
  waiting: number;
}

export function statusText(f: StatusFacts): { text: string; tooltip: string; visible: boolean } {
  const visible = f.engineServers.length > 0 || f.lab !== undefined || f.running > 0 || f.waiting > 0;
  const busy = [f.running ? `$(sync~spin) ${plural(f.running, 'transfer')}` : undefined, f.waiting ? `$(warning) ${f.waiting} waiting` : undefined].filter(Boolean);
  const text = busy.length ? busy.join('  ') : f.lab ? '$(beaker) IOS lab' : '$(server-process) IOS engine';
  const tooltip = [
    f.running ? `${plural(f.running, 'transfer')} running` : 'No transfer running',
    f.waiting ? `${f.waiting} waiting for your confirmation in the Transfers panel` : undefined,
    f.lab ? `Simulated lab: ${plural(f.lab.devices, 'device')} on 127.0.0.1, with its own engine (${f.lab.servers.join(', ')})` : 'Simulated lab: not running',
    f.engineServers.length ? `Bundled engine: ${f.engineServers.join(', ')}` : 'Bundled engine: not started (it starts when a copy to one of your devices needs it)',
    'Click to show transfers',
  ]
    .filter(Boolean)
    .join('\n');
  return { text, tooltip, visible };
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private facts: StatusFacts = { engineServers: [], running: 0, waiting: 0 };

  constructor() {
    this.item.name = 'IOS Image Manager';
    this.item.command = 'iosImageManager.showTransfers';
  }

  update(patch: Partial<StatusFacts>): void {
    this.facts = { ...this.facts, ...patch };
    const s = statusText(this.facts);
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    if (s.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
