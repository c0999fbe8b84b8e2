// Turns a served file into TFTP blocks: reads ahead in large chunks (one disk read serves many
// blocks), converts to netascii when asked, and keeps only the blocks not yet acknowledged plus the
// read-ahead, so memory stays flat whatever the file size.
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
    // Whole blocks per read (octet blocks then need no copying), at least 256 KiB or two windows.
    const blocksPerRead = Math.max(1, Math.ceil(Math.max(256 * 1024, 2 * windowSize * blockSize) / blockSize));
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
  }

  private pump(): void {
    if (this.reading || this.ended || this.closed) return;
    if (this.available - this.lowestNeeded + 1 >= this.aheadBlocks) return;
    this.reading = true;
    const at = this.position;
    this.source.read(at, this.readBytes).then(
      (chunk) => {
        this.reading = false;
        if (this.closed) return;
        this.position += chunk.length;
        // The digest covers the file's own bytes, in order; it is reported only if the transfer completes.
        this.source.markSent(at, chunk);
        this.append(this.encoder ? this.encoder.push(chunk) : chunk, chunk.length < this.readBytes || this.position >= this.source.sizeBytes);
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
