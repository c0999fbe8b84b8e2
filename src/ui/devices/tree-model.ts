// The Devices tree as pure data: configured devices plus what is known of each (loading, error,
// inventory) → NodeView. The provider only maps NodeView to TreeItem, so all of this is testable
// without VS Code. contextValue is the one vocabulary the manifest's `when` clauses match.
import { devicePathKey } from '../../device';
import { formatBytes, plural } from '../../jobs';
import type { DeviceConfig } from './device-config';

export interface InventoryFile {
  name: string;
  size: number;
  date?: string;
  permissions?: string;
  isDirectory?: boolean;
}

export interface InventoryFileSystem {
  name: string;
  /** Other prefixes of the same file system (`bootflash:`, `flash-1:` for `flash:`). */
  aliases?: string[];
  type?: string;
  total?: number;
  free?: number;
  /** Undefined when the listing could not be read (a problem says why). */
  files?: InventoryFile[];
  /** The device's default file system (`*` in `show file systems`): where a copy goes by default. */
  isDefault?: boolean;
}

/** Something the device printed that could not be read: the command, why, and the first offending line. */
export interface InventoryProblem {
  command: string;
  message: string;
  line?: string;
}

/** What `inspect --json` prints for a device (a fact that could not be read is absent). */
export interface DeviceInventory {
  hostname: string;
  platform?: string;
  version?: string;
  image?: string;
  /** Undefined when the boot variable could not be read. */
  bootVariable?: string[];
  fileSystems: InventoryFileSystem[];
  /** IOS-XE only: install mode (packages.conf) or bundle mode (a .bin). */
  bootMode?: 'install' | 'bundle';
  /** The chassis or stack members from `show inventory`. */
  chassis?: { member?: number; pid?: string; serial?: string }[];
  /** Install mode: one line per `show install summary` location, e.g. `Switch 1 2: IMG 17.09.04a.0.6 committed`. */
  install?: string[];
  /** Install mode: an activation waits for `install commit` (a package in state U). */
  installUncommitted?: boolean;
  /** Install mode: the auto-abort timer `show install summary` said was running, and the time it had left then. */
  autoAbort?: { armedBy?: string; remainingSeconds?: number };
  problems?: InventoryProblem[];
}

export type DeviceState =
  | { kind: 'idle' }
  /** `previous`: a refresh keeps showing what was read, so the tree keeps its items and their expansion. */
  | { kind: 'loading'; previous?: DeviceInventory }
  | { kind: 'error'; message: string }
  | { kind: 'loaded'; inventory: DeviceInventory; loadedAt: number };

/**
 * `device.connected.xe-install` / `.xe-bundle`: an IOS-XE device in install or bundle mode (the install
 * commands' `when` clauses); `file.image.xe`: an image file on an IOS-XE device (Install Image…).
 */
export type ContextValue = 'group' | 'device' | 'device.connected' | 'device.connected.xe-install' | 'device.connected.xe-bundle' | 'fs' | 'file' | 'file.image' | 'file.image.xe' | 'file.running' | 'file.boot' | 'message';

export interface NodeView {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue: ContextValue;
  /** Codicon id, e.g. `server`, `error`, `loading~spin`. */
  icon: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For commands: which device / file system / file this node is. */
  ref: { device?: string; fileSystem?: string; file?: string; group?: string };
}

const imageRe = /\.(bin|SPA\.bin|tar|pkg)$|-mz\./i;

/** Sizes as everywhere else (binary units); `?` when the device did not say. */
export function formatSize(bytes: number | undefined): string {
  return bytes === undefined ? '?' : formatBytes(bytes);
}

/** Where a copy goes when no file system is named: the device's default, else its flash. */
export function defaultFileSystemName(inventory: DeviceInventory): string | undefined {
  const fss = inventory.fileSystems;
  return (fss.find((f) => f.isDefault) ?? fss.find((f) => /^(flash|bootflash)(-\d+)?:$/.test(f.name)) ?? fss[0])?.name;
}

export function deviceId(name: string): string {
  return `device:${name}`;
}

/** `bootflash:/x,12` and `flash:x` are one file where the device's file-system table says so. */
function sameFile(inventory: DeviceInventory, a: string, b: string): boolean {
  const groups = inventory.fileSystems.map((f) => [f.name, ...(f.aliases ?? [])]);
  return devicePathKey(a.split(',')[0]!, groups) === devicePathKey(b.split(',')[0]!, groups);
}

export function rootNodes(devices: DeviceConfig[], states: ReadonlyMap<string, DeviceState>): NodeView[] {
  const ungrouped = devices.filter((d) => !d.group);
  const groups = [...new Set(devices.filter((d) => d.group).map((d) => d.group!))].sort((a, b) => a.localeCompare(b));
  return [
    ...groups.map((g): NodeView => ({
      id: `group:${g}`,
      label: g,
      description: plural(devices.filter((d) => d.group === g).length, 'device'),
      contextValue: 'group',
      icon: 'folder',
      collapsible: 'expanded',
      ref: { group: g },
    })),
    ...ungrouped.map((d) => deviceNode(d, states.get(d.name) ?? { kind: 'idle' })),
  ];
}

export function groupChildren(group: string, devices: DeviceConfig[], states: ReadonlyMap<string, DeviceState>): NodeView[] {
  return devices.filter((d) => d.group === group).map((d) => deviceNode(d, states.get(d.name) ?? { kind: 'idle' }));
}

export function deviceNode(d: DeviceConfig, state: DeviceState): NodeView {
  const address = `${d.username}@${d.host}${d.port && d.port !== 22 ? `:${d.port}` : ''}`;
  const base = { id: deviceId(d.name), label: d.name, ref: { device: d.name }, collapsible: 'collapsed' as const };
  switch (state.kind) {
    case 'idle':
      return { ...base, description: address, tooltip: `${address}\nExpand to connect.`, contextValue: 'device', icon: 'server' };
    case 'loading':
      if (state.previous) {
        const shown = deviceNode(d, { kind: 'loaded', inventory: state.previous, loadedAt: 0 });
        return { ...shown, description: `refreshing… ${shown.description ?? ''}`.trim(), icon: 'loading~spin' };
      }
      return { ...base, description: 'connecting…', tooltip: address, contextValue: 'device', icon: 'loading~spin', collapsible: 'expanded' };
    case 'error':
      return { ...base, description: state.message, tooltip: `${address}\n${state.message}`, contextValue: 'device', icon: 'error' };
    case 'loaded': {
      const inv = state.inventory;
      const boot = inv.bootVariable === undefined ? 'boot variable unknown' : inv.bootVariable.length ? `boot ${inv.bootVariable.join('; ')}` : 'boot variable not set';
      return {
        ...base,
        description: `${inv.platform ?? 'model unknown'} · ${inv.version ?? 'version unknown'}${inv.bootMode ? ` · ${inv.bootMode} mode` : ''}${installNote(inv)}${inv.problems?.length ? ' · ⚠ partly read' : ''}`,
        tooltip: [
          `${inv.hostname} (${address})`,
          `${inv.platform ?? 'model unknown'}, ${inv.version ?? 'version unknown'}${inv.bootMode ? `, ${inv.bootMode} mode` : ''}`,
          inv.image ? `running ${inv.image}` : undefined,
          boot,
          ...(inv.chassis ?? []).map((c) => `${c.member !== undefined ? `switch ${c.member}: ` : 'chassis: '}${c.pid ?? '?'}, serial ${c.serial ?? '?'}`),
          ...(inv.install ?? []).map((l) => `install: ${l}`),
          inv.autoAbort ? `install: auto-abort timer running${inv.autoAbort.armedBy ? ` (${inv.autoAbort.armedBy})` : ''}${inv.autoAbort.remainingSeconds !== undefined ? `: ${clock(inv.autoAbort.remainingSeconds)} left when read` : ''} — the device rolls back by itself unless the activation is committed` : undefined,
          inv.problems?.length ? `Could not read: ${problemCommands(inv.problems)}` : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
        contextValue: inv.bootMode === 'install' ? 'device.connected.xe-install' : inv.bootMode === 'bundle' ? 'device.connected.xe-bundle' : 'device.connected',
        icon: 'server',
        collapsible: 'expanded',
      };
    }
  }
}

export function deviceChildren(d: DeviceConfig, state: DeviceState): NodeView[] {
  const ref = { device: d.name };
  switch (state.kind) {
    case 'idle':
    case 'loading':
      if (state.kind === 'loading' && state.previous) return deviceChildren(d, { kind: 'loaded', inventory: state.previous, loadedAt: 0 });
      return [{ id: `${deviceId(d.name)}/loading`, label: 'Connecting…', contextValue: 'message', icon: 'loading~spin', collapsible: 'none', ref }];
    case 'error':
      return [{ id: `${deviceId(d.name)}/error`, label: state.message, tooltip: state.message, contextValue: 'message', icon: 'error', collapsible: 'none', ref }];
    case 'loaded': {
      const problems = state.inventory.problems ?? [];
      return [...(problems.length ? [problemsNode(d.name, problems)] : []), ...state.inventory.fileSystems.map((fs) => fileSystemNode(d.name, fs))];
    }
  }
}

function problemCommands(problems: InventoryProblem[]): string {
  return [...new Set(problems.map((p) => p.command))].join(', ');
}

/** ` · uncommitted (auto-abort 1:59:30)`: an activation waiting for its commit is what the person must not miss. */
function installNote(inv: DeviceInventory): string {
  if (!inv.installUncommitted && !inv.autoAbort) return '';
  const left = inv.autoAbort?.remainingSeconds;
  return ` · ${inv.installUncommitted ? 'uncommitted' : 'auto-abort timer'}${inv.autoAbort ? ` (auto-abort${left !== undefined ? ` ${clock(left)}` : ' running'})` : ''}`;
}

/** Seconds as `1:59:30`. */
function clock(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** One item naming what could not be read; its tooltip has each command, why, and the first offending line. */
export function problemsNode(device: string, problems: InventoryProblem[]): NodeView {
  return {
    id: `${deviceId(device)}/problems`,
    label: `Could not read: ${problemCommands(problems)}`,
    description: 'the rest was read',
    tooltip: problems.map((p) => `${p.command}: ${p.message}${p.line !== undefined ? `\n    ${JSON.stringify(p.line)}` : ''}`).join('\n'),
    contextValue: 'message',
    icon: 'warning',
    collapsible: 'none',
    ref: { device },
  };
}

export function fileSystemNode(device: string, fs: InventoryFileSystem): NodeView {
  const pct = fs.total ? Math.round(((fs.free ?? 0) / fs.total) * 100) : undefined;
  return {
    id: `${deviceId(device)}/${fs.name}`,
    label: fs.name,
    description: fs.total !== undefined ? `${formatSize(fs.free)} free of ${formatSize(fs.total)}` : fs.free !== undefined ? `${formatSize(fs.free)} free` : undefined,
    tooltip: [`${fs.name}${fs.type ? ` (${fs.type})` : ''}${fs.aliases?.length ? `, also ${fs.aliases.join(' ')}` : ''}`, fs.files ? plural(fs.files.length, 'file') : 'files unknown (the listing could not be read)', fs.free !== undefined ? `${fs.free} bytes free${pct !== undefined ? ` (${pct}%)` : ''}` : undefined, fs.total !== undefined ? `${fs.total} bytes total` : undefined]
      .filter(Boolean)
      .join('\n'),
    contextValue: 'fs',
    icon: 'database',
    collapsible: 'collapsed',
    ref: { device, fileSystem: fs.name },
  };
}

export function fileNodes(device: string, fsName: string, inventory: DeviceInventory): NodeView[] {
  const fs = inventory.fileSystems.find((f) => f.name === fsName);
  if (!fs) return [];
  if (fs.files === undefined) {
    const p = inventory.problems?.find((x) => x.command === `dir ${fs.name}`);
    return [
      {
        id: `${deviceId(device)}/${fs.name}/unreadable`,
        label: `The listing of ${fs.name} could not be read`,
        tooltip: p ? `${p.command}: ${p.message}${p.line !== undefined ? `\n    ${JSON.stringify(p.line)}` : ''}` : undefined,
        contextValue: 'message',
        icon: 'warning',
        collapsible: 'none',
        ref: { device, fileSystem: fs.name },
      },
    ];
  }
  return [...fs.files]
    .sort((a, b) => Number(Boolean(b.isDirectory)) - Number(Boolean(a.isDirectory)) || a.name.localeCompare(b.name))
    .map((f): NodeView => {
      const path = `${fs.name}${f.name}`;
      const running = inventory.image !== undefined && sameFile(inventory, inventory.image, path);
      const boot = inventory.bootVariable?.some((b) => sameFile(inventory, b, path)) ?? false;
      const marks = [running ? 'running' : undefined, boot ? 'boot' : undefined].filter(Boolean);
      const contextValue: ContextValue = running ? 'file.running' : boot ? 'file.boot' : imageRe.test(f.name) ? (inventory.bootMode ? 'file.image.xe' : 'file.image') : 'file';
      return {
        id: `${deviceId(device)}/${fs.name}/${f.name}`,
        label: f.name,
        description: [f.isDirectory ? 'directory' : formatSize(f.size), f.date, ...marks.map((m) => `● ${m}`)].filter(Boolean).join('  '),
        tooltip: [path, f.isDirectory ? 'directory' : `${f.size} bytes`, f.date, f.permissions, running ? 'The image this device is running' : undefined, boot ? 'Named in the boot variable (boots next reload)' : undefined]
          .filter(Boolean)
          .join('\n'),
        contextValue: f.isDirectory ? 'file' : contextValue,
        icon: f.isDirectory ? 'folder' : running ? 'play-circle' : boot ? 'debug-start' : imageRe.test(f.name) ? 'file-binary' : 'file',
        collapsible: 'none',
        ref: { device, fileSystem: fs.name, file: f.name },
      };
    });
}
