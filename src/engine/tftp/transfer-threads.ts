// Downloads spread over worker threads (issue 15 §4: a rack of switches pulling one image used one
// core). The main thread keeps every decision that is security: the server port, the access policy
// (offers, peers, names), the caps, the tracker and the grant. A worker gets one granted download —
// the path the policy resolved, the options agreed — and owns only its socket, its reads and its
// session; it reports progress, the end and how many bytes went out in order (the main thread's
// own DownloadSource keeps the digest, shared by every transfer of the same file).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TransferMode } from './packets';
import type { Endpoint, SessionConfig } from './session';

export interface StartDownload {
  type: 'start';
  id: number;
  bind: string;
  family: 'udp4' | 'udp6';
  peer: Endpoint;
  /** As the peer asked for it (reports only). */
  file: string;
  /** What the access policy resolved and granted: the worker opens exactly this. */
  path: string;
  mode: TransferMode;
  config: SessionConfig;
  oack: [string, string][];
  sendBufferBytes: number;
}

export type ToWorker = StartDownload | { type: 'request-again'; id: number } | { type: 'abort'; id: number; message: string };

export type FromWorker =
  /** Every running transfer of the thread that moved since the last batch: [id, bytes] pairs. */
  | { type: 'progress'; entries: [number, number][] }
  /** inOrderBytes: bytes sent in order from the start (the whole file when the digest may be given). */
  | { type: 'finished'; id: number; bytes: number; inOrderBytes: number }
  | { type: 'failed'; id: number; bytes: number; reason: string }
  /** The socket or the file could not be opened: nothing was sent to the peer. */
  | { type: 'not-started'; id: number; message: string; code?: string }
  /** Always last: the socket and the file are closed. */
  | { type: 'closed'; id: number };

export interface DownloadHandlers {
  progress(bytes: number): void;
  finished(bytes: number, inOrderBytes: number): void;
  failed(bytes: number, reason: string): void;
  notStarted(message: string, code?: string): void;
  closed(): void;
}

/** The main thread's end of one download running in a worker. */
export interface ThreadedDownload {
  /** The peer repeated its request. */
  requestAgain(): void;
  /** Ends it from our side (the peer gets ERROR 0); resolves once the worker has closed it. */
  abort(message: string): Promise<void>;
}

interface Slot {
  worker: Worker;
  load: number;
}

/** Where the worker's code is: next to the bundle (dist/), or the TypeScript source when run from src/ (tests, tsx). */
export function transferWorkerFile(): string | undefined {
  for (const candidate of [path.join(__dirname, 'tftp-transfer-worker.js'), path.join(__dirname, 'transfer-worker.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Default thread count: one per core, at most 8 (each idle one costs a few MB). */
export function defaultTransferThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores));
}

export class TransferThreads {
  private readonly slots: Slot[] = [];
  private readonly handlers = new Map<number, { slot: Slot; on: DownloadHandlers; closed: Promise<void>; resolveClosed: () => void }>();
  private nextId = 1;
  private broken = false;

  private constructor(
    private readonly file: string,
    private readonly maxThreads: number,
    private readonly log: (line: string) => void,
  ) {}

  /** undefined when no worker code is found (then transfers run on the main thread). */
  static create(maxThreads: number, log: (line: string) => void): TransferThreads | undefined {
    const file = transferWorkerFile();
    if (!file || maxThreads < 1) return undefined;
    return new TransferThreads(file, maxThreads, log);
  }

  /** False after a worker died: new transfers then run on the main thread. */
  get usable(): boolean {
    return !this.broken;
  }

  start(request: Omit<StartDownload, 'type' | 'id'>, on: DownloadHandlers): ThreadedDownload {
    const slot = this.pick();
    const id = this.nextId++;
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    this.handlers.set(id, { slot, on, closed, resolveClosed });
    slot.load++;
    if (slot.load === 1) slot.worker.ref();
    this.post(slot, { type: 'start', id, ...request });
    return {
      requestAgain: () => this.post(slot, { type: 'request-again', id }),
      abort: (message) => {
        if (this.handlers.has(id)) this.post(slot, { type: 'abort', id, message });
        return closed;
      },
    };
  }

  /** Ends the workers; call once every transfer is closed (or aborted). */
  async close(): Promise<void> {
    await Promise.all([...this.handlers.values()].map((h) => h.closed));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  /** The least loaded worker; a new one while every worker has work and there is room for one more. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) if (!best || s.load < best.load) best = s;
    if (best && (best.load === 0 || this.slots.length >= this.maxThreads)) return best;
    // From source (tests, tsx) the worker registers the TypeScript loader itself: Node 20 does not
    // apply the parent's --import hooks to a worker's entry file.
    const worker = this.file.endsWith('.ts') ? new Worker(`require('tsx/cjs');require(${JSON.stringify(this.file)});`, { eval: true }) : new Worker(this.file);
    const slot: Slot = { worker, load: 0 };
    worker.unref(); // an idle worker must not keep the process alive; start() refs it while it works
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (err) => this.onDeath(slot, `the TFTP transfer thread failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.onDeath(slot, `the TFTP transfer thread exited (code ${code})`);
    });
    this.slots.push(slot);
    return slot;
  }

  private post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'progress') {
      for (const [id, bytes] of m.entries) this.handlers.get(id)?.on.progress(bytes);
      return;
    }
    const h = this.handlers.get(m.id);
    if (!h) return;
    switch (m.type) {
      case 'finished':
        h.on.finished(m.bytes, m.inOrderBytes);
        return;
      case 'failed':
        h.on.failed(m.bytes, m.reason);
        return;
      case 'not-started':
        h.on.notStarted(m.message, m.code);
        return;
      case 'closed':
        this.handlers.delete(m.id);
        slot.load--;
        if (slot.load === 0) slot.worker.unref();
        h.on.closed();
        h.resolveClosed();
        return;
    }
  }

  /** A worker that dies takes its transfers with it: each fails with the reason; later ones stay on the main thread. */
  private onDeath(slot: Slot, reason: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    this.broken = true;
    this.log(`tftp: ${reason}; new transfers run on the main thread`);
    for (const [id, h] of this.handlers) {
      if (h.slot !== slot) continue;
      this.handlers.delete(id);
      h.on.failed(0, reason);
      h.on.closed();
      h.resolveClosed();
    }
  }
}
