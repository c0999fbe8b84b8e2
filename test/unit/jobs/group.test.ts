import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runGroup } from '../../../src/jobs/group';
import type { JobOutcome } from '../../../src/jobs/job-events';

test('runs at most N at once, keeps going after a failure, and summarises in input order', async () => {
  let running = 0;
  let peak = 0;
  const items = Array.from({ length: 8 }, (_, i) => ({ name: `sw${i + 1}`, target: i }));
  const summary = await runGroup(
    items,
    async (item): Promise<JobOutcome> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + (item.target % 3) * 5));
      running--;
      if (item.target === 2) throw new Error('SSH dropped');
      if (item.target === 5) return { status: 'blocked', message: 'does not fit', checks: [] };
      return { status: 'succeeded', bytes: 1, md5: 'x', seconds: 0, verified: true, message: 'ok' };
    },
    { concurrency: 3 },
  );
  assert.equal(peak, 3);
  assert.deepEqual(summary.results.map((r) => r.name), items.map((i) => i.name));
  assert.deepEqual(summary.counts, { succeeded: 6, skipped: 0, blocked: 1, failed: 1, cancelled: 0 });
  assert.match(summary.text, /^sw3 +failed +SSH dropped$/m);
  assert.match(summary.text, /6 succeeded, 1 blocked, 1 failed$/);
});

test('cancel stops the running jobs and starts no more', async () => {
  const controller = new AbortController();
  const started: string[] = [];
  const summary = await runGroup(
    Array.from({ length: 5 }, (_, i) => ({ name: `r${i}`, target: i })),
    (item, signal) =>
      new Promise<JobOutcome>((resolve) => {
        started.push(item.name);
        if (item.target === 1) controller.abort();
        const done = () => resolve({ status: 'cancelled', message: 'stopped' });
        if (signal.aborted) done();
        else signal.addEventListener('abort', done, { once: true });
      }),
    { concurrency: 2, signal: controller.signal },
  );
  assert.deepEqual(started, ['r0', 'r1']);
  assert.equal(summary.counts.cancelled, 5);
});
