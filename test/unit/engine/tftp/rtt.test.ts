import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backOff, estimatedRto, initialRtt, resetBackoff, sampleRtt } from '../../../../src/engine/tftp/rtt';

const limits = { initialRtoMs: 1000, minRtoMs: 10, maxRtoMs: 5000 };

test('starts at the initial timeout and adapts to measured round trips (RFC 1123 §4.2.3.2)', () => {
  let s = initialRtt(limits);
  assert.equal(s.rtoMs, 1000);
  s = sampleRtt(s, 0.1, limits); // loopback
  assert.equal(s.rtoMs, 10, 'floored at the minimum, milliseconds not a second');
  for (let i = 0; i < 50; i++) s = sampleRtt(s, 200, limits); // a slow link
  assert.ok(s.rtoMs >= 200 && s.rtoMs < 400, `rto ${s.rtoMs} stays above the round trip (no spurious retransmission)`);
});

test('variance widens the timeout', () => {
  let steady = initialRtt(limits);
  let jittery = initialRtt(limits);
  for (let i = 0; i < 40; i++) {
    steady = sampleRtt(steady, 100, limits);
    jittery = sampleRtt(jittery, i % 2 ? 40 : 160, limits);
  }
  assert.ok(jittery.rtoMs > steady.rtoMs + 100);
});

test('backs off exponentially on loss, up to the ceiling', () => {
  let s = sampleRtt(initialRtt(limits), 5, limits);
  const seen = [s.rtoMs];
  for (let i = 0; i < 12; i++) {
    s = backOff(s, limits);
    seen.push(s.rtoMs);
  }
  assert.deepEqual(seen.slice(0, 4), [seen[0], seen[0] * 2, seen[0] * 4, seen[0] * 8]);
  assert.equal(seen.at(-1), 5000);
  // a fresh sample brings it back down
  assert.ok(sampleRtt(s, 5, limits).rtoMs < 100);
});

test('after a few quick doublings the timeout goes straight to the ceiling (a peer ignoring repeats)', () => {
  let s = sampleRtt(initialRtt(limits), 1, limits);
  const seen: number[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    s = backOff(s, limits, attempt);
    seen.push(s.rtoMs);
  }
  assert.deepEqual(seen.slice(3), [5000, 5000]);
  assert.ok(seen[2] < 100);
});

test('the estimate without backoff, and resetting to it (the peer answered in order)', () => {
  let s = sampleRtt(initialRtt(limits), 2, limits);
  const estimate = estimatedRto(s, limits);
  assert.equal(estimate, s.rtoMs);
  for (let attempt = 1; attempt <= 6; attempt++) s = backOff(s, limits, attempt);
  assert.equal(s.rtoMs, 5000, 'backed off to the ceiling');
  assert.equal(estimatedRto(s, limits), estimate, 'the estimate is not the backoff');
  assert.equal(resetBackoff(s, limits).rtoMs, estimate, 'back to the estimate, no sample needed');
  assert.equal(estimatedRto(initialRtt(limits), limits), 1000, 'no sample yet: the initial timeout');
});

test('how many quick doublings come before the ceiling is the caller’s choice (0: straight to it)', () => {
  const s = sampleRtt(initialRtt(limits), 1, limits);
  assert.equal(backOff(s, limits, 1, 0).rtoMs, 5000);
  assert.equal(backOff(s, limits, 1, 1).rtoMs, s.rtoMs * 2);
  assert.equal(backOff(s, limits, 2, 1).rtoMs, 5000);
});
