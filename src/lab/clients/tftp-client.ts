// The lab's TFTP client: runs the pure session (tftp-session.ts) over a UDP socket, streaming DATA
// into a Writable (download) or from a Readable (upload) one block at a time, with retransmission
// timers, progress and AbortSignal. This is what the simulated `copy tftp:` does on the wire.
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { finished, type Readable, type Writable } from 'node:stream';
import { ChunkReader } from './chunk-reader';
import { abortedError, ClientError, fromSystemError, type ErrorSite } from './errors';
import type { TftpOptions, TransferResult } from './options';
import { encodeError, TftpErrorCode } from './tftp-packets';
import { initialState, step, type Direction, type TftpAction, type TftpInput, type TftpState } from './tftp-session';

const defaultTimeoutMs = 2000;
const defaultRetries = 5;

/** Reads `o.file` from the TFTP server into `out`: ended and flushed on success, destroyed on failure. */
export function tftpDownload(o: TftpOptions, out: Writable): Promise<TransferResult> {
  return runTransfer(o, 'download', { out });
}

/** Writes `input` to `o.file` on the TFTP server (`input` is destroyed on failure); `sizeBytes`, when known, is announced as tsize. */
export function tftpUpload(o: TftpOptions, input: Readable, sizeBytes?: number): Promise<TransferResult> {
  return runTransfer(o, 'upload', { input, sizeBytes });
}

interface Ends {
  out?: Writable;
  input?: Readable;
  sizeBytes?: number;
}

function runTransfer(o: TftpOptions, direction: Direction, ends: Ends): Promise<TransferResult> {
  const site: ErrorSite = { protocol: 'tftp', host: o.host, file: o.file };
  if (o.signal?.aborted) return Promise.reject(abortedError(site, o.signal));
  if (o.blksize !== undefined && (!Number.isInteger(o.blksize) || o.blksize < 8 || o.blksize > 65464)) {
    return Promise.reject(new RangeError(`TFTP blksize must be an integer from 8 to 65464, got ${o.blksize}`));
  }
  const timeoutMs = o.timeoutMs ?? defaultTimeoutMs;
  const retries = o.retries ?? defaultRetries;

  return new Promise<TransferResult>((resolve, reject) => {
    const socket = dgram.createSocket(isIP(o.host) === 6 ? 'udp6' : 'udp4');
    const reader = ends.input ? new ChunkReader(ends.input) : undefined;
    let state: TftpState = initialState({ direction, server: { address: o.host, port: o.port }, file: o.file, blksize: o.blksize, sizeBytes: ends.sizeBytes, retries });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const queue: TftpInput[] = [];
    let draining = false;
    // Datagrams handed to the socket and not yet sent: the final ACK must leave before the socket
    // closes, or the server never learns the transfer completed and retransmits its last block.
    let inFlight = 0;
    let closeWhenSent = false;
    const closeSocket = () => {
      try {
        socket.close();
      } catch {
        // already closed
      }
    };

    // The one close path: every exit clears the timer, the socket and the listeners once.
    const close = (outcome: { bytes: number } | ClientError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      ends.out?.off('error', onSinkError);
      if (inFlight === 0) closeSocket();
      else closeWhenSent = true;
      if (outcome instanceof ClientError) {
        // Partial content is not an image: the sink is destroyed, the source released.
        ends.out?.destroy();
        ends.input?.destroy();
        reject(outcome);
        return;
      }
      if (!ends.out) {
        resolve(outcome);
        return;
      }
      // Resolve only once the sink has flushed the last block, so the file is complete on disk.
      const out = ends.out;
      out.end();
      finished(out, { readable: false }, (err) => (err ? reject(fromSystemError(site, err)) : resolve(outcome)));
    };

    const dispatch = (input: TftpInput) => {
      queue.push(input);
      if (draining) return;
      draining = true;
      while (queue.length > 0 && !settled) {
        const next = step(state, queue.shift() as TftpInput);
        state = next.state;
        for (const action of next.actions) run(action);
      }
      draining = false;
    };

    const run = (action: TftpAction) => {
      if (settled) return;
      switch (action.type) {
        case 'send':
          inFlight++;
          socket.send(action.bytes, action.to.port, action.to.address, () => {
            inFlight--;
            if (inFlight === 0 && closeWhenSent) closeSocket();
          });
          return;
        case 'arm-timer':
          clearTimeout(timer);
          timer = setTimeout(() => dispatch({ type: 'timeout' }), timeoutMs);
          return;
        case 'disarm-timer':
          clearTimeout(timer);
          timer = undefined;
          return;
        case 'write': {
          const out = ends.out as Writable;
          // Back-pressure: the ACK (and so the next block) waits until the sink has room.
          if (out.write(action.data)) queueMicrotask(() => dispatch({ type: 'written' }));
          else out.once('drain', () => dispatch({ type: 'written' }));
          return;
        }
        case 'read-block':
          (reader as ChunkReader).readBlock(action.size).then(
            (data) => dispatch({ type: 'block', data }),
            (err: unknown) => close(fromSystemError(site, err)),
          );
          return;
        case 'progress':
          o.onProgress?.(action.bytes);
          return;
        case 'done':
          close({ bytes: action.bytes });
          return;
        case 'fail':
          if (action.kind === 'aborted' && o.signal) close(abortedError(site, o.signal));
          else close(new ClientError('tftp', o.host, o.file, action.kind, action.iosCause, action.detail));
          return;
      }
    };

    const onAbort = () => dispatch({ type: 'abort' });
    const onSinkError = (err: Error) => {
      // The sink failed (e.g. simulated flash full): tell the server, then report it.
      const error = fromSystemError(site, err);
      const notice = error.kind === 'disk-full' ? encodeError(TftpErrorCode.DiskFull, 'Disk full or allocation exceeded') : encodeError(TftpErrorCode.Undefined, 'Write error');
      if (state.peer) socket.send(notice, state.peer.port, state.peer.address);
      close(error);
    };

    o.signal?.addEventListener('abort', onAbort, { once: true });
    ends.out?.on('error', onSinkError);
    socket.on('message', (bytes, rinfo) => dispatch({ type: 'packet', from: { address: rinfo.address, port: rinfo.port }, bytes }));
    socket.on('error', (err) => close(fromSystemError(site, err)));
    socket.bind(0, () => dispatch({ type: 'start' }));
  });
}
