// Activation wires the UI onto one Ctx and nothing else; everything is built here, not at import.
import type * as vscode from 'vscode';
import { Ctx, registerUi } from './ui';

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  registerUi(ctx);
}

export function deactivate(): void {}
