// The rsh header decoder: tables of whole, partial, truncated and hostile headers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRshHeader, maxCommandFieldBytes, maxUserFieldBytes, RshHeaderError } from '../../../../src/engine/rcp/rsh-header';

const b = (s: string) => Buffer.from(s, 'latin1');

test('decodes complete headers', () => {
  const cases = [
    { title: 'no stderr port (empty)', input: '\0router1\0alice\0rcp -f img.bin\0', expected: { localUser: 'router1', remoteUser: 'alice', command: 'rcp -f img.bin' } },
    { title: 'stderr port "0"', input: '0\0root\0bob\0rcp -t x\0', expected: { localUser: 'root', remoteUser: 'bob', command: 'rcp -t x' } },
    { title: 'stderr port 1021', input: '1021\0root\0bob\0id\0', expected: { stderrPort: 1021, localUser: 'root', remoteUser: 'bob', command: 'id' } },
    { title: 'empty users survive decoding (policy refuses them)', input: '\0\0\0rcp -f a\0', expected: { localUser: '', remoteUser: '', command: 'rcp -f a' } },
  ];
  for (const c of cases) {
    const r = decodeRshHeader(b(c.input));
    assert.equal(r.kind, 'complete', c.title);
    if (r.kind === 'complete') {
      assert.deepEqual(r.header, c.expected, c.title);
      assert.equal(r.rest.length, 0, c.title);
    }
  }
});

test('bytes after the header are returned as rest', () => {
  const r = decodeRshHeader(b('\0a\0b\0rcp -t f\0C0644 1 f\n'));
  assert.equal(r.kind, 'complete');
  if (r.kind === 'complete') assert.equal(Buffer.from(r.rest).toString(), 'C0644 1 f\n');
});

test('partial headers wait, reporting the stderr port as soon as it is complete', () => {
  const cases = [
    { title: 'nothing yet', input: '', expected: { kind: 'partial' } },
    { title: 'half a port', input: '10', expected: { kind: 'partial' } },
    { title: 'port only (glibc rcmd stops here until we connect back)', input: '1021\0', expected: { kind: 'partial', stderrPort: 1021 } },
    { title: 'port and local user', input: '1021\0root\0', expected: { kind: 'partial', stderrPort: 1021 } },
    { title: 'no port, half the command', input: '\0root\0bob\0rcp -', expected: { kind: 'partial' } },
  ];
  for (const c of cases) assert.deepEqual(decodeRshHeader(b(c.input)), c.expected, c.title);
});

test('every byte boundary of a real header decodes the same', () => {
  const whole = b('1022\0root\0alice\0rcp -p -t flash-image.bin\0');
  for (let i = 0; i < whole.length; i++) {
    const r = decodeRshHeader(whole.subarray(0, i));
    assert.equal(r.kind, 'partial', `cut at ${i}`);
  }
  const r = decodeRshHeader(whole);
  assert.equal(r.kind, 'complete');
});

test('hostile and truncated headers raise typed errors', () => {
  const cases: { title: string; input: Buffer; ended?: boolean; kind: RshHeaderError['kind']; field: RshHeaderError['field'] }[] = [
    { title: 'letters in the port', input: b('GET / HTTP/1.0\r\n'), kind: 'bad-port', field: 'stderr port' },
    { title: 'minus sign', input: b('-1\0'), kind: 'bad-port', field: 'stderr port' },
    { title: 'port over 65535', input: b('99999\0'), kind: 'bad-port', field: 'stderr port' },
    { title: 'port string too long', input: b('000001021\0'), kind: 'too-long', field: 'stderr port' },
    { title: 'over-long local user', input: b(`\0${'u'.repeat(maxUserFieldBytes + 1)}`), kind: 'too-long', field: 'local user' },
    { title: 'over-long remote user', input: b(`\0r\0${'u'.repeat(maxUserFieldBytes + 1)}\0`), kind: 'too-long', field: 'remote user' },
    { title: 'over-long command, no NUL yet', input: b(`\0r\0u\0${'x'.repeat(maxCommandFieldBytes + 1)}`), kind: 'too-long', field: 'command' },
    { title: 'control character in a user', input: b('\0ro\x1bot\0u\0rcp -f a\0'), kind: 'bad-text', field: 'local user' },
    { title: 'newline in the command', input: b('\0r\0u\0rcp -f a\nid\0'), kind: 'bad-text', field: 'command' },
    { title: 'invalid UTF-8', input: Buffer.concat([b('\0r\0'), Buffer.from([0xff, 0xfe]), b('\0rcp -f a\0')]), kind: 'bad-text', field: 'remote user' },
    { title: 'closed after the port', input: b('0\0'), ended: true, kind: 'truncated', field: 'local user' },
    { title: 'closed mid-command', input: b('\0r\0u\0rcp -f'), ended: true, kind: 'truncated', field: 'command' },
    { title: 'closed before anything', input: b(''), ended: true, kind: 'truncated', field: 'stderr port' },
  ];
  for (const c of cases) {
    assert.throws(
      () => decodeRshHeader(c.input, c.ended ?? false),
      (err: unknown) => err instanceof RshHeaderError && err.kind === c.kind && err.field === c.field && err.code.startsWith('E_RSH_'),
      c.title,
    );
  }
});
