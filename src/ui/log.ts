// The extension's one output channel ('IOS Image Manager'): engine events and job logs. Job lines
// arrive already redacted by JobLog; nothing here ever receives a password or secret.
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('IOS Image Manager', { log: true });
  }

  info(text: string): void {
    this.channel.info(text);
  }

  warn(text: string): void {
    this.channel.warn(text);
  }

  error(text: string): void {
    this.channel.error(text);
  }

  /** A line of one job's log, prefixed with the job so concurrent jobs stay readable. */
  job(jobLabel: string, text: string): void {
    for (const line of text.replace(/\r/g, '').split('\n')) if (line.trim()) this.channel.info(`[${jobLabel}] ${line}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
