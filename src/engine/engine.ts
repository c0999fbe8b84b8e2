// The transfer engine: one access policy and one event stream shared by the servers it starts, one
// per protocol of the registry (protocols.ts). The extension and the CLI each build one; nothing
// here is global.
import { AccessPolicy, type AccessPolicyOptions } from './access';
import { createEngineContext, type EngineContext, type RunningServer } from './context';
import type { Digests } from './digest';
import { TransferEvents } from './events';
import type { FtpServerOptions } from './ftp/server';
import type { DownloadOffer, OfferCommon, UploadSlot } from './offers';
import { allProtocols, type Protocol, type ProtocolSpec, protocolSpec, type ServerOptionsOf, type ServerPlacement } from './protocols';
import type { RcpServerOptions } from './rcp/server';
import type { TftpServerOptions } from './tftp/server';

export interface EngineOptions extends AccessPolicyOptions {
  /** Default bind address for servers that do not name one. Default 127.0.0.1: nothing is exposed by accident. */
  bind?: string;
  log?: (line: string) => void;
}

type ServerStart<O> = Omit<O, 'bind'> & { bind?: string };

export class TransferEngine {
  readonly access: AccessPolicy;
  readonly events = new TransferEvents();
  readonly context: EngineContext;
  private readonly running = new Set<RunningServer>();

  constructor(private readonly options: EngineOptions = {}) {
    this.access = new AccessPolicy(options);
    this.context = createEngineContext(this.access, this.events, options.log);
  }

  /** Serves one local file under `name` to one peer, until it expires or is used up. */
  offerDownload(input: OfferCommon & { localPath: string }): DownloadOffer {
    return this.access.offers.offerDownload(input);
  }

  /**
   * Digests a caller already computed for a file whose identity (`DigestCache.fileKey`) did not
   * change while it was hashed: a send of that same content then reports them without hashing it
   * again. A changed file has another identity, so a stale entry is never used.
   */
  rememberDigests(fileKey: string, digests: Digests): void {
    this.context.digestCache.set(fileKey, digests);
  }

  /** Accepts one upload named `name` from one peer into `destPath` (never overwritten). */
  openUploadSlot(input: OfferCommon & { destPath: string; maxBytes: number }): UploadSlot {
    return this.access.offers.openUploadSlot(input);
  }

  /** Stops serving an offer or slot: no new transfer may use it. Transfers in flight go on; see abortOffer. */
  withdraw(offerId: string): boolean {
    return this.access.offers.withdraw(offerId);
  }

  /** Withdraws an offer and aborts its transfers in flight (a cancelled job). Returns how many were aborted. */
  abortOffer(offerId: string, reason: Error = new Error('cancelled')): number {
    this.withdraw(offerId);
    let n = 0;
    for (const t of [...this.context.active]) {
      if (t.info.offerId === offerId) {
        t.abort(reason);
        n++;
      }
    }
    return n;
  }

  /**
   * Resolves once no transfer of the offer is in flight (at once if none is), or after `timeoutMs`:
   * a cancelled job reports "cancelled" only when the engine has really stopped serving it.
   */
  offerSettled(offerId: string, timeoutMs = 5_000): Promise<void> {
    const pending = [...this.context.active].filter((t) => t.info.offerId === offerId);
    if (pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let left = pending.length;
      const timer = setTimeout(resolve, timeoutMs);
      for (const t of pending)
        t.whenSettled(() => {
          if (--left === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
    });
  }

  /** Starts the server of one protocol of the registry; `bind` defaults to the engine's. */
  start<P extends Protocol>(protocol: P, options: ServerStart<ServerOptionsOf<P>>): Promise<RunningServer> {
    const spec = protocolSpec(protocol) as unknown as { start(ctx: EngineContext, o: ServerPlacement): Promise<RunningServer> };
    return this.track(spec.start(this.context, { ...options, bind: options.bind ?? this.bindAddress } as ServerPlacement));
  }

  /**
   * Starts the server of every protocol of the registry (the simulated lab, the demo): `port` says
   * where each listens, 0 for any free port. Stops those already started when one fails.
   */
  async startAll(port: (spec: ProtocolSpec) => number, bind?: string): Promise<Record<Protocol, RunningServer>> {
    const started: Partial<Record<Protocol, RunningServer>> = {};
    try {
      for (const spec of allProtocols()) started[spec.name] = await this.start(spec.name, { port: port(spec), ...(bind ? { bind } : {}) });
    } catch (err) {
      await Promise.allSettled(Object.values(started).map((s) => s.close()));
      throw err;
    }
    return started as Record<Protocol, RunningServer>;
  }

  // A protocol's own tests start its server by name; everything else goes through start().
  startTftp(options: ServerStart<TftpServerOptions>): Promise<RunningServer> {
    return this.start('tftp', options);
  }

  startFtp(options: ServerStart<FtpServerOptions>): Promise<RunningServer> {
    return this.start('ftp', options);
  }

  startRcp(options: ServerStart<RcpServerOptions>): Promise<RunningServer> {
    return this.start('rcp', options);
  }

  get servers(): RunningServer[] {
    return [...this.running];
  }

  /** Stops every server. Idempotent. */
  async close(): Promise<void> {
    const all = [...this.running];
    this.running.clear();
    await Promise.allSettled(all.map((s) => s.close()));
  }

  private get bindAddress(): string {
    return this.options.bind ?? '127.0.0.1';
  }

  private async track(starting: Promise<RunningServer>): Promise<RunningServer> {
    const server = await starting;
    this.running.add(server);
    return server;
  }
}
