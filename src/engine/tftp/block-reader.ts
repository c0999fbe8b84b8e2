// Turns a served file into TFTP blocks: reads ahead in large chunks (one disk read serves many
// blocks), converts to netascii when asked, and keeps only the blocks not yet acknowledged plus the
// read-ahead. Chunk buffers are reused once all their blocks are acknowledged, so memory stays flat
// whatever the file size and however fast the clients (no garbage for the collector to lag behind).
import type { DownloadSource } from '../download-source';
import { NetasciiEncoder } from './netascii';
import type { TransferMode } from './packets';

export interface BlockReaderEvents {
  /** Blocks 1…upTo are ready; `last` is the final block's index once the end is reached. */
  available(upTo: number, last?: number): void;
  failed(error: Error): void;
}

export class BlockReader {
  /** blocks[i] is block base + i. */
  private blocks: Buffer[] = [];
  private head = 0;
  private base = 1;
  private tail: Buffer = Buffer.alloc(0);
  private position = 0;
  private reading = false;
  private ended = false;
  private closed = false;
  private lowestNeeded = 1;
  /** Octet chunks still holding unacknowledged blocks (blocks are views into them), oldest first. */
  private inUse: { buf: Buffer; lastBlock: number }[] = [];
  private spare: Buffer[] = [];
  private readonly encoder: NetasciiEncoder | undefined;
  private readonly readBytes: number;
  private readonly aheadBlocks: number;

  constructor(
    private readonly source: DownloadSource,
    private readonly blockSize: number,
    windowSize: number,
    mode: TransferMode,
    private readonly events: BlockReaderEvents,
  ) {
    this.encoder = mode === 'netascii' ? new NetasciiEncoder() : undefined;
    // Whole blocks per read (octet blocks then need no copying), at least 128 KiB or two windows.
    const blocksPerRead = Math.max(1, Math.ceil(Math.max(128 * 1024, 2 * windowSize * blockSize) / blockSize));
    this.readBytes = blocksPerRead * blockSize;
    this.aheadBlocks = blocksPerRead + windowSize;
  }

  /** The highest block ready. */
  get available(): number {
    return this.base + (this.blocks.length - this.head) - 1;
  }

  /** A ready block; the session only asks for blocks it was told are available. */
  get(block: number): Buffer {
    const b = this.blocks[this.head + block - this.base];
    if (!b) throw new RangeError(`block ${block} is not buffered (have ${this.base}…${this.available})`);
    return b;
  }

  /** Blocks below `below` are acknowledged: drop them and read further ahead if needed. */
  release(below: number): void {
    this.lowestNeeded = Math.max(this.lowestNeeded, below);
    const drop = Math.min(this.lowestNeeded - this.base, this.blocks.length - this.head);
    if (drop > 0) {
      this.head += drop;
      this.base += drop;
      if (this.head > 1024 && this.head * 2 > this.blocks.length) {
        this.blocks = this.blocks.slice(this.head);
        this.head = 0;
      }
    }
    // A chunk whose blocks are all acknowledged can take the next read. (A retransmitted copy still
    // queued in the socket would be of an acknowledged block: the peer discards it as a duplicate.)
    while (this.inUse.length && this.inUse[0].lastBlock < this.lowestNeeded) {
      const done = this.inUse.shift() as { buf: Buffer };
      if (this.spare.length < 2) this.spare.push(done.buf);
    }
    this.pump();
  }

  /** Starts the first read. */
  start(): void {
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.blocks = [];
    this.head = 0;
    this.inUse = [];
    this.spare = [];
  }

  private pump(): void {
    if (this.reading || this.ended || this.closed) return;
    if (this.available - this.lowestNeeded + 1 >= this.aheadBlocks) return;
    // Hashing runs on a worker shared by all transfers; when it lags, read on once it has caught up.
    const lagging = this.source.caughtUp();
    if (lagging) {
      this.reading = true;
      void lagging.then(() => {
        this.reading = false;
        this.pump();
      });
      return;
    }
    this.reading = true;
    const at = this.position;
    const buf = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.readBytes);
    this.source.readInto(buf, at).then(
      (n) => {
        this.reading = false;
        if (this.closed) return;
        const chunk = buf.subarray(0, n);
        this.position += n;
        // The digest covers the file's own bytes, in order; it is reported only if the transfer completes.
        this.source.markSent(at, chunk);
        const atEnd = n < this.readBytes || this.position >= this.source.sizeBytes;
        if (this.encoder) {
          this.append(this.encoder.push(chunk), atEnd);
          if (this.spare.length < 2) this.spare.push(buf); // the encoder copied it
        } else {
          this.append(chunk, atEnd);
          this.inUse.push({ buf, lastBlock: this.available });
        }
        this.events.available(this.available, this.ended ? this.available : undefined);
        this.pump();
      },
      (err: Error) => {
        this.reading = false;
        if (!this.closed) this.events.failed(err);
      },
    );
  }

  private append(bytes: Buffer, atEnd: boolean): void {
    let data = this.tail.length ? Buffer.concat([this.tail, bytes]) : bytes;
    let offset = 0;
    while (data.length - offset >= this.blockSize) {
      this.blocks.push(data.subarray(offset, offset + this.blockSize));
      offset += this.blockSize;
    }
    data = data.subarray(offset);
    if (atEnd) {
      // The final block is shorter than blksize — empty when the size is an exact multiple (RFC 1350 §6).
      this.blocks.push(Buffer.from(data));
      this.tail = Buffer.alloc(0);
      this.ended = true;
    } else {
      // Copy the remainder so the big read buffer can be freed with its blocks.
      this.tail = Buffer.from(data);
    }
  }
}
