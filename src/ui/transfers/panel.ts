// The Transfers panel: one webview showing the JobStore's cards. The host owns the state: the
// webview sends `ready`, gets a snapshot, then deltas; it keeps only view state itself. Strict CSP
// with a per-load nonce; scripts and styles only from dist/media and media.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { realClock } from '../../jobs';
import type { JobStore } from './job-store';
import { MessageBatcher } from './message-batcher';
import { type HostToWebview, parseWebviewMessage, type WebviewToHost } from './protocol';

export const viewType = 'iosImageManager.transfers';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  store: JobStore;
  /** Opens the job's full log (the output channel). */
  showLog: (jobId: string) => void;
}

export function transfersHtml(webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>, extensionUri: vscode.Uri, nonce: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'transfers.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'transfers', 'style.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'codicons', 'codicon.css'));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons.toString()}">
<link rel="stylesheet" href="${style.toString()}">
<title>Transfers</title>
</head>
<body>
<header class="toolbar"><h1>Transfers</h1><button type="button" id="clear-finished" class="secondary" disabled>Clear finished</button></header>
<p id="empty" class="empty">No transfers yet. Upload an image from the Devices view or the Explorer.</p>
<main id="jobs" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export class TransfersPanel implements vscode.Disposable {
  private static current: TransfersPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** At most ten posts a second to the webview, however many jobs and events there are. */
  private readonly batcher = new MessageBatcher((m) => this.post(m), realClock);

  static createOrShow(deps: PanelDeps): TransfersPanel {
    if (TransfersPanel.current) {
      TransfersPanel.current.panel.reveal(undefined, true);
      return TransfersPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(viewType, 'Transfers', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, TransfersPanel.options(deps.extensionUri));
    return (TransfersPanel.current = new TransfersPanel(panel, deps));
  }

  static revive(panel: vscode.WebviewPanel, deps: PanelDeps): TransfersPanel {
    TransfersPanel.current?.dispose();
    panel.webview.options = TransfersPanel.options(deps.extensionUri);
    return (TransfersPanel.current = new TransfersPanel(panel, deps));
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    panel.webview.html = transfersHtml(panel.webview, deps.extensionUri, randomBytes(16).toString('base64'));
    const unsubscribe = deps.store.subscribe((m) => this.batcher.push(m));
    this.disposables.push(
      { dispose: unsubscribe },
      { dispose: () => this.batcher.dispose() },
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
  }

  /** Handles one message from the webview; anything that is not a valid WebviewToHost is ignored. */
  receive(raw: unknown): void {
    const m: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!m) return;
    const { store } = this.deps;
    switch (m.type) {
      case 'ready':
        return this.batcher.push(store.snapshot());
      case 'cancel':
        return store.cancel(m.id);
      case 'confirm': {
        const problem = store.confirm(m.id, m.typedHostname);
        if (problem) void vscode.window.showWarningMessage(`Not confirmed: ${problem}.`);
        return;
      }
      case 'decline':
        return store.decline(m.id);
      case 'clear-finished':
        return store.clearFinished();
      case 'show-log':
        return this.deps.showLog(m.id);
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private post(m: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TransfersPanel.current === this) TransfersPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
