// TYPE A (RFC 959 §3.1.1.1): files are stored with LF line ends here and travel with CRLF. Both
// directions are chunk-wise with one byte of carried state, so any file size streams. Pure.

/** LF → CRLF for sending; an LF already preceded by CR is left alone (no CRCRLF). */
export function toNetAscii(chunk: Buffer, lastWasCR: boolean): { out: Buffer; lastWasCR: boolean } {
  let extra = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a && !(i === 0 ? lastWasCR : chunk[i - 1] === 0x0d)) extra++;
  const last = chunk.length ? chunk[chunk.length - 1] === 0x0d : lastWasCR;
  if (extra === 0) return { out: chunk, lastWasCR: last };
  const out = Buffer.allocUnsafe(chunk.length + extra);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (b === 0x0a && !(i === 0 ? lastWasCR : chunk[i - 1] === 0x0d)) out[n++] = 0x0d;
    out[n++] = b;
  }
  return { out, lastWasCR: last };
}

/**
 * CRLF → LF for receiving; a lone CR is kept. A CR at the end of a chunk is held back
 * (`pendingCR`) until the next byte shows whether it starts a CRLF; `flushNetAscii` ends a file.
 */
export function fromNetAscii(chunk: Buffer, pendingCR: boolean): { out: Buffer; pendingCR: boolean } {
  const out = Buffer.allocUnsafe(chunk.length + 1);
  let n = 0;
  let cr = pendingCR;
  for (const b of chunk) {
    if (cr && b !== 0x0a) out[n++] = 0x0d;
    cr = b === 0x0d;
    if (!cr) out[n++] = b;
  }
  return { out: out.subarray(0, n), pendingCR: cr };
}

export function flushNetAscii(pendingCR: boolean): Buffer {
  return pendingCR ? Buffer.from([0x0d]) : Buffer.alloc(0);
}
