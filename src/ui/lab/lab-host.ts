// The simulated lab inside the extension host: IOS devices on loopback with their own transfer
// engine on free ports (the lab maps the well-known ports to them), added to the Devices tree under
// "Simulated lab" with their credentials in SecretStorage and their host keys trusted. The keys are
// kept in the extension's global storage, so a restarted lab is the same set of hosts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { knownHostsName } from '../../device';
import { type RunningServer, standInPorts, TransferEngine, protocolSpec } from '../../engine';
import { type EngineServer, runningEngineServer, type TransferProtocol } from '../../jobs';
import { type Lab, startLab } from '../../lab';
import type { Ctx } from '../ctx';
import { knownHostsStore } from '../devices/inventory-loader';
import type { DeviceConfig } from '../devices/device-config';

export const labGroup = 'Simulated lab';

export function labDeviceName(profile: string): string {
  return `lab-${profile}`;
}

interface Running {
  lab: Lab;
  engine: TransferEngine;
  servers: Record<TransferProtocol, RunningServer>;
  names: Set<string>;
}

/** Drops every known_hosts line for host:port: the lab's devices take new ports on each start. */
export function withoutHost(knownHosts: string, host: string, port: number): string {
  const name = knownHostsName(host, port);
  return knownHosts
    .split('\n')
    .filter((l) => !l.split(/\s+/)[0]?.split(',').includes(name))
    .join('\n');
}

export class LabHost implements vscode.Disposable {
  private running: Running | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly ctx: Ctx) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  isLabDevice(name: string): boolean {
    return this.running?.names.has(name) ?? false;
  }

  /** The lab's own engine, as the server of a job for one of its devices (on loopback, the well-known ports mapped). */
  jobServer(): EngineServer | undefined {
    const r = this.running;
    return r ? runningEngineServer(r.engine, r.servers, { override: '127.0.0.1', portsMapped: true }) : undefined;
  }

  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const engine = new TransferEngine({ bind: '127.0.0.1', log: (l) => this.ctx.log.info(`lab engine: ${l}`) });
    let lab: Lab | undefined;
    try {
      const servers = await engine.startAll(() => 0);
      lab = await startLab({
        ports: standInPorts(servers),
        stateDir: path.join(this.ctx.extension.globalStorageUri.fsPath, 'lab'),
      });
      const store = knownHostsStore(this.ctx);
      const existing = await readFile(store.file, 'utf8').catch(() => '');
      const cleaned = lab.devices.reduce((text, d) => withoutHost(text, d.host, d.port), existing);
      if (cleaned !== existing) await writeFile(store.file, cleaned, { mode: 0o600 });
      const configs: DeviceConfig[] = [];
      for (const d of lab.devices) {
        const name = labDeviceName(d.profile.name);
        const user = d.privilegedUser ?? { username: d.username, password: d.password };
        const [type, base64] = d.hostKeyPublic.trim().split(/\s+/);
        await store.add(d.host, d.port, { type, blob: Buffer.from(base64, 'base64') });
        await this.ctx.credentials.forget(name);
        await this.ctx.credentials.set(name, 'password', user.password);
        await this.ctx.credentials.set(name, 'enableSecret', d.enableSecret);
        configs.push({ name, host: d.host, port: d.port, username: user.username, group: labGroup });
      }
      this.running = { lab, engine, servers, names: new Set(configs.map((c) => c.name)) };
      const others = this.ctx.config.devices().devices.filter((d) => d.group !== labGroup && !this.running!.names.has(d.name));
      await this.ctx.config.setDevices([...others, ...configs]);
      this.ctx.log.info(`simulated lab started: ${lab.devices.map((d) => `${labDeviceName(d.profile.name)} ssh://${d.host}:${d.port}`).join(', ')}; its engine: ${Object.values(servers)
          .map((s) => `${protocolSpec(s.protocol).title} ${s.port}`)
          .join(', ')} on 127.0.0.1`);
      this.ctx.status.update({ lab: { devices: lab.devices.length, servers: Object.values(servers).map((s) => `${protocolSpec(s.protocol).title} ${s.address}:${s.port}`) } });
      await vscode.commands.executeCommand('setContext', 'iosImageManager.labRunning', true);
    } catch (err) {
      await lab?.close();
      await engine.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    await this.ctx.config.setDevices(this.ctx.config.devices().devices.filter((d) => !r.names.has(d.name)));
    for (const n of r.names) await this.ctx.credentials.forget(n);
    await r.lab.close();
    await r.engine.close();
    this.ctx.log.info('simulated lab stopped');
    this.ctx.status.update({ lab: undefined });
    await vscode.commands.executeCommand('setContext', 'iosImageManager.labRunning', false);
  }

  dispose(): void {
    const r = this.running;
    this.running = undefined;
    if (r) void r.lab.close().then(() => r.engine.close());
  }
}
