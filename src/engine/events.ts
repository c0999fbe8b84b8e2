// Transfer events: what the UI's progress bars and the CLI's log lines are made of. Servers report
// through a TransferTracker, which throttles progress and settles each transfer exactly once.
import { randomUUID } from 'node:crypto';
import type { Digests } from './digest';
import type { DenyReason, Protocol } from './errors';

/** From the engine's side: `to-peer` = the device downloads from us; `from-peer` = it uploads to us. */
export type TransferDirection = 'to-peer' | 'from-peer';

export interface TransferInfo {
  readonly id: string;
  readonly protocol: Protocol;
  /** Peer IP address. */
  readonly peer: string;
  readonly peerPort: number;
  /** The name as the peer asked for it. */
  readonly file: string;
  readonly localPath: string;
  readonly direction: TransferDirection;
  readonly offerId?: string;
  /** Known for downloads, and for uploads that declared a size (tsize, rcp C-line). */
  readonly totalBytes?: number;
  /** What was agreed: TFTP options, FTP mode, rcp user… */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly startedAt: number;
}

export type TransferEvent =
  | { type: 'started'; transfer: TransferInfo }
  | { type: 'progress'; transfer: TransferInfo; bytes: number; totalBytes?: number; bytesPerSecond: number }
  | ({ type: 'finished'; transfer: TransferInfo; bytes: number; durationMs: number; bytesPerSecond: number } & Partial<Digests>)
  | { type: 'failed'; transfer: TransferInfo; bytes: number; durationMs: number; reason: string; error: Error }
  | { type: 'refused'; protocol: Protocol; peer: string; file: string; reason: DenyReason | 'protocol'; message: string };

export type TransferListener = (event: TransferEvent) => void;

export class TransferEvents {
  private listeners = new Set<TransferListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: TransferListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TransferEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // A listener's bug must not break a transfer in flight.
      }
    }
  }
}

// Ten a second: the rate a person's progress display redraws at (a job samples to it), so what it
// shows is never more than a tenth of a second behind the engine's count.
export const progressIntervalMs = 100;

export class TransferTracker {
  readonly info: TransferInfo;
  private lastProgressAt = 0;
  private settled = false;
  private readonly aborter = new AbortController();
  private readonly onSettled: (() => void)[] = [];

  constructor(
    private readonly events: TransferEvents,
    info: Omit<TransferInfo, 'id' | 'startedAt'>,
    private readonly now: () => number = Date.now,
  ) {
    this.info = { ...info, id: randomUUID(), startedAt: now() };
    events.emit({ type: 'started', transfer: this.info });
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /**
   * Aborted when the engine cancels this transfer (a job was cancelled, its offer withdrawn). Servers
   * listen to it and end the transfer through their one close path, which then calls fail().
   */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  abort(reason: Error): void {
    if (!this.settled) this.aborter.abort(reason);
  }

  /** Runs once when the transfer finishes or fails (the engine forgets it then). */
  whenSettled(fn: () => void): void {
    if (this.settled) fn();
    else this.onSettled.push(fn);
  }

  private settle(): void {
    this.settled = true;
    for (const fn of this.onSettled.splice(0)) fn();
  }

  /** Emits at most every progressIntervalMs; cheap to call per packet. */
  progress(bytes: number): void {
    if (this.settled) return;
    const t = this.now();
    if (t - this.lastProgressAt < progressIntervalMs) return;
    this.lastProgressAt = t;
    this.events.emit({ type: 'progress', transfer: this.info, bytes, totalBytes: this.info.totalBytes, bytesPerSecond: this.rate(bytes) });
  }

  finish(bytes: number, digests?: Digests): void {
    if (this.settled) return;
    this.settle();
    const durationMs = Math.max(0, this.now() - this.info.startedAt);
    this.events.emit({ type: 'finished', transfer: this.info, bytes, durationMs, bytesPerSecond: this.rate(bytes), ...digests });
  }

  fail(bytes: number, error: Error): void {
    if (this.settled) return;
    this.settle();
    const durationMs = Math.max(0, this.now() - this.info.startedAt);
    this.events.emit({ type: 'failed', transfer: this.info, bytes, durationMs, reason: error.message, error });
  }

  private rate(bytes: number): number {
    const seconds = (this.now() - this.info.startedAt) / 1000;
    return seconds > 0 ? Math.round(bytes / seconds) : 0;
  }
}
