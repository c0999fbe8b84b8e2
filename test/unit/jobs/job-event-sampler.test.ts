// The sampler between a job and its listener: at most one update per interval, order kept, marks
// folded into one live line, steps passed at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobEvent } from '../../../src/jobs/job-events';
import { JobEventSampler } from '../../../src/jobs/job-event-sampler';
import { ManualClock } from '../../helpers/manual-clock';

const progress = (bytes: number): JobEvent => ({ type: 'progress', bytes, totalBytes: 1000, source: 'engine' });

test('progress and marks at any rate come out at most ten times a second, the latest of each', () => {
  const clock = new ManualClock();
  const out: { at: number; e: JobEvent }[] = [];
  const s = new JobEventSampler((e) => out.push({ at: clock.t, e }), { clock });
  s.listener({ type: 'log', text: 'Loading x.bin from 127.0.0.1 (via Vlan1): !' });
  // 10 seconds of a chunk every millisecond: 10,000 marks and 10,000 progress events.
  for (let ms = 1; ms <= 10_000; ms++) {
    clock.advance(1);
    s.listener({ type: 'log', text: '!' });
    s.listener({ type: 'device-output', text: '!' });
    s.listener(progress(ms));
  }
  s.end();
  const flushTimes = [...new Set(out.map((o) => o.at))];
  assert.ok(flushTimes.length <= 102, `${flushTimes.length} updates in 10 s`);
  for (let i = 1; i < flushTimes.length - 1; i++) assert.ok(flushTimes[i] - flushTimes[i - 1] >= 100, 'at least 100 ms apart');
  const last = out.filter((o) => o.e.type === 'progress').at(-1)!.e;
  assert.deepEqual(last, progress(10_000), 'the latest progress is never lost');
  const lines = out.filter((o) => o.e.type === 'log' && !o.e.live).map((o) => (o.e as { text: string }).text);
  assert.deepEqual(lines, ['Loading x.bin from 127.0.0.1 (via Vlan1): ! × 10001'], 'one line, final');
  const lives = out.filter((o) => o.e.type === 'log' && o.e.live);
  assert.ok(lives.length > 50 && lives.length <= 101, `${lives.length} live updates`);
  const device = out.filter((o) => o.e.type === 'device-output').map((o) => (o.e as { text: string }).text).join('');
  assert.equal(device.length, 10_000, 'device output joined, none lost');
});

test('a step flushes what waits and passes at once, in order; after end() events pass straight', () => {
  const clock = new ManualClock();
  const out: JobEvent[] = [];
  const s = new JobEventSampler((e) => out.push(e), { clock });
  s.listener(progress(1)); // leading edge: at once
  s.listener(progress(2));
  s.listener({ type: 'log', text: '!!!!!!!!!!!!' });
  s.listener({ type: 'phase', phase: 'verifying' });
  s.listener({ type: 'log', text: 'verify /md5 flash:x.bin' });
  s.listener({ type: 'outcome', outcome: { status: 'cancelled', message: 'cancelled' } });
  assert.deepEqual(
    out.map((e) => e.type + (e.type === 'log' ? `:${e.text}${e.live ? ' (live)' : ''}` : e.type === 'progress' ? `:${e.bytes}` : '')),
    ['progress:1', 'log:! × 12', 'progress:2', 'phase', 'log:verify /md5 flash:x.bin', 'outcome'],
  );
  s.end();
  out.length = 0;
  s.listener(progress(3));
  s.listener(progress(4));
  assert.equal(out.length, 2);
});
