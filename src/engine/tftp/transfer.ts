// One running TFTP transfer: its own socket (a fresh TID, RFC 1350 §4), one timer, and the block
// reader or upload sink, executing what the pure session decides. One close path.
import type { Socket, SocketOptions } from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ReadGrant, WriteGrant } from '../access';
import { type CompletedUpload, DestinationExistsError, UploadTooLargeError } from '../atomic-upload';
import type { DownloadSource } from '../download-source';
import { peerErrorText, TransferError } from '../errors';
import type { TransferTracker } from '../events';
import type { BlockReader } from './block-reader';
import { decodePacket, tftpErrorCodes, writeDataHeader } from './packets';
import { type ReceiveState, receiveStep } from './receive-session';
import { advanceInPlace, type SendState, sendAckStep, sendStep } from './send-session';
import { type Endpoint, type SessionAction, type SessionInput, samePeer, type StepResult } from './session';
import type { UploadSink } from './upload-sink';

/** The side that moves the bytes: a reader for downloads, a sink for uploads. */
export type TransferIo =
  | { kind: 'send'; reader: BlockReader; source: Pick<DownloadSource, 'digests' | 'close'>; grant: Pick<ReadGrant, 'release'>; sizeBytes: number }
  | { kind: 'receive'; sink: UploadSink; grant: WriteGrant };

/**
 * Where a transfer reports: the engine's TransferTracker on the main thread, or, in a transfer
 * worker (transfer-worker.ts), messages to the main thread's tracker.
 */
export type TransferReport = Pick<TransferTracker, 'signal' | 'isSettled' | 'progress' | 'finish' | 'fail'> & {
  readonly info: Pick<TransferTracker['info'], 'peer' | 'file'>;
};

const maxQueuedInputs = 4096;

/**
 * The lookup for transfer sockets: peers are always IP literals, answered at once. dns.lookup
 * answers them on the next tick, so every datagram cost a closure and a tick, and its buffers had to
 * stay untouched until then.
 */
export const literalLookup: NonNullable<SocketOptions['lookup']> = (hostname, options, callback) => {
  // A transfer sends every datagram to the same peer: the last answer is remembered, so net.isIP's
  // pattern runs once per peer instead of once per block.
  if (hostname === lastLiteral.host) return callback(null, hostname, lastLiteral.family);
  const family = net.isIP(hostname);
  if (!family) return dns.lookup(hostname, options, callback);
  lastLiteral = { host: hostname, family };
  callback(null, hostname, family);
};
let lastLiteral = { host: '', family: 0 };

export class TftpTransfer {
  private state: SendState | ReceiveState;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private deadline: number | undefined;
  private busy = false;
  private queue: SessionInput[] = [];
  private closed = false;
  private finishing = false;
  private committed: CompletedUpload | undefined;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;
  /**
   * DATA goes out of this one buffer (header + a copy of the block): no header, list or view per
   * packet. Reused only while the socket sends synchronously; once a send is queued, it keeps it.
   */
  private packet: Buffer | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly peer: Endpoint,
    private readonly io: TransferIo,
    private readonly tracker: TransferReport,
    start: StepResult<SendState | ReceiveState>,
    private readonly onClosed: () => void,
  ) {
    this.state = start.state;
    this.done = new Promise((r) => (this.resolveDone = r));
    socket.on('message', (msg, rinfo) => {
      // A download's every round trip: an ACK (4 bytes) from the peer goes straight to the session.
      const io = this.io;
      if (msg.length === 4 && msg[0] === 0 && msg[1] === 4 && this.state.kind === 'send' && io.kind === 'send' && !this.busy && !this.closed && samePeer(rinfo, this.peer)) {
        const now = performance.now();
        const wire = msg.readUInt16BE(2);
        const from = this.state.sent + 1;
        const to = advanceInPlace(this.state, wire, now);
        if (to > 0) this.sendWindow(io.reader, from, to, now);
        else this.apply(sendAckStep(this.state, wire, now), now);
        return;
      }
      // rinfo is a fresh object per datagram: it serves as the Endpoint without a copy.
      const decoded = decodePacket(msg);
      const now = performance.now();
      this.deliver(decoded.ok ? { type: 'packet', packet: decoded.packet, from: rinfo, now } : { type: 'garbage', from: rinfo, now });
    });
    socket.on('error', (err) => this.deliver({ type: 'abort', code: tftpErrorCodes.undefined, message: `socket error: ${err.message}`, now: performance.now() }));
    // The engine cancels a transfer (a cancelled job) through the tracker: the peer gets ERROR 0.
    tracker.signal.addEventListener('abort', () => void this.abort(abortMessage(tracker.signal.reason)), { once: true });
    this.execute(start.actions, 0, performance.now());
  }

  /** Resolves once the transfer has settled and its socket is closed. */
  get closedPromise(): Promise<void> {
    return this.done;
  }

  /** Feeds one input to the session (queued while a disk write holds the transfer back). */
  deliver(input: SessionInput): void {
    if (this.closed) return;
    if (this.busy) {
      if (this.queue.length < maxQueuedInputs) this.queue.push(input);
      return;
    }
    this.apply(this.state.kind === 'send' ? sendStep(this.state, input) : receiveStep(this.state as ReceiveState, input), input.now);
  }

  /** Takes the session's step: its new state, its actions, and the progress it made. */
  private apply(r: StepResult<SendState | ReceiveState>, now: number): void {
    this.state = r.state;
    this.execute(r.actions, 0, now);
    this.reportProgress();
  }

  /** Ends the transfer from our side (server shutdown): the peer gets ERROR 0, the upload is discarded. */
  abort(message: string): Promise<void> {
    this.busy = false;
    this.deliver({ type: 'abort', code: tftpErrorCodes.undefined, message, now: performance.now() });
    if (!this.closed) this.close(new Error(message));
    return this.done;
  }

  /** `now`: when the input that led to these actions arrived (the timer is armed from then). */
  private execute(actions: SessionAction[], from: number, now: number): void {
    for (let i = from; i < actions.length; i++) {
      if (this.closed) return;
      const a = actions[i];
      switch (a.type) {
        case 'send-data': {
          if (this.io.kind === 'send') this.sendData(this.io.reader, a.block);
          break;
        }
        case 'send':
          this.socket.send(a.bytes, (a.to ?? this.peer).port, (a.to ?? this.peer).address);
          break;
        case 'write': {
          if (this.io.kind !== 'receive') break;
          const wait = this.io.sink.write(a.data);
          if (wait) {
            // The disk is behind: hold the rest (the ACK among it) and any new input until it catches up.
            this.busy = true;
            void wait.then(() => {
              this.busy = false;
              this.execute(actions, i + 1, performance.now());
              this.drain();
            });
            return;
          }
          break;
        }
        case 'commit':
          if (this.io.kind === 'receive') this.commit(this.io.sink);
          break;
        case 'release':
          if (this.io.kind === 'send') this.io.reader.release(a.below);
          break;
        case 'arm-timer':
          this.arm(a.ms, now);
          break;
        case 'cancel-timer':
          this.deadline = undefined;
          break;
        case 'finish':
          this.finish();
          break;
        case 'fail':
          this.close(new Error(a.reason));
          return;
        case 'close':
          this.close();
          return;
      }
    }
  }

  /** What advanceInPlace leaves to its caller: release, send `from` … `to`, arm the timer. */
  private sendWindow(reader: BlockReader, from: number, to: number, now: number): void {
    reader.release(from);
    for (let block = from; block <= to; block++) this.sendData(reader, block);
    this.arm((this.state as SendState).rtt.rtoMs, now);
    this.reportProgress();
  }

  private sendData(reader: BlockReader, block: number): void {
    const size = 4 + (this.state as SendState).config.blockSize;
    let packet = this.packet;
    if (!packet) packet = this.packet = Buffer.allocUnsafeSlow(size);
    writeDataHeader(packet, block);
    const n = 4 + reader.copyBlock(block, packet, 4);
    // The socket's lookup answers IP literals synchronously (server.ts), so the datagram is handed
    // to the kernel now — unless libuv had to queue it, and then the queue holds our buffer.
    this.socket.send(n === size ? packet : packet.subarray(0, n), this.peer.port, this.peer.address);
    if (this.socket.getSendQueueSize() > 0) this.packet = undefined;
  }

  private drain(): void {
    while (!this.busy && !this.closed && this.queue.length) this.deliver(this.queue.shift() as SessionInput);
  }

  private commit(sink: UploadSink): void {
    sink.commit().then(
      (result) => {
        this.committed = result;
        this.deliver({ type: 'committed', now: performance.now() });
      },
      (err: Error) => {
        const code =
          err instanceof DestinationExistsError ? tftpErrorCodes.fileExists : err instanceof UploadTooLargeError ? tftpErrorCodes.diskFull : diskCode(err);
        // The peer gets the name it asked for; our log gets the message with its local path.
        this.deliver({ type: 'abort', code, message: peerErrorText(err, this.tracker.info.file), detail: err.message, now: performance.now() });
      },
    );
  }

  private reportProgress(): void {
    if (this.closed) return;
    this.tracker.progress(this.bytes());
  }

  private bytes(): number {
    if (this.state.kind === 'receive') return this.state.bytes;
    const io = this.io as Extract<TransferIo, { kind: 'send' }>;
    return Math.min(io.sizeBytes, this.state.acked * this.state.config.blockSize);
  }

  private finish(): void {
    if (this.tracker.isSettled || this.finishing) return;
    this.finishing = true;
    if (this.io.kind === 'send') {
      const io = this.io;
      io.grant.release(true);
      // The worker may still be hashing the last batches; the transfer itself is complete.
      void io.source.digests().then(
        (digests) => this.tracker.finish(io.sizeBytes, digests),
        () => this.tracker.finish(io.sizeBytes, undefined),
      );
    } else {
      // The session asks to finish only after `committed`, so the result is here.
      const r = this.committed;
      this.tracker.finish(r?.bytes ?? this.bytes(), r ? { md5: r.md5, sha256: r.sha256 } : undefined);
      this.io.grant.release(true);
    }
  }

  /** One timer per transfer; re-arming only moves the deadline (no clear/set per packet). */
  private arm(ms: number, now: number): void {
    this.deadline = now + ms;
    if (this.timer && this.timerAt <= this.deadline) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = this.deadline;
    this.timer = setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.deadline === undefined || this.closed) return;
    const left = this.deadline - performance.now();
    if (left > 0.5) {
      this.timerAt = this.deadline;
      this.timer = setTimeout(() => this.fire(), left);
      return;
    }
    this.deadline = undefined;
    this.deliver({ type: 'timeout', now: performance.now() });
  }

  /** The one close path: settles the tracker and the grant, frees the socket, timer and file. */
  private close(failure?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    const settle = async () => {
      // Files first, then the event: whoever hears `failed` finds the partial upload already gone.
      if (this.io.kind === 'send') {
        this.io.reader.close();
        await this.io.source.close();
      } else if (failure) {
        await this.io.sink.abort();
      }
      if (failure) {
        const t = this.tracker.info;
        this.tracker.fail(this.bytes(), new TransferError('tftp', t.peer, t.file, failure.message, { cause: failure }));
        this.io.grant.release(false);
      }
    };
    // Let the last datagrams (final ACK, ERROR) leave before the socket closes.
    setImmediate(() => {
      try {
        this.socket.close();
      } catch {
        // already closed
      }
    });
    void settle().finally(() => {
      this.onClosed();
      this.resolveDone();
    });
  }
}

function abortMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'cancelled';
}

function diskCode(err: Error): number {
  const errno = (err as NodeJS.ErrnoException).code;
  return errno === 'ENOSPC' || errno === 'EDQUOT' ? tftpErrorCodes.diskFull : tftpErrorCodes.undefined;
}
