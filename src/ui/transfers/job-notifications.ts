// What a job's end (or its wait for a confirmation) says in a notification: a choice or a check is
// not a failure — only a failed job is an error. Pure; transfer-jobs.ts shows it.
import type { JobOutcome } from '../../jobs';
import { confirmationWords } from './confirmation';
import type { CardEnd } from './job-store';
import type { PendingConfirmation } from './protocol';

export type Severity = 'info' | 'warning' | 'error';

export interface JobNotice {
  severity: Severity;
  text: string;
  /** Buttons on the notification, by label. */
  actions: ('Show Transfers' | 'Show Log' | 'Set as Boot Image…')[];
}

export function endNotice(what: string, outcome: JobOutcome, end: CardEnd): JobNotice {
  switch (end.status) {
    case 'succeeded':
      return { severity: 'info', text: `${what}: ${end.message}`, actions: outcome.status === 'succeeded' && outcome.verified && outcome.target ? ['Set as Boot Image…'] : [] };
    case 'skipped':
      return { severity: 'info', text: `${what}: ${end.message}`, actions: [] };
    case 'declined':
      return { severity: 'info', text: `${what}: ${end.message}`, actions: [] };
    case 'cancelled':
      return { severity: 'info', text: `${what}: ${end.message}`, actions: ['Show Transfers'] };
    case 'blocked':
      return { severity: 'warning', text: `${what}: not copied — ${end.message}`, actions: ['Show Transfers'] };
    case 'failed':
      return { severity: 'error', text: `${what}: ${end.message}`, actions: ['Show Transfers', 'Show Log'] };
  }
}

export function waitingNotice(what: string, pending: PendingConfirmation): JobNotice {
  const ask = pending.kind === 'typed' ? `type ${pending.hostname} on its card in the Transfers panel to go on` : 'confirm on its card in the Transfers panel to go on';
  return { severity: 'warning', text: `${what} waits for your confirmation to ${confirmationWords(pending, 'and')}: ${ask}, or choose Do not copy.`, actions: ['Show Transfers'] };
}
