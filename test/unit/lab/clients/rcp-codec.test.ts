// The lab's rsh/rcp framing as tables: the request the client sends and the control records it reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeControlRecord, encodeFileRecord, encodeRshRequest, rcpCommand } from '../../../../src/lab/clients/rcp-codec';

test('the rsh request: no stderr port, client user, server user, command, each NUL-terminated', () => {
  assert.equal(encodeRshRequest('router1', 'cisco', 'rcp -f c2911.bin').toString('latin1'), '0\0router1\0cisco\0rcp -f c2911.bin\0');
  assert.throws(() => encodeRshRequest('a\0b', 'cisco', 'x'), RangeError);
});

test('rcp commands quote paths the remote shell would split', () => {
  const rows = [
    { input: ['download', 'images/c2911.bin'], expected: 'rcp -f images/c2911.bin' },
    { input: ['upload', 'router1-confg'], expected: 'rcp -t router1-confg' },
    { input: ['upload', 'my file;rm x'], expected: "rcp -t 'my file;rm x'" },
    { input: ['download', "it's"], expected: "rcp -f 'it'\\''s'" },
  ] as const;
  for (const row of rows) assert.equal(rcpCommand(row.input[0], row.input[1]), row.expected);
});

test('file records: C, four octal digits, size, base name', () => {
  assert.equal(encodeFileRecord(0o644, 33554432, 'c2960x.bin').toString(), 'C0644 33554432 c2960x.bin\n');
  assert.equal(encodeFileRecord(0o600, 0, 'e').toString(), 'C0600 0 e\n');
  assert.throws(() => encodeFileRecord(0o644, 1, 'a/b'), RangeError);
});

test('control records decode, and anything else is invalid rather than a throw', () => {
  const rows: { input: Buffer; expected: ReturnType<typeof decodeControlRecord> }[] = [
    { input: Buffer.from('C0644 1234 img.bin'), expected: { type: 'file', mode: 0o644, sizeBytes: 1234, name: 'img.bin' } },
    { input: Buffer.from('C0755 0 name with spaces'), expected: { type: 'file', mode: 0o755, sizeBytes: 0, name: 'name with spaces' } },
    { input: Buffer.from('T1700000000 0 1700000001 0'), expected: { type: 'times', mtimeSec: 1700000000, atimeSec: 1700000001 } },
    { input: Buffer.from('D0755 0 dir'), expected: { type: 'directory', name: 'dir' } },
    { input: Buffer.from('E'), expected: { type: 'end-directory' } },
    { input: Buffer.from('\x01rcp: x: No such file or directory'), expected: { type: 'message', fatal: false, text: 'rcp: x: No such file or directory' } },
    { input: Buffer.from('\x02rcp: protocol error'), expected: { type: 'message', fatal: true, text: 'rcp: protocol error' } },
    { input: Buffer.from('Authentication failure'), expected: { type: 'invalid', text: 'Authentication failure' } },
    { input: Buffer.from('C0644 99999999999999999999 x'), expected: { type: 'invalid', text: 'C0644 99999999999999999999 x' } },
    { input: Buffer.from('C644 1 x'), expected: { type: 'invalid', text: 'C644 1 x' } },
    { input: Buffer.alloc(0), expected: { type: 'invalid', text: '' } },
  ];
  for (const row of rows) assert.deepEqual(decodeControlRecord(row.input), row.expected, JSON.stringify(row.input.toString()));
});
