// The lab's FTP client, on basic-ftp: log in, TYPE I, PASV, RETR/STOR — what IOS sends for
// `copy ftp: flash:` and `copy flash: ftp:`. Bytes stream through a counting pass-through (exact
// progress and totals); replies and socket failures become ClientErrors with IOS's wording.
import { Client, enterPassiveModeIPv4, FTPError } from 'basic-ftp';
import { finished, pipeline, Transform, type Readable, type Writable } from 'node:stream';
import { abortedError, ClientError, fromSystemError, iosCauses, kindFromText, type ClientErrorKind, type ErrorSite } from './errors';
import type { FtpOptions, TransferResult } from './options';

const defaultTimeoutMs = 30_000;

/** Reads `o.file` (relative to the login directory) into `out`: ended and flushed on success, destroyed on failure. */
export async function ftpDownload(o: FtpOptions, out: Writable): Promise<TransferResult> {
  const counter = byteCounter(o.onProgress);
  let sinkError: Error | undefined;
  return withClient(o, async (client) => {
    pipeline(counter, out, (err) => {
      // A failing sink (simulated flash full) must stop the transfer, not just the pipe.
      if (err) {
        sinkError = err;
        client.close();
      }
    });
    try {
      await client.downloadTo(counter, o.file);
    } catch (err) {
      counter.destroy(); // tears the pipe down: `out` is destroyed, its partial content is not an image
      throw sinkError ?? err;
    }
    await new Promise<void>((resolve, reject) => finished(out, { readable: false }, (err) => (err ? reject(err) : resolve())));
    return { bytes: counter.bytes };
  });
}

/** Stores `input` as `o.file` on the server. */
export async function ftpUpload(o: FtpOptions, input: Readable): Promise<TransferResult> {
  const counter = byteCounter(o.onProgress);
  let sourceError: Error | undefined;
  return withClient(o, async (client) => {
    pipeline(input, counter, (err) => {
      if (err) {
        sourceError = err;
        client.close();
      }
    });
    try {
      await client.uploadFrom(counter, o.file);
    } catch (err) {
      counter.destroy(); // releases the source (an open file) too
      throw sourceError ?? err;
    }
    return { bytes: counter.bytes };
  });
}

async function withClient(o: FtpOptions, transfer: (client: Client) => Promise<TransferResult>): Promise<TransferResult> {
  const site: ErrorSite = { protocol: 'ftp', host: o.host, file: o.file };
  if (o.signal?.aborted) throw abortedError(site, o.signal);
  const client = new Client(o.timeoutMs ?? defaultTimeoutMs);
  // IOS asks for PASV (IPv4) on the control connection's host; basic-ftp has no active mode, so
  // `passive: false` is served the same way (IOS's default also allows passive).
  client.prepareTransfer = enterPassiveModeIPv4;
  const onAbort = () => client.close();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect(o.host, o.port);
    await client.login(o.user, o.password);
    await client.send('TYPE I'); // images are binary
    return await transfer(client);
  } catch (err) {
    if (o.signal?.aborted) throw abortedError(site, o.signal);
    throw ftpError(site, err);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    client.close();
  }
}

/** Maps an FTP reply or a socket failure to what IOS prints. */
export function ftpError(site: ErrorSite, err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  if (err instanceof FTPError) {
    const text = err.message.trim();
    const kind = replyKind(err.code, text);
    return new ClientError('ftp', site.host, site.file, kind, iosCauses[kind], text, { cause: err });
  }
  if (err instanceof Error && /^Timeout\b/.test(err.message)) {
    return new ClientError('ftp', site.host, site.file, 'timeout', iosCauses.timeout, err.message, { cause: err });
  }
  return fromSystemError(site, err);
}

function replyKind(code: number, text: string): ClientErrorKind {
  switch (code) {
    case 421: // service not available, closing control connection
      return 'refused';
    case 530: // not logged in
    case 532:
      return 'access-denied';
    case 452: // insufficient storage
    case 552: // exceeded storage allocation
      return 'disk-full';
    case 553: // file name not allowed (vsftpd: "Could not create file.")
      return kindFromText(text) ?? 'access-denied';
    case 550: // file unavailable: vsftpd says "Failed to open file." for a missing one
    case 450:
      return kindFromText(text) ?? 'not-found';
    default:
      return kindFromText(text) ?? 'protocol';
  }
}

type Counter = Transform & { bytes: number };

function byteCounter(onProgress?: (bytes: number) => void): Counter {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      onProgress?.(counter.bytes);
      callback(null, chunk);
    },
  }) as Counter;
  counter.bytes = 0;
  return counter;
}
