// The MD5 and SHA-256 of a large file computed on a worker thread while the main thread sends it:
// hashing costs more CPU than sending, and inline it would cap a download at the hash speed. The
// caller uses the result only if the file's identity (DigestCache.fileKey) is the same before and
// after the send, i.e. the bytes hashed are the bytes sent.
import { Worker } from 'node:worker_threads';
import type { Digests } from '../digest';

// Inline source: the bundles carry no separate worker file.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const md5 = crypto.createHash('md5');
const sha256 = crypto.createHash('sha256');
const fd = fs.openSync(workerData, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
let bytes = 0;
for (let n; (n = fs.readSync(fd, buf, 0, buf.length, bytes)) > 0; bytes += n) {
  md5.update(buf.subarray(0, n));
  sha256.update(buf.subarray(0, n));
}
fs.closeSync(fd);
parentPort.postMessage({ bytes, md5: md5.digest('hex'), sha256: sha256.digest('hex') });
`;

export interface BackgroundDigest {
  /** The whole file's digests and length; rejects if the worker fails or is cancelled. */
  readonly result: Promise<Digests & { bytes: number }>;
  /** Stops the worker (a failed or aborted send). Idempotent. */
  cancel(): void;
}

export function digestFileInBackground(filePath: string): BackgroundDigest {
  const worker = new Worker(workerSource, { eval: true, workerData: filePath });
  worker.unref();
  const result = new Promise<Digests & { bytes: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('digest worker stopped')));
  });
  result.catch(() => undefined);
  return { result, cancel: () => void worker.terminate() };
}
