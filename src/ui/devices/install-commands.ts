// The IOS-XE install-mode commands of the Devices view: Install Image… (on an install- or bundle-mode
// IOS-XE device, or on an image file in its flash), Remove Inactive Packages…, Commit, Abort and Roll
// Back…, each with its confirmation — a reload always with the device's hostname typed. Thin: they
// ask, then call the jobs layer (the install runs on a Transfers card).
import * as vscode from 'vscode';
import type { DeviceSession } from '../../device';
import { autoAbortRange, commitInstall, type MaintenanceOutcome, reloadingInstallCommand, removeInactive, type RollbackTarget } from '../../jobs';
import type { Ctx } from '../ctx';
import { installJob } from '../transfers/install-jobs';
import { deviceOf } from '../transfers/transfer-commands';
import type { DeviceConfig } from './device-config';
import { openSession } from './inventory-loader';
import type { NodeView } from './tree-model';

async function askInstallChoices(ctx: Ctx, device: DeviceConfig, local: boolean) {
  const inv = ctx.tree.inventory(device.name);
  const bundle = inv?.bootMode === 'bundle';
  let protocol: 'tftp' | 'ftp' | 'http' = 'tftp';
  let direct = false;
  if (local) {
    const how = await vscode.window.showQuickPick(
      [
        { label: 'Copy, verify, then install', detail: 'The image is copied to flash first and checked with verify /md5 (recommended).', direct: false },
        { label: 'Install straight from the engine', detail: '`install add file <URL>`: the device fetches the image itself; no verify /md5 before the add.', direct: true },
      ],
      { title: `${device.name}: how the image gets there`, ignoreFocusOut: true },
    );
    if (!how) return undefined;
    direct = how.direct;
    const p = await vscode.window.showQuickPick(['tftp', 'ftp', 'http'].map((x) => ({ label: x.toUpperCase(), protocol: x as 'tftp' | 'ftp' | 'http' })), { title: `${device.name}: over`, ignoreFocusOut: true });
    if (!p) return undefined;
    protocol = p.protocol;
  }
  let oneShot = bundle;
  if (!bundle) {
    const form = await vscode.window.showQuickPick(
      [
        { label: 'Three steps with a safety net', detail: 'install add; install activate auto-abort-timer N; reload; health check; install commit only if healthy (else the device rolls itself back).', oneShot: false },
        { label: 'One-shot', detail: 'install add file … activate commit: commits at once, no automatic rollback.', oneShot: true },
      ],
      { title: `${device.name}: install form`, ignoreFocusOut: true },
    );
    if (!form) return undefined;
    oneShot = form.oneShot;
  }
  let autoAbortMinutes: number = autoAbortRange.default;
  if (!oneShot) {
    const m = await vscode.window.showInputBox({
      title: `${device.name}: auto-abort timer`,
      prompt: `Minutes before the device rolls back by itself unless the job commits (${autoAbortRange.min}–${autoAbortRange.max})`,
      value: String(autoAbortRange.default),
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= autoAbortRange.min && Number(v) <= autoAbortRange.max ? undefined : `${autoAbortRange.min}–${autoAbortRange.max} minutes`),
    });
    if (m === undefined) return undefined;
    autoAbortMinutes = Number(m);
  }
  return { protocol, direct, oneShot, autoAbortMinutes };
}

/** Install Image…: on a device (a local image is picked) or on an image file in its flash. */
export async function installImageCommand(ctx: Ctx, node?: unknown): Promise<void> {
  const n = node as NodeView | undefined;
  const device = deviceOf(ctx, n);
  if (!device) return void vscode.window.showWarningMessage('Install Image… works on an IOS-XE device or an image file in the Devices view.');
  const devicePath = n?.ref.file && n.ref.fileSystem ? `${n.ref.fileSystem}${n.ref.file}` : undefined;
  let localPath: string | undefined;
  if (!devicePath) {
    const files = await vscode.window.showOpenDialog({ title: `IOS-XE image to install on ${device.name}`, canSelectMany: false, openLabel: 'Install', filters: { 'IOS-XE images': ['bin'], 'All files': ['*'] } });
    localPath = files?.[0]?.fsPath;
    if (!localPath) return;
  }
  const choices = await askInstallChoices(ctx, device, localPath !== undefined);
  if (!choices) return;
  await installJob(ctx, device, localPath ? { localPath } : { devicePath: devicePath! }, choices);
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

function report(ctx: Ctx, device: DeviceConfig, r: MaintenanceOutcome): void {
  ctx.log.info(`[${device.name}] ${r.status}: ${r.message}`);
  const show = r.status === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void show(r.message);
  ctx.tree.refresh(device.name);
}

/** A reload: the device's own hostname typed, as the card asks it. */
async function typedHostname(ctx: Ctx, device: DeviceConfig, what: string): Promise<boolean> {
  const hostname = ctx.tree.inventory(device.name)?.hostname ?? device.name;
  const typed = await vscode.window.showInputBox({ title: what, prompt: `This RELOADS ${hostname} (every stack member). Type its hostname, ${hostname}, to confirm.`, ignoreFocusOut: true });
  return typed?.trim() === hostname;
}

function target(ctx: Ctx, node: unknown): DeviceConfig | undefined {
  const device = deviceOf(ctx, node);
  if (!device) void vscode.window.showWarningMessage('This command works on an install-mode device in the Devices view.');
  return device;
}

export async function removeInactiveCommand(ctx: Ctx, node?: unknown): Promise<void> {
  const device = target(ctx, node);
  if (!device) return;
  const r = await withSession(ctx, device, `${device.name}: install remove inactive`, (s) =>
    removeInactive(s, {
      hostname: device.name,
      confirm: async (remove, keep) => {
        const detail = [`The device lists ${remove.length} file(s) to delete:`, ...remove.map((f) => `  ${f.member ? `${f.member}: ` : ''}${f.file}`), ...(keep.length ? ['', `In use, kept: ${keep.length} file(s)`] : [])].join('\n');
        return (await vscode.window.showWarningMessage(`Remove the inactive packages of ${device.name}?`, { modal: true, detail }, 'Remove')) === 'Remove';
      },
    }),
  );
  report(ctx, device, r);
}

export async function commitCommand(ctx: Ctx, node?: unknown): Promise<void> {
  const device = target(ctx, node);
  if (!device) return;
  const r = await withSession(ctx, device, `${device.name}: install commit`, (s) =>
    commitInstall(s, {
      hostname: device.name,
      confirm: async () => (await vscode.window.showWarningMessage(`Commit the activated software on ${device.name}?`, { modal: true, detail: 'install commit makes it permanent and stops the auto-abort timer: it will no longer roll back by itself.' }, 'Commit')) === 'Commit',
    }),
  );
  report(ctx, device, r);
}

async function reloading(ctx: Ctx, device: DeviceConfig, kind: 'abort' | 'rollback', rollback?: RollbackTarget): Promise<void> {
  const command = kind === 'abort' ? 'install abort' : `install rollback to ${rollback!.to === 'id' ? `id ${rollback!.id}` : rollback!.to}`;
  if (!(await typedHostname(ctx, device, `${device.name}: ${command}`))) return void vscode.window.showInformationMessage(`${command}: not confirmed; nothing was sent to ${device.name}.`);
  const r = await withSession(ctx, device, `${device.name}: ${command}, then waiting for it to come back`, (s) =>
    reloadingInstallCommand(s, kind === 'abort' ? { hostname: device.name, kind } : { hostname: device.name, kind, target: rollback! }, { confirm: async () => true, reconnect: () => openSession(ctx, device) }),
  );
  r.session?.close();
  report(ctx, device, r);
}

export async function abortCommand(ctx: Ctx, node?: unknown): Promise<void> {
  const device = target(ctx, node);
  if (device) await reloading(ctx, device, 'abort');
}

export async function rollbackCommand(ctx: Ctx, node?: unknown): Promise<void> {
  const device = target(ctx, node);
  if (!device) return;
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'To the last committed point', detail: 'install rollback to committed', target: { to: 'committed' } as RollbackTarget },
      { label: 'To the base image', detail: 'install rollback to base', target: { to: 'base' } as RollbackTarget },
      { label: 'To a rollback point…', detail: 'install rollback to id N (see show install rollback)', target: undefined },
    ],
    { title: `${device.name}: roll back`, ignoreFocusOut: true },
  );
  if (!pick) return;
  let t = pick.target;
  if (!t) {
    const id = await vscode.window.showInputBox({ title: `${device.name}: rollback point`, prompt: 'The id from show install rollback', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'a number') });
    if (id === undefined) return;
    t = { to: 'id', id: Number(id) };
  }
  await reloading(ctx, device, 'rollback', t);
}
