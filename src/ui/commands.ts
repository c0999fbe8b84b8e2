// Every command the extension contributes, as one table: id → handler factory. A test checks that
// the table's keys equal `contributes.commands` in package.json.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

type Handler = (...args: unknown[]) => unknown;

export const commandTable: Record<string, (ctx: Ctx) => Handler> = {
  'iosImageManager.addDevice': () => async () => {
    await vscode.window.showInformationMessage('Adding devices arrives with the Devices tree.');
  },
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commandTable)) {
    ctx.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
