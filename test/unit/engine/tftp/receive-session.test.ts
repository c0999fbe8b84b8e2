import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePacket, type TftpPacket } from '../../../../src/engine/tftp/packets';
import { defaultSessionConfig, type ReceiveState, receiveStep, type SessionAction, type SessionConfig, type SessionInput, startReceive } from '../../../../src/engine/tftp/session';

const peer = { address: '127.0.0.1', port: 40000 };
const cfg = (blockSize = 4, windowSize = 1): SessionConfig => ({ ...defaultSessionConfig, blockSize, windowSize });
const data = (block: number, text: string, now = 1, from = peer): SessionInput => ({ type: 'packet', packet: { op: 'data', block, data: Buffer.from(text) }, from, now });
const replies = (actions: SessionAction[]): TftpPacket[] =>
  actions.filter((a) => a.type === 'send').map((a) => {
    const d = decodePacket((a as { bytes: Buffer }).bytes);
    assert.ok(d.ok);
    return d.packet;
  });
const acks = (actions: SessionAction[]) => replies(actions).map((p) => (p.op === 'ack' ? p.block : p.op));
const written = (actions: SessionAction[]) => actions.filter((a) => a.type === 'write').map((a) => (a as { data: Buffer }).data.toString()).join('');

function run(state: ReceiveState, inputs: SessionInput[]) {
  const all: SessionAction[][] = [];
  for (const i of inputs) {
    const r = receiveStep(state, i);
    state = r.state;
    all.push(r.actions);
  }
  return { state, all };
}

test('lockstep: ACK 0, an ACK per block, the final ACK only after the commit, then dally', () => {
  const s0 = startReceive(peer, cfg(), new Map(), 0);
  assert.deepEqual(acks(s0.actions), [0]);
  const { state, all } = run(s0.state, [data(1, 'abcd'), data(2, 'ef'), data(2, 'ef'), { type: 'committed', now: 3 }, data(2, 'ef'), { type: 'timeout', now: 3000 }]);
  assert.deepEqual(acks(all[0]), [1]);
  assert.deepEqual(all[1].map((a) => a.type), ['write', 'cancel-timer', 'commit']);
  assert.deepEqual(acks(all[2]), [], 'no final ACK before the file is committed');
  assert.deepEqual(acks(all[3]), [2]);
  assert.ok(all[3].some((a) => a.type === 'finish'));
  assert.deepEqual(acks(all[4]), [2], 'dally: the final DATA again gets the final ACK again');
  assert.deepEqual(all[5].map((a) => a.type), ['cancel-timer', 'close']);
  assert.equal(state.phase, 'done');
  assert.equal(written(all.flat()), 'abcdef');
});

test('dally: an empty block past the final one is ACKed itself (atftp windowed retries); other DATA gets the final ACK', () => {
  const s0 = startReceive(peer, cfg(4, 4), new Map([['windowsize', '4'], ['blksize', '4']]), 0);
  const { state, all } = run(s0.state, [
    data(1, 'abcd'),
    data(2, 'ef'),
    { type: 'committed', now: 3 },
    data(3, ''), // empty, past the short final block
    data(3, 'zz'), // not empty: never acknowledged as received
    data(1, 'abcd'), // an old duplicate arriving late
    data(3, ''),
  ]);
  assert.deepEqual(acks(all[2]), [2], 'the final ACK after the commit');
  assert.deepEqual(acks(all[3]), [3]);
  assert.deepEqual(acks(all[4]), [2]);
  assert.deepEqual(acks(all[5]), [2]);
  assert.deepEqual(acks(all[6]), [3]);
  assert.equal(written(all.flat()), 'abcdef', 'nothing written after the final block');
  assert.equal(state.phase, 'dallying');
});

test('OACK instead of ACK 0; a repeated DATA is re-acknowledged and not written twice', () => {
  const s0 = startReceive(peer, cfg(), new Map([['blksize', '4']]), 0);
  assert.equal(replies(s0.actions)[0].op, 'oack');
  const { all } = run(s0.state, [data(1, 'abcd'), data(1, 'abcd'), data(2, 'wxyz')]);
  assert.deepEqual(all.map(acks), [[1], [1], [2]]);
  assert.equal(written(all.flat()), 'abcdwxyz');
});

test('a timeout repeats the last ACK with backoff; silence past the limits fails with ERROR 0', () => {
  const c = { ...cfg(), maxRetries: 2, minSilenceMs: 100 };
  const s0 = startReceive(peer, c, new Map(), 0);
  const { state, all } = run(s0.state, [data(1, 'abcd', 1), { type: 'timeout', now: 20 }, { type: 'timeout', now: 50 }, { type: 'timeout', now: 200 }]);
  assert.deepEqual(all.map(acks), [[1], [1], [1], ['error']]);
  assert.equal(state.phase, 'failed');
  assert.match(state.failure ?? '', /no DATA after 2 retransmissions/);
});

test('windowsize 3: one ACK per window; a gap is ACKed once with the last block in order (RFC 7440)', () => {
  const s0 = startReceive(peer, cfg(4, 3), new Map([['windowsize', '3']]), 0);
  const { all } = run(s0.state, [data(1, 'aaaa'), data(2, 'bbbb'), data(3, 'cccc'), data(5, 'eeee'), data(6, 'ffff'), data(4, 'dddd'), data(5, 'eeee'), data(6, 'ff')]);
  assert.deepEqual(all.map(acks), [[], [], [3], [3], [], [], [], []]);
  assert.equal(written(all.flat()), 'aaaabbbbccccddddeeeeff');
});

test('ERROR 5 to a stranger, transfer undisturbed', () => {
  const s0 = startReceive(peer, cfg(), new Map(), 0);
  const stranger = { address: '127.0.0.2', port: 40000 };
  const r = receiveStep(s0.state, data(1, 'abcd', 1, stranger));
  assert.deepEqual(replies(r.actions), [{ op: 'error', code: 5, message: 'unknown transfer ID' }]);
  assert.equal(r.state, s0.state);
});

for (const wrap of [0, 1] as const) {
  test(`after block 65535 the sender may go on at ${wrap}; we follow it`, () => {
    const s0 = startReceive(peer, cfg(1, 1), new Map(), 0);
    const state: ReceiveState = { ...s0.state, received: 65535 };
    const { state: end, all } = run(state, [data(wrap, 'x'), data(wrap + 1, 'y'), data(wrap + 2, '')]);
    assert.deepEqual(all.map(acks), [[wrap], [wrap + 1], []]);
    assert.equal(end.received, 65538);
    assert.equal(written(all.flat()), 'xy');
  });
}

test('windowed: a 1 right after 65535 is a gap, not a guess (a lost 0 must not corrupt the file)', () => {
  const s0 = startReceive(peer, cfg(1, 4), new Map(), 0);
  const state: ReceiveState = { ...s0.state, received: 65535 };
  const { all } = run(state, [data(1, 'y'), data(0, 'x'), data(1, 'y')]);
  assert.deepEqual(all.map(acks), [[65535], [], []]);
  assert.equal(written(all.flat()), 'xy');
});

test('a commit failure is reported to the peer and fails the transfer', () => {
  const s0 = startReceive(peer, cfg(), new Map(), 0);
  const { state, all } = run(s0.state, [data(1, 'ab'), { type: 'abort', code: 6, message: 'exists', now: 2 }]);
  assert.deepEqual(replies(all[1]), [{ op: 'error', code: 6, message: 'exists' }]);
  assert.equal(state.phase, 'failed');
});

test('an upload whose first DATA never comes is given up after maxFirstRetries timeouts', () => {
  const c = { ...cfg(), maxRetries: 8, minSilenceMs: 30_000, maxFirstRetries: 3 };
  let state = startReceive(peer, c, new Map(), 0).state;
  const sent: unknown[] = [];
  for (const now of [1000, 3000, 7000, 13_000]) {
    const r = receiveStep(state, { type: 'timeout', now });
    state = r.state;
    sent.push(...replies(r.actions).map((p) => p.op));
  }
  assert.equal(state.phase, 'failed');
  assert.deepEqual(sent, ['ack', 'ack', 'ack', 'error']);
});

const armedMs = (actions: SessionAction[]) => (actions.find((a) => a.type === 'arm-timer') as { ms: number } | undefined)?.ms;

test('re-ACK timer before the first DATA: one repeat after the initial RTO, then quiet at the ceiling (a lost first DATA costs the sender one timer, not 1+2+4 s of ours)', () => {
  const c = cfg();
  const s0 = startReceive(peer, c, new Map(), 0);
  assert.equal(armedMs(s0.actions), c.rtt.initialRtoMs);
  const { all } = run(s0.state, [{ type: 'timeout', now: 1000 }, { type: 'timeout', now: 7000 }]);
  assert.deepEqual(acks(all[0]), [0]);
  assert.equal(armedMs(all[0]), c.rtt.maxRtoMs, 'above a sender timer that every packet restarts (tftp-hpa, 5 s)');
  assert.deepEqual(acks(all[1]), [0]);
});

test('re-ACK timer mid-transfer: adaptive — a few quick repeats at the measured RTO, then the ceiling; in-order DATA ends the backoff', () => {
  const c = { ...cfg(), rtt: { ...cfg().rtt, minRtoMs: 10 } };
  const s0 = startReceive(peer, c, new Map(), 0);
  let { state, all } = run(s0.state, [data(1, 'abcd', 2)]);
  const estimate = armedMs(all[0])!;
  assert.ok(estimate < 100, `measured from ACK 0 to DATA 1: ${estimate} ms`);
  const arms: number[] = [];
  let now = 2;
  for (let i = 0; i < 5; i++) {
    ({ state, all } = run(state, [{ type: 'timeout', now: (now += 10_000) }]));
    assert.deepEqual(acks(all[0]), [1], 'the last block received, again');
    arms.push(armedMs(all[0])!);
  }
  assert.deepEqual(arms, [estimate * 2, estimate * 4, estimate * 8, c.rtt.maxRtoMs, c.rtt.maxRtoMs]);
  ({ state, all } = run(state, [data(2, 'efgh', (now += 1))]));
  assert.deepEqual(acks(all[0]), [2]);
  assert.equal(armedMs(all[0]), estimate, 'DATA after our repeats gives no sample (Karn) but ends the backoff');
  assert.equal(state.retries, 0);
});

test('a repeated WRQ (our ACK 0 or OACK was lost) is answered at once, once per RTO, and not after DATA has come', () => {
  const s0 = startReceive(peer, cfg(4), new Map([['blksize', '4']]), 0);
  const again = (now: number): SessionInput => ({ type: 'request-again', now });
  const { all } = run(s0.state, [again(300), again(1200), again(1500), again(2300), data(1, 'abcd', 2400), again(9000)]);
  assert.deepEqual(
    all.map((a) => replies(a).map((p) => p.op)),
    [[], ['oack'], [], ['oack'], ['ack'], []],
  );
});
