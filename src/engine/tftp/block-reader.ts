// Turns a served file into TFTP blocks: reads ahead in large chunks (one disk read serves many
// blocks), converts to netascii when asked, and keeps only the blocks not yet acknowledged plus the
// read-ahead. Read buffers are reused once all their blocks are acknowledged, so memory stays flat
// whatever the file size and however fast the clients (no garbage for the collector to lag behind).
import type { DownloadSource } from '../download-source';
import { NetasciiEncoder } from './netascii';
import type { TransferMode } from './packets';

export interface BlockReaderEvents {
  /** Blocks 1…upTo are ready; `last` is the final block's index once the end is reached. */
  available(upTo: number, last?: number): void;
  failed(error: Error): void;
}

/** Consecutive whole blocks in one buffer (the final block may be short). */
interface Segment {
  readonly bytes: Buffer;
  /** Index of the first block in `bytes`. */
  readonly first: number;
  /** Index of the last block in `bytes`. */
  readonly last: number;
  /** The read buffer `bytes` lies in, reusable once its blocks are acknowledged. */
  readonly recycle: Buffer | undefined;
}

export class BlockReader {
  /**
   * Blocks are ranges of a few large segments, not one Buffer view each: a view per block, created
   * a read-ahead before it is sent, lived long enough to be copied by every scavenge and promoted,
   * which grew V8's young generation under load.
   */
  private segments: Segment[] = [];
  private ready = 0;
  private tail: Buffer = Buffer.alloc(0);
  private position = 0;
  private reading = false;
  private ended = false;
  private closed = false;
  private lowestNeeded = 1;
  /**
   * Until the peer acknowledges a block, only its first window is read, into a buffer of that size:
   * a request that is never followed up (abandoned, flooded) costs a few KiB, not a read buffer.
   */
  private held = true;
  private readonly firstReadBytes: number;
  /**
   * Up to two read buffers free for reuse. Two fields, not an array: every reader's fresh empty array
   * began with V8's small-integer elements kind and changed kind at its first Buffer, which threw away
   * the optimized send path (inlined `release`: "wrong map", "not a Smi") each time a new transfer's
   * reader recycled its first buffer — seen with `--trace-deopt` during 50 concurrent downloads.
   */
  private spareA: Buffer | undefined = undefined;
  private spareB: Buffer | undefined = undefined;
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
    this.firstReadBytes = Math.min(this.readBytes, windowSize * blockSize);
  }

  /** The highest block ready. */
  get available(): number {
    return this.ready;
  }

  /** Copies a ready block into `into` at `at`; returns its length. */
  copyBlock(block: number, into: Buffer, at: number): number {
    const seg = this.segment(block);
    const start = (block - seg.first) * this.blockSize;
    const end = Math.min(start + this.blockSize, seg.bytes.length);
    return seg.bytes.copy(into, at, start, end);
  }

  /** Blocks below `below` are acknowledged: drop them and read further ahead if needed. */
  release(below: number): void {
    this.held = false;
    this.lowestNeeded = Math.max(this.lowestNeeded, below);
    // A segment whose blocks are all acknowledged can take the next read. (A retransmitted copy still
    // queued in the socket was copied out of it into the transfer's packet buffer.)
    let drop = 0;
    while (drop < this.segments.length && this.segments[drop].last < this.lowestNeeded) {
      const done = this.segments[drop++];
      if (done.recycle) this.keepSpare(done.recycle);
    }
    if (drop > 0) this.segments.splice(0, drop);
    this.pump();
  }

  /** Starts the first read. */
  start(): void {
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.segments = [];
    this.spareA = undefined;
    this.spareB = undefined;
  }

  /** Keeps a read buffer for the next read, if a slot is free (a third is left to the collector). */
  private keepSpare(buf: Buffer): void {
    if (this.spareA === undefined) this.spareA = buf;
    else if (this.spareB === undefined) this.spareB = buf;
  }

  private takeSpare(): Buffer | undefined {
    const buf = this.spareB ?? this.spareA;
    if (buf === this.spareB) this.spareB = undefined;
    else this.spareA = undefined;
    return buf;
  }

  /** The session only asks for blocks it was told are available and not yet acknowledged. */
  private segment(block: number): Segment {
    for (const seg of this.segments) if (block >= seg.first && block <= seg.last) return seg;
    throw new RangeError(`block ${block} is not buffered (have ${this.segments[0]?.first ?? this.ready + 1}…${this.ready})`);
  }

  private pump(): void {
    if (this.reading || this.ended || this.closed) return;
    if (this.available - this.lowestNeeded + 1 >= this.aheadBlocks) return;
    const first = this.position === 0;
    if (this.held && !first) return;
    this.reading = true;
    const at = this.position;
    const size = first ? this.firstReadBytes : this.readBytes;
    // The first read's buffer is never recycled (reads after it need the full size).
    const buf = first ? Buffer.allocUnsafe(size) : (this.takeSpare() ?? Buffer.allocUnsafeSlow(this.readBytes));
    this.source.readInto(buf, at).then(
      (n) => {
        this.reading = false;
        if (this.closed) return;
        const chunk = buf.subarray(0, n);
        this.position += n;
        // In-order coverage of the file decides whether the transfer reports its digest.
        this.source.markSent(at, n);
        const atEnd = n < size || this.position >= this.source.sizeBytes;
        if (this.encoder) {
          this.append(this.encoder.push(chunk), atEnd, undefined);
          if (!first) this.keepSpare(buf); // the encoder copied it
        } else {
          this.append(chunk, atEnd, first ? undefined : buf);
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

  /** Adds `bytes` as whole blocks; `from` is the reusable buffer they lie in, if any. */
  private append(bytes: Buffer, atEnd: boolean, from: Buffer | undefined): void {
    const joined = this.tail.length > 0;
    const data = joined ? Buffer.concat([this.tail, bytes]) : bytes;
    // A joined copy no longer lies in the read buffer: that one is free at once.
    const recycle = joined ? undefined : from;
    if (joined && from) this.keepSpare(from);
    const whole = Math.floor(data.length / this.blockSize);
    if (atEnd) {
      // The final block is shorter than blksize — empty when the size is an exact multiple (RFC 1350 §6).
      this.segments.push({ bytes: data, first: this.ready + 1, last: this.ready + whole + 1, recycle });
      this.ready += whole + 1;
      this.tail = Buffer.alloc(0);
      this.ended = true;
      return;
    }
    const wholeBytes = whole * this.blockSize;
    if (whole > 0) {
      this.segments.push({ bytes: data.subarray(0, wholeBytes), first: this.ready + 1, last: this.ready + whole, recycle });
      this.ready += whole;
    } else if (recycle) {
      this.keepSpare(recycle);
    }
    // Copy the remainder so the read buffer can be reused with its blocks.
    this.tail = Buffer.from(data.subarray(wholeBytes));
  }
}
