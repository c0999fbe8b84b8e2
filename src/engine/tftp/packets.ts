// TFTP packet codec (RFC 1350 §5; OACK from RFC 2347). Pure and total: any bytes a peer sends
// decode either to a typed packet or to a TftpDecodeError naming what was wrong — never a throw.

/** Opcodes, RFC 1350 §5 and RFC 2347 (OACK). */
export const opcodes = { rrq: 1, wrq: 2, data: 3, ack: 4, error: 5, oack: 6 } as const;

/** Error codes (RFC 1350 appendix; 8 from RFC 2347), the one table the server maps refusals to. */
export const tftpErrorCodes = {
  undefined: 0,
  fileNotFound: 1,
  accessViolation: 2,
  diskFull: 3,
  illegalOperation: 4,
  unknownTid: 5,
  fileExists: 6,
  noSuchUser: 7,
  optionsRefused: 8,
} as const;

export type TransferMode = 'octet' | 'netascii';

/** Options as sent: names lower-cased (RFC 2347 says they are case-insensitive), values verbatim. */
export type RequestOptions = ReadonlyMap<string, string>;

export type TftpPacket =
  | { op: 'rrq' | 'wrq'; file: string; mode: string; options: RequestOptions }
  | { op: 'data'; block: number; data: Buffer }
  | { op: 'ack'; block: number }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: RequestOptions };

export class TftpDecodeError {
  readonly name = 'TftpDecodeError';
  constructor(
    /** Machine-readable: 'short', 'opcode', 'unterminated', 'fields', 'ack-length'. */
    readonly code: 'short' | 'opcode' | 'unterminated' | 'fields' | 'ack-length',
    readonly why: string,
  ) {}
}

export type Decoded = { ok: true; packet: TftpPacket } | { ok: false; error: TftpDecodeError };

/** RFC 2348 limits. */
export const minBlockSize = 8;
export const maxBlockSize = 65464;
/** RFC 1350's fixed block size, used when no blksize option is agreed. */
export const defaultBlockSize = 512;

const fail = (code: TftpDecodeError['code'], why: string): Decoded => ({ ok: false, error: new TftpDecodeError(code, why) });

export function decodePacket(bytes: Uint8Array): Decoded {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 2) return fail('short', `packet of ${b.length} byte(s) is shorter than an opcode`);
  const op = b.readUInt16BE(0);
  switch (op) {
    case opcodes.rrq:
    case opcodes.wrq: {
      const fields = nulTerminated(b.subarray(2));
      if (!fields) return fail('unterminated', 'request fields are not NUL-terminated');
      if (fields.length < 2) return fail('fields', 'request without a file name and a mode');
      // RFC 2347: options come in name/value pairs after the mode; a dangling name is malformed.
      if (fields.length % 2 !== 0) return fail('fields', 'option without a value');
      const options = new Map<string, string>();
      for (let i = 2; i < fields.length; i += 2) {
        const name = fields[i].toLowerCase();
        // A repeated option keeps its first value; RFC 2347 does not define repeats.
        if (!options.has(name)) options.set(name, fields[i + 1]);
      }
      return { ok: true, packet: { op: op === opcodes.rrq ? 'rrq' : 'wrq', file: fields[0], mode: fields[1].toLowerCase(), options } };
    }
    case opcodes.data:
      if (b.length < 4) return fail('short', 'DATA without a block number');
      return { ok: true, packet: { op: 'data', block: b.readUInt16BE(2), data: b.subarray(4) } };
    case opcodes.ack:
      // Some stacks pad short datagrams; RFC 1350 ACKs are exactly 4 bytes, extra bytes are ignored.
      if (b.length < 4) return fail('ack-length', `ACK of ${b.length} bytes`);
      return { ok: true, packet: { op: 'ack', block: b.readUInt16BE(2) } };
    case opcodes.error: {
      if (b.length < 4) return fail('short', 'ERROR without a code');
      // Some peers omit the final NUL: take the text up to the first NUL or the end.
      const rest = b.subarray(4);
      const end = rest.indexOf(0);
      return { ok: true, packet: { op: 'error', code: b.readUInt16BE(2), message: rest.subarray(0, end === -1 ? rest.length : end).toString('latin1') } };
    }
    case opcodes.oack: {
      const fields = nulTerminated(b.subarray(2));
      if (!fields || fields.length % 2 !== 0) return fail('fields', 'malformed OACK');
      const options = new Map<string, string>();
      for (let i = 0; i < fields.length; i += 2) options.set(fields[i].toLowerCase(), fields[i + 1]);
      return { ok: true, packet: { op: 'oack', options } };
    }
    default:
      return fail('opcode', `unknown opcode ${op}`);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits NUL-terminated strings; undefined when the last is not terminated. Each is UTF-8 where it
 * is valid UTF-8 (file names on today's systems, as tftpd-hpa serves them), else latin1 (one
 * character per byte, as RFC 1350's netascii-era peers send). Control characters in either survive
 * here and are refused by the name check.
 */
function nulTerminated(body: Buffer): string[] | undefined {
  if (body.length === 0) return [];
  if (body[body.length - 1] !== 0) return undefined;
  const fields: string[] = [];
  let start = 0;
  for (let nul = body.indexOf(0, start); nul !== -1; nul = body.indexOf(0, start)) {
    fields.push(decodeText(body.subarray(start, nul)));
    start = nul + 1;
  }
  return fields;
}

function decodeText(bytes: Buffer): string {
  // Pure ASCII (nearly every field) needs no validation.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return bytes.toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * Our error texts as a peer can show them: printable ASCII only (RFC 1350 says netascii). Typographic
 * dashes and quotes become their ASCII forms; any other character becomes '?', so no byte of the
 * text can be a control character on the peer's terminal.
 */
export function asciiText(text: string): string {
  return text
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Writes the 4-byte DATA header (the block number taken modulo 65536) at the start of `into`. */
export function writeDataHeader(into: Buffer, block: number): void {
  into.writeUInt16BE(opcodes.data, 0);
  into.writeUInt16BE(block & 0xffff, 2);
}

export function encodeData(block: number, data: Uint8Array): Buffer {
  const packet = Buffer.allocUnsafe(4 + data.length);
  writeDataHeader(packet, block);
  packet.set(data, 4);
  return packet;
}

export function encodeAck(block: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt16BE(opcodes.ack, 0);
  b.writeUInt16BE(block & 0xffff, 2);
  return b;
}

export function encodeError(code: number, message: string): Buffer {
  // Messages are ours (peer input only through printable()), made printable ASCII, NUL-terminated.
  const text = Buffer.from(asciiText(message).slice(0, 200), 'latin1');
  const b = Buffer.alloc(5 + text.length);
  b.writeUInt16BE(opcodes.error, 0);
  b.writeUInt16BE(code & 0xffff, 2);
  text.copy(b, 4);
  return b;
}

export function encodeOack(options: ReadonlyMap<string, string>): Buffer {
  const fields = [...options].flatMap(([k, v]) => [k, v]);
  return Buffer.concat([u16(opcodes.oack), Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8')]);
}

export function encodeRequest(op: 'rrq' | 'wrq', file: string, mode: string, options: ReadonlyMap<string, string> = new Map()): Buffer {
  const fields = [file, mode, ...[...options].flatMap(([k, v]) => [k, v])];
  // UTF-8, as decodePacket reads it (ASCII names are the same bytes either way).
  return Buffer.concat([u16(op === 'rrq' ? opcodes.rrq : opcodes.wrq), Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8')]);
}

function u16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n);
  return b;
}
