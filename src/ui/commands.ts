// Every command the extension contributes, as one table: id → handler factory. A test checks that
// the table's keys equal `contributes.commands` in package.json.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { addDevice, editDevice, forgetCredentials, importSshConfig, refreshDevice, removeDevice, renameDevice } from './devices/device-commands';
import { abortCommand, commitCommand, installImageCommand, removeInactiveCommand, rollbackCommand } from './devices/install-commands';
import { copyRunningConfig, deleteDeviceFile, setBootImage, verifyMd5 } from './devices/file-commands';
import { reloadIntoNewImage } from './devices/reload-command';
import { openTerminal } from './devices/ssh-terminal';
import { startLabCommand, stopLabCommand, uploadSampleImage } from './lab/lab-commands';
import { downloadFile, uploadImage, uploadToDevices } from './transfers/transfer-commands';
import { showTransfers } from './transfers/transfer-jobs';

type Handler = (...args: unknown[]) => unknown;

export const commandTable: Record<string, (ctx: Ctx) => Handler> = {
  'iosImageManager.addDevice': (ctx) => () => addDevice(ctx),
  'iosImageManager.importSshConfig': (ctx) => () => importSshConfig(ctx),
  'iosImageManager.editDevice': (ctx) => (node) => editDevice(ctx, node),
  'iosImageManager.renameDevice': (ctx) => (node) => renameDevice(ctx, node),
  'iosImageManager.removeDevice': (ctx) => (node) => removeDevice(ctx, node),
  'iosImageManager.refreshDevice': (ctx) => (node) => refreshDevice(ctx, node),
  'iosImageManager.refreshAll': (ctx) => () => refreshDevice(ctx),
  'iosImageManager.forgetCredentials': (ctx) => (node) => forgetCredentials(ctx, node),
  'iosImageManager.uploadImage': (ctx) => (node) => uploadImage(ctx, node),
  'iosImageManager.uploadToDevices': (ctx) => (uri, selected) => uploadToDevices(ctx, uri, selected),
  'iosImageManager.downloadFile': (ctx) => (node) => downloadFile(ctx, node),
  'iosImageManager.verifyChecksum': (ctx) => (node) => verifyMd5(ctx, node),
  'iosImageManager.setBootImage': (ctx) => (node) => setBootImage(ctx, node),
  'iosImageManager.deleteFile': (ctx) => (node) => deleteDeviceFile(ctx, node),
  'iosImageManager.installImage': (ctx) => (node) => installImageCommand(ctx, node),
  'iosImageManager.removeInactive': (ctx) => (node) => removeInactiveCommand(ctx, node),
  'iosImageManager.installCommit': (ctx) => (node) => commitCommand(ctx, node),
  'iosImageManager.installAbort': (ctx) => (node) => abortCommand(ctx, node),
  'iosImageManager.installRollback': (ctx) => (node) => rollbackCommand(ctx, node),
  'iosImageManager.reloadIntoImage': (ctx) => (node) => reloadIntoNewImage(ctx, node),
  'iosImageManager.copyRunningConfig': (ctx) => (node) => copyRunningConfig(ctx, node),
  'iosImageManager.openTerminal': (ctx) => (node) => openTerminal(ctx, node),
  'iosImageManager.showTransfers': (ctx) => () => showTransfers(ctx),
  'iosImageManager.startLab': (ctx) => () => startLabCommand(ctx),
  'iosImageManager.stopLab': (ctx) => () => stopLabCommand(ctx),
  'iosImageManager.uploadSampleImage': (ctx) => () => uploadSampleImage(ctx),
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commandTable)) {
    const handler = factory(ctx);
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
          return undefined;
        }
      }),
    );
  }
}
