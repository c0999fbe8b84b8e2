import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiText, decodePacket, encodeAck, encodeData, encodeError, encodeOack, encodeRequest } from '../../../../src/engine/tftp/packets';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const good: { title: string; input: Buffer; expected: unknown }[] = [
  {
    title: 'RRQ with options (names lower-cased, first of a repeat kept)',
    input: Buffer.from('\0\x01img.bin\0OCTET\0BLKSIZE\x001468\0tsize\x000\0blksize\x00512\0', 'latin1'),
    expected: { op: 'rrq', file: 'img.bin', mode: 'octet', options: new Map([['blksize', '1468'], ['tsize', '0']]) },
  },
  { title: 'WRQ without options', input: Buffer.from('\0\x02a\0netascii\0', 'latin1'), expected: { op: 'wrq', file: 'a', mode: 'netascii', options: new Map() } },
  { title: 'DATA block 65535', input: hex('0003 ffff 6162'), expected: { op: 'data', block: 65535, data: Buffer.from('ab') } },
  { title: 'empty DATA', input: hex('0003 0001'), expected: { op: 'data', block: 1, data: Buffer.alloc(0) } },
  { title: 'ACK', input: hex('0004 0102'), expected: { op: 'ack', block: 258 } },
  { title: 'ACK with padding', input: hex('0004 0001 0000'), expected: { op: 'ack', block: 1 } },
  { title: 'ERROR without the final NUL', input: Buffer.from('\0\x05\0\x01nope', 'latin1'), expected: { op: 'error', code: 1, message: 'nope' } },
  { title: 'OACK', input: Buffer.from('\0\x06blksize\x008\0', 'latin1'), expected: { op: 'oack', options: new Map([['blksize', '8']]) } },
];

for (const c of good) {
  test(`decodes ${c.title}`, () => {
    const r = decodePacket(c.input);
    assert.ok(r.ok, r.ok ? '' : r.error.why);
    assert.deepEqual(r.packet, c.expected);
  });
}

const bad: { title: string; input: Buffer; code: string }[] = [
  { title: 'empty datagram', input: Buffer.alloc(0), code: 'short' },
  { title: 'one byte', input: hex('00'), code: 'short' },
  { title: 'unknown opcode 0', input: hex('0000 0001'), code: 'opcode' },
  { title: 'unknown opcode 7', input: hex('0007'), code: 'opcode' },
  { title: 'unknown opcode 0xffff', input: hex('ffff 0000'), code: 'opcode' },
  { title: 'RRQ without terminator', input: Buffer.from('\0\x01file\0octet', 'latin1'), code: 'unterminated' },
  { title: 'RRQ without mode', input: Buffer.from('\0\x01file\0', 'latin1'), code: 'fields' },
  { title: 'RRQ with a dangling option', input: Buffer.from('\0\x01f\0octet\0blksize\0', 'latin1'), code: 'fields' },
  { title: 'RRQ with nothing', input: hex('0001'), code: 'fields' },
  { title: 'truncated DATA', input: hex('0003 00'), code: 'short' },
  { title: 'truncated ACK', input: hex('0004 00'), code: 'ack-length' },
  { title: 'truncated ERROR', input: hex('0005'), code: 'short' },
  { title: 'OACK with odd fields', input: Buffer.from('\0\x06blksize\0', 'latin1'), code: 'fields' },
];

for (const c of bad) {
  test(`refuses ${c.title} with a typed error`, () => {
    const r = decodePacket(c.input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, c.code);
  });
}

test('decoding random bytes never throws', () => {
  let seed = 7;
  for (let i = 0; i < 5000; i++) {
    const len = i % 40;
    const b = Buffer.alloc(len);
    for (let j = 0; j < len; j++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      b[j] = j < 2 ? (seed % 9) * (j === 1 ? 1 : 0) : seed & 0xff;
    }
    decodePacket(b);
  }
});

test('encoders round-trip through the decoder', () => {
  assert.deepEqual(decodePacket(encodeAck(70000)), { ok: true, packet: { op: 'ack', block: 70000 & 0xffff } });
  assert.deepEqual(decodePacket(encodeData(65536, Buffer.from('x'))), { ok: true, packet: { op: 'data', block: 0, data: Buffer.from('x') } });
  assert.deepEqual(decodePacket(encodeError(2, 'refused')), { ok: true, packet: { op: 'error', code: 2, message: 'refused' } });
  const o = new Map([['blksize', '1468'], ['tsize', '99']]);
  assert.deepEqual(decodePacket(encodeOack(o)), { ok: true, packet: { op: 'oack', options: o } });
  assert.deepEqual(decodePacket(encodeRequest('wrq', 'a/b.bin', 'octet', o)), { ok: true, packet: { op: 'wrq', file: 'a/b.bin', mode: 'octet', options: o } });
});

test('request names: UTF-8 where valid, latin1 where not', () => {
  const utf8 = decodePacket(encodeRequest('rrq', 'Überschrift-日本.bin', 'octet'));
  assert.ok(utf8.ok && utf8.packet.op === 'rrq' && utf8.packet.file === 'Überschrift-日本.bin');
  const latin1 = decodePacket(Buffer.concat([Buffer.from([0, 1]), Buffer.from('\xdcber.bin\0octet\0', 'latin1')]));
  assert.ok(latin1.ok && latin1.packet.op === 'rrq' && latin1.packet.file === 'Über.bin');
});

test('ERROR texts go out as printable ASCII', () => {
  assert.equal(asciiText("windowsize '0' is not 1\u201365535 \u2026 \u2019x\u2019"), "windowsize '0' is not 1-65535 ... 'x'");
  const e = encodeError(0, 'bad \u0085 \x1b[2J ñ');
  assert.ok([...e.subarray(4, e.length - 1)].every((b) => b >= 0x20 && b <= 0x7e));
});
