// MD5 and SHA-256 of a whole served file, computed by a worker thread that reads the file itself at
// a lowered CPU priority. A download's digest is needed only when it ends, so hashing must not take
// CPU from the transfer a device is waiting for (on a busy two-core machine it halved a fast
// transfer); and reading the file again, instead of being handed the sent bytes, means a hash that
// falls behind holds no memory and transfers of the same image share one pass (digest-cache.ts).
import type { BigIntStats } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digests } from './digest';

/** Identity fields of the file as the worker saw it before and after hashing (see DigestCache.keyOf). */
export type FileIdentity = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'>;

export interface FileHash extends Digests {
  readonly before: FileIdentity;
  readonly after: FileIdentity;
}

/**
 * Nice value of the hashing thread where the OS lets a thread have its own (Linux): the lowest
 * priority, so it runs on idle CPU. Measured on two vCPUs (64 MiB, windowsize 16 at 1468, medians
 * of six): a first send took 35% longer than a repeat at nice 10, 12% at nice 19 (51% on a busier
 * machine); once the transfer ends it has the CPU alone. Figures: docs/performance.md, "Hashing".
 */
export const hasherNice = 19;

// Inline source: the bundles carry no separate worker file. One file at a time, a MiB per step, a
// turn of the event loop between steps so a dropped job stops promptly.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');
const crypto = require('node:crypto');
try {
  // On Linux a thread is a task with its own nice value: /proc/thread-self names it.
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) os.setPriority(tid, workerData.nice);
} catch {}
const identity = (s) => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs });
const buf = Buffer.allocUnsafe(1024 * 1024);
const queue = [];
const dropped = new Set();
let running = false;
parentPort.on('message', (m) => {
  if (m.op === 'hash') queue.push(m);
  else if (m.op === 'drop') dropped.add(m.id);
  if (!running) next();
});
function next() {
  const job = queue.shift();
  if (!job) { running = false; dropped.clear(); return; }
  running = true;
  if (dropped.delete(job.id)) return setImmediate(next);
  let fd;
  try {
    fd = fs.openSync(job.path, 'r');
    const before = identity(fs.fstatSync(fd, { bigint: true }));
    const md5 = crypto.createHash('md5');
    const sha256 = crypto.createHash('sha256');
    let position = 0;
    const step = () => {
      try {
        if (dropped.delete(job.id)) return finish();
        const n = fs.readSync(fd, buf, 0, buf.length, position);
        if (n > 0) {
          const view = buf.subarray(0, n);
          md5.update(view);
          sha256.update(view);
          position += n;
          return setImmediate(step);
        }
        const after = identity(fs.fstatSync(fd, { bigint: true }));
        parentPort.postMessage({ op: 'digest', id: job.id, md5: md5.digest('hex'), sha256: sha256.digest('hex'), before, after });
      } catch (err) {
        parentPort.postMessage({ op: 'error', id: job.id, message: String(err && err.message || err) });
      }
      finish();
    };
    const finish = () => { try { fs.closeSync(fd); } catch {} setImmediate(next); };
    step();
  } catch (err) {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
    parentPort.postMessage({ op: 'error', id: job.id, message: String(err && err.message || err) });
    setImmediate(next);
  }
}
`;

type WorkerReply = ({ op: 'digest'; id: number } & FileHash) | { op: 'error'; id: number; message: string };

class FileHasherWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (h: FileHash) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(workerSource, { eval: true, workerData: { nice: hasherNice } });
    // Idle it must not keep the process alive; while a digest is owed it must.
    this.worker.unref();
    this.worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.op === 'digest') p?.resolve({ md5: m.md5, sha256: m.sha256, before: m.before, after: m.after });
      else p?.reject(new Error(m.message));
      this.refWhileBusy();
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (shared === this) shared = undefined;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('file hashing worker stopped')));
  }

  hash(filePath: string): { id: number; result: Promise<FileHash> } {
    const id = this.nextId++;
    if (this.failure) return { id, result: Promise.reject(this.failure) };
    const result = new Promise<FileHash>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.worker.postMessage({ op: 'hash', id, path: filePath });
    this.refWhileBusy();
    return { id, result };
  }

  drop(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(new Error('hashing dropped'));
    if (!this.failure) this.worker.postMessage({ op: 'drop', id });
    this.refWhileBusy();
  }

  private refWhileBusy(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

let shared: FileHasherWorker | undefined;

/**
 * Starts hashing `filePath` on the shared low-priority worker (started on first use). `drop`
 * abandons it: the worker stops reading and `result` rejects.
 */
export function hashFile(filePath: string): { result: Promise<FileHash>; drop(): void } {
  shared ??= new FileHasherWorker();
  const worker = shared;
  const { id, result } = worker.hash(filePath);
  return { result, drop: () => worker.drop(id) };
}
