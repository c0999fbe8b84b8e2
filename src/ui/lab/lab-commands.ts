// Start / Stop Simulated Lab, and the walkthrough's "upload a sample image" step.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { sampleImages, writeSampleImage } from '../../lab/sample-image';
import type { Ctx } from '../ctx';
import { pushJob } from '../transfers/transfer-jobs';
import { labDeviceName } from './lab-host';

export async function startLabCommand(ctx: Ctx): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the simulated lab…' }, () => ctx.lab.start());
  await vscode.commands.executeCommand('iosImageManager.devices.focus');
  void vscode.window.showInformationMessage('Simulated lab running: its devices are in the Devices view under "Simulated lab". Expand one to see its flash.');
}

/** `iosImageManager.lab.startOnActivation` (set by `npm run try`): the lab starts with the extension. */
export function startLabIfAsked(ctx: Ctx): Promise<void> | undefined {
  if (!ctx.config.startLabOnActivation || ctx.lab.isRunning) return undefined;
  return startLabCommand(ctx).catch((err: Error) => void vscode.window.showErrorMessage(`Could not start the simulated lab: ${err.message}`));
}

export async function stopLabCommand(ctx: Ctx): Promise<void> {
  await ctx.lab.stop();
}

/** Walkthrough: a small sample image pushed to the lab's Catalyst 2960-X over TFTP. */
export async function uploadSampleImage(ctx: Ctx): Promise<void> {
  if (!ctx.lab.isRunning) await startLabCommand(ctx);
  const name = labDeviceName('c2960x');
  const device = ctx.config.devices().devices.find((d) => d.name === name);
  if (!device) return void vscode.window.showErrorMessage(`${name} is not in the Devices view; start the simulated lab first.`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iim-sample-'));
  const image = await writeSampleImage(dir, sampleImages.c2960x, 2 * 1024 * 1024, 7);
  await pushJob(ctx, device, image.path, 'tftp');
}
