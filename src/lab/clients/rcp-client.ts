// The lab's RCP client: an rsh connection (from a privileged port when asked and allowed, as BSD
// rshd demands) running `rcp -f FILE` / `rcp -t FILE` on the server, then the rcp source/sink
// dialogue, streaming the file with back-pressure. This is what the simulated `copy rcp:` does.
import net from 'node:net';
import path from 'node:path';
import { finished, type Readable, type Writable } from 'node:stream';
import { ChunkReader } from './chunk-reader';
import { abortedError, ClientError, fromSystemError, iosCauses, kindFromText, type ClientErrorKind, type ErrorSite } from './errors';
import type { RcpOptions, TransferResult } from './options';
import { decodeControlRecord, encodeFileRecord, encodeRshRequest, maxControlLineBytes, rcpCommand } from './rcp-codec';

const defaultTimeoutMs = 30_000;
/** rshd accepts clients only from ports 512–1023 (rresvport range). */
const privilegedPorts = { first: 1023, last: 512 };

/** Reads `o.file` (relative to the remote user's home) into `out`: ended and flushed on success, destroyed on failure. */
export function rcpDownload(o: RcpOptions, out: Writable): Promise<TransferResult> {
  // A failing sink (simulated flash full) is remembered and reported, never left unhandled.
  let sinkError: Error | undefined;
  const onSinkError = (err: Error) => (sinkError ??= err);
  out.on('error', onSinkError);
  const result = withConnection(o, 'download', async (link) => {
    await link.expectStatus('rsh');
    await link.write(Buffer.from([0])); // the sink speaks first: "ready"
    for (;;) {
      const line = await link.readLine();
      const record = decodeControlRecord(line);
      switch (record.type) {
        case 'times':
          await link.write(Buffer.from([0])); // tolerated (a server run with -p); the times are not kept
          continue;
        case 'message':
          throw link.peerError(record.text);
        case 'directory':
        case 'end-directory':
          throw link.error('protocol', `'${o.file}' is a directory on the server`);
        case 'invalid':
          // e.g. rsh-redone's "Authentication failure" after its NUL byte
          throw link.peerError(record.text);
        case 'file': {
          await link.write(Buffer.from([0]));
          await link.copyTo(out, record.sizeBytes, () => sinkError);
          await link.expectStatus('data'); // the source's verdict on its own read
          await link.write(Buffer.from([0]));
          link.end();
          out.end();
          await new Promise<void>((resolve, reject) => finished(out, { readable: false }, (err) => (err ? reject(err) : resolve())));
          return { bytes: record.sizeBytes };
        }
      }
    }
  });
  return result.then(
    (done) => {
      out.off('error', onSinkError);
      return done;
    },
    (err: unknown) => {
      out.destroy(); // partial content is not an image
      out.off('error', onSinkError);
      throw err;
    },
  );
}

/** Sends `sizeBytes` bytes of `input` as `o.file` (relative to the remote user's home), mode 0644 unless given; `input` is closed afterwards. */
export function rcpUpload(o: RcpOptions, input: Readable, sizeBytes: number, mode = 0o644): Promise<TransferResult> {
  return withConnection(o, 'upload', async (link) => {
    await link.expectStatus('rsh');
    await link.expectStatus('sink ready');
    await link.write(encodeFileRecord(mode, sizeBytes, path.posix.basename(o.file)));
    await link.expectStatus('file record');
    await link.copyFrom(input, sizeBytes);
    await link.write(Buffer.from([0])); // our read went fine
    await link.expectStatus('data'); // the sink's verdict: written (or e.g. no space left)
    link.end();
    return { bytes: sizeBytes };
  }).finally(() => input.destroy());
}

async function withConnection(o: RcpOptions, direction: 'download' | 'upload', dialogue: (link: RcpLink) => Promise<TransferResult>): Promise<TransferResult> {
  const site: ErrorSite = { protocol: 'rcp', host: o.host, file: o.file };
  if (o.signal?.aborted) throw abortedError(site, o.signal);
  let socket: net.Socket | undefined;
  let link: RcpLink | undefined;
  const onAbort = () => socket?.destroy();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    socket = await connect(o, site);
    if (o.signal?.aborted) throw abortedError(site, o.signal);
    const timeoutMs = o.timeoutMs ?? defaultTimeoutMs;
    socket.setTimeout(timeoutMs, () => socket?.destroy(Object.assign(new Error(`no data from the rsh server for ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    link = new RcpLink(socket, site, o.onProgress);
    await link.write(encodeRshRequest(o.localUser, o.remoteUser, rcpCommand(direction, o.file)));
    return await dialogue(link);
  } catch (err) {
    if (o.signal?.aborted) throw abortedError(site, o.signal);
    // rshd exits without reading our request when it will not serve us: the kernel answers with a reset.
    const code = (err as { code?: string } | null)?.code;
    if (link && !link.rshAccepted && (code === 'ECONNRESET' || code === 'EPIPE')) throw link.refusedByRshd(err);
    throw fromSystemError(site, err);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    socket?.destroy();
  }
}

/** Connects, from a reserved port (1023 down to 512, skipping busy ones) when asked and we are root. */
async function connect(o: RcpOptions, site: ErrorSite): Promise<net.Socket> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!o.privilegedPort || !root) return connectFrom(o.host, o.port);
  for (let localPort = privilegedPorts.first; localPort >= privilegedPorts.last; localPort--) {
    try {
      return await connectFrom(o.host, o.port, localPort);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL') throw err;
    }
  }
  throw new ClientError('rcp', site.host, site.file, 'io', iosCauses.io, 'no free privileged port (512–1023)');
}

function connectFrom(host: string, port: number, localPort?: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, ...(localPort === undefined ? {} : { localPort }) });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** One rsh connection carrying the rcp dialogue: reads, writes with back-pressure, error wording. */
class RcpLink {
  private readonly reader: ChunkReader;
  /** Set once rshd sent its NUL: from then on a hang-up is the rcp dialogue's failure, not a refusal. */
  rshAccepted = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly site: ErrorSite,
    private readonly onProgress?: (bytes: number) => void,
  ) {
    this.reader = new ChunkReader(socket);
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  end(): void {
    this.socket.end();
  }

  async readLine(): Promise<Buffer> {
    const line = await this.reader.readUntil(0x0a, maxControlLineBytes).catch((err: unknown) => {
      throw err instanceof RangeError ? this.error('protocol', err.message) : err;
    });
    if (line === undefined) throw this.closed();
    return line;
  }

  /** One status byte: 0 is fine; 1/2 carry a message line; anything else is a complaint line. */
  async expectStatus(stage: string): Promise<void> {
    const status = await this.reader.read(1);
    if (status.length === 0) throw stage === 'rsh' ? this.refusedByRshd() : this.closed();
    if (status[0] === 0) {
      if (stage === 'rsh') this.rshAccepted = true;
      return;
    }
    const rest = await this.reader.readUntil(0x0a, maxControlLineBytes).catch(() => undefined);
    const text = status[0] === 1 || status[0] === 2 ? (rest?.toString('utf8') ?? '') : Buffer.concat([status, rest ?? Buffer.alloc(0)]).toString('utf8');
    throw this.peerError(text, stage === 'rsh' ? 'access-denied' : 'protocol');
  }

  /** Streams exactly `sizeBytes` from the connection into `out`, pausing while `out` is full. */
  async copyTo(out: Writable, sizeBytes: number, sinkFailure: () => Error | undefined): Promise<void> {
    let done = 0;
    while (done < sizeBytes) {
      const failed = sinkFailure();
      if (failed) throw failed;
      const chunk = await this.reader.read(Math.min(sizeBytes - done, 1 << 16));
      if (chunk.length === 0) throw this.closed();
      done += chunk.length;
      if (!out.write(chunk)) await drained(out);
      this.onProgress?.(done);
    }
  }

  /** Streams exactly `sizeBytes` of `input` onto the connection. */
  async copyFrom(input: Readable, sizeBytes: number): Promise<void> {
    const source = new ChunkReader(input);
    let done = 0;
    while (done < sizeBytes) {
      const chunk = await source.read(Math.min(sizeBytes - done, 1 << 16));
      if (chunk.length === 0) throw this.error('io', `the source ended after ${done} of ${sizeBytes} bytes`);
      done += chunk.length;
      if (!this.socket.write(chunk)) await drained(this.socket);
      this.onProgress?.(done);
    }
  }

  error(kind: ClientErrorKind, detail: string): ClientError {
    return new ClientError('rcp', this.site.host, this.site.file, kind, iosCauses[kind], detail);
  }

  /** The server's own words (`rcp: x: No such file or directory`) classified by the errno text. */
  peerError(text: string, fallback: ClientErrorKind = 'protocol'): ClientError {
    const trimmed = text.trimEnd();
    return this.error(kindFromText(trimmed) ?? fallback, trimmed);
  }

  private closed(): ClientError {
    return this.error('protocol', 'the server closed the connection in mid-dialogue');
  }

  /** BSD rshd just hangs up on a client it will not serve (unprivileged port, unknown host). */
  refusedByRshd(cause?: unknown): ClientError {
    const detail = 'the rsh server closed the connection without answering (is the client port privileged and the host trusted?)';
    return new ClientError('rcp', this.site.host, this.site.file, 'access-denied', iosCauses['access-denied'], detail, { cause });
  }
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('error', onError);
      stream.off('close', onClose);
      resolve();
    };
    const onError = (err: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      reject(err);
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      reject(Object.assign(new Error('stream closed while waiting to write'), { code: 'ERR_STREAM_DESTROYED' }));
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}
