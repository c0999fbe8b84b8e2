// Random-access reads of a served file (TFTP resends blocks; FTP REST starts mid-file) with the
// digest of what was actually sent, fed in order and hashed off the event loop — or, for a file
// sent whole before and unchanged since, the digest remembered then. Opened once per transfer;
// memory stays flat.
import { type FileHandle, open } from 'node:fs/promises';
import type { Digests } from './digest';
import { DigestCache } from './digest-cache';
import { OffThreadDigest } from './digest-worker';

export class DownloadSource {
  private readonly digest = new OffThreadDigest();
  private closed = false;
  /** Bytes sent in order from the start (retransmissions and gaps do not move it). */
  private sentUpTo = 0;

  private constructor(
    readonly path: string,
    readonly sizeBytes: number,
    private readonly handle: FileHandle,
    private readonly cache: DigestCache | undefined,
    /** Identity of the opened file's content (device, inode, size, mtime, ctime). */
    private readonly key: string,
    /** Its digests, when a whole send of this very content was hashed before. */
    private readonly known: Digests | undefined,
  ) {}

  static async open(filePath: string, cache?: DigestCache): Promise<DownloadSource> {
    const handle = await open(filePath, 'r');
    try {
      const info = await handle.stat({ bigint: true });
      const key = DigestCache.keyOf(info);
      return new DownloadSource(filePath, Number(info.size), handle, cache, key, cache?.get(key));
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * Reads into the caller's buffer (reused across reads, so a fast transfer makes no garbage);
   * returns the bytes read, fewer only at the end of the file.
   */
  async readInto(target: Buffer, position: number): Promise<number> {
    const want = Math.max(0, Math.min(target.length, this.sizeBytes - position));
    let got = 0;
    while (got < want) {
      const r = await this.handle.read(target, got, want - got, position + got);
      if (r.bytesRead === 0) break;
      got += r.bytesRead;
    }
    return got;
  }

  /** Records bytes as sent; repeats (retransmissions) are ignored. A transfer that starts mid-file (REST) has no whole-file digest. */
  markSent(position: number, chunk: Uint8Array): void {
    if (this.closed || position > this.sentUpTo) return;
    this.sentUpTo = Math.max(this.sentUpTo, position + chunk.length);
    if (!this.known) this.digest.updateAt(position, chunk);
  }

  get sentBytes(): number {
    return this.sentUpTo;
  }

  /** A promise while hashing lags far behind sending: wait on it before reading further ahead. */
  caughtUp(): Promise<void> | undefined {
    return this.digest.caughtUp();
  }

  /**
   * Digest of the whole file when every byte went out in order, else undefined. A remembered digest
   * counts only if the file is still the same at the end; a computed one is remembered only then.
   */
  async digests(): Promise<Digests | undefined> {
    const whole = this.sentUpTo === this.sizeBytes;
    if (this.known || !whole) {
      this.digest.dispose();
      return whole && (await this.unchanged()) ? this.known : undefined;
    }
    // Ends the stream now, before any close() could drop it.
    const computed = this.digest.digest();
    computed.catch(() => undefined);
    const unchanged = await this.unchanged();
    const d = await computed;
    if (unchanged) this.cache?.set(this.key, d);
    return d;
  }

  private async unchanged(): Promise<boolean> {
    return (await DigestCache.fileKey(this.path)) === this.key;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.digest.dispose();
    await this.handle.close().catch(() => undefined);
  }
}
