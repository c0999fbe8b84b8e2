// Streams a served file into a socket with flat memory: one chunk read ahead, about a MiB queued in
// the socket, every byte recorded in the DownloadSource's digest in order.
import type net from 'node:net';
import type { DownloadSource } from '../download-source';

/** Sent bytes allowed to queue in the socket before waiting for it to drain. */
const maxQueuedSendBytes = 1024 * 1024;

export interface SendFileOptions {
  chunkBytes: number;
  /** After each chunk is queued: running total of bytes sent. */
  onProgress(bytes: number): void;
  /** True once the connection is closing: stop at once. */
  stopped(): boolean;
}

/** 'sent' when every byte is queued; 'stopped' when the connection closed first; 'short' when the file shrank. */
export async function sendFile(socket: net.Socket, source: DownloadSource, o: SendFileOptions): Promise<'sent' | 'stopped' | 'short'> {
  const size = source.sizeBytes;
  let position = 0;
  let next = size > 0 ? source.read(0, Math.min(o.chunkBytes, size)) : undefined;
  while (next) {
    const chunk = await next;
    if (o.stopped()) return 'stopped';
    if (chunk.length === 0) return 'short';
    source.markSent(position, chunk);
    position += chunk.length;
    next = position < size ? source.read(position, Math.min(o.chunkBytes, size - position)) : undefined;
    socket.write(chunk);
    o.onProgress(position);
    await source.caughtUp();
    // Keep about a MiB queued so the kernel always has data while the next chunk is read.
    if (socket.writableLength > maxQueuedSendBytes) await drained(socket);
  }
  return o.stopped() ? 'stopped' : 'sent';
}

function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
