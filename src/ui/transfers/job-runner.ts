// Runs one job on a card: the job function is called with the confirmations given so far; a
// blocked outcome that a person may lift waits on the card for confirmation, then runs again with it.
import type { JobEvent, JobOutcome } from '../../jobs/job-events';
import type { Confirmation } from '../../jobs/preflight/check';
import { pendingFor } from './confirmation';
import type { JobStore } from './job-store';
import type { JobCard } from './protocol';

export interface JobAttempt {
  outcome: JobOutcome;
  /** The device's hostname (for the typed confirmation). */
  hostname: string;
}

export type JobFunction = (confirmations: ReadonlySet<Confirmation>, signal: AbortSignal, onEvent: (e: JobEvent) => void) => Promise<JobAttempt>;

export interface RunJobHooks {
  onStart?: (id: string) => void;
  onLog?: (id: string, text: string) => void;
  onEnd?: (id: string, outcome: JobOutcome) => void;
}

export async function runJob(store: JobStore, init: Pick<JobCard, 'device' | 'file' | 'protocol' | 'direction'>, job: JobFunction, hooks: RunJobHooks = {}): Promise<JobOutcome> {
  const { id, signal } = store.add(init);
  hooks.onStart?.(id);
  const confirmations = new Set<Confirmation>();
  const onEvent = (e: JobEvent) => {
    store.apply(id, e);
    if (e.type === 'log') hooks.onLog?.(id, e.text);
  };
  let outcome: JobOutcome;
  try {
    for (;;) {
      const attempt = await job(confirmations, signal, onEvent);
      outcome = attempt.outcome;
      if (outcome.status !== 'blocked' || signal.aborted) break;
      const pending = pendingFor(outcome.checks, attempt.hostname);
      if (!pending) break;
      const decision = await store.waitForDecision(id, pending);
      if (!decision.confirmed) {
        outcome = signal.aborted ? { status: 'cancelled', message: 'cancelled while waiting for confirmation; nothing was sent to the device' } : { ...outcome, message: `not confirmed: ${outcome.message}` };
        break;
      }
      for (const c of pending.confirmations) confirmations.add(c);
    }
  } catch (err) {
    outcome = { status: signal.aborted ? 'cancelled' : 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  store.finish(id, outcome);
  hooks.onEnd?.(id, outcome);
  return outcome;
}
