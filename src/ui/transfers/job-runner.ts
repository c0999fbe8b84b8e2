// Runs one job on a card. The job asks, through `confirm`, for the confirmations a block names: the
// card waits with the facts until the person confirms (typed hostname or a plain confirm), declines
// or cancels; the job then goes on from where it stood (the jobs layer plans again from the answer,
// repeating nothing it did). The job's events reach the card sampled (jobs/job-event-sampler.ts): at
// most ten updates a second.
import { type CheckResult, type Confirmation, type JobEvent, type JobOutcome, sampleJobEvents, type SamplerOptions } from '../../jobs';
import { declinedMessage, pendingFor } from './confirmation';
import type { CardEnd, JobStore } from './job-store';
import type { JobCard, PendingConfirmation } from './protocol';

export interface JobAttempt {
  outcome: JobOutcome;
}

/** Asks the person for the confirmations that lift `blocked`; undefined when there is none to ask, or they said no. */
export type Confirm = (blocked: CheckResult[], hostname: string) => Promise<readonly Confirmation[] | undefined>;

export type JobFunction = (confirm: Confirm, signal: AbortSignal, onEvent: (e: JobEvent) => void) => Promise<JobAttempt>;

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

/** The log line a blocked job ends with: shown only once the block is final, not while it waits. */
const blockedOutcomeLine = /^outcome: blocked\b/;

export async function runJob(store: JobStore, init: Pick<JobCard, 'device' | 'file' | 'protocol' | 'direction'>, job: JobFunction, hooks: RunJobHooks = {}): Promise<JobOutcome> {
  const { id, signal } = store.add(init);
  hooks.onStart?.(id);
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
  let declined: PendingConfirmation | undefined;
  const confirm: Confirm = async (blocked, hostname) => {
    const pending = pendingFor(blocked, hostname);
    if (!pending) return undefined;
    sampler.listener({ type: 'log', text: `waiting for your confirmation on the card (${pending.confirmations.join(', ')}); the copy has not started` });
    sampler.flush();
    const decided = store.waitForDecision(id, pending);
    hooks.onWaiting?.(id, pending);
    const decision = await decided;
    hooks.onDecided?.(id);
    if (!decision.confirmed) {
      declined = pending;
      return undefined;
    }
    return pending.confirmations;
  };
  let outcome: JobOutcome;
  let end: CardEnd | undefined;
  try {
    outcome = (await job(confirm, signal, onEvent)).outcome;
    if (declined && outcome.status === 'blocked') {
      // The job's own "outcome: blocked" line gives way to the card's end.
      held = [];
      if (signal.aborted) {
        outcome = { status: 'cancelled', message: 'cancelled while waiting for confirmation; nothing was sent to the device' };
      } else {
        const message = declinedMessage(declined);
        outcome = { ...outcome, message };
        end = { status: 'declined', message };
      }
    }
  } catch (err) {
    outcome = { status: signal.aborted ? 'cancelled' : 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  for (const e of held) sampler.listener(e);
  end ??= { status: outcome.status, message: outcome.message };
  if (end.status === 'declined') sampler.listener({ type: 'log', text: `outcome: declined — ${end.message}` });
  sampler.end();
  store.finish(id, end);
  hooks.onEnd?.(id, outcome, end);
  return outcome;
}
