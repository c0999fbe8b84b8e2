// Maps the pure tree model to VS Code TreeItems and holds each device's state. Loading happens
// outside getChildren's callers' way: a device's node shows a spinner, then its file systems or
// its error — errors stay on the node, never a popup from getChildren. Items keep their ids and
// their expanded state across refreshes (a refresh shows what was read until the new read is in).
import * as vscode from 'vscode';
import type { DeviceConfig } from './device-config';
import { type DeviceInventory, type DeviceState, deviceChildren, deviceId, deviceNode, fileNodes, fileSystemNode, groupChildren, type NodeView, rootNodes } from './tree-model';

/** Loads one device's inventory (SSH + parsers); errors are shown on its node. */
export type InventoryLoader = (device: DeviceConfig) => Promise<DeviceInventory>;

export class DevicesTreeProvider implements vscode.TreeDataProvider<NodeView>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodeView | NodeView[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly states = new Map<string, DeviceState>();
  private readonly nodes = new Map<string, NodeView>();
  /** Expanded (true) or collapsed (false) by the person, by item id: kept across refreshes. */
  private readonly expansion = new Map<string, boolean>();
  private readonly loads = new Map<string, Promise<void>>();
  private devices: DeviceConfig[] = [];

  constructor(private readonly load: InventoryLoader) {}

  setDevices(devices: DeviceConfig[]): void {
    this.devices = devices;
    for (const name of [...this.states.keys()]) if (!devices.some((d) => d.name === name)) this.states.delete(name);
    this.changed.fire(undefined);
  }

  state(device: string): DeviceState {
    return this.states.get(device) ?? { kind: 'idle' };
  }

  inventory(device: string): DeviceInventory | undefined {
    const s = this.states.get(device);
    return s?.kind === 'loaded' ? s.inventory : undefined;
  }

  /** The tree view reports what the person expanded or collapsed (devices-view.ts). */
  setExpanded(element: NodeView, expanded: boolean): void {
    this.expansion.set(element.id, expanded);
  }

  /** The device's inventory, read now if it was not yet (undefined when it cannot be read). */
  async ensureInventory(device: string): Promise<DeviceInventory | undefined> {
    if (this.state(device).kind !== 'loaded') {
      if (this.state(device).kind !== 'loading') void this.reload(device);
      await this.loads.get(device);
    }
    return this.inventory(device);
  }

  /** Reloads one device, or all that were connected (or errored) when no name is given. */
  refresh(device?: string): void {
    const names = device ? [device] : this.devices.filter((d) => this.state(d.name).kind !== 'idle').map((d) => d.name);
    for (const n of names) void this.reload(n);
    if (!device && names.length === 0) this.changed.fire(undefined);
  }

  getTreeItem(element: NodeView): vscode.TreeItem {
    // VS Code hands back the element it was given before; a device's row must show its state now
    // (platform and version once loaded, the error, the spinner), so device rows are rebuilt.
    const n = this.current(element);
    const known = n.collapsible === 'none' ? undefined : this.expansion.get(n.id);
    const shape = known === undefined ? n.collapsible : known ? 'expanded' : 'collapsed';
    const collapsible = { none: vscode.TreeItemCollapsibleState.None, collapsed: vscode.TreeItemCollapsibleState.Collapsed, expanded: vscode.TreeItemCollapsibleState.Expanded }[shape];
    const item = new vscode.TreeItem(n.label, collapsible);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    item.iconPath = new vscode.ThemeIcon(n.icon);
    return item;
  }

  /** The node as the device's state shows it now (VS Code hands back the object it was given). */
  private current(element: NodeView): NodeView {
    const cfg = this.devices.find((d) => d.name === element.ref.device);
    if (!cfg) return element;
    if (element.contextValue.startsWith('device')) return deviceNode(cfg, this.state(cfg.name));
    if (element.contextValue === 'fs') {
      const fs = this.shown(cfg.name)?.fileSystems.find((f) => f.name === element.ref.fileSystem);
      return fs ? fileSystemNode(cfg.name, fs) : element;
    }
    return element;
  }

  /** What the tree shows of a device: its inventory, or while it is read again, the previous one. */
  private shown(device: string): DeviceInventory | undefined {
    const state = this.state(device);
    return state.kind === 'loading' ? state.previous : this.inventory(device);
  }

  getChildren(n?: NodeView): NodeView[] {
    const out = this.children(n);
    for (const c of out) this.nodes.set(c.id, c);
    return out;
  }

  getParent(n: NodeView): NodeView | undefined {
    const { device, fileSystem, file } = n.ref;
    if (!device) return undefined;
    if (file) return this.nodes.get(`${deviceId(device)}/${fileSystem}`);
    if (fileSystem || n.contextValue === 'message') return this.nodes.get(deviceId(device));
    const cfg = this.devices.find((d) => d.name === device);
    return cfg?.group ? this.nodes.get(`group:${cfg.group}`) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private children(n?: NodeView): NodeView[] {
    if (!n) return rootNodes(this.devices, this.states);
    if (n.contextValue === 'group') return groupChildren(n.ref.group!, this.devices, this.states);
    const cfg = this.devices.find((d) => d.name === n.ref.device);
    if (!cfg) return [];
    if (n.contextValue === 'device' || n.contextValue.startsWith('device.connected')) {
      if (this.state(cfg.name).kind === 'idle') void this.reload(cfg.name);
      return deviceChildren(cfg, this.state(cfg.name));
    }
    if (n.contextValue === 'fs') {
      const inv = this.shown(cfg.name);
      return inv ? fileNodes(cfg.name, n.ref.fileSystem!, inv) : [];
    }
    return [];
  }

  private reload(name: string): Promise<void> {
    const cfg = this.devices.find((d) => d.name === name);
    if (!cfg) return Promise.resolve();
    if (this.state(name).kind === 'loading') return this.loads.get(name) ?? Promise.resolve();
    const previous = this.inventory(name);
    this.states.set(name, { kind: 'loading', ...(previous ? { previous } : {}) });
    // Firing a node makes VS Code drop its children's handles until it fetches them again; a second
    // fire while it does (the load's end) can leave an expanded child without a handle ("No tree
    // item with id …") or collapsed. A refresh keeps what was read on screen and fires once, at the end.
    if (!previous) this.fireDevice(name);
    const loading = (async () => {
      try {
        const inventory = await this.load(cfg);
        this.states.set(name, { kind: 'loaded', inventory, loadedAt: Date.now() });
      } catch (err) {
        this.states.set(name, { kind: 'error', message: err instanceof Error ? err.message : String(err) });
      } finally {
        this.loads.delete(name);
      }
      if (previous) this.fireChanged(name, previous);
      else this.fireDevice(name);
    })();
    this.loads.set(name, loading);
    return loading;
  }

  /**
   * After a refresh, fires only what changed: the file systems whose space or files did (their
   * children are files, so nothing expanded loses its handle), the device only when its own row or
   * its list of file systems did.
   */
  private fireChanged(name: string, before: DeviceInventory): void {
    const cfg = this.devices.find((d) => d.name === name);
    const after = this.inventory(name);
    const deviceShown = this.nodes.get(deviceId(name));
    if (!cfg || !after || !deviceShown) return this.fireDevice(name);
    const row = (inv: DeviceInventory) => JSON.stringify([deviceNode(cfg, { kind: 'loaded', inventory: inv, loadedAt: 0 }), deviceChildren(cfg, { kind: 'loaded', inventory: inv, loadedAt: 0 }).map((c) => [c.id, c.label])]);
    if (row(before) !== row(after)) return this.fireDevice(name);
    // Which file is running or in the boot variable marks every file system's files.
    const marks = (inv: DeviceInventory) => JSON.stringify([inv.image, inv.bootVariable]);
    const changed = after.fileSystems
      .filter((fs) => marks(before) !== marks(after) || JSON.stringify(fs) !== JSON.stringify(before.fileSystems.find((b) => b.name === fs.name)))
      .map((fs) => this.nodes.get(`${deviceId(name)}/${fs.name}`))
      .filter((n): n is NodeView => n !== undefined);
    if (changed.length) this.changed.fire(changed);
  }

  private fireDevice(name: string): void {
    const node = this.nodes.get(deviceId(name));
    // Firing for the node refreshes it and its children; before it was ever shown, refresh the root.
    this.changed.fire(node);
  }
}
