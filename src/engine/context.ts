// What every protocol server receives from the engine: the access policy to ask, the event stream
// to report to, and a logger. Servers hold no policy of their own.
import type { AccessPolicy } from './access';
import { DigestCache } from './digest-cache';
import { type TransferEvents, type TransferInfo, TransferTracker } from './events';
import type { Protocol } from './protocols';

export interface EngineContext {
  readonly access: AccessPolicy;
  readonly events: TransferEvents;
  /** Diagnostic lines (never secrets). */
  log(line: string): void;
  /** Starts tracking a transfer: emits `started` and returns the tracker that settles it. */
  track(info: Omit<TransferInfo, 'id' | 'startedAt'>): TransferTracker;
  /** Transfers in flight (each until it settles). */
  readonly active: ReadonlySet<TransferTracker>;
  /** Digests of served files sent whole and unchanged since, for every protocol. */
  readonly digestCache: DigestCache;
}

export function createEngineContext(access: AccessPolicy, events: TransferEvents, log: (line: string) => void = () => undefined): EngineContext {
  const active = new Set<TransferTracker>();
  return {
    access,
    events,
    log,
    active,
    digestCache: new DigestCache(),
    track: (info) => {
      const tracker = new TransferTracker(events, info);
      active.add(tracker);
      tracker.whenSettled(() => active.delete(tracker));
      return tracker;
    },
  };
}

/** A bound server, as the engine and the CLI see it. */
export interface RunningServer {
  readonly protocol: Protocol;
  readonly address: string;
  readonly port: number;
  /** Stops accepting, ends transfers in flight (their uploads are discarded). Idempotent. */
  close(): Promise<void>;
}
