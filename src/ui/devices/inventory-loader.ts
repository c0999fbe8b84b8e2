// Connects to a device and reads its inventory for the tree: credentials from SecretStorage (asked
// for when missing), host keys checked against the extension's known_hosts (an unknown key is shown
// to the user with its fingerprint; a changed key is refused), one SSH session per load.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { AuthenticationError, connectDevice, type DeviceInventory as DeviceInspection, type DeviceSession, EnableError, FileKnownHostsStore, inspectDevice } from '../../device';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from './device-config';
import type { DeviceInventory } from './tree-model';

export function knownHostsStore(ctx: Ctx): FileKnownHostsStore {
  return new FileKnownHostsStore(path.join(ctx.extension.globalStorageUri.fsPath, 'known_hosts'));
}

function expandHome(p: string): string {
  return p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
}

function parseJump(spec: string): { host: string; port: number; username: string } | undefined {
  const m = /^(?:([^@]+)@)?\[?([^\]:]+)\]?(?::(\d+))?$/.exec(spec.trim());
  return m ? { username: m[1] ?? os.userInfo().username, host: m[2], port: m[3] ? Number(m[3]) : 22 } : undefined;
}

/** SSH options for a configured device: secrets from SecretStorage (asked for when missing), host keys checked. */
export async function connectOptions(ctx: Ctx, device: DeviceConfig) {
  const privateKey = device.privateKeyPath ? await readFile(expandHome(device.privateKeyPath)) : undefined;
  const password = privateKey ? undefined : await ctx.credentials.getOrAsk(device.name, 'password');
  if (!privateKey && password === undefined) throw new Error('no password given');
  const passphrase = privateKey && /ENCRYPTED|aes256-ctr|bcrypt/.test(privateKey.toString('latin1')) ? await ctx.credentials.getOrAsk(device.name, 'passphrase') : undefined;
  const enableSecret = await ctx.credentials.get(device.name, 'enableSecret');
  const jump = device.jumpHost ? parseJump(device.jumpHost) : undefined;
  const options = {
    host: device.host,
    port: device.port ?? 22,
    username: device.username,
    ...(password !== undefined ? { password } : {}),
    ...(privateKey ? { privateKey } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(enableSecret ? { enableSecret } : {}),
    ...(jump ? { jumpHost: { ...jump, ...(password !== undefined ? { password } : {}), ...(privateKey ? { privateKey } : {}) } } : {}),
    label: device.name,
    knownHosts: knownHostsStore(ctx),
    onUnknownHostKey: async (info: { host: string; port: number; keyType: string; fingerprint: string }) => {
      const trust = 'Trust and Connect';
      const answer = await vscode.window.showWarningMessage(
        `${device.name}: the SSH host key of ${info.host}:${info.port} is not known yet.`,
        { modal: true, detail: `${info.keyType} ${info.fingerprint}\n\nCompare it with the device (show crypto key mypubkey rsa / show ip ssh on the console) before trusting it.` },
        trust,
      );
      return answer === trust;
    },
  };
  return { options, privateKey, enableSecret };
}

/** Opens an enabled session to a configured device, asking for what is missing. Throws with a message for the node. */
export async function openSession(ctx: Ctx, device: DeviceConfig): Promise<DeviceSession> {
  const { options, privateKey, enableSecret } = await connectOptions(ctx, device);
  try {
    let session = await connectDevice(options);
    if (session.facts().mode === 'user' && !enableSecret) {
      session.close();
      const secret = await ctx.credentials.getOrAsk(device.name, 'enableSecret');
      if (secret === undefined) throw new Error(`${device.name} logs in at user EXEC (${session.facts().prompt}); the enable secret is needed`);
      session = await connectDevice({ ...options, enableSecret: secret });
    }
    return session;
  } catch (err) {
    // A wrong stored secret must not be retried forever: forget it so the next attempt asks.
    if (err instanceof AuthenticationError) await ctx.credentials.forgetOne(device.name, privateKey ? 'passphrase' : 'password');
    if (err instanceof EnableError) await ctx.credentials.forgetOne(device.name, 'enableSecret');
    throw err;
  }
}

/** The tree's view of an inspected device: the facts that were read, and the problems. */
export function inventoryView(inv: DeviceInspection): DeviceInventory {
  return {
    hostname: inv.hostname,
    ...(inv.platform !== undefined ? { platform: inv.platform } : {}),
    ...(inv.version !== undefined ? { version: inv.version } : {}),
    ...(inv.image !== undefined ? { image: inv.image } : {}),
    ...(inv.bootVariable !== undefined ? { bootVariable: inv.bootVariable } : {}),
    fileSystems: inv.fileSystems.map((fs) => ({
      name: fs.name,
      ...(fs.aliases.length ? { aliases: fs.aliases } : {}),
      type: fs.type,
      ...(fs.isDefault ? { isDefault: true } : {}),
      ...(fs.total !== null ? { total: fs.total } : {}),
      ...(fs.free !== null ? { free: fs.free } : {}),
      ...(fs.files !== null
        ? { files: fs.files.map((f) => ({ name: f.name, size: f.size, ...(f.date ? { date: f.date } : {}), permissions: f.permissions, ...(f.permissions.startsWith('d') ? { isDirectory: true } : {}) })) }
        : {}),
    })),
    ...(inv.bootMode && inv.showVersion?.osFamily === 'ios-xe' ? { bootMode: inv.bootMode } : {}),
    ...(inv.chassis ? { chassis: inv.chassis.units.map((u) => ({ ...(u.member !== undefined ? { member: u.member } : {}), ...(u.pid ? { pid: u.pid } : {}), ...(u.sn ? { serial: u.sn } : {}) })) } : {}),
    ...(inv.installSummary
      ? { install: inv.installSummary.locations.map((l) => `${l.label}: ${l.packages.map((p) => `${p.type} ${p.version ?? p.filenameOrVersion} ${p.state?.replace(/-/g, ' ') ?? p.stateCode}`).join(', ')}`) }
      : {}),
    ...(inv.installSummary?.locations.some((l) => l.packages.some((p) => p.stateCode === 'U')) ? { installUncommitted: true } : {}),
    ...(inv.installSummary?.autoAbortTimer?.active
      ? {
          autoAbort: {
            ...(inv.installSummary.autoAbortTimer.armedBy !== undefined ? { armedBy: inv.installSummary.autoAbortTimer.armedBy } : {}),
            ...(inv.installSummary.autoAbortTimer.remainingSeconds !== undefined ? { remainingSeconds: inv.installSummary.autoAbortTimer.remainingSeconds } : {}),
          },
        }
      : {}),
    problems: inv.problems.map((p) => ({ command: p.command, message: p.message, ...(p.line !== undefined ? { line: p.line } : {}) })),
  };
}

export function createInventoryLoader(ctx: Ctx): (device: DeviceConfig) => Promise<DeviceInventory> {
  return async (device) => {
    const session = await openSession(ctx, device);
    try {
      const inv = await inspectDevice(session);
      for (const p of inv.problems) ctx.log.warn(`${device.name}: could not read ${p.command}: ${p.message}${p.line !== undefined ? ` — ${JSON.stringify(p.line)}` : ''}`);
      for (const n of inv.notes) if (n.kind === 'unparsed') ctx.log.info(`${device.name}: ${n.command}: skipped line ${n.lineNumber ?? '?'} ${JSON.stringify(n.line ?? '')} (${n.message})`);
      return inventoryView(inv);
    } finally {
      session.close();
    }
  };
}
