// The rcp wire format, pure: the `rcp -f NAME` / `rcp -t NAME` command, control records
// (`C0644 SIZE NAME`, `D…`, `E`, `T…`), and replies (`\0` ok, `\1` warning, `\2` fatal) as BSD rcp
// and IOS exchange them. Every decoder is total on hostile input: a typed RcpProtocolError, never a crash.
import { type DenyReason, EngineError, printable } from '../errors';

/** Longest control or reply line accepted (BSD rcp's own buffer is BUFSIZ). */
export const maxLineBytes = 1024;

export class RcpProtocolError extends EngineError {
  constructor(why: string) {
    super('E_RCP_PROTOCOL', `rcp protocol error: ${why}`);
  }
}

export class RcpCommandError extends EngineError {
  constructor(
    readonly command: string,
    why: string,
  ) {
    super('E_RCP_COMMAND', why);
  }
}

// ---- command -------------------------------------------------------------------------------------

export interface RcpCommand {
  /** `-f` (the peer reads from us: we are the source) or `-t` (the peer writes to us: we are the sink). */
  direction: 'from-us' | 'to-us';
  name: string;
  /** `-p`: preserve times (we send or accept a T record). */
  preserve: boolean;
  /** `-r`: recursive (directories). */
  recursive: boolean;
  /** `-d`: the target must be a directory (several files in one copy). */
  targetIsDirectory: boolean;
}

/**
 * Parses the command an rcp client asks rshd to run: `rcp [-r] [-p] [-d] -f|-t NAME` (BSD rcp puts
 * its flags first, separately; combined letters such as `-pt` are accepted as getopt would). Anything
 * else is refused — nothing is ever executed, so this is the whole of what "running" a command means.
 */
export function parseRcpCommand(command: string): RcpCommand {
  const tokens = command.split(' ');
  if (tokens[0] !== 'rcp') throw new RcpCommandError(command, `only 'rcp -f FILE' and 'rcp -t FILE' are accepted; nothing else is run`);
  const flags = new Set<string>();
  let i = 1;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '') continue; // doubled spaces
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-') || t.length < 2) break;
    for (const letter of t.slice(1)) {
      if (!'ftprd'.includes(letter)) throw new RcpCommandError(command, `rcp option -${letter} is not supported`);
      flags.add(letter);
    }
  }
  const name = tokens.slice(i).join(' ');
  if (flags.has('f') === flags.has('t')) throw new RcpCommandError(command, 'rcp needs exactly one of -f (send) or -t (receive)');
  if (name === '') throw new RcpCommandError(command, 'rcp command names no file');
  return { direction: flags.has('f') ? 'from-us' : 'to-us', name, preserve: flags.has('p'), recursive: flags.has('r'), targetIsDirectory: flags.has('d') };
}

/** Why a well-formed command is still refused (one file per copy, as IOS does), or undefined. */
export function unsupportedReason(cmd: RcpCommand): string | undefined {
  if (cmd.recursive) return 'recursive copies (rcp -r) are not accepted; copy one file';
  if (cmd.targetIsDirectory) return 'copies into a directory (rcp -d, several files) are not accepted; copy one file';
  return undefined;
}

// ---- control records -----------------------------------------------------------------------------

export type ControlRecord =
  | { type: 'file'; mode: number; sizeBytes: number; name: string }
  | { type: 'directory'; mode: number; name: string }
  | { type: 'end-directory' }
  | { type: 'times'; mtimeSec: number; atimeSec: number };

/** Parses one control line (without its `\n`). */
export function parseControlLine(line: string): ControlRecord {
  const kind = line[0];
  if (kind === 'E') {
    if (line !== 'E') throw new RcpProtocolError('E record with trailing text');
    return { type: 'end-directory' };
  }
  if (kind === 'T') {
    const m = /^T(\d{1,15}) (\d{1,7}) (\d{1,15}) (\d{1,7})$/.exec(line);
    if (!m) throw new RcpProtocolError('malformed T (times) record');
    return { type: 'times', mtimeSec: Number(m[1]), atimeSec: Number(m[3]) };
  }
  if (kind === 'C' || kind === 'D') {
    const m = /^[CD]([0-7]{4}) (\d{1,16}) (.+)$/s.exec(line);
    if (!m) throw new RcpProtocolError(`malformed ${kind} record (expected '${kind}0644 SIZE NAME')`);
    const sizeBytes = Number(m[2]);
    if (!Number.isSafeInteger(sizeBytes)) throw new RcpProtocolError('file size too large');
    const name = m[3];
    // BSD rcp's sink refuses these too: a record names one file, never a path.
    if (name.includes('/') || name === '.' || name === '..') throw new RcpProtocolError('record names a path, not a file');
    const mode = parseInt(m[1], 8);
    return kind === 'C' ? { type: 'file', mode, sizeBytes, name } : { type: 'directory', mode, name };
  }
  throw new RcpProtocolError(`expected a control record (C, D, E or T), got byte 0x${(line.charCodeAt(0) || 0).toString(16).padStart(2, '0')}`);
}

export function formatFileRecord(mode: number, sizeBytes: number, name: string): Buffer {
  return Buffer.from(`C${(mode & 0o7777).toString(8).padStart(4, '0')} ${sizeBytes} ${name}\n`, 'utf8');
}

export function formatTimesRecord(mtimeSec: number, atimeSec: number): Buffer {
  return Buffer.from(`T${Math.floor(mtimeSec)} 0 ${Math.floor(atimeSec)} 0\n`, 'latin1');
}

// ---- replies -------------------------------------------------------------------------------------

export type RcpReply = { type: 'ok' } | { type: 'warning'; message: string } | { type: 'fatal'; message: string };

export const okReply = Buffer.from([0]);

/** `\1message\n` (the peer shows it and goes on) or `\2message\n` (the peer gives up). */
export function formatReply(reply: RcpReply): Buffer {
  if (reply.type === 'ok') return okReply;
  // One line: a newline inside would end the message early and desynchronise the peer.
  const text = reply.message.replace(/[\r\n]+/g, ' ').slice(0, maxLineBytes - 2);
  return Buffer.concat([Buffer.from([reply.type === 'warning' ? 1 : 2]), Buffer.from(`${text}\n`, 'utf8')]);
}

/** BSD rcp's wording per refusal, so IOS and people recognise the cause as they would from rshd. */
const classicCause: Readonly<Record<DenyReason, string>> = {
  'not-found': 'No such file or directory',
  'unsafe-name': 'Permission denied',
  'wrong-peer': 'Permission denied',
  'wrong-user': 'Permission denied',
  expired: 'Permission denied',
  exhausted: 'Permission denied',
  'uploads-disabled': 'Permission denied',
  exists: 'File exists',
  'too-large': 'File too large',
  'no-space': 'No space left on device',
  busy: 'Resource temporarily unavailable',
};

/** The text of a `\1` refusal: `rcp: NAME: Permission denied (why)`, as BSD rcp words its own errors. */
export function refusalMessage(reason: DenyReason | 'protocol', name: string, detail: string): string {
  if (reason === 'protocol' || name === '') return detail;
  return `rcp: ${printable(name)}: ${classicCause[reason]} (${detail})`;
}

/** What a decoder makes of the front of a byte stream. */
export type Decoded<T> = { kind: 'need-more' } | { kind: 'message'; message: T; rest: Uint8Array };

/** Decodes one reply byte (and the line after `\1`/`\2`). */
export function decodeReply(buf: Uint8Array): Decoded<RcpReply> {
  if (buf.length === 0) return { kind: 'need-more' };
  const first = buf[0];
  if (first === 0) return { kind: 'message', message: { type: 'ok' }, rest: buf.subarray(1) };
  if (first !== 1 && first !== 2) throw new RcpProtocolError(`expected a reply byte (0, 1 or 2), got 0x${first.toString(16).padStart(2, '0')}`);
  const line = takeLine(buf, 1);
  if (!line) return { kind: 'need-more' };
  const message = line.text;
  return { kind: 'message', message: first === 1 ? { type: 'warning', message } : { type: 'fatal', message }, rest: line.rest };
}

/** What a source sends between files: a control record, or a `\1`/`\2` error of its own. */
export type SourceMessage = ControlRecord | { type: 'warning'; message: string } | { type: 'fatal'; message: string };

export function decodeSourceMessage(buf: Uint8Array): Decoded<SourceMessage> {
  if (buf.length === 0) return { kind: 'need-more' };
  if (buf[0] === 1 || buf[0] === 2) return decodeReply(buf) as Decoded<SourceMessage>;
  const line = takeLine(buf, 0);
  if (!line) return { kind: 'need-more' };
  return { kind: 'message', message: parseControlLine(line.text), rest: line.rest };
}

function takeLine(buf: Uint8Array, from: number): { text: string; rest: Uint8Array } | undefined {
  const nl = buf.indexOf(0x0a, from);
  if (nl === -1) {
    if (buf.length - from > maxLineBytes) throw new RcpProtocolError(`line longer than ${maxLineBytes} bytes`);
    return undefined;
  }
  if (nl - from > maxLineBytes) throw new RcpProtocolError(`line longer than ${maxLineBytes} bytes`);
  const bytes = buf.subarray(from, nl);
  if (bytes.includes(0)) throw new RcpProtocolError('NUL inside a line');
  return { text: Buffer.from(bytes).toString('utf8'), rest: buf.subarray(nl + 1) };
}
