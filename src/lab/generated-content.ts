// Deterministic bytes for the simulated files nobody uploaded (a 400 MB image must not cost
// 400 MB): every 64 KiB block is a per-file pattern stamped with its block number, so contents
// differ per file and per block, are reproducible, and are produced on demand.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const blockBytes = 64 * 1024;

function pattern(seed: string): Buffer {
  const out = Buffer.alloc(blockBytes);
  let h = createHash('sha256').update(seed).digest();
  for (let off = 0; off < blockBytes; off += h.length) {
    h.copy(out, off);
    h = createHash('sha256').update(h).digest();
  }
  return out;
}

/** Bytes [offset, offset+length) of the generated file `seed`. */
export function generatedBytes(seed: string, offset: number, length: number): Buffer {
  const base = pattern(seed);
  const out = Buffer.alloc(length);
  let pos = 0;
  while (pos < length) {
    const abs = offset + pos;
    const block = Math.floor(abs / blockBytes);
    const within = abs % blockBytes;
    const n = Math.min(blockBytes - within, length - pos);
    const stamped = stamp(base, block);
    stamped.copy(out, pos, within, within + n);
    pos += n;
  }
  return out;
}

function stamp(base: Buffer, block: number): Buffer {
  const b = Buffer.from(base);
  b.writeUInt32BE(block >>> 0, 0);
  return b;
}

/** A stream of the whole generated file, block by block. */
export function generatedStream(seed: string, sizeBytes: number): Readable {
  const base = pattern(seed);
  let offset = 0;
  return new Readable({
    highWaterMark: blockBytes,
    read() {
      if (offset >= sizeBytes) {
        this.push(null);
        return;
      }
      const n = Math.min(blockBytes, sizeBytes - offset);
      const chunk = stamp(base, Math.floor(offset / blockBytes)).subarray(0, n);
      offset += n;
      this.push(chunk);
    },
  });
}
