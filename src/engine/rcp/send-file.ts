// Streams a served file into a socket with flat memory: one chunk read ahead, about a MiB queued in
// the socket, read buffers reused once written, every byte recorded as sent in the DownloadSource
// (in order, for its whole-file digest).
import type net from 'node:net';
import { BufferRing } from '../buffer-ring';
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
  // The chunk read ahead, the one just handed to the socket, and about a MiB queued there.
  const ring = new BufferRing(o.chunkBytes, 2 + Math.ceil(maxQueuedSendBytes / o.chunkBytes));
  const readAt = async (at: number): Promise<Buffer> => {
    const buf = await ring.take();
    return buf.subarray(0, await source.readInto(buf.subarray(0, Math.min(o.chunkBytes, size - at)), at));
  };
  let position = 0;
  let next = size > 0 ? readAt(0) : undefined;
  while (next) {
    const chunk = await next;
    if (o.stopped()) return 'stopped';
    if (chunk.length === 0) return 'short';
    source.markSent(position, chunk.length);
    position += chunk.length;
    next = position < size ? readAt(position) : undefined;
    socket.write(chunk, () => ring.give(chunk));
    o.onProgress(position);
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
