// MD5 and SHA-256 of an upload's bytes computed on one shared worker thread as they arrive, so
// hashing (more CPU than receiving on a fast link) does not hold up the event loop. Bytes are
// copied into pooled 256 KiB batches and handed over in order; a global backlog limit keeps memory
// flat.
import { Worker } from 'node:worker_threads';
import type { Digests } from './digest';

// Inline source: the bundles carry no separate worker file.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const streams = new Map();
parentPort.on('message', (m) => {
  let s = streams.get(m.id);
  if (!s && m.op !== 'drop') streams.set(m.id, (s = { md5: crypto.createHash('md5'), sha256: crypto.createHash('sha256') }));
  if (m.op === 'data') {
    const view = new Uint8Array(m.buf, 0, m.length);
    s.md5.update(view);
    s.sha256.update(view);
    parentPort.postMessage({ op: 'ack', length: m.length, buf: m.buf }, [m.buf]);
  } else if (m.op === 'end') {
    streams.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, md5: s.md5.digest('hex'), sha256: s.sha256.digest('hex') });
  } else if (m.op === 'drop') {
    streams.delete(m.id);
  }
});
`;

const batchBytes = 256 * 1024;
/** Bytes handed to the worker and not yet hashed, over all transfers, before producers are told to wait. */
const backlogHighBytes = 4 * 1024 * 1024;
/** Enough spare batches to cover the whole backlog: acknowledged batches come back for reuse instead of as garbage. */
const spareLimit = backlogHighBytes / batchBytes + 4;
/** Idle this long, the spares beyond a couple are let go. */
const trimAfterIdleMs = 5_000;

class DigestWorker {
  private readonly worker: Worker;
  private readonly results = new Map<number, { resolve: (d: Digests) => void; reject: (e: Error) => void }>();
  private readonly spares: ArrayBuffer[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;
  private failure: Error | undefined;
  private referenced = false;
  private trimTimer: NodeJS.Timeout | undefined;
  backlogBytes = 0;

  constructor() {
    this.worker = new Worker(workerSource, { eval: true });
    // Idle between transfers it must not keep the process alive; while a digest is owed it must.
    this.worker.unref();
    this.worker.on('message', (m: { op: 'ack'; length: number; buf: ArrayBuffer } | ({ op: 'digest'; id: number } & Digests)) => {
      if (m.op === 'ack') {
        this.backlogBytes -= m.length;
        if (this.spares.length < spareLimit) this.spares.push(m.buf);
        if (this.backlogBytes < backlogHighBytes / 2) this.wake();
      } else {
        this.results.get(m.id)?.resolve({ md5: m.md5, sha256: m.sha256 });
        this.results.delete(m.id);
      }
      this.refWhileBusy();
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const r of this.results.values()) r.reject(err);
      this.results.clear();
      this.backlogBytes = 0;
      this.wake();
      if (shared === this) shared = undefined;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('digest worker stopped')));
  }

  open(): number {
    return this.nextId++;
  }

  batch(): ArrayBuffer {
    return this.spares.pop() ?? new ArrayBuffer(batchBytes);
  }

  post(id: number, buf: ArrayBuffer, length: number): void {
    if (this.failure) return;
    this.backlogBytes += length;
    this.worker.postMessage({ op: 'data', id, buf, length }, [buf]);
    this.refWhileBusy();
  }

  end(id: number): Promise<Digests> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.results.set(id, { resolve, reject });
      this.worker.postMessage({ op: 'end', id });
      this.refWhileBusy();
    });
  }

  drop(id: number): void {
    if (!this.failure) this.worker.postMessage({ op: 'drop', id });
  }

  caughtUp(): Promise<void> | undefined {
    if (this.backlogBytes < backlogHighBytes) return undefined;
    return new Promise((r) => this.waiters.push(r));
  }

  private refWhileBusy(): void {
    const busy = this.results.size > 0 || this.backlogBytes > 0;
    if (busy === this.referenced) return;
    this.referenced = busy;
    clearTimeout(this.trimTimer);
    if (busy) {
      this.worker.ref();
    } else {
      this.worker.unref();
      this.trimTimer = setTimeout(() => (this.spares.length = Math.min(this.spares.length, 2)), trimAfterIdleMs);
      this.trimTimer.unref();
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

let shared: DigestWorker | undefined;

function sharedWorker(): DigestWorker {
  shared ??= new DigestWorker();
  return shared;
}

/**
 * A stream's MD5 and SHA-256 (update / hashedBytes), hashed on the shared worker;
 * the result comes asynchronously. Call dispose() when the transfer ends without a digest.
 */
export class OffThreadDigest {
  // Taken on first use: an upload refused before its first byte never starts the worker (an idle new
  // worker that was never used kept the process alive in tests).
  private bound: { worker: DigestWorker; id: number } | undefined;
  private buf: ArrayBuffer | undefined;
  private used = 0;
  private ended = false;
  /** Bytes hashed (handed over, in order) so far; also the offset the next in-order chunk must start at. */
  hashedBytes = 0;

  update(chunk: Uint8Array): void {
    if (this.ended) throw new Error('digest already finished');
    let at = 0;
    while (at < chunk.length) {
      this.buf ??= this.use().worker.batch();
      const n = Math.min(chunk.length - at, this.buf.byteLength - this.used);
      new Uint8Array(this.buf, this.used, n).set(chunk.subarray(at, at + n));
      this.used += n;
      at += n;
      if (this.used === this.buf.byteLength) this.flush();
    }
    this.hashedBytes += chunk.length;
  }

  /** A promise while the shared worker is too far behind: producers wait on it so memory stays flat. */
  caughtUp(): Promise<void> | undefined {
    return this.bound?.worker.caughtUp();
  }

  digest(): Promise<Digests> {
    if (this.ended) return Promise.reject(new Error('digest already finished or dropped'));
    this.flush();
    this.ended = true;
    const { worker, id } = this.use();
    return worker.end(id);
  }

  /** Forgets the stream (a failed transfer). Idempotent. */
  dispose(): void {
    if (this.ended) return;
    this.ended = true;
    this.flush();
    if (this.bound) this.bound.worker.drop(this.bound.id);
  }

  private use(): { worker: DigestWorker; id: number } {
    if (!this.bound) {
      const worker = sharedWorker();
      this.bound = { worker, id: worker.open() };
    }
    return this.bound;
  }

  private flush(): void {
    if (!this.buf || this.used === 0) return;
    const { worker, id } = this.use();
    worker.post(id, this.buf, this.used);
    this.buf = undefined;
    this.used = 0;
  }
}
