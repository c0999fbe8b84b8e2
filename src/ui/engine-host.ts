// The extension's transfer engine: one TransferEngine, each protocol's server started on demand
// with the user's settings (bind address, ports), restarted when those settings change. Bind
// errors reach the user with the engine's own remedy (privileged port, port in use, no such address).
// Where a device reaches it is the jobs layer's to work out; this says where servers listen.
import * as vscode from 'vscode';
import { BindError, type RunningServer, TransferEngine, type TransferEvent, protocolSpec } from '../engine';
import type { EngineServer, TransferProtocol } from '../jobs';
import type { Config } from './config';
import type { Log } from './log';

export function describeEvent(e: TransferEvent): string | undefined {
  switch (e.type) {
    case 'started':
      return `${e.transfer.protocol.toUpperCase()} ${e.transfer.direction} '${e.transfer.file}' with ${e.transfer.peer} started`;
    case 'progress':
      return undefined;
    case 'finished':
      return `${e.transfer.protocol.toUpperCase()} '${e.transfer.file}' with ${e.transfer.peer}: ${e.bytes} bytes in ${(e.durationMs / 1000).toFixed(1)} s${e.md5 ? `, md5 ${e.md5}` : ''}`;
    case 'failed':
      return `${e.transfer.protocol.toUpperCase()} '${e.transfer.file}' with ${e.transfer.peer} failed after ${e.bytes} bytes: ${e.reason}`;
    case 'refused':
      return `${e.protocol.toUpperCase()} refused ${e.peer} '${e.file}': ${e.message}`;
  }
}

export function parsePassivePorts(text: string): [number, number] | undefined {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  return m && Number(m[1]) <= Number(m[2]) ? [Number(m[1]), Number(m[2])] : undefined;
}

export class EngineHost implements vscode.Disposable {
  private engine: TransferEngine | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly servers = new Map<TransferProtocol, Promise<RunningServer>>();

  constructor(
    private readonly config: Config,
    private readonly log: Log,
    private readonly onServersChanged: (servers: string[]) => void,
  ) {}

  /**
   * The engine as a job sees it: servers listen where the settings say (all addresses by default);
   * a specific bind address there is also the address devices must use.
   */
  jobServer(): EngineServer {
    const bind = this.config.engineBindAddress;
    const specific = bind !== '0.0.0.0' && bind !== '::';
    return { kind: 'engine', engine: this.ensureEngine(), server: (protocol, _bind, o) => this.start(protocol, o?.candidate === true), bindAddress: bind, ...(specific ? { override: bind } : {}) };
  }

  /** Settings changed: servers that were running are started again with the new ones. */
  async restart(): Promise<void> {
    const protocols = [...this.servers.keys()];
    await this.stop();
    if (protocols.length) this.log.info(`engine settings changed: restarting ${protocols.join(', ')}`);
    for (const p of protocols) await this.start(p).catch(() => undefined);
  }

  async stop(): Promise<void> {
    const running = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(running.map((s) => s.then((r) => r.close()).catch(() => undefined)));
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.engine?.close();
    this.engine = undefined;
    this.changed();
  }

  dispose(): void {
    void this.stop();
  }

  private ensureEngine(): TransferEngine {
    if (!this.engine) {
      this.engine = new TransferEngine({ bind: this.config.engineBindAddress, log: (line) => this.log.info(`engine: ${line}`) });
      this.unsubscribe = this.engine.events.subscribe((e) => {
        const text = describeEvent(e);
        if (!text) return;
        if (e.type === 'failed' || e.type === 'refused') this.log.warn(text);
        else this.log.info(text);
      });
    }
    return this.engine;
  }

  /** `quiet`: a candidate for `auto` — a bind failure is logged and shown in the job's pre-flight, not popped up. */
  private start(protocol: TransferProtocol, quiet = false): Promise<RunningServer> {
    const existing = this.servers.get(protocol);
    if (existing) return existing;
    const engine = this.ensureEngine();
    const bind = this.config.engineBindAddress;
    const port = this.config.enginePort(protocol);
    // The one protocol-specific setting: FTP's passive data port range.
    const passive = protocol === 'ftp' ? parsePassivePorts(this.config.ftpPassivePorts) : undefined;
    const starting = engine.start(protocol, { bind, port, ...(passive ? { passivePorts: passive } : {}) });
    this.servers.set(protocol, starting);
    starting.then(
      (s) => {
        this.log.info(`${protocolSpec(protocol).title} server listening on ${s.address}:${s.port}`);
        this.changed();
      },
      (err: unknown) => {
        this.servers.delete(protocol);
        const message = err instanceof Error ? err.message : String(err);
        if (quiet) return this.log.warn(message);
        this.log.error(message);
        if (err instanceof BindError) {
          void vscode.window.showErrorMessage(message, 'Open Engine Settings').then((a) => {
            if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'iosImageManager.engine');
          });
        }
      },
    );
    return starting;
  }

  private changed(): void {
    void Promise.all([...this.servers.entries()].map(async ([p, s]) => s.then((r) => `${protocolSpec(p).title} ${r.address}:${r.port}`).catch(() => undefined))).then((list) =>
      this.onServersChanged(list.filter((x): x is string => x !== undefined)),
    );
  }
}
