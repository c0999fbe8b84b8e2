// Digests of files already sent whole and unchanged since (same device, inode, size, mtime and
// ctime in nanoseconds): a repeat download — the same image to the next device, a retried copy —
// skips hashing, which costs more CPU than the send itself. Bounded; one per engine, shared by
// TFTP, FTP and RCP.
import { stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import type { Digests } from './digest';

export class DigestCache {
  private readonly entries = new Map<string, Digests>();

  constructor(private readonly maxEntries = 64) {}

  /** Identity of a file's current content as the file system reports it; undefined if it cannot be read. */
  static async fileKey(filePath: string): Promise<string | undefined> {
    const s = await stat(filePath, { bigint: true }).catch(() => undefined);
    return s ? DigestCache.keyOf(s) : undefined;
  }

  static keyOf(s: BigIntStats): string {
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  }

  get(key: string): Digests | undefined {
    const d = this.entries.get(key);
    if (d) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(key);
      this.entries.set(key, d);
    }
    return d;
  }

  set(key: string, digests: Digests): void {
    this.entries.delete(key);
    this.entries.set(key, digests);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
