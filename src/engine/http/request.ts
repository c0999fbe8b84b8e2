// What an HTTP request asks of the engine, decided without I/O: only GET and HEAD, a path that names
// one file (the offer's one-time path, or a file of the served root), and at most one byte range
// (RFC 9110 §14). Total on hostile input: anything else is an answer (400, 405, 416), never a throw.

export type HttpDecision =
  | { kind: 'serve'; method: 'GET' | 'HEAD'; name: string }
  | { kind: 'reject'; status: 400 | 405; why: string; allow?: string };

/** The file the request names, or why it cannot be served. `rawUrl` is the request-target as sent. */
export function decideRequest(method: string | undefined, rawUrl: string | undefined): HttpDecision {
  if (method !== 'GET' && method !== 'HEAD') {
    // The engine takes no uploads over HTTP (see README: what IOS sends for `copy … http:` is unconfirmed).
    return { kind: 'reject', status: 405, why: `method ${printableToken(method)} not allowed`, allow: 'GET, HEAD' };
  }
  const target = rawUrl ?? '';
  // Origin-form only (RFC 9112 §3.2.1): no absolute URLs, no `*`.
  if (!target.startsWith('/')) return { kind: 'reject', status: 400, why: 'the request target is not a path' };
  const pathOnly = target.split('?')[0]!.split('#')[0]!;
  let name: string;
  try {
    name = pathOnly
      .slice(1)
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
  } catch {
    return { kind: 'reject', status: 400, why: 'malformed percent-encoding' };
  }
  // A folder (`/`, `/x/`) is never listed.
  if (name === '' || name.endsWith('/')) return { kind: 'reject', status: 400, why: 'no file named (directories are not listed)' };
  return { kind: 'serve', method, name };
}

export type RangeDecision = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * One `bytes=` range against a file of `size` bytes: `a-b`, `a-` or `-n` (the last n). Several
 * ranges, other units or a malformed header are served whole, as RFC 9110 §14.2 allows; a range
 * starting past the end is unsatisfiable (416).
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'whole' };
  // `bytes = a - b`, split by hand: one pattern with optional spaces around optional digits backtracks.
  const eq = header.indexOf('=');
  const dash = header.indexOf('-', eq + 1);
  if (eq < 0 || dash < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'whole' };
  const m = ['', header.slice(eq + 1, dash).trim(), header.slice(dash + 1).trim()];
  if (!/^\d{0,15}$/.test(m[1]!) || !/^\d{0,15}$/.test(m[2]!) || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  if (m[1] === '') {
    const last = Number(m[2]);
    if (last === 0 || size === 0) return { kind: 'unsatisfiable' };
    return last >= size ? { kind: 'whole' } : { kind: 'part', start: size - last, end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' };
  if (start === 0 && end === size - 1) return { kind: 'whole' };
  return { kind: 'part', start, end };
}

/** The validator for If-Range, from the file's size and modification time (as nginx makes its own). */
export function entityTag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** Whether `If-Range` lets a range through: it names the current entity tag or its modification date. */
export function ifRangeHolds(ifRange: string | undefined, etag: string, lastModified: Date): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  // RFC 9110 §13.1.5: a weak tag never matches; a date must be exactly the Last-Modified sent.
  if (v.startsWith('W/')) return false;
  if (v.startsWith('"')) return v === etag;
  return v === lastModified.toUTCString();
}

function printableToken(s: string | undefined): string {
  return (s ?? '').replace(/[^\x21-\x7e]/g, '?').slice(0, 20);
}
