// Commands on a device or one of its files that run over its session without a transfer: Verify
// MD5, Set as Boot Image…, Delete…, Copy Running Config to Workspace. Thin: the jobs layer does
// the device work; these ask, confirm, and show the result.
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DeviceSession } from '../../device';
import { bootCommands, bootSyntax, type Confirmation, deleteCheck, deleteFile, digestFile, gatherSnapshot, setBootImage as sendBootCommands, splitDevicePath, verifyOnDevice } from '../../jobs';
import type { Ctx } from '../ctx';
import { deviceOf } from '../transfers/transfer-commands';
import type { DeviceConfig } from './device-config';
import { openSession } from './inventory-loader';
import type { NodeView } from './tree-model';

interface FileTarget {
  device: DeviceConfig;
  path: string;
  sizeBytes: number;
}

function fileOf(ctx: Ctx, node: unknown): FileTarget | undefined {
  const n = node as NodeView | undefined;
  const device = deviceOf(ctx, n);
  if (!device || !n?.ref.fileSystem || !n.ref.file) return undefined;
  const file = ctx.tree.inventory(device.name)?.fileSystems.find((f) => f.name === n.ref.fileSystem)?.files?.find((f) => f.name === n.ref.file);
  return { device, path: `${n.ref.fileSystem}${n.ref.file}`, sizeBytes: file?.size ?? 0 };
}

async function withSession<T>(ctx: Ctx, device: DeviceConfig, title: string, work: (s: DeviceSession) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
    const session = await openSession(ctx, device);
    try {
      return await work(session);
    } finally {
      session.close();
    }
  });
}

/** A local file of the same name (download folder, then the workspace), to compare the device's MD5 with. */
async function sameNamedLocalFile(ctx: Ctx, name: string): Promise<string | undefined> {
  const folder = ctx.config.downloadFolder;
  if (folder && (await stat(path.join(folder, name)).then((s) => s.isFile(), () => false))) return path.join(folder, name);
  const glob = name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
  const [found] = await vscode.workspace.findFiles(`**/${glob}`, '**/node_modules/**', 1);
  return found?.fsPath;
}

export async function verifyMd5(ctx: Ctx, node?: unknown): Promise<void> {
  const t = fileOf(ctx, node);
  if (!t) return;
  const name = path.basename(splitDevicePath(t.path).name);
  const [{ md5 }, local] = await Promise.all([
    withSession(ctx, t.device, `${t.device.name}: verify /md5 ${t.path}`, (s) => verifyOnDevice(s, t.path, t.sizeBytes)),
    sameNamedLocalFile(ctx, name).then(async (file) => (file ? { file, md5: (await digestFile(file)).md5 } : undefined)).catch(() => undefined),
  ]);
  if (!md5) return void vscode.window.showWarningMessage(`${t.device.name} has no verify /md5 (IOS older than 12.2(4)T): ${t.path} cannot be hashed on the device.`);
  const copy = 'Copy MD5';
  const where = local ? vscode.workspace.asRelativePath(local.file) : undefined;
  const a = !local
    ? await vscode.window.showInformationMessage(`${t.device.name} ${t.path}: MD5 ${md5} (no local file named ${name} to compare with)`, copy)
    : local.md5 === md5
      ? await vscode.window.showInformationMessage(`${t.device.name} ${t.path}: MD5 ${md5} — matches the local ${where}.`, copy)
      : await vscode.window.showWarningMessage(`${t.device.name} ${t.path}: MD5 ${md5} — DIFFERS from the local ${where} (${local.md5}): they are not the same file.`, copy);
  if (a === copy) await vscode.env.clipboard.writeText(md5);
}

export async function setBootImage(ctx: Ctx, node?: unknown): Promise<void> {
  const t = fileOf(ctx, node);
  if (!t) return;
  const inv = ctx.tree.inventory(t.device.name);
  // With the model unknown the boot syntax is too: set only the new image, no fallback line.
  const commands = bootCommands(t.path, inv?.platform ? inv.image : undefined, inv?.platform ? bootSyntax(inv.platform, inv.fileSystems.map((f) => f.name)) : 'router');
  const go = 'Set Boot Image and Save';
  const answer = await vscode.window.showWarningMessage(
    `Make ${t.path} the image ${t.device.name} boots next?`,
    { modal: true, detail: `These commands will be sent:\n\n${commands.join('\n')}\n\nThe device is not reloaded. Verify the image's MD5 first: a corrupt boot image leaves the device in ROMMON at the next reload.` },
    go,
  );
  if (answer !== go) return;
  await withSession(ctx, t.device, `${t.device.name}: setting the boot image`, (s) => sendBootCommands(s, t.device.name, commands));
  ctx.tree.refresh(t.device.name);
  void vscode.window.showInformationMessage(`${t.device.name} boots ${t.path} next (configuration saved).`);
}

export async function deleteDeviceFile(ctx: Ctx, node?: unknown): Promise<void> {
  const t = fileOf(ctx, node);
  if (!t) return;
  const inv = ctx.tree.inventory(t.device.name);
  const check = deleteCheck(
    {
      hostname: inv?.hostname ?? t.device.name,
      runningImage: inv?.image,
      bootVariable: inv?.bootVariable,
      fileSystems: inv?.fileSystems.map((f) => ({ name: f.name, ...(f.aliases ? { aliases: f.aliases } : {}) })) ?? [],
      unknown: (inv?.problems ?? []).map((p) => ({ fact: /^show boot/.test(p.command) ? 'boot variable' : /^show version/.test(p.command) ? 'running image' : p.command, command: p.command, reason: p.message })),
    },
    t.path,
  );
  const del = 'Delete';
  const first = await vscode.window.showWarningMessage(`Delete ${t.path} from ${t.device.name}?`, { modal: true, detail: `${check.summary}\n${check.facts.join('\n')}\n\nThis cannot be undone.` }, del);
  if (first !== del) return;
  const confirmations: Confirmation[] = [];
  if (check.status === 'blocking') {
    const hostname = inv?.hostname ?? t.device.name;
    const typed = await vscode.window.showInputBox({
      title: `Second confirmation: ${t.path} is the running or boot image`,
      prompt: `${check.remedy ?? ''} Type the device's hostname (${hostname}) to delete it anyway.`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === hostname ? undefined : `Type ${hostname} exactly`),
    });
    if (typed?.trim() !== hostname) return;
    confirmations.push('delete-running-image');
  }
  const result = await withSession(ctx, t.device, `${t.device.name}: delete ${t.path}`, async (s) => deleteFile(s, await gatherSnapshot(s, t.device.username), t.path, { confirmations }));
  ctx.tree.refresh(t.device.name);
  if (result.outcome.status === 'succeeded') void vscode.window.showInformationMessage(result.outcome.message);
  else void vscode.window.showErrorMessage(result.outcome.message);
}

export async function copyRunningConfig(ctx: Ctx, node?: unknown): Promise<void> {
  const device = deviceOf(ctx, node);
  if (!device) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ctx.config.downloadFolder;
  const text = await withSession(ctx, device, `${device.name}: show running-config`, (s) => s.run('show running-config', { timeoutMs: 120_000 }));
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    return;
  }
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\.\d{3}Z$/, '');
  const file = path.join(folder, `${device.name.replace(/[^\w.-]/g, '_')}-running-config-${stamp}.txt`);
  await writeFile(file, text, { flag: 'wx' });
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}
