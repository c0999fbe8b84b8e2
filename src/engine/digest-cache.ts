// Digests of served files: those sent whole before and unchanged since (same device, inode, size,
// mtime and ctime in nanoseconds) — a repeat download, the same image to the next device, a retried
// copy skips hashing, which costs more CPU than the send itself — and the hashing of those not yet
// known, one pass per content however many transfers send it at once (a rack of switches pulling
// the same image). Bounded; one per engine, shared by TFTP, FTP and RCP.
import { stat } from 'node:fs/promises';
import type { Digests } from './digest';
import { type FileIdentity, hashFile } from './file-hasher';

/** A share in the hashing of one file's content; release it when its digest is no longer wanted. */
export interface DigestLease {
  /** The digests, or a rejection when the file changed, could not be read or hashing was dropped. */
  readonly digests: Promise<Digests>;
  /** Idempotent. The last lease released before the digests are known stops the hashing. */
  release(): void;
}

interface HashJob {
  readonly digests: Promise<Digests>;
  leases: number;
  drop(): void;
}

export class DigestCache {
  private readonly entries = new Map<string, Digests>();
  private readonly jobs = new Map<string, HashJob>();

  constructor(private readonly maxEntries = 64) {}

  /** Identity of a file's current content as the file system reports it; undefined if it cannot be read. */
  static async fileKey(filePath: string): Promise<string | undefined> {
    const s = await stat(filePath, { bigint: true }).catch(() => undefined);
    return s ? DigestCache.keyOf(s) : undefined;
  }

  static keyOf(s: FileIdentity): string {
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  }

  /** Hashing passes in flight (one per content being hashed, however many transfers share it). */
  get passes(): number {
    return this.jobs.size;
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

  /**
   * The digests of the file at `filePath` whose content is `key` (as opened by the caller): known
   * ones at once, else a share in the one hashing pass over that content, which the file hasher's
   * worker runs at low priority. A pass whose file turned out to differ from `key` rejects.
   */
  lease(filePath: string, key: string): DigestLease {
    const known = this.get(key);
    if (known) return { digests: Promise.resolve(known), release: () => undefined };
    let job = this.jobs.get(key);
    if (!job) job = this.start(filePath, key);
    job.leases++;
    const j = job;
    let released = false;
    return {
      digests: j.digests,
      release: () => {
        if (released) return;
        released = true;
        if (--j.leases === 0 && this.jobs.get(key) === j) {
          this.jobs.delete(key);
          j.drop();
        }
      },
    };
  }

  private start(filePath: string, key: string): HashJob {
    const pass = hashFile(filePath);
    const digests = pass.result.then((h) => {
      if (DigestCache.keyOf(h.before) !== key || DigestCache.keyOf(h.after) !== key) throw new Error(`${filePath} changed while it was hashed`);
      const d: Digests = { md5: h.md5, sha256: h.sha256 };
      this.set(key, d);
      return d;
    });
    const job: HashJob = { digests, leases: 0, drop: pass.drop };
    this.jobs.set(key, job);
    // Forgotten once settled (a later lease finds the digests remembered, or starts afresh); handling
    // the rejection here also keeps an abandoned pass from being an unhandled one.
    const forget = () => this.jobs.get(key) === job && this.jobs.delete(key);
    void digests.then(forget, forget);
    return job;
  }
}
