// MD5 (what IOS `verify /md5` prints) and SHA-256 of the bytes actually transferred, computed as
// they stream so no file is read twice and memory stays flat.
import { createHash, type Hash } from 'node:crypto';

export interface Digests {
  md5: string;
  sha256: string;
}

export class TransferDigest {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash = createHash('sha256');
  /** Bytes hashed so far; also the offset the next in-order chunk must start at. */
  hashedBytes = 0;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.hashedBytes += chunk.length;
  }

  /**
   * For protocols that may send a chunk more than once (TFTP retransmission): hashes only the part
   * of `chunk` (starting at `offset` in the file) that extends what was hashed so far.
   */
  updateAt(offset: number, chunk: Uint8Array): void {
    if (offset > this.hashedBytes) throw new RangeError(`gap in hashed data: at ${this.hashedBytes}, got chunk at ${offset}`);
    const skip = this.hashedBytes - offset;
    if (skip < chunk.length) this.update(chunk.subarray(skip));
  }

  digest(): Digests {
    return { md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex') };
  }
}
