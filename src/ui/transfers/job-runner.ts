// Runs one job on a card: the job function is called with the confirmations given so far; a
// blocked outcome that a person may lift waits on the card for confirmation, then runs again with it.
// The job's events reach the card sampled (jobs/job-event-sampler.ts): at most ten updates a second.
import type { JobEvent, JobOutcome } from '../../jobs/job-events';
import { sampleJobEvents, type SamplerOptions } from '../../jobs/job-event-sampler';
import type { Confirmation } from '../../jobs/preflight/check';
import { declinedMessage, pendingFor } from './confirmation';
import type { CardEnd, JobStore } from './job-store';
import type { JobCard, PendingConfirmation } from './protocol';

export interface JobAttempt {
  outcome: JobOutcome;
  /** The device's hostname (for the typed confirmation). */
  hostname: string;
}

export type JobFunction = (confirmations: ReadonlySet<Confirmation>, signal: AbortSignal, onEvent: (e: JobEvent) => void) => Promise<JobAttempt>;

export interface RunJobHooks {
  onStart?: (id: string) => void;
  /** A finished line of the job's log (never the live progress line, which changes in place). */
  onLog?: (id: string, text: string) => void;
  /** The job waits on its card for a confirmation. */
  onWaiting?: (id: string, pending: PendingConfirmation) => void;
  /** The person answered (either way) or cancelled while it waited. */
  onDecided?: (id: string) => void;
  onEnd?: (id: string, outcome: JobOutcome, end: CardEnd) => void;
  /** For tests: the sampler's clock and interval. */
  sampler?: SamplerOptions;
}

/** The log line a blocked attempt ends with: shown only once the block is final, not while it waits. */
const blockedOutcomeLine = /^outcome: blocked\b/;

export async function runJob(store: JobStore, init: Pick<JobCard, 'device' | 'file' | 'protocol' | 'direction'>, job: JobFunction, hooks: RunJobHooks = {}): Promise<JobOutcome> {
  const { id, signal } = store.add(init);
  hooks.onStart?.(id);
  const confirmations = new Set<Confirmation>();
  const sampler = sampleJobEvents((e) => {
    store.apply(id, e);
    if (e.type === 'log' && !e.live) hooks.onLog?.(id, e.text);
  }, hooks.sampler);
  let held: JobEvent[] = [];
  // The job's own count (not the sampled one): the log says where the copy was when Cancel came.
  let lastProgress: Extract<JobEvent, { type: 'progress' }> | undefined;
  const onEvent = (e: JobEvent) => {
    if (e.type === 'progress') lastProgress = e;
    if (e.type === 'log' && blockedOutcomeLine.test(e.text)) held.push(e);
    else sampler.listener(e);
  };
  signal.addEventListener(
    'abort',
    () => {
      const p = lastProgress;
      const where = p ? `${p.bytes}${p.totalBytes ? ` of ${p.totalBytes} bytes (${Math.floor((p.bytes / p.totalBytes) * 100)}%)` : ' bytes'}` : 'before the copy started';
      sampler.listener({ type: 'log', text: `cancel asked at ${where}` });
    },
    { once: true },
  );
  const release = () => {
    for (const e of held) sampler.listener(e);
    held = [];
  };
  let outcome: JobOutcome;
  let end: CardEnd | undefined;
  try {
    for (;;) {
      const attempt = await job(confirmations, signal, onEvent);
      outcome = attempt.outcome;
      if (outcome.status !== 'blocked' || signal.aborted) break;
      const pending = pendingFor(outcome.checks, attempt.hostname);
      if (!pending) break;
      held = [];
      sampler.listener({ type: 'log', text: `waiting for your confirmation on the card (${pending.confirmations.join(', ')}); the copy has not started` });
      sampler.flush();
      const decided = store.waitForDecision(id, pending);
      hooks.onWaiting?.(id, pending);
      const decision = await decided;
      hooks.onDecided?.(id);
      if (!decision.confirmed) {
        if (signal.aborted) {
          outcome = { status: 'cancelled', message: 'cancelled while waiting for confirmation; nothing was sent to the device' };
        } else {
          const message = declinedMessage(pending);
          outcome = { ...outcome, message };
          end = { status: 'declined', message };
        }
        break;
      }
      for (const c of pending.confirmations) confirmations.add(c);
    }
  } catch (err) {
    outcome = { status: signal.aborted ? 'cancelled' : 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  release();
  end ??= { status: outcome.status, message: outcome.message };
  if (end.status === 'declined') sampler.listener({ type: 'log', text: `outcome: declined — ${end.message}` });
  sampler.end();
  store.finish(id, end);
  hooks.onEnd?.(id, outcome, end);
  return outcome;
}
