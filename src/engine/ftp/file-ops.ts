// The file operations an FTP session asks for — RETR, STOR, LIST/NLST, SIZE, MDTM, CWD — done
// against the access policy, DownloadSource and AtomicUpload, answering on the control connection
// with the codes of RFC 959 §5.4 (150 → 226, or 425/426/451/550/552/553).
import { stat } from 'node:fs/promises';
import type net from 'node:net';
import { AtomicUpload, UploadTooLargeError } from '../atomic-upload';
import type { EngineContext } from '../context';
import { DownloadSource } from '../download-source';
import { AccessDeniedError, printable, TransferError } from '../errors';
import { flushNetAscii, fromNetAscii, toNetAscii } from './ascii';
import { BufferRing } from '../buffer-ring';
import { formatListing } from './listing';
import { denialReply, type FtpReply, mdtmReply, openingDataReply, reply, sizeReply } from './replies';
import type { FileOp } from './session';

export interface OpEnvironment {
  readonly ctx: EngineContext;
  readonly peer: string;
  readonly peerPort: number;
  send(r: FtpReply): void;
  /** The data connection the session set up (passive accept or active connect). */
  openData(): Promise<net.Socket>;
  /** Aborted by ABOR, QUIT, a dropped control connection or server close. */
  readonly signal: AbortSignal;
  readonly dataIdleTimeoutMs: number;
  /** After a STOR's data EOF: how long the control connection must stay up before the file is committed. */
  readonly commitGraceMs: number;
  /** Whether the control connection is still open (a client killed mid-STOR closes both). */
  controlAlive(): boolean;
}

/** Bytes read from disk per step: large enough to keep loopback busy, small enough to stay flat. */
const readChunkBytes = 1024 * 1024;


/** Runs one operation; true when it succeeded. Never throws. */
export async function runFileOp(op: FileOp, env: OpEnvironment): Promise<boolean> {
  try {
    switch (op.kind) {
      case 'retr':
        return await retrieve(op, env);
      case 'stor':
        return await store(op, env);
      case 'list':
        return await list(op, env);
      case 'size':
      case 'mdtm':
        return await query(op, env);
      case 'cwd':
        await env.ctx.access.listReadable({ protocol: 'ftp', peer: env.peer, dir: op.dir, username: op.login.user, password: op.login.password });
        env.send(reply('cwdOk'));
        return true;
    }
  } catch (err) {
    if (err instanceof AccessDeniedError) {
      env.ctx.events.emit({ type: 'refused', protocol: 'ftp', peer: env.peer, file: err.file, reason: err.reason, message: err.message });
      env.send(op.kind === 'cwd' || op.kind === 'list' ? reply('notADirectory') : denialReply(err.reason, err.file));
    } else {
      env.ctx.log(`ftp ${env.peer}: ${op.kind} failed: ${err instanceof Error ? err.message : String(err)}`);
      env.send(reply('localError'));
    }
    return false;
  }
}

function request(op: { name: string; login: { user: string; password: string } }, env: OpEnvironment) {
  return { protocol: 'ftp' as const, peer: env.peer, name: op.name, username: op.login.user, password: op.login.password };
}

async function query(op: Extract<FileOp, { kind: 'size' | 'mdtm' }>, env: OpEnvironment): Promise<boolean> {
  const grant = await env.ctx.access.authorizeRead(request(op, env));
  // Asking about a file is not a transfer: give the offer's use straight back.
  grant.release(false);
  if (op.kind === 'size') env.send(sizeReply(grant.sizeBytes));
  else env.send(mdtmReply((await stat(grant.path)).mtime));
  return true;
}

/** Opens the data connection, or answers 425 (and returns undefined). */
async function dataConnection(env: OpEnvironment): Promise<net.Socket | undefined> {
  try {
    const socket = await env.openData();
    // Errors are handled where the socket is used; this keeps an early one from being unhandled.
    socket.on('error', () => undefined);
    socket.setTimeout(env.dataIdleTimeoutMs, () => socket.destroy(new Error(`data connection idle for ${env.dataIdleTimeoutMs} ms`)));
    socket.setNoDelay(false);
    return socket;
  } catch (err) {
    env.ctx.log(`ftp ${env.peer}: ${err instanceof Error ? err.message : String(err)}`);
    env.send(reply('cannotOpenData'));
    return undefined;
  }
}

/**
 * Resolves when the socket can take more ('drain'); rejects if it closes, fails or the op is aborted.
 * Listeners are removed each time: a long-lived promise raced per chunk would retain every chunk.
 */
function drained(socket: net.Socket, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      socket.off('error', done);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('data connection closed by the peer'));
    const onAbort = () => done(new Error('aborted by the client or server'));
    if (signal.aborted) return onAbort();
    if (socket.destroyed) return onClose();
    socket.once('drain', onDrain);
    socket.once('close', onClose);
    socket.once('error', done);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Ends the data connection once everything written has been handed to the kernel. */
function finish(socket: net.Socket, signal: AbortSignal, last?: Buffer): Promise<void> {
  const flushed = new Promise<void>((resolve) => socket.end(last ?? Buffer.alloc(0), () => resolve()));
  const failed = failureOf(socket, signal);
  return Promise.race([flushed, failed.promise]).finally(failed.dispose);
}

function failureOf(socket: net.Socket, signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let dispose = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    const onClose = () => reject(new Error('data connection closed by the peer'));
    const onError = (err: Error) => reject(err);
    const onAbort = () => reject(new Error('aborted by the client or server'));
    socket.once('close', onClose);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    dispose = () => {
      socket.off('close', onClose);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => dispose() };
}

async function retrieve(op: Extract<FileOp, { kind: 'retr' }>, env: OpEnvironment): Promise<boolean> {
  const grant = await env.ctx.access.authorizeRead(request(op, env));
  let ok = false;
  let source: DownloadSource | undefined;
  let socket: net.Socket | undefined;
  try {
    if (op.offset > grant.sizeBytes) {
      env.send(reply('restBeyondEnd'));
      return false;
    }
    // A file sent whole before and unchanged since brings its digests along (no hashing again).
    source = await DownloadSource.open(grant.path, env.ctx.digestCache);
    socket = await dataConnection(env);
    if (!socket) return false;
    const size = source.sizeBytes;
    env.send(openingDataReply(op.ascii ? 'ASCII' : 'BINARY', op.name, size - op.offset));
    const tracker = env.ctx.track({
      protocol: 'ftp',
      peer: env.peer,
      peerPort: env.peerPort,
      file: op.name,
      localPath: grant.path,
      direction: 'to-peer',
      ...(grant.offerId ? { offerId: grant.offerId } : {}),
      totalBytes: size - op.offset,
      options: { type: op.ascii ? 'A' : 'I', mode: op.data.kind, restOffset: op.offset },
    });
    // ABOR/QUIT/close on our side, or the engine cancelling the transfer (a cancelled job).
    const signal = AbortSignal.any([env.signal, tracker.signal]);
    let pos = op.offset;
    const ring = new BufferRing(readChunkBytes, 3);
    const from = source;
    const readAt = async (at: number): Promise<Buffer> => {
      const buf = await ring.take();
      return buf.subarray(0, await from.readInto(buf, at));
    };
    try {
      let next = readAt(pos);
      let lastWasCR = false;
      while (pos < size) {
        const buf = await next;
        if (signal.aborted || socket.destroyed) throw new Error(whyStopped(tracker.signal, env.signal));
        if (buf.length === 0) throw new Error('the file became shorter while it was being sent');
        const after = pos + buf.length;
        // Read ahead while this chunk is written.
        if (after < size) next = readAt(after);
        // Only a send from byte 0 has a whole-file digest (REST starts later).
        source.markSent(pos, buf.length);
        let out = buf;
        if (op.ascii) ({ out, lastWasCR } = toNetAscii(buf, lastWasCR));
        // The chunk's buffer takes the next read once the socket has handed it to the kernel.
        const written = out === buf ? () => ring.give(buf) : undefined;
        if (!written) ring.give(buf);
        if (!socket.write(out, written)) await drained(socket, signal);
        pos = after;
        tracker.progress(pos - op.offset);
      }
      await finish(socket, signal);
      const digests = await source.digests().catch(() => undefined);
      // The event first, then 226: whoever learns from the client that the copy ended finds it recorded.
      tracker.finish(pos - op.offset, digests);
      env.send(reply('transferOk'));
      ok = true;
      return true;
    } catch (err) {
      env.send(reply('transferAborted'));
      tracker.fail(pos - op.offset, new TransferError('ftp', env.peer, op.name, err instanceof Error ? err.message : String(err), { cause: err }));
      return false;
    }
  } finally {
    grant.release(ok);
    socket?.destroy();
    await source?.close();
  }
}

async function store(op: Extract<FileOp, { kind: 'stor' }>, env: OpEnvironment): Promise<boolean> {
  const grant = await env.ctx.access.authorizeWrite(request(op, env));
  let upload: AtomicUpload | undefined;
  let socket: net.Socket | undefined;
  let ok = false;
  try {
    upload = await AtomicUpload.begin(grant.finalPath, grant.maxBytes);
    socket = await dataConnection(env);
    if (!socket) return false;
    env.send(openingDataReply(op.ascii ? 'ASCII' : 'BINARY', op.name));
    const tracker = env.ctx.track({
      protocol: 'ftp',
      peer: env.peer,
      peerPort: env.peerPort,
      file: op.name,
      localPath: grant.finalPath,
      direction: 'from-peer',
      ...(grant.offerId ? { offerId: grant.offerId } : {}),
      options: { type: op.ascii ? 'A' : 'I', mode: op.data.kind },
    });
    try {
      const signal = AbortSignal.any([env.signal, tracker.signal]);
      await receive(socket, upload, op.ascii, { ...env, signal }, (bytes) => tracker.progress(bytes));
      const done = await upload.commit();
      tracker.finish(done.bytes, { md5: done.md5, sha256: done.sha256 });
      env.send(reply('transferOk'));
      ok = true;
      return true;
    } catch (err) {
      await upload.abort();
      env.send(reply(err instanceof UploadTooLargeError ? 'tooLarge' : 'transferAborted'));
      tracker.fail(upload.bytes, new TransferError('ftp', env.peer, op.name, err instanceof Error ? err.message : String(err), { cause: err }));
      return false;
    }
  } finally {
    grant.release(ok);
    socket?.destroy();
    await upload?.abort();
  }
}

/** Streams the data connection into the upload until a clean EOF; anything else throws. */
async function receive(socket: net.Socket, upload: AtomicUpload, ascii: boolean, env: OpEnvironment, progress: (bytes: number) => void): Promise<void> {
  let ended = false;
  socket.once('end', () => (ended = true));
  const onAbort = () => socket.destroy(new Error('aborted by the client or server'));
  env.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (env.signal.aborted) throw new Error('aborted');
    let pendingCR = false;
    for await (const chunk of socket as AsyncIterable<Buffer>) {
      let data = chunk;
      if (ascii) ({ out: data, pendingCR } = fromNetAscii(chunk, pendingCR));
      await upload.write(data);
      progress(upload.bytes);
    }
    if (!ended) throw new Error('data connection closed without end of file');
    if (ascii && pendingCR) await upload.write(flushNetAscii(pendingCR));
    // Stream mode marks end of file by closing the data connection (RFC 959 §3.4.1), which a killed
    // client also does: commit only if the control connection outlives the data connection a moment.
    await new Promise((r) => setTimeout(r, env.commitGraceMs));
    // …and let pending socket events (that control connection's close) be handled before deciding.
    await new Promise((r) => setImmediate(r));
    if (!env.controlAlive() || env.signal.aborted) throw new Error('the control connection closed as the upload ended');
  } finally {
    env.signal.removeEventListener('abort', onAbort);
  }
}

async function list(op: Extract<FileOp, { kind: 'list' }>, env: OpEnvironment): Promise<boolean> {
  const entries = await env.ctx.access.listReadable({ protocol: 'ftp', peer: env.peer, dir: op.dir, username: op.login.user, password: op.login.password });
  const socket = await dataConnection(env);
  if (!socket) return false;
  try {
    env.send(openingDataReply('ASCII', op.dir === '' ? '/' : printable(op.dir)));
    try {
      await finish(socket, env.signal, formatListing(entries, op.namesOnly, new Date()));
      env.send(reply('transferOk'));
      return true;
    } catch {
      env.send(reply('transferAborted'));
      return false;
    }
  } finally {
    socket.destroy();
  }
}

/** Why a data transfer stopped before its end, as precisely as the signals tell. */
function whyStopped(engine: AbortSignal, control: AbortSignal): string {
  if (engine.aborted) return engine.reason instanceof Error ? engine.reason.message : 'stopped by the engine';
  if (control.aborted) return 'aborted by the client (ABOR or QUIT) or the control connection closed';
  return 'the data connection closed';
}
