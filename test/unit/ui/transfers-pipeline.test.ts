// A 1 GiB TFTP copy at 512-byte blocks, as its events reach the Transfers webview: the device's 209,716
// marks and the engine's progress through the job sampler, the job store and the panel's batcher,
// on a clock the test moves. The card stays within a second of the job (measured: within 0.2 s),
// the webview gets at most ten messages a second, and the marks are one counted line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressIntervalMs } from '../../../src/engine/events';
import type { JobEvent } from '../../../src/jobs/job-events';
import { JobEventSampler } from '../../../src/jobs/job-event-sampler';
import { CardState } from '../../../src/ui/transfers/card-state';
import { JobStore } from '../../../src/ui/transfers/job-store';
import { MessageBatcher } from '../../../src/ui/transfers/message-batcher';
import type { HostToWebview } from '../../../src/ui/transfers/protocol';
import { ManualClock } from '../../helpers/manual-clock';

const totalBytes = 1024 * 1024 * 1024;
const blockBytes = 512;
const bytesPerMark = 10 * blockBytes;
const copyMs = 100_000; // about 10 MiB/s

test('1 GiB at 512-byte blocks: the card keeps within a second of the job, ten posts a second at most', (t) => {
  const clock = new ManualClock();
  const store = new JobStore();
  const webview = new CardState();
  const posts: number[] = [];
  const batcher = new MessageBatcher(
    (m: HostToWebview) => {
      posts.push(clock.t);
      // As postMessage does: JSON across.
      webview.apply(JSON.parse(JSON.stringify(m)) as HostToWebview);
    },
    clock,
  );
  store.subscribe((m) => batcher.push(m));
  batcher.push(store.snapshot());
  const { id } = store.add({ device: 'lab-isr4331', file: 'big.bin', protocol: 'tftp', direction: 'to-device' });
  const sampler = new JobEventSampler((e) => store.apply(id, e), { clock });
  const emit = (e: JobEvent) => sampler.listener(e);

  emit({ type: 'phase', phase: 'copying' });
  emit({ type: 'log', text: '> copy tftp://127.0.0.1/big.bin bootflash:big.bin' });
  emit({ type: 'log', text: 'Accessing tftp://127.0.0.1/big.bin...' });
  emit({ type: 'log', text: 'Loading big.bin from 127.0.0.1 (via GigabitEthernet0/0/0): !' });
  let marksShown = 1;
  let jobBytes = 0;
  const jobBytesAt: number[] = [];
  let maxLagMs = 0;
  let events = 0;
  for (let ms = 1; ms <= copyMs; ms++) {
    clock.advance(1);
    const bytes = Math.round((totalBytes * ms) / copyMs);
    // The device prints its marks as SSH delivers them: a few per chunk.
    const due = 1 + Math.floor(bytes / bytesPerMark);
    if (due > marksShown) {
      emit({ type: 'log', text: '!'.repeat(due - marksShown) });
      emit({ type: 'device-output', text: '!'.repeat(due - marksShown) });
      marksShown = due;
      events += 2;
    }
    // The engine counts every block; it throttles itself to one event per progressIntervalMs (events.ts).
    if (ms % progressIntervalMs === 0 || ms === copyMs) {
      jobBytes = bytes;
      emit({ type: 'progress', bytes, totalBytes, bytesPerSecond: totalBytes / (copyMs / 1000), source: 'engine' });
      events++;
    }
    jobBytesAt[ms] = jobBytes;
    // How old is what the card shows: the last moment the job had no more than that.
    const shown = webview.jobs.get(id)?.bytes ?? 0;
    let since = ms;
    while (since > 0 && jobBytesAt[since] > shown) since--;
    maxLagMs = Math.max(maxLagMs, ms - since);
  }
  emit({ type: 'log', text: `\n[OK - ${totalBytes} bytes]\n\n${totalBytes} bytes copied in 100.000 secs (10737418 bytes/sec)` });
  emit({ type: 'phase', phase: 'verifying' });
  sampler.end();
  clock.advance(1000);

  assert.ok(events > 200_000, `${events} events from the job`);
  assert.ok(maxLagMs <= 1000, `the card lagged ${maxLagMs} ms behind the job`);
  assert.ok(maxLagMs <= 200 + progressIntervalMs, `measured lag ${maxLagMs} ms (sampler 100 ms + batcher 100 ms + the engine's own steps)`);
  const seconds = copyMs / 1000;
  assert.ok(posts.length <= seconds * 10 + 5, `${posts.length} posts in ${seconds} s`);
  for (let i = 1; i < posts.length; i++) assert.ok(posts[i] - posts[i - 1] >= 100, `posts ${posts[i - 1]} and ${posts[i]} ms are 100 ms apart at least`);
  t.diagnostic(`${events} job events → ${posts.length} posts in ${seconds} s (${(posts.length / seconds).toFixed(1)}/s); card lag at most ${maxLagMs} ms`);
  const card = webview.jobs.get(id)!;
  assert.equal(card.bytes, totalBytes);
  const lines = card.output.split('\n');
  assert.ok(lines.includes(`Loading big.bin from 127.0.0.1 (via GigabitEthernet0/0/0): ! × ${1 + Math.floor(totalBytes / bytesPerMark)}`), card.output);
  assert.ok(card.output.length < 1000, 'the output is a few lines, not 200,000 marks');
  assert.equal(card.liveLine, undefined);
});
