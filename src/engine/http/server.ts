// The HTTP server: Node's `http` and nothing more. GET and HEAD only, each file with Content-Length
// and byte ranges (resume), nothing listed; what it serves is what the access policy grants — an
// offer's one-time path for exactly its device, or the served root in CLI mode. Files are streamed
// from disk in chunks with backpressure (memory stays flat), through the same transfer events and
// digests as the other servers; slow or stalled clients are timed out, connections are capped.
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import type { ReadGrant } from '../access';
import { type AdmissionSlot, ConnectionAdmission } from '../admission';
import type { EngineContext, RunningServer } from '../context';
import { DownloadSource } from '../download-source';
import { AccessDeniedError, BindError, printable, UnsafeNameError } from '../errors';
import type { TransferTracker } from '../events';
import { normalizeAddress } from '../peer';
import { RefusalSampler, suppressedNote } from '../refusal-sampler';
import { decideRange, decideRequest, entityTag, ifRangeHolds } from './request';

export interface HttpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The request line and headers must arrive within this (a slow client cannot hold a connection). Default 10 s. */
  headersTimeoutMs?: number;
  /** A connection that moves no byte either way for this long is closed (a stalled download fails). Default 60 s. */
  idleTimeoutMs?: number;
  /** Connections at once from peers without an offer; more are refused. Default 64: a handful of devices, never a crowd. */
  maxConnections?: number;
  /** Connections at once from one address, offered or not. Default 8. */
  maxConnectionsPerAddress?: number;
  /** Connections without an offer that have not sent a whole request yet. Default 16. */
  maxWaiting?: number;
  /** Bytes read from disk and written per step. Default 1 MiB. */
  chunkBytes?: number;
}

/** The device asks again after a drop; each request is one transfer, so keep-alive buys nothing here. */
const commonHeaders = { 'Cache-Control': 'no-store', Connection: 'close', 'X-Content-Type-Options': 'nosniff' };

export async function startHttpServer(ctx: EngineContext, options: HttpServerOptions): Promise<RunningServer> {
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const server = http.createServer(
    {
      // No request has a body: once the headers are in, the request is complete.
      headersTimeout: headersTimeoutMs,
      requestTimeout: headersTimeoutMs + 1_000,
      // How often Node looks for requests over those limits (its default, 30 s, would let one linger).
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
      maxHeaderSize: 8 * 1024,
      keepAliveTimeout: 1_000,
    },
    (req, res) => void handle(ctx, req, res, chunkBytes),
  );
  server.timeout = options.idleTimeoutMs ?? 60_000;
  // Not `server.maxConnections`: Node would drop a device with an offer once others hold the slots.
  const admission = new ConnectionAdmission({
    maxConnections: options.maxConnections ?? 64,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? 8,
    maxUnauthenticated: options.maxWaiting ?? 16,
  });
  const sampler = new RefusalSampler();
  const slots = new Map<net.Socket, AdmissionSlot>();
  server.on('clientError', (_err, socket) => {
    // A malformed request or a timed-out one: answer if the socket can still take it, then close.
    if (socket.writable && !(socket as net.Socket).destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const sockets = new Set<net.Socket>();
  // Each connection carries one request (Connection: close), which must be in within the headers
  // timeout: a timer of our own, as Node's periodic check lets a connection slip by while others work.
  const waitingForRequest = new Map<net.Socket, NodeJS.Timeout>();
  server.on('connection', (s: net.Socket) => {
    const peer = normalizeAddress(s.remoteAddress ?? '');
    // Decided before a byte is read, as for FTP: a peer nothing here is for, or one over its limits,
    // must not hold a connection a device needs.
    const decision = admission.admit(peer, ctx.access.admission('http', peer) ?? ctx.access.admissionRefusal('http', peer));
    if (!decision.ok) {
      s.on('error', () => undefined);
      // The answers a request would have had: 403 outside `--allow`, 404 with nothing here for it, 503 when busy.
      const status = decision.refusal !== 'not-for-this-address' ? '503 Service Unavailable\r\nRetry-After: 5' : decision.reason === 'wrong-peer' ? '403 Forbidden' : '404 Not Found';
      s.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      setTimeout(() => s.destroy(), 1000).unref();
      const suppressed = sampler.sample(`${peer}|${decision.refusal}`);
      if (suppressed !== undefined) {
        ctx.events.emit({ type: 'refused', protocol: 'http', peer, file: '', reason: decision.reason, message: `HTTP connection from ${peer} refused: ${decision.why}${suppressedNote(suppressed)}` });
      }
      return;
    }
    slots.set(s, decision.slot);
    sockets.add(s);
    const timer = setTimeout(() => {
      ctx.log(`http ${normalizeAddress(s.remoteAddress ?? '')}:${s.remotePort ?? 0}: no complete request within ${headersTimeoutMs} ms; closed`);
      s.destroy();
    }, headersTimeoutMs);
    waitingForRequest.set(s, timer);
    s.once('close', () => {
      clearTimeout(waitingForRequest.get(s));
      waitingForRequest.delete(s);
      sockets.delete(s);
      slots.get(s)?.release();
      slots.delete(s);
    });
  });
  server.on('request', (req: http.IncomingMessage) => {
    clearTimeout(waitingForRequest.get(req.socket));
    waitingForRequest.delete(req.socket);
    slots.get(req.socket)?.loggedIn();
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new BindError('http', options.bind, options.port, err.code ?? err.message, { cause: err }));
    server.once('error', onError);
    server.listen({ host: options.bind, port: options.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => ctx.log(`http server error: ${err.message}`));
  const bound = server.address() as net.AddressInfo;
  ctx.log(`HTTP listening on ${bound.address}:${bound.port}`);
  let closing: Promise<void> | undefined;
  return {
    protocol: 'http',
    address: bound.address,
    port: bound.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

async function handle(ctx: EngineContext, req: http.IncomingMessage, res: http.ServerResponse, chunkBytes: number): Promise<void> {
  const peer = normalizeAddress(req.socket.remoteAddress ?? '');
  const peerPort = req.socket.remotePort ?? 0;
  const decision = decideRequest(req.method, req.url);
  if (decision.kind === 'reject') {
    const file = printable(req.url ?? '');
    ctx.events.emit({ type: 'refused', protocol: 'http', peer, file, reason: 'protocol', message: decision.why });
    return answer(res, decision.status, decision.allow ? { Allow: decision.allow } : {});
  }
  let grant: ReadGrant;
  try {
    grant = await ctx.access.authorizeRead({ protocol: 'http', peer, name: decision.name });
  } catch (err) {
    if (!(err instanceof AccessDeniedError) && !(err instanceof UnsafeNameError)) {
      ctx.log(`http ${peer}:${peerPort} ${printable(decision.name)}: ${err instanceof Error ? err.message : String(err)}`);
      return answer(res, 500);
    }
    const denied = err instanceof AccessDeniedError ? err : undefined;
    ctx.events.emit({ type: 'refused', protocol: 'http', peer, file: decision.name, reason: denied?.reason ?? 'unsafe-name', message: err.message });
    // Every refusal reads as "not found": a wrong path must not tell a prober that something is there.
    return answer(res, denied?.reason === 'unsafe-name' || !denied ? 400 : 404);
  }
  const info = await stat(grant.path).catch(() => undefined);
  if (!info) {
    grant.release(false);
    return answer(res, 404);
  }
  const size = grant.sizeBytes;
  const lastModified = new Date(info.mtimeMs);
  const etag = entityTag(size, info.mtimeMs);
  const range = ifRangeHolds(header(req, 'if-range'), etag, lastModified) ? decideRange(header(req, 'range'), size) : { kind: 'whole' as const };
  const base = { ...commonHeaders, 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes', 'Last-Modified': lastModified.toUTCString(), ETag: etag };
  if (range.kind === 'unsatisfiable') {
    grant.release(false);
    return answer(res, 416, { 'Content-Range': `bytes */${size}` });
  }
  const start = range.kind === 'part' ? range.start : 0;
  const end = range.kind === 'part' ? range.end : size - 1;
  const length = Math.max(0, end - start + 1);
  const headers = { ...base, 'Content-Length': String(length), ...(range.kind === 'part' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) };
  if (decision.method === 'HEAD') {
    // Not a transfer: the offer's use is given back.
    grant.release(false);
    res.writeHead(range.kind === 'part' ? 206 : 200, headers);
    res.end();
    return;
  }
  const tracker = ctx.track({
    protocol: 'http',
    peer,
    peerPort,
    file: decision.name,
    localPath: grant.path,
    direction: 'to-peer',
    ...(grant.offerId ? { offerId: grant.offerId } : {}),
    totalBytes: length,
    options: range.kind === 'part' ? { range: `bytes=${start}-${end}` } : {},
  });
  res.writeHead(range.kind === 'part' ? 206 : 200, headers);
  await send(ctx, res, grant, tracker, { start, end, size, chunkBytes });
}

/** Streams bytes start..end with backpressure; settles the transfer and the grant exactly once. */
async function send(ctx: EngineContext, res: http.ServerResponse, grant: ReadGrant, tracker: TransferTracker, r: { start: number; end: number; size: number; chunkBytes: number }): Promise<void> {
  let source: DownloadSource | undefined;
  let sent = 0;
  let closed = false;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  const onAbort = () => res.destroy(tracker.signal.reason instanceof Error ? tracker.signal.reason : new Error('aborted'));
  tracker.signal.addEventListener('abort', onAbort, { once: true });
  try {
    source = await DownloadSource.open(grant.path, ctx.digestCache);
    const opened = source;
    // One read ahead of the socket: the next chunk is read while the last one is being sent, so the
    // socket never waits for the disk (sequential read-then-write halved throughput on loopback).
    const readAt = (at: number): Promise<{ buf: Buffer; n: number }> => {
      // A fresh buffer each step: a written chunk stays queued in the socket until it is sent.
      const buf = Buffer.allocUnsafe(Math.min(r.chunkBytes, r.end - at + 1));
      return opened.readInto(buf, at).then((n) => ({ buf, n }));
    };
    let pos = r.start;
    let next = pos <= r.end ? readAt(pos) : undefined;
    while (next) {
      const { buf, n } = await next;
      if (closed || res.destroyed) throw new Error(tracker.signal.aborted ? 'the transfer was cancelled' : 'the peer closed the connection');
      if (n === 0) throw new Error('the file got shorter while it was sent');
      next = pos + n <= r.end ? readAt(pos + n) : undefined;
      // A read ahead that fails after the peer left must not become an unhandled rejection.
      next?.catch(() => undefined);
      const ok = res.write(n === buf.length ? buf : buf.subarray(0, n));
      source.markSent(pos, n);
      pos += n;
      sent += n;
      tracker.progress(sent);
      if (!ok) await drained(res);
    }
    await new Promise<void>((resolve, reject) => {
      res.end(() => resolve());
      res.once('close', () => (res.writableFinished ? resolve() : reject(new Error('the peer closed the connection'))));
    });
    const whole = r.start === 0 && r.end === r.size - 1;
    const digests = whole ? await source.digests() : undefined;
    tracker.finish(sent, digests);
    // The offer is used up once its file has gone out to the last byte; a partial range gives the use back.
    grant.release(r.end === r.size - 1);
  } catch (err) {
    res.destroy();
    tracker.fail(sent, err instanceof Error ? err : new Error(String(err)));
    grant.release(false);
  } finally {
    tracker.signal.removeEventListener('abort', onAbort);
    res.off('close', onClose);
    await source?.close();
  }
}

function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', gone);
      resolve();
    };
    const gone = () => {
      res.off('drain', done);
      reject(new Error('the peer closed the connection'));
    };
    res.once('drain', done);
    res.once('close', gone);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function answer(res: http.ServerResponse, status: number, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...commonHeaders, 'Content-Length': '0', ...extra });
  res.end();
}
