// One typed reader for the extension's settings, with getters named after them. Knows which keys
// restart the engine, so a change there is applied without reloading the window.
import * as vscode from 'vscode';
import { allProtocols, isProtocol, type Protocol, protocolSpec } from '../engine';
import { type DeviceConfig, readDeviceConfigs } from './devices/device-config';

export const section = 'iosImageManager';

export type TransferProtocolSetting = Protocol | 'auto';

/** `engine.tftpPort`, `engine.ftpPort` …: one port setting per protocol of the registry. */
export function portKey(protocol: Protocol): string {
  return `engine.${protocol}Port`;
}

export const engineKeys: readonly string[] = ['engine.bindAddress', ...allProtocols().map((p) => portKey(p.name)), 'engine.ftpPassivePorts'];

export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(section);
  }

  devices(): { devices: DeviceConfig[]; errors: string[] } {
    return readDeviceConfigs(this.raw.get<unknown>('devices'));
  }

  async setDevices(devices: DeviceConfig[]): Promise<void> {
    await this.raw.update('devices', devices, vscode.ConfigurationTarget.Global);
  }

  get engineBindAddress(): string {
    return this.raw.get<string>('engine.bindAddress') || '0.0.0.0';
  }

  /** The port setting of a protocol, else its default port. */
  enginePort(protocol: Protocol): number {
    return this.raw.get<number>(portKey(protocol)) ?? protocolSpec(protocol).defaultPort;
  }

  get ftpPassivePorts(): string {
    return this.raw.get<string>('engine.ftpPassivePorts') ?? '';
  }

  get defaultProtocol(): TransferProtocolSetting {
    const p = this.raw.get<string>('transfers.defaultProtocol') ?? '';
    return p === 'auto' || isProtocol(p) ? p : 'tftp';
  }

  get concurrency(): number {
    return Math.max(1, Math.min(32, this.raw.get<number>('transfers.concurrency') ?? 4));
  }

  get downloadFolder(): string | undefined {
    return this.raw.get<string>('transfers.downloadFolder') || undefined;
  }

  get startLabOnActivation(): boolean {
    return this.raw.get<boolean>('lab.startOnActivation') === true;
  }

  /** Subscribes to changes of our settings; `engine` is true when the engine must restart. */
  onDidChange(listener: (change: { devices: boolean; engine: boolean }) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(section)) return;
      listener({
        devices: e.affectsConfiguration(`${section}.devices`),
        engine: engineKeys.some((k) => e.affectsConfiguration(`${section}.${k}`)),
      });
    });
  }
}
