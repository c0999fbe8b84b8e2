// The rsh connection header (rshd(8), RFC 1282's rlogin cousin): a stderr port string, then the
// local user, remote user and command, each NUL-terminated. Pure and incremental: the stderr port is
// reported as soon as it is complete, because glibc's rcmd() sends nothing more until we connect back.
import { EngineError } from '../errors';

/** Longest port string accepted: "65535" (glibc's rcmd writes at most 5 digits). */
export const maxPortFieldBytes = 5;
/** Local and remote user names: IOS sends its hostname or a configured name; 255 is generous. */
export const maxUserFieldBytes = 255;
/** `rcp -p -t <255-byte name>` fits comfortably; nothing legitimate is longer. */
export const maxCommandFieldBytes = 1024;
export const maxRshHeaderBytes = maxPortFieldBytes + maxUserFieldBytes * 2 + maxCommandFieldBytes + 4;

export interface RshHeader {
  /** Port on the client to connect back to for stderr; undefined when "0" or empty (no stderr channel). */
  stderrPort?: number;
  localUser: string;
  remoteUser: string;
  command: string;
}

export type RshHeaderErrorKind = 'bad-port' | 'too-long' | 'truncated' | 'bad-text';

export class RshHeaderError extends EngineError {
  constructor(
    readonly kind: RshHeaderErrorKind,
    readonly field: 'stderr port' | 'local user' | 'remote user' | 'command',
    why: string,
  ) {
    super(`E_RSH_${kind.toUpperCase().replace(/-/g, '_')}`, `malformed rsh header (${field}): ${why}`);
  }
}

export type RshHeaderDecode =
  /** More bytes needed; `stderrPort` is set once its field is complete and names a port. */
  | { kind: 'partial'; stderrPort?: number }
  | { kind: 'complete'; header: RshHeader; rest: Uint8Array };

const fields = [
  { name: 'stderr port', max: maxPortFieldBytes },
  { name: 'local user', max: maxUserFieldBytes },
  { name: 'remote user', max: maxUserFieldBytes },
  { name: 'command', max: maxCommandFieldBytes },
] as const;

/**
 * Decodes what has been received so far. `ended` says the peer closed its side: an incomplete
 * header is then `truncated`. Throws RshHeaderError for anything a real rsh client never sends.
 */
export function decodeRshHeader(received: Uint8Array, ended = false): RshHeaderDecode {
  const values: string[] = [];
  let start = 0;
  let stderrPort: number | undefined;
  for (const field of fields) {
    const nul = received.indexOf(0, start);
    const end = nul === -1 ? received.length : nul;
    // Garbage is named as such before its length: "GET / HTTP/1.0" is not a long port number.
    if (field.name === 'stderr port') checkPortDigits(received.subarray(start, end));
    if (end - start > field.max) throw new RshHeaderError('too-long', field.name, `longer than ${field.max} bytes`);
    if (nul === -1) {
      if (ended) throw new RshHeaderError('truncated', field.name, 'the connection closed before the header was complete');
      return stderrPort ? { kind: 'partial', stderrPort } : { kind: 'partial' };
    }
    const bytes = received.subarray(start, end);
    if (field.name === 'stderr port') {
      stderrPort = parsePort(bytes);
    } else {
      values.push(decodeText(bytes, field.name));
    }
    start = nul + 1;
  }
  const [localUser, remoteUser, command] = values;
  const header: RshHeader = { localUser, remoteUser, command, ...(stderrPort ? { stderrPort } : {}) };
  return { kind: 'complete', header, rest: received.subarray(start) };
}

function checkPortDigits(bytes: Uint8Array): void {
  for (const b of bytes) {
    if (b < 0x30 || b > 0x39) throw new RshHeaderError('bad-port', 'stderr port', `byte 0x${b.toString(16).padStart(2, '0')} is not a digit`);
  }
}

/** "" and "0" mean no stderr channel (returned as 0). */
function parsePort(bytes: Uint8Array): number {
  checkPortDigits(bytes);
  if (bytes.length === 0) return 0;
  const port = Number(Buffer.from(bytes).toString('latin1'));
  if (port > 65535) throw new RshHeaderError('bad-port', 'stderr port', `${port} is not a TCP port`);
  return port;
}

function decodeText(bytes: Uint8Array, field: RshHeaderError['field']): string {
  // Names and commands are printable text; control characters are never part of a real request.
  for (const b of bytes) {
    if (b < 0x20 || b === 0x7f) throw new RshHeaderError('bad-text', field, `control character 0x${b.toString(16).padStart(2, '0')}`);
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (text.includes('\ufffd')) throw new RshHeaderError('bad-text', field, 'not valid UTF-8');
  return text;
}
