// The status-bar item: shown while the engine runs or a job is active, hidden otherwise. Clicking
// it opens the Transfers panel.
import * as vscode from 'vscode';

export interface StatusFacts {
  /** e.g. ['TFTP 0.0.0.0:69']; empty when the engine is stopped. */
  engineServers: string[];
  activeJobs: number;
}

export function statusText(f: StatusFacts): { text: string; tooltip: string; visible: boolean } {
  const visible = f.engineServers.length > 0 || f.activeJobs > 0;
  const text = f.activeJobs > 0 ? `$(sync~spin) ${f.activeJobs} transfer${f.activeJobs === 1 ? '' : 's'}` : '$(server-process) IOS engine';
  const tooltip = [f.engineServers.length ? `Transfer engine: ${f.engineServers.join(', ')}` : 'Transfer engine stopped', f.activeJobs ? `${f.activeJobs} job(s) running` : undefined, 'Click to show transfers'].filter(Boolean).join('\n');
  return { text, tooltip, visible };
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private facts: StatusFacts = { engineServers: [], activeJobs: 0 };

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
