// Option negotiation (RFC 2347 OACK; blksize RFC 2348, timeout and tsize RFC 2349, windowsize
// RFC 7440). Pure: request options and the server's limits in, agreed values and the OACK out.
import { defaultBlockSize, maxBlockSize, minBlockSize, type RequestOptions, type TransferMode } from './packets';

export interface OptionLimits {
  /** Configured cap on blksize (≤ 65464). */
  maxBlockSize: number;
  /** Configured cap on windowsize. */
  maxWindowSize: number;
  /**
   * Bytes the transfer socket's buffer holds (as the kernel reports it). A window must fit, or the
   * tail of every window is dropped by the receiving socket (RFC 7440 §4 leaves this to us).
   */
  socketBufferBytes: number;
}

export interface Agreed {
  blockSize: number;
  windowSize: number;
  /** RFC 2349 timeout in ms, when the client asked for one: our cap on the retransmission timeout. */
  timeoutMs?: number;
  /** RRQ: the size we announced; WRQ: the size the client declared. */
  tsize?: number;
  /** What to put in the OACK; empty means no OACK (RFC 2347: reply as if no options were sent). */
  oack: Map<string, string>;
}

export type Negotiation = { ok: true; agreed: Agreed } | { ok: false; message: string };

/**
 * What one in-flight datagram costs in a Linux socket buffer: the payload and headers rounded up by
 * the allocator, plus the skb bookkeeping. Deliberately pessimistic (about twice the payload).
 */
export function perDatagramBufferCost(blockSize: number): number {
  return 2 * (blockSize + 4) + 1024;
}

/** The largest window whose datagrams fit in `bufferBytes`. */
export function windowThatFits(bufferBytes: number, blockSize: number): number {
  return Math.max(1, Math.floor(bufferBytes / perDatagramBufferCost(blockSize)));
}

const decimal = /^\d{1,12}$/;

export function negotiate(kind: 'rrq' | 'wrq', mode: TransferMode, options: RequestOptions, limits: OptionLimits, fileSizeBytes?: number): Negotiation {
  const oack = new Map<string, string>();
  let blockSize = defaultBlockSize;
  let windowSize = 1;
  let timeoutMs: number | undefined;
  let tsize: number | undefined;

  const blk = options.get('blksize');
  if (blk !== undefined) {
    if (!decimal.test(blk) || Number(blk) < minBlockSize) return { ok: false, message: `blksize '${blk}' is not a number of at least ${minBlockSize}` };
    // RFC 2348: a server may answer a smaller size than asked; never larger.
    blockSize = Math.min(Number(blk), maxBlockSize, limits.maxBlockSize);
    oack.set('blksize', String(blockSize));
  }

  const win = options.get('windowsize');
  if (win !== undefined) {
    if (!decimal.test(win) || Number(win) < 1 || Number(win) > 65535) return { ok: false, message: `windowsize '${win}' is not 1–65535` };
    // RFC 7440 §4: the server may answer a smaller window; ours must fit the socket buffer.
    windowSize = Math.max(1, Math.min(Number(win), limits.maxWindowSize, windowThatFits(limits.socketBufferBytes, blockSize)));
    oack.set('windowsize', String(windowSize));
  }

  const tmo = options.get('timeout');
  // RFC 2349: 1–255 seconds. Out of range or malformed: not acknowledged, so the client keeps its own.
  if (tmo !== undefined && decimal.test(tmo) && Number(tmo) >= 1 && Number(tmo) <= 255) {
    timeoutMs = Number(tmo) * 1000;
    oack.set('timeout', String(Number(tmo)));
  }

  const ts = options.get('tsize');
  if (ts !== undefined) {
    if (!decimal.test(ts)) return { ok: false, message: `tsize '${ts}' is not a number` };
    if (kind === 'wrq') {
      tsize = Number(ts);
      oack.set('tsize', String(tsize));
    } else if (mode === 'octet' && fileSizeBytes !== undefined) {
      // RFC 2349 §tsize: on a read the client sends 0 and the server answers the size. In netascii
      // the size on the wire differs from the file's, so (like tftpd-hpa) it is not answered.
      tsize = fileSizeBytes;
      oack.set('tsize', String(tsize));
    }
  }
  // Anything else (multicast, rollover, utimeout…) is ignored, as RFC 2347 says.
  return { ok: true, agreed: { blockSize, windowSize, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(tsize !== undefined ? { tsize } : {}), oack } };
}
