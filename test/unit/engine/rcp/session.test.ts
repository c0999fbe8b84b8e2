// The rcp source and sink state machines, driven input by input: the actions they ask for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type RcpAction, type SinkInput, type SinkState, type SourceInput, type SourceState, startSink, startSource, stepSink, stepSource } from '../../../../src/engine/rcp/session';

const b = (s: string) => Buffer.from(s, 'latin1');

/** Actions made readable: sent bytes as latin1 strings, written chunks as strings. */
function show(actions: RcpAction[]): unknown[] {
  return actions.map((a) => {
    if (a.type === 'send') return { send: Buffer.from(a.bytes).toString('latin1') };
    if (a.type === 'write') return { write: Buffer.from(a.chunk).toString('latin1') };
    return a;
  });
}

function runSource(file: Parameters<typeof startSource>[0], inputs: SourceInput[]): { state: SourceState; log: unknown[][] } {
  let step = startSource(file);
  const log = [show(step.actions)];
  for (const i of inputs) {
    step = stepSource(step.state, i);
    log.push(show(step.actions));
  }
  return { state: step.state, log };
}

function runSink(target: string, inputs: SinkInput[]): { state: SinkState; log: unknown[][] } {
  let step = startSink(target);
  const log = [show(step.actions)];
  for (const i of inputs) {
    step = stepSink(step.state, i);
    log.push(show(step.actions));
  }
  return { state: step.state, log };
}

test('source: ready, C record, data, final acknowledgement', () => {
  const r = runSource({ name: 'a.bin', sizeBytes: 5, mode: 0o644 }, [{ type: 'bytes', data: b('\0') }, { type: 'bytes', data: b('\0') }, { type: 'data-sent' }, { type: 'bytes', data: b('\0') }]);
  assert.deepEqual(r.log, [[], [{ send: 'C0644 5 a.bin\n' }], [{ type: 'stream-file' }], [{ send: '\0' }], [{ type: 'finished' }, { type: 'close' }]]);
  assert.equal(r.state.kind, 'closed');
});

test('source with -p sends a T record first; replies may arrive together', () => {
  const r = runSource({ name: 'a', sizeBytes: 1, mode: 0o600, times: { mtimeSec: 100, atimeSec: 200 } }, [{ type: 'bytes', data: b('\0\0') }, { type: 'bytes', data: b('\0') }]);
  assert.deepEqual(r.log, [[], [{ send: 'T100 0 200 0\n' }, { send: 'C0600 1 a\n' }], [{ type: 'stream-file' }]]);
});

test('source: the sink refusing, hanging up, going quiet or babbling closes with the reason', () => {
  const cases: { title: string; inputs: SourceInput[]; error: RegExp }[] = [
    { title: 'sink refuses the file', inputs: [{ type: 'bytes', data: b('\0') }, { type: 'bytes', data: b('\x01flash: not enough space\n') }], error: /not enough space/ },
    { title: 'sink hangs up before ready', inputs: [{ type: 'eof' }], error: /closed the connection while waiting for the peer to be ready/ },
    { title: 'timeout waiting for the final ack', inputs: [{ type: 'bytes', data: b('\0\0') }, { type: 'data-sent' }, { type: 'timeout' }], error: /no reply/ },
    { title: 'garbage reply', inputs: [{ type: 'bytes', data: b('HELLO') }], error: /expected a reply byte/ },
    { title: 'flood while sending', inputs: [{ type: 'bytes', data: b('\0\0') }, { type: 'bytes', data: Buffer.alloc(4096, 0) }], error: /more than a reply/ },
  ];
  for (const c of cases) {
    const r = runSource({ name: 'a', sizeBytes: 1, mode: 0o644 }, c.inputs);
    assert.equal(r.state.kind, 'closed', c.title);
    const last = r.log.at(-1)?.at(-1) as { type: string; error?: string };
    assert.equal(last.type, 'close', c.title);
    assert.match(last.error ?? '', c.error, c.title);
  }
});

test('sink: ready, C record, authorize, data in pieces, trailer, commit, ack, end', () => {
  const r = runSink('up.bin', [
    { type: 'bytes', data: b('C0644 6 local-name\nab') },
    { type: 'authorized' },
    { type: 'bytes', data: b('cd') },
    { type: 'bytes', data: b('ef\0') },
    { type: 'committed' },
    { type: 'eof' },
  ]);
  assert.deepEqual(r.log, [
    [{ send: '\0' }],
    [{ type: 'authorize', name: 'up.bin', sizeBytes: 6, mode: 0o644 }],
    [{ send: '\0' }, { write: 'ab' }],
    [{ write: 'cd' }],
    [{ write: 'ef' }, { type: 'commit' }],
    [{ type: 'finished' }, { send: '\0' }],
    [{ type: 'close' }],
  ]);
});

test('sink: T records are acknowledged; "." takes the C record name; empty files work', () => {
  const r = runSink('.', [{ type: 'bytes', data: b('T1 0 2 0\n') }, { type: 'bytes', data: b('C0644 0 empty.cfg\n') }, { type: 'authorized' }, { type: 'bytes', data: b('\0') }]);
  assert.deepEqual(r.log, [[{ send: '\0' }], [{ send: '\0' }], [{ type: 'authorize', name: 'empty.cfg', sizeBytes: 0, mode: 0o644 }], [{ send: '\0' }], [{ type: 'commit' }]]);
});

test('sink: data bytes equal to reply bytes are data, not replies', () => {
  const r = runSink('f', [{ type: 'bytes', data: b('C0644 3 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('\0\x01\n\0') }]);
  assert.deepEqual(r.log.at(-1), [{ write: '\0\x01\n' }, { type: 'commit' }]);
});

test('sink: refusals, drops and stalls close with the reason (the server discards the partial file)', () => {
  const cases: { title: string; inputs: SinkInput[]; sent?: string; error: RegExp }[] = [
    { title: 'denied by the policy', inputs: [{ type: 'bytes', data: b('C0644 9 f\n') }, { type: 'denied', message: 'too large' }], sent: '\x01too large\n', error: /too large/ },
    { title: 'directory', inputs: [{ type: 'bytes', data: b('D0755 0 d\n') }], sent: '\x01directories are not accepted; copy one file\n', error: /directories/ },
    { title: 'garbage record', inputs: [{ type: 'bytes', data: b('hello\n') }], sent: '\x01rcp protocol error: expected a control record (C, D, E or T), got byte 0x68\n', error: /control record/ },
    { title: 'source error instead of a record', inputs: [{ type: 'bytes', data: b('\x01rcp: x: No such file\n') }], error: /No such file/ },
    { title: 'drop mid-file', inputs: [{ type: 'bytes', data: b('C0644 9 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('abc') }, { type: 'eof' }], error: /closed the connection \(in the middle of the file\); the partial file was discarded/ },
    { title: 'stall mid-file', inputs: [{ type: 'bytes', data: b('C0644 9 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('abc') }, { type: 'timeout' }], error: /nothing from the peer in time/ },
    { title: 'bad trailer', inputs: [{ type: 'bytes', data: b('C0644 1 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('xZ') }], error: /after the file data/ },
    { title: 'source read error trailer', inputs: [{ type: 'bytes', data: b('C0644 1 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('x\x01read error\n') }], error: /read error; the partial file was discarded/ },
    { title: 'no file at all', inputs: [{ type: 'eof' }], error: /without sending a file/ },
    { title: 'a second file', inputs: [{ type: 'bytes', data: b('C0644 1 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('x\0') }, { type: 'committed' }, { type: 'bytes', data: b('C0644 1 g\n') }], sent: '\x01only one file is accepted per copy\n', error: /only one file/ },
    { title: 'commit failure', inputs: [{ type: 'bytes', data: b('C0644 1 f\n') }, { type: 'authorized' }, { type: 'bytes', data: b('x\0') }, { type: 'commit-failed', message: 'exists' }], sent: '\x01exists\n', error: /exists/ },
  ];
  for (const c of cases) {
    const r = runSink('f', c.inputs);
    assert.equal(r.state.kind, 'closed', c.title);
    const last = r.log.at(-1) ?? [];
    const close = last.at(-1) as { type: string; error?: string };
    assert.equal(close.type, 'close', c.title);
    assert.match(close.error ?? '', c.error, c.title);
    if (c.sent) assert.deepEqual(last.at(-2), { send: c.sent }, c.title);
  }
});

test('closed machines ignore further input', () => {
  const closed = stepSink({ kind: 'closed' }, { type: 'bytes', data: b('x') });
  assert.deepEqual(closed, { state: { kind: 'closed' }, actions: [] });
  assert.deepEqual(stepSource({ kind: 'closed' }, { type: 'eof' }), { state: { kind: 'closed' }, actions: [] });
});
