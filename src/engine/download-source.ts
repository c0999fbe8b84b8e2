// Random-access reads of a served file (TFTP resends blocks; FTP REST starts mid-file) and the
// digest of what was sent: a send that covered every byte in order, of a file unchanged from open to
// end, reports the file's MD5/SHA-256 — remembered from before, or hashed alongside the send by the
// engine's digest cache (a low-priority pass that reads the file itself and is shared by every
// transfer of the same content). Opened once per transfer; memory stays flat.
import { type FileHandle, open } from 'node:fs/promises';
import type { Digests } from './digest';
import { DigestCache, type DigestLease } from './digest-cache';

export class DownloadSource {
  private closed = false;
  /** Bytes sent in order from the start (retransmissions and gaps do not move it). */
  private sentUpTo = 0;
  /** Taken when a send from byte 0 begins, so hashing runs while the bytes go out. */
  private lease: DigestLease | undefined;

  private constructor(
    readonly path: string,
    readonly sizeBytes: number,
    private readonly handle: FileHandle,
    /** None in a TFTP transfer worker: the main thread's source keeps the digest (it reports sentBytes). */
    private readonly cache: DigestCache | undefined,
    /** Identity of the opened file's content (device, inode, size, mtime, ctime). */
    private readonly key: string,
  ) {}

  static open(filePath: string, cache: DigestCache = new DigestCache()): Promise<DownloadSource> {
    return DownloadSource.openWith(filePath, cache);
  }

  /** Reads and counts what went out in order, with no digest of its own (a TFTP transfer thread). */
  static openWithoutDigest(filePath: string): Promise<DownloadSource> {
    return DownloadSource.openWith(filePath, undefined);
  }

  private static async openWith(filePath: string, cache: DigestCache | undefined): Promise<DownloadSource> {
    const handle = await open(filePath, 'r');
    try {
      const info = await handle.stat({ bigint: true });
      return new DownloadSource(filePath, Number(info.size), handle, cache, DigestCache.keyOf(info));
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

  /**
   * Records `length` bytes at `position` as sent; repeats (retransmissions) do not count. A transfer
   * that starts mid-file (REST) never reaches a whole-file digest.
   */
  markSent(position: number, length: number): void {
    if (this.closed || position > this.sentUpTo) return;
    if (position === 0 && !this.lease && this.cache) this.lease = this.cache.lease(this.path, this.key);
    this.sentUpTo = Math.max(this.sentUpTo, position + length);
  }

  get sentBytes(): number {
    return this.sentUpTo;
  }

  /**
   * Digest of the whole file when every byte went out in order and the file is still the content
   * that was opened, else undefined. May wait for the hashing pass; safe to call before close().
   */
  async digests(): Promise<Digests | undefined> {
    if (this.sentUpTo !== this.sizeBytes || !this.cache) {
      this.lease?.release();
      return undefined;
    }
    // A share of our own, so close() releasing the source's share cannot stop the pass we wait on.
    const mine = this.cache.lease(this.path, this.key);
    this.lease?.release();
    try {
      const d = await mine.digests;
      return (await DigestCache.fileKey(this.path)) === this.key ? d : undefined;
    } catch {
      return undefined;
    } finally {
      mine.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lease?.release();
    await this.handle.close().catch(() => undefined);
  }
}
