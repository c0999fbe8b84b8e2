// The same job on several devices (an image to a group of switches), a few at a time: one
// device's failure does not stop the others, cancel stops all, and the summary says who got what.
import type { JobOutcome } from './job-events';

export interface GroupItem<T> {
  /** Device name, for the summary. */
  name: string;
  target: T;
}

export interface GroupResult {
  name: string;
  outcome: JobOutcome;
}

export interface GroupSummary {
  results: GroupResult[];
  counts: Record<JobOutcome['status'], number>;
  /** One line per device, then the totals. */
  text: string;
}

export async function runGroup<T>(
  items: GroupItem<T>[],
  run: (item: GroupItem<T>, signal: AbortSignal) => Promise<JobOutcome>,
  opts: { concurrency: number; signal?: AbortSignal },
): Promise<GroupSummary> {
  const results: GroupResult[] = new Array(items.length);
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (controller.signal.aborted) {
        results[i] = { name: item.name, outcome: { status: 'cancelled', message: 'not started: the group was cancelled' } };
        continue;
      }
      try {
        results[i] = { name: item.name, outcome: await run(item, controller.signal) };
      } catch (err) {
        results[i] = { name: item.name, outcome: { status: 'failed', message: err instanceof Error ? err.message : String(err) } };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, items.length)) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const counts: GroupSummary['counts'] = { succeeded: 0, skipped: 0, blocked: 0, failed: 0, cancelled: 0 };
  for (const r of results) counts[r.outcome.status]++;
  const width = Math.max(...results.map((r) => r.name.length), 6);
  const text = [
    ...results.map((r) => `${r.name.padEnd(width)}  ${r.outcome.status.padEnd(9)}  ${r.outcome.message}`),
    (Object.keys(counts) as (keyof typeof counts)[])
      .filter((k) => counts[k])
      .map((k) => `${counts[k]} ${k}`)
      .join(', '),
  ].join('\n');
  return { results, counts, text };
}
