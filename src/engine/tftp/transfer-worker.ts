// A TFTP transfer thread (see transfer-threads.ts): runs granted downloads — the same session, block
// reader and transfer as on the main thread — each on its own socket, and reports to the main
// thread. It decides nothing about access: it opens the path it is given, for the peer it is given.
import dgram, { type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { DownloadSource } from '../download-source';
import { peerErrorText } from '../errors';
import { progressIntervalMs } from '../events';
import { BlockReader } from './block-reader';
import { tftpErrorCodes } from './packets';
import { startSend } from './session';
import type { FromWorker, StartDownload, ToWorker } from './transfer-threads';
import { literalLookup, TftpTransfer, type TransferReport } from './transfer';

interface Running {
  aborter: AbortController;
  transfer?: TftpTransfer;
}

const running = new Map<number, Running>();
const port = parentPort;
if (!port) throw new Error('transfer-worker.ts runs only as a worker thread');

function post(message: FromWorker): void {
  port?.postMessage(message);
}

/**
 * Progress leaves this thread as one message per interval for all its transfers. A message per
 * transfer woke the main thread ten times a second per transfer (500 wake-ups a second for a rack
 * of 50 switches), and each ACK read the clock to pace it; now an ACK only records its count.
 */
const progressBatch = new (class {
  private readonly latest = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  set(id: number, bytes: number): void {
    this.latest.set(id, bytes);
    this.timer ??= setTimeout(() => this.flush(), progressIntervalMs);
  }

  /** The transfer has settled: its final count goes with the result, not in a batch after it. */
  drop(id: number): void {
    this.latest.delete(id);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.latest.size === 0) return;
    post({ type: 'progress', entries: [...this.latest] });
    this.latest.clear();
  }
})();

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'start':
      void start(m);
      return;
    case 'request-again':
      running.get(m.id)?.transfer?.deliver({ type: 'request-again', now: performance.now() });
      return;
    case 'abort': {
      const r = running.get(m.id);
      if (!r) return;
      if (r.transfer) void r.transfer.abort(m.message);
      else r.aborter.abort(new Error(m.message));
      return;
    }
  }
});

async function start(m: StartDownload): Promise<void> {
  const entry: Running = { aborter: new AbortController() };
  running.set(m.id, entry);
  const socket = dgram.createSocket({ type: m.family, lookup: literalLookup });
  let source: DownloadSource;
  try {
    await bind(socket, m.bind);
    try {
      socket.setSendBufferSize(m.sendBufferBytes);
    } catch {
      // the kernel default; the window was agreed within what a peer can take anyway
    }
    // No digest cache here: the main thread's own source of the same file keeps the digest.
    source = await DownloadSource.openWithoutDigest(m.path);
  } catch (err) {
    running.delete(m.id);
    try {
      socket.close();
    } catch {
      // not bound
    }
    const e = err as NodeJS.ErrnoException;
    post({ type: 'not-started', id: m.id, message: e.message, ...(e.code ? { code: e.code } : {}) });
    post({ type: 'closed', id: m.id });
    return;
  }
  const opened = source;
  let settled = false;
  const report: TransferReport = {
    signal: entry.aborter.signal,
    info: { peer: m.peer.address, file: m.file },
    get isSettled() {
      return settled;
    },
    progress(bytes) {
      if (!settled) progressBatch.set(m.id, bytes);
    },
    finish(bytes) {
      if (settled) return;
      settled = true;
      progressBatch.drop(m.id);
      post({ type: 'finished', id: m.id, bytes, inOrderBytes: opened.sentBytes });
    },
    fail(bytes, error) {
      if (settled) return;
      settled = true;
      progressBatch.drop(m.id);
      // The transfer wraps its reason in a TransferError; the main thread wraps it again with its tracker.
      post({ type: 'failed', id: m.id, bytes, reason: error.cause instanceof Error ? error.cause.message : error.message });
    },
  };
  const reader = new BlockReader(source, m.config.blockSize, m.config.windowSize, m.mode, {
    available: (upTo, last) => transfer.deliver({ type: 'blocks-available', upTo, ...(last !== undefined ? { last } : {}), now: performance.now() }),
    failed: (err) => transfer.deliver({ type: 'abort', code: tftpErrorCodes.undefined, message: peerErrorText(err, m.file), detail: `reading failed: ${err.message}`, now: performance.now() }),
  });
  const io = { kind: 'send' as const, reader, source, grant: { release: () => undefined }, sizeBytes: source.sizeBytes };
  const transfer = new TftpTransfer(socket, m.peer, io, report, startSend(m.peer, m.config, new Map(m.oack), performance.now()), () => {
    running.delete(m.id);
    post({ type: 'closed', id: m.id });
  });
  entry.transfer = transfer;
  reader.start();
  if (entry.aborter.signal.aborted) void transfer.abort(entry.aborter.signal.reason instanceof Error ? entry.aborter.signal.reason.message : 'cancelled');
}

function bind(socket: Socket, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
