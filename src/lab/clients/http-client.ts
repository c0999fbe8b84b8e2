// The lab's HTTP client: what the simulated IOS `copy http://host:port/path flash:` does on the wire —
// one GET with Node's http client, the body streamed into the flash writer with exact progress, the
// status and socket failures turned into ClientErrors with IOS's wording. No uploads: what IOS sends
// for `copy … http://` is not confirmed (see README), so the lab does not pretend to know.
import http from 'node:http';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { abortedError, ClientError, type ErrorSite, fromSystemError, iosCauses } from './errors';
import type { HttpOptions, TransferResult } from './options';

const defaultTimeoutMs = 30_000;

/** Reads `o.file` (the URL's path, without the leading slash) into `out`: ended and flushed on success, destroyed on failure. */
export async function httpDownload(o: HttpOptions, out: Writable): Promise<TransferResult> {
  const site: ErrorSite = { protocol: 'http', host: o.host, file: o.file };
  if (o.signal?.aborted) throw abortedError(site, o.signal);
  const path = `/${o.file.split('/').map(encodeURIComponent).join('/')}`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      o.onProgress?.(bytes);
      cb(null, chunk);
    },
  });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    // No agent: one connection per copy, as IOS opens one.
    const req = http.get({ host: o.host, port: o.port, path, agent: false, headers: { 'User-Agent': 'cisco-IOS' }, ...(o.signal ? { signal: o.signal } : {}) }, resolve);
    req.setTimeout(o.timeoutMs ?? defaultTimeoutMs, () => req.destroy(new ClientError('http', o.host, o.file, 'timeout')));
    req.on('error', reject);
  }).catch((err: unknown) => {
    out.destroy();
    if (o.signal?.aborted) throw abortedError(site, o.signal);
    throw fromSystemError(site, err);
  });
  if (res.statusCode !== 200) {
    res.resume();
    out.destroy();
    const kind = res.statusCode === 404 || res.statusCode === 410 ? 'not-found' : res.statusCode === 401 || res.statusCode === 403 ? 'access-denied' : 'protocol';
    throw new ClientError('http', o.host, o.file, kind, iosCauses[kind], `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
  }
  const expected = Number(res.headers['content-length'] ?? NaN);
  res.setTimeout(o.timeoutMs ?? defaultTimeoutMs, () => res.destroy(new ClientError('http', o.host, o.file, 'timeout')));
  try {
    await pipeline(res, counter, out);
  } catch (err) {
    if (o.signal?.aborted) throw abortedError(site, o.signal);
    throw fromSystemError(site, err);
  }
  if (Number.isFinite(expected) && bytes !== expected) throw new ClientError('http', o.host, o.file, 'io', iosCauses.io, `${bytes} of ${expected} bytes arrived`);
  return { bytes };
}
