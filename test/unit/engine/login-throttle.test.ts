// The per-address login throttle: free failures, a doubling gap up to a ceiling, parallel attempts
// from one address queued behind each other, other addresses untouched, forgetting after a while.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginThrottle } from '../../../src/engine/login-throttle';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

test('the first failures are free; then the gap doubles up to the ceiling', () => {
  const c = clock();
  const th = new LoginThrottle({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 8000, now: c.now });
  const gaps: number[] = [];
  for (let i = 0; i < 7; i++) {
    th.record('10.0.0.9', false);
    gaps.push(th.delayFor('10.0.0.9'));
  }
  assert.deepEqual(gaps, [0, 0, 1000, 2000, 4000, 8000, 8000]);
});

test('parallel attempts from one address wait their turn one after another; another address waits for nothing', () => {
  const c = clock();
  const th = new LoginThrottle({ freeFailures: 0, baseDelayMs: 1000, maxDelayMs: 60_000, now: c.now });
  th.record('10.0.0.9', false); // gap 1 s from now
  assert.deepEqual([th.reserve('10.0.0.9'), th.reserve('10.0.0.9'), th.reserve('10.0.0.9')], [1000, 2000, 3000]);
  assert.equal(th.reserve('10.0.0.1'), 0);
  assert.equal(th.failures('10.0.0.1'), 0);
});

test('a success forgets the address; so does a quiet spell', () => {
  const c = clock();
  const th = new LoginThrottle({ freeFailures: 0, baseDelayMs: 1000, forgetAfterMs: 60_000, now: c.now });
  th.record('a', false);
  th.record('a', true);
  assert.equal(th.reserve('a'), 0);
  th.record('b', false);
  th.record('b', false);
  c.advance(60_000);
  assert.equal(th.failures('b'), 0);
  assert.equal(th.reserve('b'), 0);
});

test('remembers a bounded number of addresses, forgetting the oldest', () => {
  const th = new LoginThrottle({ maxAddresses: 3 });
  for (const a of ['a', 'b', 'c', 'd']) th.record(a, false);
  assert.equal(th.failures('a'), 0);
  assert.equal(th.failures('d'), 1);
});
