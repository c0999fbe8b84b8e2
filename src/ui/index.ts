// Wires every UI piece onto the context; extension.ts calls only this.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { Ctx } from './ctx';
import { registerDevicesView } from './devices-view';
import { startLabIfAsked } from './lab/lab-commands';
import { TransfersPanel, viewType } from './transfers/panel';

export { Ctx } from './ctx';

export function registerUi(ctx: Ctx): void {
  registerCommands(ctx);
  registerDevicesView(ctx);
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(viewType, {
      // A reload restores the panel; its cards come from the host's store (empty after a reload).
      deserializeWebviewPanel: async (panel) => {
        TransfersPanel.revive(panel, { extensionUri: ctx.extension.extensionUri, store: ctx.jobs, showLog: () => ctx.log.show() });
      },
    }),
  );
  // `npm run try` (and anyone who wants it): the lab's devices are there the first time the view opens.
  void startLabIfAsked(ctx);
}
