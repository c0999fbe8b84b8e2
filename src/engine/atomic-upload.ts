// Writes an upload to a temporary file beside its destination and links it into place only when
// complete, so a half-received image is never presented as a file, and nothing is overwritten.
import { randomBytes } from 'node:crypto';
import { type FileHandle, link, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Digests } from './digest';
import { OffThreadDigest } from './digest-worker';
import { EngineError } from './errors';

/** Bytes queued behind the disk before write() makes its caller wait. */
const writeBehindBytes = 4 * 1024 * 1024;

/** What is left of `chunks` after the first `n` bytes were written. */
function unwritten(chunks: Uint8Array[], n: number): Uint8Array[] {
  let i = 0;
  while (i < chunks.length && n >= chunks[i].length) n -= chunks[i++].length;
  if (i === chunks.length) return [];
  return [chunks[i].subarray(n), ...chunks.slice(i + 1)];
}

export interface CompletedUpload extends Digests {
  path: string;
  bytes: number;
}

export class UploadTooLargeError extends EngineError {
  constructor(
    readonly finalPath: string,
    readonly maxBytes: number,
  ) {
    super('E_TOO_LARGE', `upload to ${finalPath} exceeds the limit of ${maxBytes} bytes; the partial file was discarded`);
  }
}

export class DestinationExistsError extends EngineError {
  constructor(readonly finalPath: string) {
    super('E_EXISTS', `${finalPath} already exists; uploads never overwrite, so the received file was discarded`);
  }
}

type State = { kind: 'open'; handle: FileHandle } | { kind: 'committed'; result: CompletedUpload } | { kind: 'aborted' };

export class AtomicUpload {
  private readonly digest = new OffThreadDigest();
  private state: State;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  private written = 0;
  private writing: Promise<void> | undefined;
  private writeError: Error | undefined;

  private constructor(
    readonly finalPath: string,
    readonly tempPath: string,
    readonly maxBytes: number,
    handle: FileHandle,
  ) {
    this.state = { kind: 'open', handle };
  }

  static async begin(finalPath: string, maxBytes: number): Promise<AtomicUpload> {
    const dir = path.dirname(finalPath);
    const tempPath = path.join(dir, `.${path.basename(finalPath)}.${randomBytes(6).toString('hex')}.part`);
    // 'wx': the temporary name is ours alone; mode 0o600 until the file is complete.
    const handle = await open(tempPath, 'wx', 0o600);
    return new AtomicUpload(finalPath, tempPath, maxBytes, handle);
  }

  get bytes(): number {
    return this.digest.hashedBytes;
  }

  /**
   * Appends in order. The bytes are written behind the caller (gathered into one `writev` while the
   * previous write is on disk), so a fast sender is not held to one file-system round trip per
   * chunk; the promise waits only while a few MiB are queued. A failed write is reported by the next
   * write or by commit. Throws UploadTooLargeError (and discards the file) past the limit. The
   * caller must not reuse `chunk` afterwards.
   */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.state.kind !== 'open') throw new EngineError('E_STATE', `upload to ${this.finalPath} is ${this.state.kind}`);
    if (this.writeError) throw this.writeError;
    if (this.bytes + chunk.length > this.maxBytes) {
      await this.abort();
      throw new UploadTooLargeError(this.finalPath, this.maxBytes);
    }
    this.digest.update(chunk);
    this.queued.push(chunk);
    this.queuedBytes += chunk.length;
    this.writing ??= this.writeQueued(this.state.handle);
    if (this.queuedBytes > writeBehindBytes) await this.writing;
    // Hashing is on a shared worker; a sender faster than it waits here, so memory stays flat.
    await this.digest.caughtUp();
    if (this.writeError) throw this.writeError;
  }

  /** Writes whatever is queued, batch after batch, until the queue is empty. */
  private async writeQueued(handle: FileHandle): Promise<void> {
    try {
      while (this.queued.length && !this.writeError) {
        const batch = this.queued;
        this.queued = [];
        this.queuedBytes = 0;
        let position = this.written;
        let rest: Uint8Array[] = batch;
        while (rest.length) {
          const r = await handle.writev(rest, position);
          position += r.bytesWritten;
          rest = unwritten(rest, r.bytesWritten);
        }
        this.written = position;
      }
    } catch (err) {
      this.writeError = err as Error;
    } finally {
      this.writing = undefined;
    }
  }

  /** Flushes, then links the file into place; refuses (and discards) if the destination appeared meanwhile. */
  async commit(): Promise<CompletedUpload> {
    if (this.state.kind === 'committed') return this.state.result;
    if (this.state.kind !== 'open') throw new EngineError('E_STATE', `upload to ${this.finalPath} was aborted`);
    const handle = this.state.handle;
    await this.writing;
    if (this.writeError) throw this.writeError;
    const digests = this.digest.digest();
    // Settled below whatever happens, so a failed commit leaves no unhandled rejection.
    digests.catch(() => undefined);
    await handle.sync();
    // Private while incomplete; an ordinary file (0644 less the umask) once it is whole.
    await handle.chmod(0o644 & ~process.umask());
    await handle.close();
    try {
      await link(this.tempPath, this.finalPath);
      await unlink(this.tempPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        await unlink(this.tempPath).catch(() => undefined);
        this.state = { kind: 'aborted' };
        throw new DestinationExistsError(this.finalPath);
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
      // File systems without hard links: check, then rename (a narrow race, but no silent loss).
      if (await stat(this.finalPath).then(() => true, () => false)) {
        await unlink(this.tempPath).catch(() => undefined);
        this.state = { kind: 'aborted' };
        throw new DestinationExistsError(this.finalPath);
      }
      await rename(this.tempPath, this.finalPath);
    }
    const result: CompletedUpload = { path: this.finalPath, bytes: this.bytes, ...(await digests) };
    this.state = { kind: 'committed', result };
    return result;
  }

  /** Discards the partial file. Idempotent; safe after commit (does nothing then). */
  async abort(): Promise<void> {
    if (this.state.kind !== 'open') return;
    const handle = this.state.handle;
    this.state = { kind: 'aborted' };
    this.digest.dispose();
    this.queued = [];
    await this.writing;
    await handle.close().catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
  }
}
