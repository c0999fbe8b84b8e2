// TFTP packet codec for the lab's client side (RFC 1350 §5, options RFC 2347–2349). Pure and total:
// hostile bytes decode to a typed error, never a throw. Kept apart from the engine's codec on purpose:
// the lab must not import the engine it is used to test.

export enum Opcode {
  Rrq = 1,
  Wrq = 2,
  Data = 3,
  Ack = 4,
  Error = 5,
  Oack = 6,
}

/** RFC 1350 §5 error codes, plus 8 from RFC 2347. */
export enum TftpErrorCode {
  Undefined = 0,
  FileNotFound = 1,
  AccessViolation = 2,
  DiskFull = 3,
  IllegalOperation = 4,
  UnknownTid = 5,
  FileExists = 6,
  NoSuchUser = 7,
  OptionsRefused = 8,
}

export type TftpOptionsMap = Record<string, string>;

export type TftpPacket =
  | { op: 'rrq' | 'wrq'; file: string; mode: string; options: TftpOptionsMap }
  | { op: 'data'; block: number; data: Buffer }
  | { op: 'ack'; block: number }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: TftpOptionsMap };

export type Decoded = { ok: true; packet: TftpPacket } | { ok: false; why: string };

/** RFC 2348: blksize is 8–65464 octets. */
export const minBlksize = 8;
export const maxBlksize = 65464;

export function encodeRequest(op: 'rrq' | 'wrq', file: string, options: TftpOptionsMap = {}): Buffer {
  // IOS moves images in binary: always "octet" mode (RFC 1350 §1).
  const fields = [file, 'octet', ...Object.entries(options).flat()];
  const body = Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');
  return Buffer.concat([u16(op === 'rrq' ? Opcode.Rrq : Opcode.Wrq), body]);
}

export function encodeData(block: number, data: Buffer): Buffer {
  const packet = Buffer.allocUnsafe(4 + data.length);
  packet.writeUInt16BE(Opcode.Data, 0);
  packet.writeUInt16BE(block & 0xffff, 2); // RFC 1350 block numbers are 16 bits: they wrap
  data.copy(packet, 4);
  return packet;
}

export function encodeAck(block: number): Buffer {
  const packet = Buffer.allocUnsafe(4);
  packet.writeUInt16BE(Opcode.Ack, 0);
  packet.writeUInt16BE(block & 0xffff, 2);
  return packet;
}

export function encodeError(code: number, message: string): Buffer {
  return Buffer.concat([u16(Opcode.Error), u16(code), Buffer.from(`${message}\0`, 'latin1')]);
}

export function decode(bytes: Buffer): Decoded {
  if (bytes.length < 2) return { ok: false, why: 'packet shorter than an opcode' };
  const op = bytes.readUInt16BE(0);
  switch (op) {
    case Opcode.Rrq:
    case Opcode.Wrq: {
      const fields = nulStrings(bytes.subarray(2));
      if (!fields || fields.length < 2 || fields.length % 2 !== 0) return { ok: false, why: 'malformed request' };
      const options = toOptions(fields.slice(2));
      return options ? { ok: true, packet: { op: op === Opcode.Rrq ? 'rrq' : 'wrq', file: fields[0], mode: fields[1].toLowerCase(), options } } : { ok: false, why: 'duplicate option' };
    }
    case Opcode.Data:
      if (bytes.length < 4) return { ok: false, why: 'DATA without a block number' };
      return { ok: true, packet: { op: 'data', block: bytes.readUInt16BE(2), data: bytes.subarray(4) } };
    case Opcode.Ack:
      if (bytes.length !== 4) return { ok: false, why: 'ACK of the wrong length' };
      return { ok: true, packet: { op: 'ack', block: bytes.readUInt16BE(2) } };
    case Opcode.Error: {
      if (bytes.length < 4) return { ok: false, why: 'ERROR without a code' };
      // Some servers omit the final NUL; take the text up to the first NUL or the end.
      const rest = bytes.subarray(4);
      const end = rest.indexOf(0);
      return { ok: true, packet: { op: 'error', code: bytes.readUInt16BE(2), message: rest.subarray(0, end === -1 ? rest.length : end).toString('latin1') } };
    }
    case Opcode.Oack: {
      const fields = nulStrings(bytes.subarray(2));
      if (!fields || fields.length % 2 !== 0) return { ok: false, why: 'malformed OACK' };
      const options = toOptions(fields);
      return options ? { ok: true, packet: { op: 'oack', options } } : { ok: false, why: 'duplicate option' };
    }
    default:
      return { ok: false, why: `unknown opcode ${op}` };
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Splits NUL-terminated strings; undefined when the last one is not terminated. */
function nulStrings(body: Buffer): string[] | undefined {
  if (body.length === 0) return [];
  if (body[body.length - 1] !== 0) return undefined;
  return body.subarray(0, body.length - 1).toString('latin1').split('\0');
}

/** Option names are case-insensitive (RFC 2347); a repeated name is malformed. */
function toOptions(pairs: string[]): TftpOptionsMap | undefined {
  const options: TftpOptionsMap = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i].toLowerCase();
    if (Object.prototype.hasOwnProperty.call(options, name)) return undefined;
    options[name] = pairs[i + 1];
  }
  return options;
}
