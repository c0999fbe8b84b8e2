// The lab's TFTP codec and pure client session, as tables: what goes on the wire for each input,
// including the cases a real tftpd rarely produces (bad OACKs, oversize DATA, stale ACKs, strangers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode, encodeAck, encodeData, encodeError, encodeRequest } from '../../../../src/lab/clients/tftp-packets';
import { initialState, step, type TftpAction, type TftpInput, type TftpSessionConfig, type TftpState } from '../../../../src/lab/clients/tftp-session';

const server = { address: '127.0.0.1', port: 69 };
const tid = { address: '127.0.0.1', port: 40000 };
const oack = (options: Record<string, string>) => Buffer.concat([Buffer.from([0, 6]), Buffer.from(Object.entries(options).flat().map((f) => `${f}\0`).join(''), 'latin1')]);

function run(config: Partial<TftpSessionConfig>, inputs: TftpInput[]): { state: TftpState; actions: TftpAction[][] } {
  let state = initialState({ direction: 'download', server, file: 'f.bin', retries: 2, ...config });
  const actions: TftpAction[][] = [];
  for (const input of inputs) {
    const next = step(state, input);
    state = next.state;
    actions.push(next.actions);
  }
  return { state, actions };
}

const sent = (actions: TftpAction[]) => actions.flatMap((a) => (a.type === 'send' ? [{ to: a.to.port, bytes: a.bytes.toString('hex') }] : []));
const failure = (actions: TftpAction[]) => actions.find((a) => a.type === 'fail');
const hex = (b: Buffer) => b.toString('hex');

test('codec: decodes each packet type and refuses malformed ones', () => {
  const rows: { title: string; input: Buffer; expected: ReturnType<typeof decode> }[] = [
    { title: 'DATA', input: encodeData(70000, Buffer.from('ab')), expected: { ok: true, packet: { op: 'data', block: 70000 & 0xffff, data: Buffer.from('ab') } } },
    { title: 'ACK', input: encodeAck(65536), expected: { ok: true, packet: { op: 'ack', block: 0 } } },
    { title: 'ERROR', input: encodeError(1, 'File not found'), expected: { ok: true, packet: { op: 'error', code: 1, message: 'File not found' } } },
    { title: 'ERROR without final NUL', input: Buffer.from('\0\x05\0\x02denied', 'latin1'), expected: { ok: true, packet: { op: 'error', code: 2, message: 'denied' } } },
    { title: 'OACK (names lower-cased)', input: oack({ BLKSIZE: '1024', tsize: '9' }), expected: { ok: true, packet: { op: 'oack', options: { blksize: '1024', tsize: '9' } } } },
    { title: 'RRQ with options', input: encodeRequest('rrq', 'a.bin', { blksize: '8192' }), expected: { ok: true, packet: { op: 'rrq', file: 'a.bin', mode: 'octet', options: { blksize: '8192' } } } },
    { title: 'one byte', input: Buffer.from([0]), expected: { ok: false, why: 'packet shorter than an opcode' } },
    { title: 'unknown opcode', input: Buffer.from([0, 9, 0, 0]), expected: { ok: false, why: 'unknown opcode 9' } },
    { title: 'short ACK', input: Buffer.from([0, 4, 0]), expected: { ok: false, why: 'ACK of the wrong length' } },
    { title: 'unterminated OACK', input: Buffer.from('\0\x06blksize\x00512', 'latin1'), expected: { ok: false, why: 'malformed OACK' } },
    { title: 'duplicate option', input: oack({ blksize: '512', BLKSIZE: '1024' }), expected: { ok: false, why: 'duplicate option' } },
  ];
  for (const row of rows) assert.deepEqual(decode(row.input), row.expected, row.title);
});

test('a plain RRQ by default (IOS without `ip tftp blocksize`), blksize and tsize only when configured', () => {
  assert.deepEqual(sent(run({}, [{ type: 'start' }]).actions[0]), [{ to: 69, bytes: hex(Buffer.from('\0\x01f.bin\0octet\0', 'latin1')) }]);
  assert.deepEqual(sent(run({ blksize: 1468 }, [{ type: 'start' }]).actions[0]), [{ to: 69, bytes: hex(Buffer.from('\0\x01f.bin\0octet\0blksize\x001468\0tsize\x000\0', 'latin1')) }]);
  assert.deepEqual(sent(run({ direction: 'upload', blksize: 1024, sizeBytes: 5000 }, [{ type: 'start' }]).actions[0]), [{ to: 69, bytes: hex(Buffer.from('\0\x02f.bin\0octet\0blksize\x001024\0tsize\x005000\0', 'latin1')) }]);
});

test('download: OACK is acknowledged with ACK 0; block numbers wrap from 65535 to 0', () => {
  const { state, actions } = run({ blksize: 8 }, [{ type: 'start' }, { type: 'packet', from: tid, bytes: oack({ blksize: '8' }) }]);
  assert.deepEqual(sent(actions[1]), [{ to: 40000, bytes: hex(encodeAck(0)) }]);
  assert.equal(state.blksize, 8);
  // Jump to block 65536, whose number on the wire is 0.
  const late: TftpState = { ...state, phase: { name: 'receiving', block: 65536 } };
  const data = step(late, { type: 'packet', from: tid, bytes: encodeData(0, Buffer.alloc(8)) });
  assert.deepEqual(data.actions.find((a) => a.type === 'write'), { type: 'write', data: Buffer.alloc(8) });
  const acked = step(data.state, { type: 'written' });
  assert.deepEqual(sent(acked.actions), [{ to: 40000, bytes: hex(Buffer.from([0, 4, 0, 0])) }]);
  assert.deepEqual(acked.state.phase, { name: 'receiving', block: 65537 });
});

test('download: a repeated DATA is re-acknowledged, an oversize one is ERROR 4', () => {
  const first = run({}, [{ type: 'start' }, { type: 'packet', from: tid, bytes: encodeData(1, Buffer.alloc(512)) }, { type: 'written' }]);
  const again = step(first.state, { type: 'packet', from: tid, bytes: encodeData(1, Buffer.alloc(512)) });
  assert.deepEqual(sent(again.actions), [{ to: 40000, bytes: hex(encodeAck(1)) }]);
  const big = step(first.state, { type: 'packet', from: tid, bytes: encodeData(2, Buffer.alloc(513)) });
  assert.equal(sent(big.actions)[0].bytes.slice(0, 8), '00050004');
  assert.equal(failure(big.actions)?.type === 'fail' && failure(big.actions)?.kind, 'protocol');
});

test('OACK problems are refused with ERROR 8', () => {
  const rows: { title: string; config: Partial<TftpSessionConfig>; options: Record<string, string> }[] = [
    { title: 'blksize above the one asked for', config: { blksize: 1024 }, options: { blksize: '2048' } },
    { title: 'an option never asked for', config: { blksize: 1024 }, options: { blksize: '1024', timeout: '5' } },
    { title: 'an OACK to a plain request', config: {}, options: { blksize: '512' } },
  ];
  for (const row of rows) {
    const { actions } = run(row.config, [{ type: 'start' }, { type: 'packet', from: tid, bytes: oack(row.options) }]);
    assert.equal(sent(actions[1])[0]?.bytes.slice(0, 8), '00050008', row.title);
    const fail = failure(actions[1]);
    assert.ok(fail?.type === 'fail' && fail.iosCause === 'Option negotiation failed', row.title);
  }
});

test('upload: ACK 0 starts 512-byte blocks; a stale ACK is not answered (Sorcerer’s Apprentice)', () => {
  const { state, actions } = run({ direction: 'upload' }, [{ type: 'start' }, { type: 'packet', from: tid, bytes: encodeAck(0) }, { type: 'block', data: Buffer.alloc(512, 1) }]);
  assert.deepEqual(actions[1], [{ type: 'read-block', size: 512 }]);
  assert.deepEqual(sent(actions[2]), [{ to: 40000, bytes: hex(encodeData(1, Buffer.alloc(512, 1))) }]);
  assert.deepEqual(step(state, { type: 'packet', from: tid, bytes: encodeAck(0) }).actions, []);
  const acked = step(state, { type: 'packet', from: tid, bytes: encodeAck(1) });
  assert.deepEqual(acked.actions.filter((a) => a.type !== 'disarm-timer'), [{ type: 'progress', bytes: 512 }, { type: 'read-block', size: 512 }]);
});

test('timeouts retransmit the last packet, then fail with "Timed out"', () => {
  const { actions } = run({ retries: 2 }, [{ type: 'start' }, { type: 'timeout' }, { type: 'timeout' }, { type: 'timeout' }]);
  const rrq = sent(actions[0]);
  assert.deepEqual(sent(actions[1]), rrq);
  assert.deepEqual(sent(actions[2]), rrq);
  const fail = failure(actions[3]);
  assert.ok(fail?.type === 'fail' && fail.kind === 'timeout' && fail.iosCause === 'Timed out');
});

test('server ERROR codes map to IOS causes', () => {
  const rows = [
    { code: 1, kind: 'not-found', iosCause: 'No such file or directory' },
    { code: 2, kind: 'access-denied', iosCause: 'Permission denied' },
    { code: 3, kind: 'disk-full', iosCause: 'Not enough space on device' },
    { code: 0, kind: 'protocol', iosCause: 'server says no' },
  ];
  for (const row of rows) {
    const { actions } = run({}, [{ type: 'start' }, { type: 'packet', from: tid, bytes: encodeError(row.code, row.code === 0 ? 'server says no' : 'x') }]);
    const fail = failure(actions[1]);
    assert.ok(fail?.type === 'fail');
    assert.deepEqual({ kind: fail.kind, iosCause: fail.iosCause }, { kind: row.kind, iosCause: row.iosCause }, `code ${row.code}`);
  }
});

test('strangers: another host before the lock is ignored; another port after it gets ERROR 5', () => {
  const before = run({}, [{ type: 'start' }, { type: 'packet', from: { address: '127.0.0.2', port: 40000 }, bytes: encodeData(1, Buffer.alloc(3)) }]);
  assert.deepEqual(before.actions[1], []);
  const locked = run({}, [{ type: 'start' }, { type: 'packet', from: tid, bytes: encodeData(1, Buffer.alloc(512)) }, { type: 'written' }]);
  const stray = step(locked.state, { type: 'packet', from: { address: '127.0.0.1', port: 40001 }, bytes: encodeData(2, Buffer.alloc(3)) });
  assert.deepEqual(sent(stray.actions).map((s) => [s.to, s.bytes.slice(0, 8)]), [[40001, '00050005']]);
  assert.deepEqual(stray.state, locked.state);
});

test('abort tells the server with an ERROR once the transfer has a peer, and fails as aborted', () => {
  const early = run({}, [{ type: 'start' }, { type: 'abort' }]);
  assert.deepEqual(sent(early.actions[1]), []);
  const late = run({}, [{ type: 'start' }, { type: 'packet', from: tid, bytes: encodeData(1, Buffer.alloc(512)) }, { type: 'written' }, { type: 'abort' }]);
  assert.deepEqual(sent(late.actions[3]).map((s) => [s.to, s.bytes.slice(0, 8)]), [[40000, '00050000']]);
  const fail = failure(late.actions[3]);
  assert.ok(fail?.type === 'fail' && fail.kind === 'aborted');
  assert.deepEqual(step(late.state, { type: 'timeout' }).actions, []); // finished: nothing more happens
});
