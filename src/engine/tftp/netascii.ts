// Streaming netascii converters (RFC 1350 §1 refers to RFC 764's NVT rules): on the wire a line
// ends in CR LF and a bare CR is CR NUL; on disk (Unix) a line ends in LF. Chunks may split a pair.
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/** Local file bytes → netascii: LF becomes CR LF, CR becomes CR NUL. Needs no state across chunks. */
export class NetasciiEncoder {
  push(chunk: Uint8Array): Buffer {
    let extra = 0;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === LF || chunk[i] === CR) extra++;
    if (extra === 0) return Buffer.from(chunk);
    const out = Buffer.allocUnsafe(chunk.length + extra);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === LF) {
        out[o++] = CR;
        out[o++] = LF;
      } else if (c === CR) {
        out[o++] = CR;
        out[o++] = NUL;
      } else out[o++] = c;
    }
    return out;
  }
}

/**
 * Netascii → local file bytes: CR LF becomes LF, CR NUL becomes CR. A CR at the end of a chunk waits
 * for the next one. A CR followed by anything else is kept with that byte (lenient: some clients
 * send bare CRs), and a CR at the very end of the transfer is kept.
 */
export class NetasciiDecoder {
  private pendingCr = false;

  push(chunk: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let o = 0;
    let i = 0;
    if (this.pendingCr && chunk.length > 0) {
      this.pendingCr = false;
      const c = chunk[0];
      if (c === LF) out[o++] = LF;
      else if (c === NUL) out[o++] = CR;
      else {
        out[o++] = CR;
        i = 0;
      }
      if (c === LF || c === NUL) i = 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (c !== CR) {
        out[o++] = c;
        continue;
      }
      if (i + 1 === chunk.length) {
        this.pendingCr = true;
        break;
      }
      const next = chunk[i + 1];
      if (next === LF) {
        out[o++] = LF;
        i++;
      } else if (next === NUL) {
        out[o++] = CR;
        i++;
      } else out[o++] = CR;
    }
    return out.subarray(0, o);
  }

  /** The end of the transfer: a dangling CR is kept as it was. */
  end(): Buffer {
    if (!this.pendingCr) return Buffer.alloc(0);
    this.pendingCr = false;
    return Buffer.from([CR]);
  }
}
