// The rcp codec: commands as BSD rcp sends them, control records, replies; hostile input is a typed error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeReply,
  decodeSourceMessage,
  formatFileRecord,
  formatReply,
  formatTimesRecord,
  maxLineBytes,
  parseControlLine,
  parseRcpCommand,
  RcpCommandError,
  RcpProtocolError,
  refusalMessage,
  unsupportedReason,
} from '../../../../src/engine/rcp/rcp-codec';

test('parses the commands real rcp clients send', () => {
  const base = { preserve: false, recursive: false, targetIsDirectory: false };
  const cases = [
    { input: 'rcp -f c2900-universalk9-mz.SPA.157-3.M8.bin', expected: { ...base, direction: 'from-us', name: 'c2900-universalk9-mz.SPA.157-3.M8.bin' } },
    { input: 'rcp -t up.bin', expected: { ...base, direction: 'to-us', name: 'up.bin' } },
    { input: 'rcp -p -t up.bin', expected: { ...base, preserve: true, direction: 'to-us', name: 'up.bin' } },
    { input: 'rcp -r -p -d -t dir', expected: { preserve: true, recursive: true, targetIsDirectory: true, direction: 'to-us', name: 'dir' } },
    { input: 'rcp -pf images/a.bin', expected: { ...base, preserve: true, direction: 'from-us', name: 'images/a.bin' } },
    { input: 'rcp -t .', expected: { ...base, direction: 'to-us', name: '.' } },
    { input: 'rcp -f -- -odd-name', expected: { ...base, direction: 'from-us', name: '-odd-name' } },
    { input: 'rcp -t name with spaces', expected: { ...base, direction: 'to-us', name: 'name with spaces' } },
  ];
  for (const c of cases) assert.deepEqual(parseRcpCommand(c.input), c.expected, c.input);
});

test('refuses every other command, and flags it does not know', () => {
  const cases = ['id', 'touch /tmp/x', 'rcp', 'rcp -f', 'rcp -x -f a', 'rcp -f -t a', 'rcp a', '/usr/bin/rcp -f a', 'rcp -f a; id'.replace('rcp', 'sh -c rcp'), ''];
  for (const c of cases) assert.throws(() => parseRcpCommand(c), RcpCommandError, JSON.stringify(c));
  assert.match(unsupportedReason(parseRcpCommand('rcp -r -f d')) ?? '', /rcp -r/);
  assert.match(unsupportedReason(parseRcpCommand('rcp -d -t d')) ?? '', /rcp -d/);
  assert.equal(unsupportedReason(parseRcpCommand('rcp -p -t f')), undefined);
});

test('parses control records', () => {
  const cases = [
    { input: 'C0644 33554432 c2960x.bin', expected: { type: 'file', mode: 0o644, sizeBytes: 33554432, name: 'c2960x.bin' } },
    { input: 'C0600 0 empty', expected: { type: 'file', mode: 0o600, sizeBytes: 0, name: 'empty' } },
    { input: 'C0644 5 a name with spaces', expected: { type: 'file', mode: 0o644, sizeBytes: 5, name: 'a name with spaces' } },
    { input: 'D0755 0 dir', expected: { type: 'directory', mode: 0o755, name: 'dir' } },
    { input: 'E', expected: { type: 'end-directory' } },
    { input: 'T1700000000 0 1700000001 0', expected: { type: 'times', mtimeSec: 1700000000, atimeSec: 1700000001 } },
  ];
  for (const c of cases) assert.deepEqual(parseControlLine(c.input), c.expected, c.input);
});

test('malformed control records raise RcpProtocolError', () => {
  const cases = ['', 'X0644 1 a', 'C644 1 a', 'C0648 1 a', 'C0644 -1 a', 'C0644 1', 'C0644 1 ', 'C0644 99999999999999999 a', 'C0644 1 ../etc/passwd', 'C0644 1 ..', 'C0644 1 a/b', 'Eextra', 'T1 0', 'Tx 0 1 0'];
  for (const c of cases) assert.throws(() => parseControlLine(c), RcpProtocolError, JSON.stringify(c));
});

test('formats records and replies', () => {
  assert.equal(formatFileRecord(0o644, 1234, 'a.bin').toString(), 'C0644 1234 a.bin\n');
  assert.equal(formatFileRecord(0o100755, 0, 'x').toString(), 'C0755 0 x\n');
  assert.equal(formatTimesRecord(1700000000.9, 1700000001).toString(), 'T1700000000 0 1700000001 0\n');
  assert.deepEqual([...formatReply({ type: 'ok' })], [0]);
  assert.equal(formatReply({ type: 'warning', message: 'no such file' }).toString('latin1'), '\x01no such file\n');
  assert.equal(formatReply({ type: 'fatal', message: 'two\nlines' }).toString('latin1'), '\x02two lines\n');
  assert.ok(formatReply({ type: 'warning', message: 'x'.repeat(5000) }).length <= maxLineBytes);
});

test('decodes replies incrementally', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  const cases = [
    { input: '', expected: { kind: 'need-more' } },
    { input: '\0', expected: { kind: 'message', message: { type: 'ok' }, rest: '' } },
    { input: '\0\0', expected: { kind: 'message', message: { type: 'ok' }, rest: '\0' } },
    { input: '\x01rcp: a: No such file', expected: { kind: 'need-more' } },
    { input: '\x01rcp: a: No such file\n', expected: { kind: 'message', message: { type: 'warning', message: 'rcp: a: No such file' }, rest: '' } },
    { input: '\x02fatal\nC', expected: { kind: 'message', message: { type: 'fatal', message: 'fatal' }, rest: 'C' } },
  ];
  for (const c of cases) {
    const r = decodeReply(b(c.input));
    const shown = r.kind === 'message' ? { ...r, rest: Buffer.from(r.rest).toString('latin1') } : r;
    assert.deepEqual(shown, c.expected, JSON.stringify(c.input));
  }
  assert.throws(() => decodeReply(b('x')), RcpProtocolError);
  assert.throws(() => decodeReply(b(`\x01${'y'.repeat(maxLineBytes + 1)}`)), RcpProtocolError);
  assert.throws(() => decodeReply(b('\x01a\0b\n')), RcpProtocolError);
});

test('decodes what a source sends: records or its own errors', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  assert.deepEqual(decodeSourceMessage(b('C0644 3 a')), { kind: 'need-more' });
  const r = decodeSourceMessage(b('C0644 3 a\nabc'));
  assert.equal(r.kind, 'message');
  if (r.kind === 'message') {
    assert.deepEqual(r.message, { type: 'file', mode: 0o644, sizeBytes: 3, name: 'a' });
    assert.equal(Buffer.from(r.rest).toString(), 'abc');
  }
  const e = decodeSourceMessage(b('\x01rcp: x: Permission denied\n'));
  assert.equal(e.kind === 'message' && e.message.type, 'warning');
  assert.throws(() => decodeSourceMessage(b('garbage\n')), RcpProtocolError);
  assert.throws(() => decodeSourceMessage(b('C'.repeat(maxLineBytes + 2))), RcpProtocolError);
});

test('refusals are worded as BSD rcp words its errors, with our reason in brackets', () => {
  const cases = [
    { input: ['not-found', 'a.bin', 'nothing is offered under that name'], expected: 'rcp: a.bin: No such file or directory (nothing is offered under that name)' },
    { input: ['wrong-user', 'a.bin', "expects user 'R1'"], expected: "rcp: a.bin: Permission denied (expects user 'R1')" },
    { input: ['exists', 'b', 'never overwritten'], expected: 'rcp: b: File exists (never overwritten)' },
    { input: ['too-large', 'c', '9 bytes is over the limit'], expected: 'rcp: c: File too large (9 bytes is over the limit)' },
    { input: ['protocol', 'c', 'only one file is accepted per copy'], expected: 'only one file is accepted per copy' },
    { input: ['wrong-peer', 'x\ny', 'offered to 10.0.0.2'], expected: 'rcp: x\\x0ay: Permission denied (offered to 10.0.0.2)' },
  ] as const;
  for (const c of cases) assert.equal(refusalMessage(c.input[0], c.input[1], c.input[2]), c.expected);
});
