// Device management commands: add, import from ~/.ssh/config, edit, rename, remove, refresh, forget
// credentials. Thin: they ask, validate through device-config, and write settings.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { parseSshConfig } from '../../device/ssh-config';
import type { Config } from '../config';
import type { CredentialStore } from '../secrets';
import { type DeviceConfig, validateDeviceConfig } from './device-config';
import type { DevicesTreeProvider } from './tree-provider';
import type { NodeView } from './tree-model';

export interface DeviceCommandContext {
  config: Config;
  credentials: CredentialStore;
  tree: DevicesTreeProvider;
}

function hostPort(text: string): { host: string; port?: number } | undefined {
  const m = /^\[?([^\]\s]+?)\]?(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { host: m[1], ...(m[2] ? { port: Number(m[2]) } : {}) };
}

async function pickDevice(ctx: DeviceCommandContext, node: unknown, verb: string): Promise<DeviceConfig | undefined> {
  const { devices } = ctx.config.devices();
  const name = (node as NodeView | undefined)?.ref?.device;
  if (name) return devices.find((d) => d.name === name);
  const pick = await vscode.window.showQuickPick(
    devices.map((d) => ({ label: d.name, description: `${d.username}@${d.host}`, device: d })),
    { title: `${verb}: which device?` },
  );
  return pick?.device;
}

export async function addDevice(ctx: DeviceCommandContext): Promise<void> {
  const { devices } = ctx.config.devices();
  const address = await vscode.window.showInputBox({
    title: 'Add Device (1/3): address',
    prompt: 'Host name or IP address, optionally :port (SSH)',
    placeHolder: '10.1.1.1 or core-sw1.example.net:2222',
    ignoreFocusOut: true,
    validateInput: (v) => (hostPort(v) ? undefined : 'Enter a host name or IP address'),
  });
  const hp = address ? hostPort(address) : undefined;
  if (!hp) return;
  const username = await vscode.window.showInputBox({ title: 'Add Device (2/3): SSH username', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Required') });
  if (!username) return;
  const name = await vscode.window.showInputBox({
    title: 'Add Device (3/3): name in the tree',
    value: hp.host,
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'Required' : devices.some((d) => d.name === v.trim()) ? 'A device has that name already' : undefined),
  });
  if (!name) return;
  const device = validateDeviceConfig({ name: name.trim(), host: hp.host, port: hp.port, username: username.trim() }, devices.length);
  await ctx.config.setDevices([...devices, device]);
}

export async function importSshConfig(ctx: DeviceCommandContext): Promise<void> {
  const file = path.join(os.homedir(), '.ssh', 'config');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    void vscode.window.showWarningMessage(`No SSH client configuration at ${file}.`);
    return;
  }
  const { devices } = ctx.config.devices();
  const hosts = parseSshConfig(text).filter((h) => !devices.some((d) => d.name === h.alias));
  if (hosts.length === 0) {
    void vscode.window.showInformationMessage(`Every host in ${file} is already in the Devices view.`);
    return;
  }
  const picks = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.alias, description: `${h.user ?? os.userInfo().username}@${h.hostName}${h.port ? `:${h.port}` : ''}`, host: h })),
    { canPickMany: true, title: `Import devices from ${file}` },
  );
  if (!picks?.length) return;
  const added = picks.map((p, i) =>
    validateDeviceConfig(
      { name: p.host.alias, host: p.host.hostName, port: p.host.port, username: p.host.user ?? os.userInfo().username, jumpHost: p.host.proxyJump, privateKeyPath: p.host.identityFile },
      devices.length + i,
    ),
  );
  await ctx.config.setDevices([...devices, ...added]);
}

export async function removeDevice(ctx: DeviceCommandContext, node?: unknown): Promise<void> {
  const d = await pickDevice(ctx, node, 'Remove device');
  if (!d) return;
  const ok = await vscode.window.showWarningMessage(`Remove ${d.name} (${d.host}) from the Devices view and forget its credentials? The device itself is not changed.`, { modal: true }, 'Remove');
  if (ok !== 'Remove') return;
  await ctx.credentials.forget(d.name);
  await ctx.config.setDevices(ctx.config.devices().devices.filter((x) => x.name !== d.name));
}

export async function renameDevice(ctx: DeviceCommandContext, node?: unknown): Promise<void> {
  const d = await pickDevice(ctx, node, 'Rename device');
  if (!d) return;
  const { devices } = ctx.config.devices();
  const name = await vscode.window.showInputBox({ title: `Rename ${d.name}`, value: d.name, validateInput: (v) => (!v.trim() ? 'Required' : v.trim() !== d.name && devices.some((x) => x.name === v.trim()) ? 'A device has that name already' : undefined) });
  if (!name || name.trim() === d.name) return;
  await ctx.credentials.rename(d.name, name.trim());
  await ctx.config.setDevices(devices.map((x) => (x.name === d.name ? { ...x, name: name.trim() } : x)));
}

export async function editDevice(ctx: DeviceCommandContext, node?: unknown): Promise<void> {
  const d = await pickDevice(ctx, node, 'Edit device');
  if (!d) return;
  const fields = [
    { label: 'Address', key: 'address', value: `${d.host}${d.port ? `:${d.port}` : ''}` },
    { label: 'Username', key: 'username', value: d.username },
    { label: 'Group', key: 'group', value: d.group ?? '' },
    { label: 'Jump host', key: 'jumpHost', value: d.jumpHost ?? '' },
  ];
  const pick = await vscode.window.showQuickPick(fields.map((f) => ({ label: f.label, description: f.value || '(none)', field: f })), { title: `Edit ${d.name}` });
  if (!pick) return;
  const value = await vscode.window.showInputBox({ title: `${d.name}: ${pick.label}`, value: pick.field.value });
  if (value === undefined) return;
  const next: Record<string, unknown> = { ...d };
  if (pick.field.key === 'address') {
    const hp = hostPort(value);
    if (!hp) return void vscode.window.showErrorMessage(`'${value}' is not a host name or address.`);
    next.host = hp.host;
    next.port = hp.port;
  } else {
    next[pick.field.key] = value.trim() || undefined;
  }
  const { devices } = ctx.config.devices();
  const updated = validateDeviceConfig(next, devices.findIndex((x) => x.name === d.name));
  await ctx.config.setDevices(devices.map((x) => (x.name === d.name ? updated : x)));
}

export async function forgetCredentials(ctx: DeviceCommandContext, node?: unknown): Promise<void> {
  const d = await pickDevice(ctx, node, 'Forget credentials');
  if (!d) return;
  await ctx.credentials.forget(d.name);
  void vscode.window.showInformationMessage(`Forgot the password, enable secret and key passphrase of ${d.name}.`);
}

export function refreshDevice(ctx: DeviceCommandContext, node?: unknown): void {
  const name = (node as NodeView | undefined)?.ref?.device;
  ctx.tree.refresh(name);
}
