import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePacket, type TftpPacket } from '../../../../src/engine/tftp/packets';
import { defaultSessionConfig, type SendState, sendStep, type SessionAction, type SessionConfig, type SessionInput, startSend } from '../../../../src/engine/tftp/session';

const peer = { address: '127.0.0.1', port: 40000 };
const cfg = (blockSize = 512, windowSize = 1): SessionConfig => ({ ...defaultSessionConfig, blockSize, windowSize });
const ack = (block: number, now: number, from = peer): SessionInput => ({ type: 'packet', packet: { op: 'ack', block }, from, now });
const avail = (upTo: number, now: number, last?: number): SessionInput => ({ type: 'blocks-available', upTo, ...(last !== undefined ? { last } : {}), now });
const sentBlocks = (actions: SessionAction[]) => actions.filter((a) => a.type === 'send-data').map((a) => (a as { block: number }).block);
const sentPackets = (actions: SessionAction[]): TftpPacket[] =>
  actions.filter((a) => a.type === 'send').map((a) => {
    const d = decodePacket((a as { bytes: Buffer }).bytes);
    assert.ok(d.ok);
    return d.packet;
  });
const types = (actions: SessionAction[]) => actions.map((a) => a.type);

function run(state: SendState, inputs: SessionInput[]) {
  const all: SessionAction[][] = [];
  for (const i of inputs) {
    const r = sendStep(state, i);
    state = r.state;
    all.push(r.actions);
  }
  return { state, all };
}

test('lockstep without options: DATA 1 only once the reader has it, then one block per ACK, finish on the last ACK', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  assert.deepEqual(s0.actions, [], 'nothing to send before the first read');
  const { state, all } = run(s0.state, [avail(3, 1, 3), ack(1, 2), ack(2, 3), ack(3, 4)]);
  assert.deepEqual(all.map(sentBlocks), [[1], [2], [3], []]);
  assert.deepEqual(types(all[3]), ['release', 'cancel-timer', 'finish', 'close']);
  assert.equal(state.phase, 'done');
});

test('OACK first, DATA after ACK 0; the OACK is repeated on timeout', () => {
  const s0 = startSend(peer, cfg(1468), new Map([['blksize', '1468']]), 0);
  assert.deepEqual(sentPackets(s0.actions), [{ op: 'oack', options: new Map([['blksize', '1468']]) }]);
  const { all } = run(s0.state, [avail(5, 1, 5), { type: 'timeout', now: 1000 }, ack(0, 1001)]);
  assert.deepEqual(sentBlocks(all[0]), [], 'no DATA before ACK 0');
  assert.equal(sentPackets(all[1])[0].op, 'oack');
  assert.deepEqual(sentBlocks(all[2]), [1]);
});

test("a duplicate ACK never sends the next block twice (RFC 1123 Sorcerer's Apprentice)", () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  const { all } = run(s0.state, [avail(10, 0, 10), ack(1, 1), ack(1, 2), ack(1, 3), ack(2, 4)]);
  assert.deepEqual(all.map(sentBlocks), [[1], [2], [], [], [3]]);
});

test('a timeout resends the unacknowledged block, backing off; progress resets the count', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  let { state, all } = run(s0.state, [avail(10, 0, 10), ack(1, 0.2)]);
  const rto = (all[1].find((a) => a.type === 'arm-timer') as { ms: number }).ms;
  assert.ok(rto < 100, `adaptive timeout after a fast round trip: ${rto} ms`);
  ({ state, all } = run(state, [{ type: 'timeout', now: 20 }, { type: 'timeout', now: 60 }]));
  assert.deepEqual(all.map(sentBlocks), [[2], [2, 3]], 'the second resend probes with the next block (see the probe test)');
  const arms = all.map((a) => (a.find((x) => x.type === 'arm-timer') as { ms: number }).ms);
  assert.equal(arms[1], arms[0] * 2);
  assert.equal(state.retries, 2);
  ({ state } = run(state, [ack(2, 61)]));
  assert.equal(state.retries, 0);
});

test('gives up after the retries AND the minimum silence, with a reason and ERROR 0', () => {
  const c = { ...cfg(), maxRetries: 3, minSilenceMs: 1000 };
  const s0 = startSend(peer, c, new Map(), 0);
  // The peer has answered (ACK 1): from then on only retries and silence together end it.
  let { state } = run(s0.state, [avail(10, 0, 10), ack(1, 5)]);
  let last: SessionAction[] = [];
  const failedAt: number[] = [];
  for (const now of [10, 20, 40, 80, 500, 1200]) {
    const r = sendStep(state, { type: 'timeout', now });
    state = r.state;
    last = r.actions;
    if (state.phase === 'failed') {
      failedAt.push(now);
      break;
    }
  }
  assert.deepEqual(failedAt, [1200], 'not before the minimum silence');
  assert.match(state.failure ?? '', /no acknowledgement after \d+ retransmissions/);
  assert.deepEqual(sentPackets(last).map((p) => p.op), ['error']);
  assert.ok(types(last).includes('fail'));
});

test('a packet from another port gets ERROR 5 and does not disturb the transfer', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  let { state } = run(s0.state, [avail(10, 0, 10)]);
  const stranger = { address: '127.0.0.1', port: 40001 };
  const r = sendStep(state, ack(1, 1, stranger));
  assert.deepEqual(r.actions.map((a) => (a as { to?: unknown }).to), [stranger]);
  assert.deepEqual(sentPackets(r.actions), [{ op: 'error', code: 5, message: 'unknown transfer ID' }]);
  assert.equal(r.state, state);
  assert.deepEqual(sendStep(state, { type: 'packet', packet: { op: 'error', code: 0, message: '' }, from: stranger, now: 1 }).actions, [], 'an ERROR is never answered');
  ({ state } = run(state, [ack(1, 2)]));
  assert.equal(state.acked, 1);
});

test('windowsize 4: a full window, a partial ACK restarts a whole window after it (RFC 7440)', () => {
  const s0 = startSend(peer, cfg(512, 4), new Map(), 0);
  const { all } = run(s0.state, [avail(20, 0, 20), ack(4, 1), ack(6, 2), ack(10, 3)]);
  assert.deepEqual(all.map(sentBlocks), [[1, 2, 3, 4], [5, 6, 7, 8], [7, 8, 9, 10], [11, 12, 13, 14]]);
});

test('windowed sender waits for the reader and sends as blocks become available', () => {
  const s0 = startSend(peer, cfg(512, 8), new Map(), 0);
  const { all } = run(s0.state, [avail(3, 0), avail(6, 1), avail(12, 2, 12)]);
  assert.deepEqual(all.map(sentBlocks), [[1, 2, 3], [4, 5, 6], [7, 8]]);
});

test('block numbers roll over to 0 after 65535; ACK 0 then acknowledges block 65536', () => {
  const s0 = startSend(peer, cfg(512, 1), new Map(), 0);
  let { state } = run(s0.state, [avail(70000, 0, 70000)]);
  // fast-forward the state to just before the wrap
  state = { ...state, acked: 65534, sent: 65535, highestSent: 65535 };
  const r1 = sendStep(state, ack(65535, 1));
  assert.deepEqual(sentBlocks(r1.actions), [65536]);
  const r2 = sendStep(r1.state, ack(0, 2));
  assert.equal(r2.state.acked, 65536);
  assert.deepEqual(sentBlocks(r2.actions), [65537]);
  const r3 = sendStep(r2.state, ack(65535, 3));
  assert.deepEqual(r3.actions, [], 'the old ACK 65535 is stale after the wrap');
});

test('ERROR from the peer fails the transfer without answering', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  const r = sendStep(s0.state, { type: 'packet', packet: { op: 'error', code: 3, message: 'disk full' }, from: peer, now: 1 });
  assert.equal(r.state.phase, 'failed');
  assert.match(r.state.failure ?? '', /ERROR 3 \(disk full\)/);
  assert.deepEqual(sentPackets(r.actions), []);
});

test('a peer that never acknowledged block 1 is given up after maxFirstRetries timeouts, minimum silence or not', () => {
  const c = { ...cfg(), maxRetries: 8, minSilenceMs: 30_000, maxFirstRetries: 3 };
  const s0 = startSend(peer, c, new Map(), 0);
  const first = run(s0.state, [avail(10, 0, 10)]);
  let state = first.state;
  let sends = sentBlocks(first.all.flat()).length;
  for (const now of [1000, 3000, 7000, 13_000]) {
    const r = sendStep(state, { type: 'timeout', now });
    state = r.state;
    sends += sentBlocks(r.actions).length;
  }
  assert.equal(state.phase, 'failed');
  assert.equal(sends, 4, 'DATA 1 sent four times in all');
  assert.match(state.failure ?? '', /never acknowledged block 1/);
});

test('with options, a peer that never acknowledged the OACK is given up the same way; once it has, the usual patience applies', () => {
  const c = { ...cfg(), maxRetries: 8, minSilenceMs: 30_000, maxFirstRetries: 3 };
  const opts = new Map([['blksize', '512']]);
  let state = startSend(peer, c, opts, 0).state;
  for (const now of [1000, 3000, 7000, 13_000]) state = sendStep(state, { type: 'timeout', now }).state;
  assert.equal(state.phase, 'failed');
  assert.match(state.failure ?? '', /never acknowledged the OACK/);
  ({ state } = run(startSend(peer, c, opts, 0).state, [ack(0, 10), avail(10, 10, 10)]));
  for (const now of [1000, 3000, 7000, 13_000, 19_000]) state = sendStep(state, { type: 'timeout', now }).state;
  assert.equal(state.phase, 'data', 'ACK 0 answered: not given up after five timeouts within the minimum silence');
});

const armed = (actions: SessionAction[]) => (actions.find((a) => a.type === 'arm-timer') as { ms: number } | undefined)?.ms;

test('backoff ends with the first in-order ACK, even one that gives no sample (Karn): the timer is never pinned at the ceiling', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  let { state, all } = run(s0.state, [avail(10, 0, 10), ack(1, 1)]);
  const estimate = armed(all[1])!;
  assert.ok(estimate < 100, `adaptive: ${estimate} ms`);
  let now = 1;
  const arms: number[] = [];
  for (let i = 0; i < 12; i++) {
    ({ state, all } = run(state, [{ type: 'timeout', now: (now += 1000) }]));
    arms.push(armed(all[0])!);
  }
  assert.deepEqual(arms.slice(0, 4), [estimate * 2, estimate * 4, estimate * 8, estimate * 16], 'the sender doubles (no jump to the ceiling: the probe reaches a peer that ignores repeats)');
  assert.equal(state.rtt.rtoMs, defaultSessionConfig.rtt.maxRtoMs, 'twelve timeouts in a row: at the ceiling');
  ({ state, all } = run(state, [ack(2, (now += 1))]));
  assert.deepEqual(sentBlocks(all[0]), [3]);
  assert.equal(armed(all[0]), estimate, 'block 2 was retransmitted (no sample), yet the timer is back to the estimate');
  assert.equal(state.retries, 0);
});

test('a repeated ACK of the previous block resends the missing block, at most once per RTO (no Sorcerer’s Apprentice)', () => {
  const s0 = startSend(peer, cfg(), new Map(), 0);
  // Sample 1 ms: the RTO estimate is the 10 ms floor. Block 2 goes out at t=1.
  const { all } = run(s0.state, [avail(10, 0, 10), ack(1, 1), ack(1, 3), ack(1, 12), ack(1, 13), ack(1, 20), ack(1, 23), ack(2, 24), ack(2, 25)]);
  assert.deepEqual(all.map(sentBlocks), [[1], [2], [], [2], [], [], [2], [3], []], 'a repeat within an RTO of the last send is ignored; each resend restarts the RTO');
  assert.ok(all[3].some((a) => a.type === 'arm-timer'), 'a resend re-arms the timer');
});

test('windowed: a repeated ACK goes back to the first unacknowledged block with a whole window, once per RTO', () => {
  const s0 = startSend(peer, cfg(512, 8), new Map(), 0);
  // Window 1–8 acknowledged at t=1 (sample 1 ms); 9–16 go out; 9 is lost and the peer repeats ACK 8.
  const { all } = run(s0.state, [avail(100, 0, 100), ack(8, 1), ack(8, 2), ack(8, 12), ack(8, 13), ack(8, 14), ack(16, 15)]);
  assert.deepEqual(all.map(sentBlocks), [
    [1, 2, 3, 4, 5, 6, 7, 8],
    [9, 10, 11, 12, 13, 14, 15, 16],
    [], // within the RTO of sending 9: an echo, not a request
    [9, 10, 11, 12, 13, 14, 15, 16], // go-back: the whole window (an RFC 7440 receiver ACKs only a whole one)
    [], // the same window is not resent per repeated ACK
    [],
    [17, 18, 19, 20, 21, 22, 23, 24],
  ]);
});

test('windowed: a timeout resends the whole window from the first unacknowledged block', () => {
  const s0 = startSend(peer, cfg(512, 8), new Map(), 0);
  let { state, all } = run(s0.state, [avail(100, 0, 100), ack(8, 1)]);
  for (let i = 1; i <= 3; i++) {
    ({ state, all } = run(state, [{ type: 'timeout', now: i * 7000 }]));
    assert.deepEqual(sentBlocks(all[0]).slice(0, 8), [9, 10, 11, 12, 13, 14, 15, 16]);
  }
});

test('a resent window that brought no ACK is followed by the block after it (the peer may have it all, its ACK lost, and answer repeats only on its own timer)', () => {
  const s0 = startSend(peer, cfg(512, 4), new Map(), 0);
  let { state, all } = run(s0.state, [avail(9, 0, 9), ack(4, 1)]);
  ({ state, all } = run(state, [{ type: 'timeout', now: 100 }, { type: 'timeout', now: 300 }, ack(9, 301)]));
  assert.deepEqual(all.map(sentBlocks), [[5, 6, 7, 8], [5, 6, 7, 8, 9], []]);
  assert.equal(state.phase, 'done', 'the peer had 5–8: it took 9 at once and acknowledged the end');
});

test('no probe past the end of the file, and none to a peer that never answered (a flood must not be amplified)', () => {
  const short = startSend(peer, cfg(512, 4), new Map(), 0);
  let r = run(short.state, [avail(8, 0, 8), ack(4, 1), { type: 'timeout', now: 100 }, { type: 'timeout', now: 300 }]);
  assert.deepEqual(sentBlocks(r.all[3]), [5, 6, 7, 8]);
  const silent = startSend(peer, { ...cfg(512, 4), maxFirstRetries: 5 }, new Map(), 0);
  r = run(silent.state, [avail(20, 0, 20), { type: 'timeout', now: 1000 }, { type: 'timeout', now: 3000 }, { type: 'timeout', now: 7000 }]);
  assert.deepEqual(r.all.slice(1).map(sentBlocks), [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
});

test('a repeated request (our OACK or DATA 1 was lost) is answered at once, once per RTO', () => {
  const withOack = startSend(peer, cfg(1468), new Map([['blksize', '1468']]), 0);
  let r = run(withOack.state, [avail(5, 0, 5), { type: 'request-again', now: 200 }, { type: 'request-again', now: 300 }, { type: 'request-again', now: 1300 }]);
  assert.deepEqual(r.all.map((a) => sentPackets(a).map((p) => p.op)), [[], [], [], ['oack']], 'the initial RTO (1 s) after the last OACK');
  const plain = startSend(peer, cfg(), new Map(), 0);
  r = run(plain.state, [avail(5, 0, 5), { type: 'request-again', now: 1500 }, ack(1, 1501), { type: 'request-again', now: 5000 }]);
  assert.deepEqual(r.all.map(sentBlocks), [[1], [1], [2], []], 'DATA 1 again; once the peer has acknowledged, a late repeat means nothing');
});

test('windowed: an ACK for a block sent before a go-back still counts (atftp acknowledges what it has)', () => {
  const s0 = startSend(peer, cfg(512, 8), new Map(), 0);
  // 1–8 out; ACK 2 says 3 is missing: go back, 3–10. Then ACK 8 arrives (3 was only late; the peer
  // got 3–8): short of what went out last, but it was sent, so it counts (ignoring it deadlocked atftp).
  const { state, all } = run(s0.state, [avail(100, 0, 100), ack(2, 1), ack(8, 2)]);
  assert.deepEqual(all.map(sentBlocks), [[1, 2, 3, 4, 5, 6, 7, 8], [3, 4, 5, 6, 7, 8, 9, 10], [9, 10, 11, 12, 13, 14, 15, 16]]);
  assert.equal(state.acked, 8);
});

test('no round trip measured yet and every exchange repeated: the time since the last copy is a first estimate, not the initial 1 s', () => {
  const s0 = startSend(peer, cfg(1468), new Map([['blksize', '1468']]), 0);
  // The OACK is lost once: repeated at 1 s (Karn voids its timing); ACK 0 comes 20 ms after the repeat.
  const { state, all } = run(s0.state, [avail(10, 0, 10), { type: 'timeout', now: 1000 }, ack(0, 1020)]);
  assert.equal(state.rtt.srttMs, 20, 'a lower bound of the round trip');
  assert.ok(armed(all[2])! < 200, `the timer for DATA 1: ${armed(all[2])} ms, not 1000`);
});
