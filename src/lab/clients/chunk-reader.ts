// Pulls bytes from a Readable in the sizes a protocol needs (a TFTP block, an rcp status byte or
// control line) without buffering more than one chunk ahead: the file is never held whole.
import type { Readable } from 'node:stream';

export class ChunkReader {
  private readonly source: AsyncIterator<Buffer | string>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(input: Readable) {
    this.source = input[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (at least 1), or an empty buffer at the end of the stream. */
  async read(max: number): Promise<Buffer> {
    if (this.pending.length === 0 && !(await this.fill())) return Buffer.alloc(0);
    const out = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  /** Exactly `size` bytes, or fewer only when the stream ends first (a short last TFTP block). */
  async readBlock(size: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < size) {
      const part = await this.read(size - have);
      if (part.length === 0) break;
      parts.push(part);
      have += part.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
  }

  /** Bytes up to and excluding `delimiter`; undefined at end of stream. Refuses lines over `maxBytes`. */
  async readUntil(delimiter: number, maxBytes: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let have = 0;
    for (;;) {
      if (this.pending.length === 0 && !(await this.fill())) return undefined;
      const at = this.pending.indexOf(delimiter);
      const take = at === -1 ? this.pending.length : at;
      parts.push(this.pending.subarray(0, take));
      have += take;
      this.pending = this.pending.subarray(at === -1 ? take : take + 1);
      if (have > maxBytes) throw new RangeError(`line longer than ${maxBytes} bytes`);
      if (at !== -1) return Buffer.concat(parts, have);
    }
  }

  /** Gives up the source early (closes the underlying stream). */
  async close(): Promise<void> {
    await this.source.return?.();
  }

  private async fill(): Promise<boolean> {
    while (!this.ended) {
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      if (chunk.length > 0) {
        this.pending = chunk;
        return true;
      }
    }
    return false;
  }
}
