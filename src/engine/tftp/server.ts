// The TFTP server's I/O: the well-known port that takes RRQ/WRQ, asks the access policy, and starts
// each transfer on its own socket. Holds no policy; refusals become ERROR packets and events.
import dgram, { type Socket } from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ReadGrant, WriteGrant } from '../access';
import { AtomicUpload } from '../atomic-upload';
import type { EngineContext, RunningServer } from '../context';
import { DownloadSource } from '../download-source';
import { AccessDeniedError, BindError, type DenyReason, peerErrorText, printable, TransferError } from '../errors';
import { normalizeAddress } from '../peer';
import { RefusalSampler, suppressedNote } from '../refusal-sampler';
import { BlockReader } from './block-reader';
import { negotiate, perDatagramBufferCost } from './options';
import { decodePacket, encodeError, maxBlockSize, type TftpPacket, tftpErrorCodes, type TransferMode } from './packets';
import type { RttLimits } from './rtt';
import { defaultSessionConfig, type Endpoint, type SessionConfig, type SessionInput, startReceive, startSend } from './session';
import { literalLookup, TftpTransfer } from './transfer';
import { defaultTransferThreads, TransferThreads } from './transfer-threads';
import { UploadSink } from './upload-sink';

export interface TftpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Cap on the blksize a client may negotiate (RFC 2348 allows up to 65464, the default). */
  maxBlockSize?: number;
  /** Cap on windowsize (RFC 7440); also limited by what fits the socket buffers. Default 64. */
  maxWindowSize?: number;
  /** Largest socket buffer a transfer asks the kernel for. Default 4 MiB. */
  maxSocketBufferBytes?: number;
  /**
   * What we assume the downloading peer's receive buffer holds: a window must fit there too, or its
   * tail is dropped on every window. Default 212992, Linux's rmem_default, which clients keep.
   */
  peerReceiveBufferBytes?: number;
  /** Retransmission timeout limits (adaptive between min and max). */
  rtt?: Partial<RttLimits>;
  maxRetries?: number;
  minSilenceMs?: number;
  /** Timeouts before a transfer the peer never answered is given up. Default 3 (13 s). */
  maxFirstRetries?: number;
  /** Transfers at once, all peers together. Default 256 (each holds a socket and a file). A request matching an offer is let in over it. */
  maxTransfers?: number;
  /** Transfers at once from one address. Default 64 (a flood from one host leaves room for the rest). */
  maxTransfersPerPeer?: number;
  dallyMs?: number;
  /**
   * Worker threads that run downloads (uploads stay on the main thread with their atomic commit).
   * Default: one per core, up to 8; 0 runs everything on the main thread. Access decisions, caps and
   * reports stay on the main thread whatever this says.
   */
  transferThreads?: number;
}

/** How each refusal reads on the wire (RFC 1350 error codes). */
const denyCodes: Record<DenyReason, number> = {
  'unsafe-name': tftpErrorCodes.accessViolation,
  'not-found': tftpErrorCodes.fileNotFound,
  'wrong-peer': tftpErrorCodes.accessViolation,
  'wrong-user': tftpErrorCodes.accessViolation,
  expired: tftpErrorCodes.accessViolation,
  exhausted: tftpErrorCodes.accessViolation,
  exists: tftpErrorCodes.fileExists,
  'too-large': tftpErrorCodes.diskFull,
  'no-space': tftpErrorCodes.diskFull,
  'uploads-disabled': tftpErrorCodes.accessViolation,
  busy: tftpErrorCodes.undefined,
};

export async function startTftpServer(ctx: EngineContext, options: TftpServerOptions): Promise<RunningServer> {
  const family = net.isIPv6(options.bind) ? 'udp6' : 'udp4';
  const socket = dgram.createSocket({ type: family });
  const address = await bindSocket(socket, options.bind, options.port);
  const server = new TftpServer(ctx, socket, options);
  return { protocol: 'tftp', address: address.address, port: address.port, close: () => server.close() };
}

function bindSocket(socket: Socket, bind: string, port: number): Promise<{ address: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      socket.close();
      reject(new BindError('tftp', bind, port, err.code ?? 'EUNKNOWN', { cause: err }));
    };
    socket.once('error', onError);
    socket.bind(port, bind, () => {
      socket.off('error', onError);
      resolve(socket.address());
    });
  });
}

type ServerState = { kind: 'serving' } | { kind: 'closing'; done: Promise<void> };

/** A running transfer as the server sees it, on this thread or in a worker. */
interface RunningTransfer {
  deliver(input: SessionInput): void;
  abort(message: string): Promise<void>;
}

class TftpServer {
  private state: ServerState = { kind: 'serving' };
  /** Requests being set up or transferring, by peer address:port: a repeated RRQ/WRQ is not a second transfer. */
  private readonly active = new Map<string, RunningTransfer | 'starting'>();
  /** Entries of `active` per peer address (the per-peer cap). */
  private readonly perPeer = new Map<string, number>();
  /** Keys of `active` admitted through an offer: let in over the total cap (a device's job must not wait on a flood). */
  private readonly offered = new Set<string>();
  /** What each key of `active` asked for: only the same request again is a repeat. */
  private readonly requests = new Map<string, string>();
  private readonly sampler = new RefusalSampler();
  private readonly maxTransfers: number;
  private readonly maxTransfersPerPeer: number;
  private readonly config: Omit<SessionConfig, 'blockSize' | 'windowSize'>;
  private readonly threads: TransferThreads | undefined;

  constructor(
    private readonly ctx: EngineContext,
    private readonly socket: Socket,
    private readonly options: TftpServerOptions,
  ) {
    this.config = {
      rtt: { ...defaultSessionConfig.rtt, ...options.rtt },
      maxRetries: options.maxRetries ?? defaultSessionConfig.maxRetries,
      maxFirstRetries: options.maxFirstRetries ?? defaultSessionConfig.maxFirstRetries,
      minSilenceMs: options.minSilenceMs ?? defaultSessionConfig.minSilenceMs,
      dallyMs: options.dallyMs ?? defaultSessionConfig.dallyMs,
    };
    this.maxTransfers = options.maxTransfers ?? 256;
    this.maxTransfersPerPeer = options.maxTransfersPerPeer ?? 64;
    this.threads = TransferThreads.create(options.transferThreads ?? defaultTransferThreads(), ctx.log);
    socket.on('message', (msg, rinfo) => this.onRequest(msg, { address: rinfo.address, port: rinfo.port }));
    socket.on('error', (err) => ctx.log(`tftp: server socket error: ${err.message}`));
  }

  close(): Promise<void> {
    if (this.state.kind === 'closing') return this.state.done;
    const transfers = [...this.active.values()].filter((t): t is RunningTransfer => t !== 'starting');
    const done = (async () => {
      await new Promise<void>((r) => this.socket.close(() => r()));
      await Promise.allSettled(transfers.map((t) => t.abort('the TFTP server is shutting down')));
      await this.threads?.close();
    })();
    this.state = { kind: 'closing', done };
    return done;
  }

  private onRequest(msg: Buffer, from: Endpoint): void {
    if (this.state.kind !== 'serving') return;
    const decoded = decodePacket(msg);
    if (!decoded.ok) {
      this.refuse(from, '', 'protocol', tftpErrorCodes.illegalOperation, `malformed request: ${decoded.error.why}`);
      return;
    }
    const p = decoded.packet;
    if (p.op === 'error') return; // never answer an ERROR
    if (p.op !== 'rrq' && p.op !== 'wrq') {
      this.refuse(from, '', 'protocol', tftpErrorCodes.illegalOperation, `expected RRQ or WRQ on the server port, got ${p.op.toUpperCase()}`);
      return;
    }
    const key = `${from.address}|${from.port}`;
    const running = this.active.get(key);
    if (running) {
      // The client repeats its request when our first reply was lost: the transfer answers it again
      // (once per RTO) instead of the client waiting for our timer. A different request from the same
      // port while one runs is not a repeat and is ignored.
      if (running !== 'starting' && this.requests.get(key) === requestSignature(p)) running.deliver({ type: 'request-again', now: performance.now() });
      return;
    }
    const peer = normalizeAddress(from.address);
    const fromPeer = this.perPeer.get(peer) ?? 0;
    if (fromPeer >= this.maxTransfersPerPeer) {
      this.busy(from, p.file, `${fromPeer} transfers from this address already (limit ${this.maxTransfersPerPeer})`, 'server busy: too many transfers from your address, try again later');
      return;
    }
    this.claim(key, peer);
    this.requests.set(key, requestSignature(p));
    this.startTransfer(p, from, key).catch((err: NodeJS.ErrnoException) => {
      if (this.active.get(key) === 'starting') this.unclaim(key);
      this.ctx.log(`tftp: could not start a transfer of '${printable(p.file)}' for ${from.address}:${from.port}: ${err.message}`);
      // Out of descriptors is a capacity problem the peer may retry; anything else is ours.
      const text = err.code === 'EMFILE' || err.code === 'ENFILE' ? 'server busy: out of file handles, try again later' : peerErrorText(err, p.file);
      this.send(encodeError(tftpErrorCodes.undefined, text), from);
    });
  }

  private claim(key: string, peer: string): void {
    this.active.set(key, 'starting');
    this.perPeer.set(peer, (this.perPeer.get(peer) ?? 0) + 1);
  }

  /** Forgets a request or transfer: its place in every count is given back. */
  private unclaim(key: string): void {
    if (!this.active.delete(key)) return;
    this.offered.delete(key);
    this.requests.delete(key);
    const peer = normalizeAddress(key.slice(0, key.lastIndexOf('|')));
    const n = (this.perPeer.get(peer) ?? 1) - 1;
    if (n <= 0) this.perPeer.delete(peer);
    else this.perPeer.set(peer, n);
  }

  /** Over a cap: ERROR 0 with a reason the peer can act on; reported once per interval per peer and cause. */
  private busy(to: Endpoint, file: string, why: string, peerText: string): void {
    const peer = normalizeAddress(to.address);
    const suppressed = this.sampler.sample(`${peer}|${peerText}`);
    if (suppressed !== undefined) {
      this.ctx.events.emit({ type: 'refused', protocol: 'tftp', peer, file, reason: 'busy', message: `tftp request for '${printable(file)}' from ${peer} refused: ${why}${suppressedNote(suppressed)}` });
    }
    this.send(encodeError(tftpErrorCodes.undefined, peerText), to);
  }

  private async startTransfer(p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>, from: Endpoint, key: string): Promise<void> {
    const peer = normalizeAddress(from.address);
    if (p.mode !== 'octet' && p.mode !== 'netascii') {
      // RFC 1350's "mail" mode is obsolete (RFC 1350 §1); anything else is unknown.
      this.unclaim(key);
      this.refuse(from, p.file, 'protocol', tftpErrorCodes.illegalOperation, `transfer mode '${printable(p.mode)}' is not supported (use octet or netascii)`);
      return;
    }
    const mode: TransferMode = p.mode;
    let grant: ReadGrant | WriteGrant;
    try {
      if (p.op === 'rrq') grant = await this.ctx.access.authorizeRead({ protocol: 'tftp', peer, name: p.file });
      else {
        // RFC 2349: a WRQ's tsize declares the upload's size; it is checked against the limit up front.
        const declared = p.options.get('tsize');
        grant = await this.ctx.access.authorizeWrite({ protocol: 'tftp', peer, name: p.file }, declared && /^\d{1,15}$/.test(declared) ? Number(declared) : undefined);
      }
    } catch (err) {
      this.unclaim(key);
      if (!(err instanceof AccessDeniedError)) throw err;
      this.refuse(from, p.file, err.reason, denyCodes[err.reason], err.message);
      return;
    }
    if (this.state.kind !== 'serving') {
      grant.release(false);
      this.unclaim(key);
      return;
    }
    if (grant.offerId) this.offered.add(key);
    else if (this.active.size - this.offered.size > this.maxTransfers) {
      grant.release(false);
      this.unclaim(key);
      this.busy(from, p.file, `${this.maxTransfers} transfers at once already (the limit)`, 'server busy: too many transfers, try again later');
      return;
    }
    if (p.op === 'rrq' && this.threads?.usable) {
      await this.startInThread(this.threads, p, mode, grant as ReadGrant, from, key);
      return;
    }

    const tsock = dgram.createSocket({ type: net.isIPv6(this.options.bind) ? 'udp6' : 'udp4', lookup: literalLookup });
    let prepared: Awaited<ReturnType<TftpServer['prepare']>>;
    try {
      await bindSocket(tsock, this.options.bind, 0);
      prepared = await this.prepare(p, mode, grant, tsock);
    } catch (err) {
      grant.release(false);
      this.unclaim(key);
      try {
        tsock.close();
      } catch {
        // not bound
      }
      throw err;
    }
    if (!prepared.ok) {
      grant.release(false);
      this.unclaim(key);
      // RFC 2347: options the server cannot accept are refused with ERROR 8.
      this.refuse(from, p.file, 'protocol', tftpErrorCodes.optionsRefused, prepared.message, tsock);
      setImmediate(() => tsock.close());
      return;
    }
    const { agreed, io } = prepared;
    const tracker = this.trackerFor(p, mode, grant, from, io.kind === 'send' ? io.grant.path : io.grant.finalPath, agreed, io.kind === 'send' ? io.sizeBytes : undefined);
    const config = this.sessionConfig(agreed);
    const now = performance.now();
    const start = io.kind === 'send' ? startSend(from, config, agreed.oack, now) : startReceive(from, config, agreed.oack, now);
    const transfer = new TftpTransfer(tsock, from, io, tracker, start, () => this.unclaim(key));
    this.active.set(key, transfer);
    if (io.kind === 'send') {
      io.bindEvents({
        available: (upTo, last) => transfer.deliver({ type: 'blocks-available', upTo, ...(last !== undefined ? { last } : {}), now: performance.now() }),
        failed: (err) =>
          transfer.deliver({ type: 'abort', code: tftpErrorCodes.undefined, message: peerErrorText(err, p.file), detail: `reading ${printable(p.file)} failed: ${err.message}`, now: performance.now() }),
      });
      io.reader.start();
    } else {
      io.bindError((err) => transfer.deliver({ type: 'abort', code: errorCodeFor(err), message: peerErrorText(err, p.file), detail: err.message, now: performance.now() }));
    }
    if (this.state.kind !== 'serving') void transfer.abort('the TFTP server is shutting down');
  }

  private trackerFor(
    p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>,
    mode: TransferMode,
    grant: ReadGrant | WriteGrant,
    from: Endpoint,
    localPath: string,
    agreed: Agreed,
    sizeBytes: number | undefined,
  ) {
    return this.ctx.track({
      protocol: 'tftp',
      peer: normalizeAddress(from.address),
      peerPort: from.port,
      file: p.file,
      localPath,
      direction: p.op === 'rrq' ? 'to-peer' : 'from-peer',
      ...(grant.offerId ? { offerId: grant.offerId } : {}),
      ...(sizeBytes !== undefined ? { totalBytes: sizeBytes } : agreed.tsize !== undefined ? { totalBytes: agreed.tsize } : {}),
      options: {
        mode,
        blksize: agreed.blockSize,
        windowsize: agreed.windowSize,
        ...(agreed.timeoutMs !== undefined ? { timeout: agreed.timeoutMs / 1000 } : {}),
        ...(agreed.tsize !== undefined ? { tsize: agreed.tsize } : {}),
      },
    });
  }

  private sessionConfig(agreed: Agreed): SessionConfig {
    const rtt = { ...this.config.rtt };
    if (agreed.timeoutMs !== undefined) {
      // RFC 2349: the client's timeout bounds how long we wait; our adaptive estimate stays below it.
      rtt.maxRtoMs = Math.max(rtt.minRtoMs, Math.min(rtt.maxRtoMs, agreed.timeoutMs));
      rtt.initialRtoMs = Math.min(rtt.initialRtoMs, rtt.maxRtoMs);
    }
    return { ...this.config, rtt, blockSize: agreed.blockSize, windowSize: agreed.windowSize };
  }

  /** The socket buffer a transfer asks for: a window of the size the client wants must fit (RFC 7440 §4). */
  private wantedBufferBytes(p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>): number {
    const wantBlk = Math.min(Number(p.options.get('blksize')) || 512, this.maxBlockSize());
    const wantWin = Math.min(Number(p.options.get('windowsize')) || 1, this.options.maxWindowSize ?? 64);
    return Math.min(this.options.maxSocketBufferBytes ?? 4 * 1024 * 1024, Math.max(256 * 1024, wantWin * perDatagramBufferCost(wantBlk)));
  }

  private maxBlockSize(): number {
    return Math.min(this.options.maxBlockSize ?? maxBlockSize, maxBlockSize);
  }

  /**
   * A granted download run by a transfer thread. Everything the peer was allowed was decided above;
   * the worker gets the resolved path. Our own source of the file keeps the digest (one hashing pass
   * per content, shared with every other transfer of it) from what the worker reports sent in order.
   */
  private async startInThread(threads: TransferThreads, p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>, mode: TransferMode, grant: ReadGrant, from: Endpoint, key: string): Promise<void> {
    const want = this.wantedBufferBytes(p);
    // What the peer's receive buffer holds bounds the window (RFC 7440 §4); our send buffer is asked for in the worker.
    const bufferBytes = Math.min(want, this.options.peerReceiveBufferBytes ?? 212_992);
    const negotiation = negotiate('rrq', mode, p.options, { maxBlockSize: this.maxBlockSize(), maxWindowSize: this.options.maxWindowSize ?? 64, socketBufferBytes: bufferBytes }, grant.sizeBytes);
    if (!negotiation.ok) {
      grant.release(false);
      this.unclaim(key);
      this.refuse(from, p.file, 'protocol', tftpErrorCodes.optionsRefused, negotiation.message);
      return;
    }
    const agreed = negotiation.agreed;
    let source: DownloadSource;
    try {
      source = await DownloadSource.open(grant.path, this.ctx.digestCache);
    } catch (err) {
      grant.release(false);
      this.unclaim(key);
      throw err;
    }
    // Hashing starts now and runs alongside the send, as when the reader on this thread reads block 1.
    source.markSent(0, 0);
    const tracker = this.trackerFor(p, mode, grant, from, grant.path, agreed, source.sizeBytes);
    let finishing = false;
    const fail = (bytes: number, reason: string) => {
      if (tracker.isSettled || finishing) return;
      tracker.fail(bytes, new TransferError('tftp', tracker.info.peer, p.file, reason));
      grant.release(false);
    };
    const handle = threads.start(
      {
        bind: this.options.bind,
        family: net.isIPv6(this.options.bind) ? 'udp6' : 'udp4',
        peer: { address: from.address, port: from.port },
        file: p.file,
        path: grant.path,
        mode,
        config: this.sessionConfig(agreed),
        oack: [...agreed.oack],
        sendBufferBytes: want,
      },
      {
        progress: (bytes) => tracker.progress(bytes),
        finished: (bytes, inOrderBytes) => {
          if (tracker.isSettled || finishing) return;
          finishing = true;
          grant.release(true);
          source.markSent(0, inOrderBytes);
          void source.digests().then(
            (digests) => tracker.finish(bytes, digests),
            () => tracker.finish(bytes, undefined),
          );
        },
        failed: fail,
        notStarted: (message, code) => {
          this.ctx.log(`tftp: could not start a transfer of '${printable(p.file)}' for ${from.address}:${from.port}: ${message}`);
          fail(0, message);
          const text = code === 'EMFILE' || code === 'ENFILE' ? 'server busy: out of file handles, try again later' : peerErrorText({ code }, p.file);
          this.send(encodeError(tftpErrorCodes.undefined, text), from);
        },
        closed: () => {
          // Finished waits for the digest; anything else unsettled at the close is a failure.
          if (!finishing) fail(0, 'the transfer thread closed it without a result');
          void source.close();
          this.unclaim(key);
        },
      },
    );
    const running: RunningTransfer = {
      deliver: (input) => {
        if (input.type === 'request-again') handle.requestAgain();
      },
      abort: (message) => handle.abort(message),
    };
    this.active.set(key, running);
    tracker.signal.addEventListener('abort', () => void handle.abort(tracker.signal.reason instanceof Error ? tracker.signal.reason.message : 'cancelled'), { once: true });
    if (this.state.kind !== 'serving') void handle.abort('the TFTP server is shutting down');
  }

  /** Sizes the transfer socket, negotiates options and opens the file. */
  private async prepare(p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>, mode: TransferMode, grant: ReadGrant | WriteGrant, tsock: Socket) {
    const maxWindow = this.options.maxWindowSize ?? 64;
    const maxBlk = this.maxBlockSize();
    // Ask for a buffer that fits the window the client wants (RFC 7440 §4); the kernel may give less.
    const want = this.wantedBufferBytes(p);
    let bufferBytes = 212_992;
    try {
      if (p.op === 'wrq') {
        tsock.setRecvBufferSize(want);
        bufferBytes = tsock.getRecvBufferSize();
      } else {
        tsock.setSendBufferSize(want);
        // Our send buffer grows on request; the client's receive buffer does not (RFC 7440 §4).
        bufferBytes = Math.min(tsock.getSendBufferSize(), this.options.peerReceiveBufferBytes ?? 212_992);
      }
    } catch {
      // Keep the kernel default and negotiate within it.
    }
    const sizeBytes = p.op === 'rrq' ? (grant as ReadGrant).sizeBytes : undefined;
    const negotiation = negotiate(p.op, mode, p.options, { maxBlockSize: maxBlk, maxWindowSize: maxWindow, socketBufferBytes: bufferBytes }, sizeBytes);
    if (!negotiation.ok) return negotiation;
    const agreed = negotiation.agreed;
    if (p.op === 'rrq') {
      const source = await DownloadSource.open((grant as ReadGrant).path, this.ctx.digestCache);
      let events: ConstructorParameters<typeof BlockReader>[4] = { available: () => undefined, failed: () => undefined };
      const reader = new BlockReader(source, agreed.blockSize, agreed.windowSize, mode, {
        available: (upTo, last) => events.available(upTo, last),
        failed: (err) => events.failed(err),
      });
      const io = {
        kind: 'send' as const,
        reader,
        source,
        grant: grant as ReadGrant,
        sizeBytes: source.sizeBytes,
        bindEvents: (e: typeof events) => (events = e),
      };
      return { ok: true as const, agreed, io };
    }
    const w = grant as WriteGrant;
    const upload = await AtomicUpload.begin(w.finalPath, w.maxBytes);
    let onError: (err: Error) => void = () => undefined;
    const sink = new UploadSink(upload, mode, (err) => onError(err));
    const io = { kind: 'receive' as const, sink, grant: w, bindError: (f: (err: Error) => void) => (onError = f) };
    return { ok: true as const, agreed, io };
  }

  private refuse(to: Endpoint, file: string, reason: DenyReason | 'protocol', code: number, message: string, via?: Socket): void {
    this.ctx.events.emit({ type: 'refused', protocol: 'tftp', peer: normalizeAddress(to.address), file, reason, message });
    this.send(encodeError(code, message), to, via);
  }

  private send(bytes: Buffer, to: Endpoint, via: Socket = this.socket): void {
    try {
      via.send(bytes, to.port, to.address);
    } catch {
      // closing
    }
  }
}

type Agreed = Extract<ReturnType<typeof negotiate>, { ok: true }>['agreed'];

function requestSignature(p: Extract<TftpPacket, { op: 'rrq' | 'wrq' }>): string {
  return `${p.op}|${p.mode}|${p.file}`;
}

function errorCodeFor(err: Error): number {
  const errno = (err as NodeJS.ErrnoException).code;
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || errno === 'E_TOO_LARGE') return tftpErrorCodes.diskFull;
  return tftpErrorCodes.undefined;
}
