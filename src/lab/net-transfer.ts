// The network half of the simulated `copy`: runs the lab's TFTP/FTP/RCP client against the
// loopback port standing for 69/21/514 (HTTP: the URL's port), draws IOS's progress (`Loading … !!!!`), applies the
// device's faults (slow link, dropped session, TFTP timeout, full flash, wrong checksum) and
// prints the closing lines (`[OK - N bytes]`, `N bytes copied in …`, `%Error … (cause)`).
import { Transform, Writable, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ClientError, ftpDownload, ftpUpload, httpDownload, rcpDownload, rcpUpload, tftpDownload, tftpUpload } from './clients';
import { type NetProtocol, urlText } from './copy-endpoints';
import type { DeviceState } from './device-state';
import { FlashFullError, type SimFileSystem } from './flash';
import type { Shell } from './shell';

export interface NetTarget {
  protocol: NetProtocol;
  host: string;
  /** HTTP: the URL's port (default 80). */
  port?: number;
  path: string;
  user?: string;
  password?: string;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The lab only ever talks to loopback; any other host behaves as unreachable. */
function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '::1';
}

/** A pass-through that counts, sums (Class B checksum) and, on the slow-link fault, paces the bytes. */
function tap(bytesPerSecond: number | undefined): Transform & { checksum: () => number } {
  const started = Date.now();
  let passed = 0;
  let sum = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      for (let i = 0; i < chunk.length; i++) sum = (sum + chunk[i]) & 0xffff;
      passed += chunk.length;
      if (!bytesPerSecond) return cb(null, chunk);
      const wait = Math.max(0, started + (passed / bytesPerSecond) * 1000 - Date.now());
      setTimeout(() => cb(null, chunk), wait);
    },
  }) as Transform & { checksum: () => number };
  t.checksum = () => sum;
  return t;
}

/** Progress marks: `!` for the first data and then every 10 packets (TFTP) or 10 × 4 KiB (FTP/RCP). */
function marker(shell: Shell, bytesPerMark: number): (bytes: number) => void {
  let shown = 0;
  return (bytes) => {
    const due = bytes > 0 ? 1 + Math.floor(bytes / bytesPerMark) : 0;
    if (due > shown) {
      shell.term.write('!'.repeat(due - shown));
      shown = due;
    }
  };
}

function credentials(dev: DeviceState, target: NetTarget): { user: string; password: string } {
  const r = dev.running;
  const user = target.user ?? r.ftpUsername ?? 'anonymous';
  const password = target.password ?? r.ftpPassword ?? `${user}@${r.hostname.toLowerCase()}.lab.example`;
  return { user, password };
}

/** Watches a copy for the session going away and for the drop-after-N-bytes fault. */
function guard(shell: Shell): { signal: AbortSignal; check: (bytes: number) => void; dispose: () => void } {
  const ac = new AbortController();
  const limit = shell.dev.faults.dropSessionAfterBytes;
  const poll = setInterval(() => shell.term.isClosed && ac.abort(), 200);
  return {
    signal: ac.signal,
    check: (bytes) => {
      if (limit !== undefined && bytes >= limit && !ac.signal.aborted) {
        shell.drop();
        ac.abort();
      }
      if (shell.term.isClosed) ac.abort();
    },
    dispose: () => clearInterval(poll),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the protocol's download client for `target` into `out` (the same wire exchange for a load and for an open). */
function fetchInto(dev: DeviceState, target: NetTarget, out: Writable, signal: AbortSignal, onProgress: (bytes: number) => void): Promise<{ bytes: number }> {
  const { ports } = dev;
  const base = { host: target.host, signal, onProgress, file: target.path };
  if (target.protocol === 'tftp') return tftpDownload({ ...base, port: ports.tftp, blksize: dev.running.tftpBlocksize }, out);
  if (target.protocol === 'ftp') return ftpDownload({ ...base, port: ports.ftp, ...credentials(dev, target), passive: dev.running.ftpPassive }, out);
  if (target.protocol === 'http') return httpDownload({ ...base, port: target.port ?? 80 }, out);
  return rcpDownload({ ...base, port: ports.rcp, localUser: dev.running.hostname, remoteUser: target.user ?? dev.running.hostname, privilegedPort: isRoot }, out);
}

/**
 * Opens the source the way IOS does before it asks to erase Class B flash: the request goes out and
 * the first data (or the server's refusal) comes back, then the transfer is abandoned. A missing
 * file or an unreachable server is reported as `%Error opening … (cause)` and nothing is touched.
 * The abandoned transfer ends with an error to the server (TFTP ERROR, FTP/RCP close), so a server
 * that allows one use per file gives that use back.
 */
export async function openSource(shell: Shell, target: NetTarget, url: string): Promise<boolean> {
  if ((target.protocol === 'tftp' && shell.dev.faults.tftpTimeout) || !isLoopback(target.host)) {
    await sleep(1000);
    shell.term.write(`%Error opening ${url} (Timed out)\n`);
    return false;
  }
  const opened = new AbortController();
  const closed = setInterval(() => shell.term.isClosed && opened.abort(), 200);
  let gotData = false;
  const sink = new Writable({
    write(_chunk, _enc, cb) {
      gotData = true;
      opened.abort();
      cb();
    },
  });
  try {
    await fetchInto(shell.dev, target, sink, opened.signal, () => undefined);
    return true; // an empty file: opened and read whole
  } catch (err) {
    if (gotData) return true;
    if (shell.term.isClosed) return false;
    const cause = err instanceof ClientError ? err.iosCause : (err as Error).message;
    shell.term.write(`%Error opening ${url} (${cause})\n`);
    return false;
  } finally {
    clearInterval(closed);
  }
}

/** The result of a load that prints nothing itself (the boot ROM image's copy keeps its own log). */
export type QuietLoad = { ok: true; bytes: number; checksum: number; elapsedMs: number } | { ok: false; cause: string; bytes: number };

/**
 * Loads `target` into `fs` as `name` without a terminal: what the boot ROM image does for the Flash
 * Load Helper. The slow-link and wrong-checksum faults apply; the file appears only when complete.
 */
export async function loadQuietly(dev: DeviceState, target: NetTarget, fs: SimFileSystem, name: string, signal: AbortSignal): Promise<QuietLoad> {
  if ((target.protocol === 'tftp' && dev.faults.tftpTimeout) || !isLoopback(target.host)) {
    await sleep(1000);
    return { ok: false, cause: 'Timed out', bytes: 0 };
  }
  const writer = fs.createWriter(name, dev.faults.outOfSpace ? 0 : undefined);
  let sinkError: Error | undefined;
  writer.stream.on('error', (err) => (sinkError ??= err));
  const pass = tap(dev.faults.bytesPerSecond);
  const piped = pipeline(pass, writer.stream).catch((err: Error) => (sinkError ??= err));
  const t0 = performance.now();
  let moved = 0;
  try {
    const { bytes } = await fetchInto(dev, target, pass, signal, (n) => (moved = n));
    await piped;
    if (sinkError) throw sinkError;
    writer.commit();
    if (dev.faults.wrongChecksum) fs.corrupt(name);
    return { ok: true, bytes, checksum: pass.checksum(), elapsedMs: performance.now() - t0 };
  } catch (err) {
    pass.destroy();
    writer.abort();
    const full = sinkError instanceof FlashFullError || (err instanceof ClientError && err.kind === 'disk-full');
    return { ok: false, cause: full ? 'Not enough space on device' : err instanceof ClientError ? err.iosCause : (err as Error).message, bytes: moved };
  }
}

export async function download(shell: Shell, target: NetTarget, fs: SimFileSystem, name: string, url: string): Promise<boolean> {
  const dev = shell.dev;
  const { faults } = dev;
  const blksize = dev.running.tftpBlocksize;
  if ((target.protocol === 'tftp' && faults.tftpTimeout) || !isLoopback(target.host)) {
    await sleep(1000);
    shell.term.write(`%Error opening ${url} (Timed out)\n`);
    return false;
  }
  const writer = fs.createWriter(name, faults.outOfSpace ? 0 : undefined);
  let sinkError: Error | undefined;
  writer.stream.on('error', (err) => (sinkError ??= err));
  const pass = tap(faults.bytesPerSecond);
  const piped = pipeline(pass, writer.stream).catch((err: Error) => (sinkError ??= err));
  const g = guard(shell);
  // HTTP names the whole URL (3850 capture, fixtures/iosxe/57); FTP and RCP the path.
  const loading =
    target.protocol === 'tftp'
      ? `Loading ${target.path} from ${target.host} (via ${dev.profile.interface}): `
      : target.protocol === 'http'
        ? `Loading ${urlText('http', target.host, target.path, undefined, target.port)} `
        : `Loading ${target.path} `;
  let started = false;
  const mark = marker(shell, target.protocol === 'tftp' ? 10 * (blksize ?? 512) : 10 * 4096);
  const onProgress = (bytes: number) => {
    if (!started) {
      shell.term.write(loading);
      started = true;
    }
    mark(bytes);
    g.check(bytes);
  };
  const t0 = performance.now();
  let bytes = 0;
  try {
    bytes = (await fetchInto(dev, target, pass, g.signal, onProgress)).bytes;
    await piped;
    if (sinkError) throw sinkError;
    await finished(writer.stream).catch(() => undefined);
    if (!started) shell.term.write(`${loading}!`);
  } catch (err) {
    g.dispose();
    pass.destroy();
    writer.abort();
    if (g.signal.aborted) return false;
    const full = sinkError instanceof FlashFullError || (err instanceof ClientError && err.kind === 'disk-full');
    const cause = full ? 'Not enough space on device' : err instanceof ClientError ? err.iosCause : (err as Error).message;
    const timedOut = err instanceof ClientError && err.kind === 'timeout';
    // IOS finds out only once loading has begun (field notice fn13000: the error follows the first `!`).
    if (full) shell.term.write(`${started ? '' : `${loading}!`}\n%Error copying ${url} (${cause})\n`);
    else if (started) shell.term.write(`${timedOut ? '\n[timed out]' : ''}\n%Error reading ${url} (${cause})\n`);
    else shell.term.write(`%Error opening ${url} (${cause})\n`);
    return false;
  }
  g.dispose();
  writer.commit();
  if (faults.wrongChecksum) fs.corrupt(name);
  // HTTP's closing line is not in any capture: the lab prints FTP's, the other TCP network file system.
  const ok = target.protocol === 'ftp' || target.protocol === 'http' ? `[OK - ${bytes}/4096 bytes]` : `[OK - ${bytes} bytes]`;
  shell.term.write(`\n${ok}\n`);
  if (fs.classB) shell.term.write(`\nVerifying checksum...  OK (0x${pass.checksum().toString(16).toUpperCase().padStart(4, '0')})\n`);
  shell.term.write(`\n${copiedLine(bytes, performance.now() - t0)}\n`);
  return true;
}

export async function upload(shell: Shell, target: NetTarget, input: () => Readable, sizeBytes: number): Promise<void> {
  const dev = shell.dev;
  const { faults, ports } = dev;
  const blksize = dev.running.tftpBlocksize;
  const url = urlText(target.protocol, target.host, target.path, undefined, target.port);
  if ((target.protocol === 'tftp' && faults.tftpTimeout) || !isLoopback(target.host)) {
    await sleep(1000);
    shell.term.write(`%Error opening ${url} (Timed out)\n`);
    return;
  }
  if (target.protocol === 'http') {
    // What IOS sends to an HTTP server for `copy … http://` is not confirmed (README): not simulated.
    shell.term.write(`%Error opening ${url} (the simulated lab does not upload over HTTP)\n`);
    return;
  }
  const g = guard(shell);
  const mark = marker(shell, target.protocol === 'tftp' ? 10 * (blksize ?? 512) : 10 * 4096);
  let started = false;
  const onProgress = (bytes: number) => {
    started = true;
    mark(bytes);
    g.check(bytes);
  };
  const source = input();
  const pass = tap(faults.bytesPerSecond);
  source.pipe(pass);
  source.on('error', (err) => pass.destroy(err));
  const t0 = performance.now();
  let bytes = 0;
  try {
    const base = { host: target.host, signal: g.signal, onProgress, file: target.path };
    if (target.protocol === 'tftp') bytes = (await tftpUpload({ ...base, port: ports.tftp, blksize }, pass, sizeBytes)).bytes;
    else if (target.protocol === 'ftp') bytes = (await ftpUpload({ ...base, port: ports.ftp, ...credentials(dev, target), passive: dev.running.ftpPassive }, pass)).bytes;
    else if (target.protocol === 'rcp') bytes = (await rcpUpload({ ...base, port: ports.rcp, localUser: dev.running.hostname, remoteUser: target.user ?? dev.running.hostname, privilegedPort: isRoot }, pass, sizeBytes)).bytes;
    if (!started || bytes === 0) shell.term.write('!');
  } catch (err) {
    source.destroy();
    pass.destroy();
    g.dispose();
    if (g.signal.aborted) return;
    const cause = err instanceof ClientError ? err.iosCause : (err as Error).message;
    shell.term.write(`${started ? '\n' : ''}%Error ${started ? 'writing' : 'opening'} ${url} (${cause})\n`);
    return;
  }
  g.dispose();
  shell.term.write(`\n${copiedLine(bytes, performance.now() - t0)}\n`);
}

/** `N bytes copied in S.SSS secs (R bytes/sec)`. */
export function copiedLine(bytes: number, elapsedMs: number): string {
  const secs = Math.max(elapsedMs, 1) / 1000;
  return `${bytes} bytes copied in ${secs.toFixed(3)} secs (${Math.floor(bytes / secs)} bytes/sec)`;
}
