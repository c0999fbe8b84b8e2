// The FTP command-line codec: incremental framing of the control connection's bytes into command
// lines (with a length cap and TELNET IAC handling, RFC 959 §4.1 / RFC 854), and the parsers for
// the arguments that carry structure (PORT, EPRT, REST). Pure: no sockets, total on hostile input.

/** Longest command line accepted, CRLF included. RFC 959 sets no limit; paths here are ≤ 255 chars. */
export const maxCommandLineBytes = 1024;

export interface FtpCommand {
  /** Upper-cased verb, 3–4 letters (RFC 959 §5.3.1). */
  verb: string;
  /** Everything after the first space, as sent (file names may contain spaces). */
  argument: string;
}

export type FramedItem = { kind: 'command'; command: FtpCommand } | { kind: 'too-long' } | { kind: 'invalid'; reason: string };

/** Decoder state between chunks: bytes of an incomplete line, and whether we are skipping an over-long one. */
export interface FramingState {
  pending: Buffer;
  discarding: boolean;
  /** A TELNET sequence split across chunks (IAC, IAC+verb). */
  telnet: Buffer;
}

export const initialFraming: FramingState = { pending: Buffer.alloc(0), discarding: false, telnet: Buffer.alloc(0) };

const IAC = 0xff;
const WILL = 0xfb;
const DONT = 0xfe;

/**
 * Strips TELNET commands (RFC 854): IAC IAC is a literal 0xFF; IAC WILL/WONT/DO/DONT take one option
 * byte; any other IAC x (IP, DM, AYT … which clients send before ABOR, RFC 959 §4.1.3) is dropped.
 * Returns the data bytes and an incomplete trailing sequence to prepend to the next chunk.
 */
export function stripTelnet(input: Buffer): { data: Buffer; rest: Buffer } {
  if (!input.includes(IAC)) return { data: input, rest: Buffer.alloc(0) };
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  let i = 0;
  while (i < input.length) {
    const b = input[i];
    if (b !== IAC) {
      out[n++] = b;
      i++;
      continue;
    }
    if (i + 1 >= input.length) return { data: out.subarray(0, n), rest: input.subarray(i) };
    const verb = input[i + 1];
    if (verb === IAC) {
      out[n++] = IAC;
      i += 2;
    } else if (verb >= WILL && verb <= DONT) {
      if (i + 2 >= input.length) return { data: out.subarray(0, n), rest: input.subarray(i) };
      i += 3;
    } else {
      i += 2;
    }
  }
  return { data: out.subarray(0, n), rest: Buffer.alloc(0) };
}

/**
 * Feeds one chunk of control-connection bytes. Lines end in CRLF (a bare LF is tolerated, as most
 * servers do). An over-long line yields one `too-long` item and is skipped up to its end; the state
 * never holds more than maxLineBytes.
 */
export function frameCommands(state: FramingState, chunk: Buffer, maxLineBytes = maxCommandLineBytes): { state: FramingState; items: FramedItem[] } {
  const { data, rest: telnet } = stripTelnet(state.telnet.length ? Buffer.concat([state.telnet, chunk]) : chunk);
  const items: FramedItem[] = [];
  let discarding = state.discarding;
  let pending = state.pending;
  let start = 0;
  for (;;) {
    const lf = data.indexOf(0x0a, start);
    if (lf < 0) break;
    const piece = data.subarray(start, lf);
    start = lf + 1;
    if (discarding) {
      discarding = false;
      continue;
    }
    if (pending.length + piece.length + 1 > maxLineBytes) {
      items.push({ kind: 'too-long' });
      pending = Buffer.alloc(0);
      continue;
    }
    const line = pending.length ? Buffer.concat([pending, piece]) : piece;
    pending = Buffer.alloc(0);
    items.push(parseCommandLine(line));
  }
  const tail = data.subarray(start);
  if (!discarding) {
    if (pending.length + tail.length >= maxLineBytes) {
      items.push({ kind: 'too-long' });
      discarding = true;
      pending = Buffer.alloc(0);
    } else if (tail.length) {
      // Copy: the chunk's buffer may be reused by the socket.
      pending = Buffer.concat([pending, tail]);
    }
  }
  return { state: { pending, discarding, telnet: Buffer.from(telnet) }, items };
}

/** One line (without its LF) → a command, or why it is not one. */
export function parseCommandLine(raw: Buffer): FramedItem {
  const line = raw.length && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
  const text = line.toString('utf8');
  if (text.includes('\uFFFD')) return { kind: 'invalid', reason: 'not UTF-8' };
  // eslint-disable-next-line no-control-regex
  if (/[\x00\r]/.test(text)) return { kind: 'invalid', reason: 'NUL or CR inside the line' };
  const m = /^([A-Za-z]{3,4})(?: (.*))?$/s.exec(text);
  if (!m) return { kind: 'invalid', reason: 'not a command' };
  return { kind: 'command', command: { verb: m[1].toUpperCase(), argument: m[2] ?? '' } };
}

export interface HostPort {
  /** IPv4 or IPv6 address as written by the client. */
  host: string;
  port: number;
}

/** PORT h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2); undefined when malformed. */
export function parsePortArgument(arg: string): HostPort | undefined {
  const parts = arg.trim().split(',');
  if (parts.length !== 6 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const n = parts.map(Number);
  if (n.some((v) => v > 255)) return undefined;
  const port = n[4] * 256 + n[5];
  if (port === 0) return undefined;
  return { host: n.slice(0, 4).join('.'), port };
}

/** EPRT |proto|addr|port| (RFC 2428 §2), any delimiter in 33–126; undefined when malformed. */
export function parseEprtArgument(arg: string): (HostPort & { family: 1 | 2 }) | undefined {
  const d = arg[0];
  if (!d || d.charCodeAt(0) < 33 || d.charCodeAt(0) > 126) return undefined;
  const parts = arg.split(d);
  if (parts.length !== 5 || parts[0] !== '' || parts[4] !== '') return undefined;
  const [, proto, host, portText] = parts;
  if (proto !== '1' && proto !== '2') return undefined;
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  const family = proto === '1' ? 1 : 2;
  if (family === 1 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return undefined;
  if (family === 1 && host.split('.').some((o) => Number(o) > 255)) return undefined;
  if (family === 2 && !/^[0-9A-Fa-f:.]+$/.test(host)) return undefined;
  return { family, host, port };
}

/** REST offset (RFC 3659 §5): a decimal byte count; undefined when malformed or beyond 2^53. */
export function parseRestArgument(arg: string): number | undefined {
  if (!/^\d{1,16}$/.test(arg)) return undefined;
  const n = Number(arg);
  return Number.isSafeInteger(n) ? n : undefined;
}
