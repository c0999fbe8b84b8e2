// advanceInPlace (the transfer's per-ACK fast path) is held to sendAckStep, the specification: over
// states reached by random walks of the pure session (windows of 1, 4 and 8, with and without an
// OACK, losses, repeats, timeouts, late reads, block numbers past 65535), whenever the fast path
// applies it must leave exactly the state sendAckStep returns and stand for exactly its actions;
// whenever it declines it must leave the state untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceInPlace, sendAckStep } from '../../../../src/engine/tftp/send-session';
import { defaultSessionConfig, type SendState, type SessionAction, type SessionInput, sendStep, startSend } from '../../../../src/engine/tftp/session';
import { prng } from '../../../helpers/prng';

const peer = { address: '127.0.0.1', port: 40000 };

/** What advanceInPlace's caller does, as the action list sendAckStep would return. */
function expectedActions(from: number, to: number, rtoMs: number): SessionAction[] {
  const actions: SessionAction[] = [{ type: 'release', below: from }];
  for (let b = from; b <= to; b++) actions.push({ type: 'send-data', block: b });
  actions.push({ type: 'arm-timer', ms: rtoMs });
  return actions;
}

function check(state: SendState, wire: number, now: number, label: string, counts: { fast: number; declined: number }): void {
  const copy = { ...state };
  const before = JSON.stringify(copy);
  const from = copy.sent + 1;
  const to = advanceInPlace(copy, wire, now);
  const pure = sendAckStep(state, wire, now);
  if (to === 0) {
    counts.declined++;
    assert.equal(JSON.stringify(copy), before, `${label}: declined, yet changed the state (wire ${wire})`);
    return;
  }
  counts.fast++;
  assert.deepEqual(copy, pure.state, `${label}: state differs from sendAckStep's (wire ${wire}, acked ${state.acked}, sent ${state.sent})`);
  assert.deepEqual(expectedActions(from, to, copy.rtt.rtoMs), pure.actions, `${label}: actions differ (wire ${wire})`);
}

test('the fast path of an ACK equals sendAckStep wherever it applies, and touches nothing where it does not', () => {
  const counts = { fast: 0, declined: 0 };
  for (let seed = 1; seed <= 60; seed++) {
    const r = prng(seed);
    const windowSize = [1, 4, 8][seed % 3];
    const oack = seed % 2 ? new Map([['blksize', '512']]) : new Map<string, string>();
    const total = 20 + Math.floor(r() * 200);
    let now = 0;
    let state = startSend(peer, { ...defaultSessionConfig, blockSize: 512, windowSize }, oack, now).state;
    let available = 0;
    for (let step = 0; step < 400 && state.phase !== 'done' && state.phase !== 'failed'; step++) {
      now += r() < 0.1 ? 2000 * r() : 5 * r();
      // Candidate ACKs at this state: the whole window, the one before, a partial one, a stray one.
      for (const wire of [state.sent & 0xffff, state.acked & 0xffff, (state.acked + 1) & 0xffff, Math.floor(r() * 65536)]) check(state, wire, now, `seed ${seed}`, counts);
      const x = r();
      let input: SessionInput;
      if (available < total && x < 0.25) {
        available = Math.min(total, available + 1 + Math.floor(r() * 40));
        input = { type: 'blocks-available', upTo: available, ...(available === total ? { last: total } : {}), now };
      } else if (x < 0.3) input = { type: 'timeout', now };
      else if (x < 0.33) input = { type: 'request-again', now };
      else {
        // Mostly the whole window (a clean round trip), sometimes a partial or a repeated ACK.
        const y = r();
        const block = state.phase === 'oack' ? 0 : y < 0.7 ? state.sent : y < 0.85 ? state.acked : state.acked + 1 + Math.floor(r() * Math.max(1, state.sent - state.acked));
        input = { type: 'packet', packet: { op: 'ack', block: block & 0xffff }, from: peer, now };
      }
      state = sendStep(state, input).state;
    }
  }
  assert.ok(counts.fast > 2000 && counts.declined > 2000, JSON.stringify(counts));
});

test('the fast path across block 65535 → 0: the same as sendAckStep at the rollover', () => {
  const counts = { fast: 0, declined: 0 };
  for (const windowSize of [1, 8]) {
    let now = 0;
    let state = startSend(peer, { ...defaultSessionConfig, blockSize: 512, windowSize }, new Map(), now).state;
    state = sendStep(state, { type: 'blocks-available', upTo: 70_000, last: 70_000, now }).state;
    while (state.phase !== 'done') {
      now += 1;
      const wire = state.sent & 0xffff;
      if (state.sent > 65_500 && state.sent < 65_600) check(state, wire, now, `window ${windowSize}`, counts);
      const copy = { ...state };
      if (advanceInPlace(copy, wire, now) > 0) state = copy;
      else state = sendAckStep(state, wire, now).state;
    }
    assert.equal(state.acked, 70_000);
  }
  assert.ok(counts.fast > 50, JSON.stringify(counts));
});
