// Commands that copy images: Upload Image… on a device, Upload to Device… on an Explorer file
// (several devices at once, a few at a time), Download to Workspace… on a device file. Thin: they
// ask, then hand over to transfer-jobs.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { allProtocols } from '../../engine';
import { advisedTftpBlocksize, advisesTftpBlocksize, formatBytes, plural, type ProtocolChoice, runGroup } from '../../jobs';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from '../devices/device-config';
import { defaultFileSystemName, type DeviceInventory, type NodeView } from '../devices/tree-model';
import { type PushChoices, pullJob, pushJob } from './transfer-jobs';

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

export async function pickProtocol(ctx: Ctx, title: string): Promise<ProtocolChoice | undefined> {
  const first = ctx.config.defaultProtocol;
  const all: { name: ProtocolChoice; title: string; summary: string }[] = [
    { name: 'auto', title: 'Auto', summary: 'the fastest for this link: the round trip to the device is measured and each protocol\u2019s duration estimated (shown in the pre-flight report)' },
    ...allProtocols(),
  ];
  const ordered = [...all.filter((p) => p.name === first), ...all.filter((p) => p.name !== first)];
  const pick = await vscode.window.showQuickPick(
    ordered.map((p) => ({ label: p.title, detail: `${p.title} — ${p.summary}`, protocol: p.name })),
    { title, ignoreFocusOut: true },
  );
  return pick?.protocol;
}

/** The destination question, its placeholder the device's own default file system when it is known. */
async function askDestination(title: string, fileName: string, defaultFs: string | undefined): Promise<string | undefined> {
  const where = defaultFs ? `${defaultFs}${fileName}` : `each device's default file system, as ${fileName}`;
  return vscode.window.showInputBox({
    title,
    prompt: `Destination on the device: FS:NAME, or empty for ${where}`,
    placeHolder: defaultFs ? `${defaultFs}${fileName}` : `(default file system):${fileName}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || /^[A-Za-z0-9-]+:\/?[^\s]*$/.test(v.trim()) ? undefined : 'Write it as IOS does, e.g. flash:name.bin or bootflash:'),
  });
}

/** Reads the devices' inventories first (as the tree does): the questions then fit each device. */
async function inventories(ctx: Ctx, devices: DeviceConfig[]): Promise<(DeviceInventory | undefined)[]> {
  if (devices.every((d) => ctx.tree.inventory(d.name))) return devices.map((d) => ctx.tree.inventory(d.name));
  const title = devices.length === 1 ? `Reading ${devices[0].name}…` : `Reading ${plural(devices.length, 'device')}…`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => Promise.all(devices.map((d) => ctx.tree.ensureInventory(d.name).catch(() => undefined))));
}

/**
 * The pre-flight advises `ip tftp blocksize 8192` for a large image over TFTP where the platform has
 * it: ask before the copy, as the CLI's --tftp-blocksize does. Undefined: the question was dismissed.
 */
async function askTftpBlocksize(file: string, sizeBytes: number, advised: string[]): Promise<number | null | undefined> {
  if (advised.length === 0) return null;
  const set = `Set ip tftp blocksize ${advisedTftpBlocksize} for this copy`;
  const pick = await vscode.window.showQuickPick(
    [
      { label: set, detail: `Several times faster for ${formatBytes(sizeBytes)}. Set on ${advised.join(', ')} before the copy; its own setting is put back afterwards.`, blocksize: advisedTftpBlocksize },
      { label: 'Keep 512-byte blocks', detail: "IOS's default: slow for an image this size, but nothing in the configuration changes.", blocksize: null },
    ],
    { title: `${path.basename(file)} over TFTP: block size`, ignoreFocusOut: true },
  );
  return pick === undefined ? undefined : pick.blocksize;
}

async function uploadFlow(ctx: Ctx, devices: DeviceConfig[], file: string): Promise<void> {
  const name = path.basename(file);
  const protocol = await pickProtocol(ctx, `Copy ${name} to ${devices.length === 1 ? devices[0].name : plural(devices.length, 'device')} over`);
  if (!protocol) return;
  const invs = await inventories(ctx, devices);
  const sizeBytes = (await stat(file)).size;
  const advised = protocol === 'tftp' ? devices.filter((_, i) => invs[i] && advisesTftpBlocksize({ version: invs[i]!.version }, undefined, sizeBytes)).map((d) => d.name) : [];
  const blocksize = await askTftpBlocksize(file, sizeBytes, advised);
  if (blocksize === undefined) return;
  const defaultFs = devices.length === 1 && invs[0] ? defaultFileSystemName(invs[0]) : undefined;
  const destination = await askDestination(devices.length === 1 ? `${devices[0].name}: destination` : 'Destination on each device', name, defaultFs);
  if (destination === undefined) return;
  const choicesFor = (d: DeviceConfig): PushChoices => ({ ...(destination.trim() ? { destination: destination.trim() } : {}), ...(blocksize && advised.includes(d.name) ? { tftpBlocksize: blocksize } : {}) });
  if (devices.length === 1) {
    await pushJob(ctx, devices[0], file, protocol, choicesFor(devices[0]));
    return;
  }
  const summary = await runGroup(
    devices.map((d) => ({ name: d.name, target: d })),
    (item) => pushJob(ctx, item.target, file, protocol, choicesFor(item.target), { notifyEnd: false }),
    { concurrency: ctx.config.concurrency },
  );
  ctx.log.info(`group upload of ${name}:\n${summary.text}`);
  const bad = summary.counts.failed + summary.counts.blocked + summary.counts.cancelled;
  const text = `${name} to ${plural(devices.length, 'device')}: ${summary.text.split('\n').at(-1)}`;
  if (bad) void vscode.window.showWarningMessage(text, 'Show Log').then((a) => a && ctx.log.show());
  else void vscode.window.showInformationMessage(text);
}

export async function uploadImage(ctx: Ctx, node?: unknown): Promise<void> {
  const device = deviceOf(ctx, node) ?? (await pickDevices(ctx, 'Upload image: to which device?', false))[0];
  if (!device) return;
  const files = await vscode.window.showOpenDialog({ title: `Image to copy to ${device.name}`, canSelectMany: false, openLabel: 'Upload', filters: { 'IOS images': ['bin', 'tar', 'SPA', 'pkg'], 'All files': ['*'] } });
  if (!files?.[0]) return;
  await uploadFlow(ctx, [device], files[0].fsPath);
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
  await uploadFlow(ctx, devices, file);
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
  // A file of that name is there already: another name or folder, or replace it (confirmed here).
  let target = path.join(folder, n.ref.file);
  let overwrite = false;
  if (await exists(target)) {
    const replace = 'Replace It';
    const other = 'Save As…';
    const answer = await vscode.window.showWarningMessage(
      `${n.ref.file} already exists in ${folder}.`,
      { modal: true, detail: 'Replace it with the copy from the device (the file there is replaced only once the copy is complete and matches the device\'s verify /md5), or save under another name or folder.' },
      replace,
      other,
    );
    if (answer === undefined) return;
    if (answer === other) {
      const picked = await vscode.window.showSaveDialog({ title: `Save ${n.ref.file} from ${device.name} as`, defaultUri: vscode.Uri.file(target), saveLabel: 'Download' });
      if (!picked) return;
      target = picked.fsPath;
    }
    // The save dialog has asked about replacing a file it was pointed at.
    overwrite = await exists(target);
  }
  await pullJob(ctx, device, `${n.ref.fileSystem}${n.ref.file}`, protocol, path.dirname(target), { localName: path.basename(target), overwrite });
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
