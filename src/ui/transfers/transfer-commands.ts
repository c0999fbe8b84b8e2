// Commands that copy images: Upload Image… on a device, Upload to Device… on an Explorer file
// (several devices at once, a few at a time), Download to Workspace… on a device file. Thin: they
// ask, then hand over to transfer-jobs.
import path from 'node:path';
import * as vscode from 'vscode';
import type { TransferProtocol } from '../../jobs/copy-command';
import { runGroup } from '../../jobs/group';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from '../devices/device-config';
import type { NodeView } from '../devices/tree-model';
import { notifyOutcome, notifyPushOutcome, pullJob, pushJob } from './transfer-jobs';

export function deviceOf(ctx: Ctx, node: unknown): DeviceConfig | undefined {
  const name = (node as NodeView | undefined)?.ref?.device;
  return name ? ctx.config.devices().devices.find((d) => d.name === name) : undefined;
}

async function pickDevices(ctx: Ctx, title: string, many: boolean): Promise<DeviceConfig[]> {
  const { devices } = ctx.config.devices();
  if (devices.length === 0) {
    void vscode.window.showWarningMessage('No devices configured yet: add one in the Devices view, or start the simulated lab.');
    return [];
  }
  const items = devices.map((d) => ({ label: d.name, description: `${d.username}@${d.host}${d.port ? `:${d.port}` : ''}`, detail: d.group, device: d }));
  if (many) return ((await vscode.window.showQuickPick(items, { title, canPickMany: true, ignoreFocusOut: true })) ?? []).map((p) => p.device);
  const one = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  return one ? [one.device] : [];
}

export async function pickProtocol(ctx: Ctx, title: string): Promise<TransferProtocol | undefined> {
  const first = ctx.config.defaultProtocol;
  const all: { label: TransferProtocol; detail: string }[] = [
    { label: 'tftp', detail: 'TFTP — every IOS has it; slow on long links (one block per round trip), no login' },
    { label: 'ftp', detail: 'FTP — faster for large images; a one-time login is generated per copy' },
    { label: 'rcp', detail: 'RCP — fast, uses the device\u2019s remote username (ip rcmd remote-username)' },
  ];
  const ordered = [...all.filter((p) => p.label === first), ...all.filter((p) => p.label !== first)];
  const pick = await vscode.window.showQuickPick(
    ordered.map((p) => ({ label: p.label.toUpperCase(), detail: p.detail, protocol: p.label })),
    { title, ignoreFocusOut: true },
  );
  return pick?.protocol;
}

async function askDestination(title: string, fileName: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: `Destination on the device: FS:NAME, or empty for the default file system as ${fileName}`,
    placeHolder: `flash:${fileName}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || /^[A-Za-z0-9-]+:\/?[^\s]*$/.test(v.trim()) ? undefined : 'Write it as IOS does, e.g. flash:name.bin or bootflash:'),
  });
}

export async function uploadImage(ctx: Ctx, node?: unknown): Promise<void> {
  const device = deviceOf(ctx, node) ?? (await pickDevices(ctx, 'Upload image: to which device?', false))[0];
  if (!device) return;
  const files = await vscode.window.showOpenDialog({ title: `Image to copy to ${device.name}`, canSelectMany: false, openLabel: 'Upload', filters: { 'IOS images': ['bin', 'tar', 'SPA', 'pkg'], 'All files': ['*'] } });
  if (!files?.[0]) return;
  const protocol = await pickProtocol(ctx, `Copy ${path.basename(files[0].fsPath)} to ${device.name} over`);
  if (!protocol) return;
  const destination = await askDestination(`${device.name}: destination`, path.basename(files[0].fsPath));
  if (destination === undefined) return;
  notifyPushOutcome(device, await pushJob(ctx, device, files[0].fsPath, protocol, destination.trim() || undefined));
}

/** Explorer: one or more selected image files to one or more devices. */
export async function uploadToDevices(ctx: Ctx, uri?: unknown, selected?: unknown): Promise<void> {
  const uris = (Array.isArray(selected) && selected.length ? selected : uri ? [uri] : []).filter((u): u is vscode.Uri => typeof (u as vscode.Uri)?.fsPath === 'string');
  if (uris.length === 0) {
    const picked = await vscode.window.showOpenDialog({ title: 'Image to upload', canSelectMany: false });
    if (!picked?.length) return;
    uris.push(...picked);
  }
  if (uris.length > 1) return void vscode.window.showWarningMessage('Upload one image at a time (it can go to several devices at once).');
  const file = uris[0].fsPath;
  const devices = await pickDevices(ctx, `Upload ${path.basename(file)} to which devices?`, true);
  if (devices.length === 0) return;
  const protocol = await pickProtocol(ctx, `Copy ${path.basename(file)} to ${devices.length} device(s) over`);
  if (!protocol) return;
  const destination = await askDestination(`Destination on ${devices.length === 1 ? devices[0].name : 'each device'}`, path.basename(file));
  if (destination === undefined) return;
  if (devices.length === 1) return notifyPushOutcome(devices[0], await pushJob(ctx, devices[0], file, protocol, destination.trim() || undefined));
  const summary = await runGroup(
    devices.map((d) => ({ name: d.name, target: d })),
    (item) => pushJob(ctx, item.target, file, protocol, destination.trim() || undefined),
    { concurrency: ctx.config.concurrency },
  );
  ctx.log.info(`group upload of ${path.basename(file)}:\n${summary.text}`);
  const bad = summary.counts.failed + summary.counts.blocked + summary.counts.cancelled;
  const text = `${path.basename(file)} to ${devices.length} devices: ${summary.text.split('\n').at(-1)}`;
  if (bad) void vscode.window.showWarningMessage(text, 'Show Log').then((a) => a && ctx.log.show());
  else void vscode.window.showInformationMessage(text);
}

export async function downloadFile(ctx: Ctx, node?: unknown): Promise<void> {
  const n = node as NodeView | undefined;
  const device = deviceOf(ctx, n);
  if (!device || !n?.ref.file || !n.ref.fileSystem) return void vscode.window.showWarningMessage('Download works on a file in the Devices view.');
  const configured = ctx.config.downloadFolder;
  let folder = configured ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({ title: 'Folder to save into', canSelectFiles: false, canSelectFolders: true, openLabel: 'Save here' });
    folder = picked?.[0]?.fsPath;
  }
  if (!folder) return;
  const protocol = await pickProtocol(ctx, `Copy ${n.ref.fileSystem}${n.ref.file} from ${device.name} over`);
  if (!protocol) return;
  const outcome = await pullJob(ctx, device, `${n.ref.fileSystem}${n.ref.file}`, protocol, folder);
  notifyOutcome(device.name, outcome);
}
