// The host-side state of the Transfers panel: one card per job, updated from JobEvents, sent to the
// webview as a snapshot on `ready` and as deltas after. Also where a blocked job waits for the
// user's confirmation or cancel. No vscode: the panel subscribes, tests drive it directly.
import type { JobEvent, JobOutcome } from '../../jobs/job-events';
import { confirmationAccepted } from './confirmation';
import { type CardPatch, type HostToWebview, type JobCard, maxOutputChars, type PendingConfirmation } from './protocol';

export type Decision = { confirmed: true } | { confirmed: false };

interface Entry {
  card: JobCard;
  abort: AbortController;
  decide?: (d: Decision) => void;
}

export class JobStore {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(m: HostToWebview) => void>();
  private nextId = 1;

  /** Subscribes to deltas; returns the unsubscribe function. */
  subscribe(listener: (m: HostToWebview) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): HostToWebview {
    return { type: 'snapshot', jobs: [...this.entries.values()].map((e) => e.card) };
  }

  get activeCount(): number {
    return [...this.entries.values()].filter((e) => e.card.status === 'running' || e.card.status === 'waiting').length;
  }

  card(id: string): JobCard | undefined {
    return this.entries.get(id)?.card;
  }

  add(init: Pick<JobCard, 'device' | 'file' | 'protocol' | 'direction'>): { id: string; signal: AbortSignal } {
    const id = `job-${this.nextId++}`;
    const card: JobCard = { id, ...init, phase: 'starting', status: 'running', bytes: 0, output: '', checks: [] };
    const abort = new AbortController();
    this.entries.set(id, { card, abort });
    this.emit({ type: 'job-added', job: card });
    return { id, signal: abort.signal };
  }

  update(id: string, patch: CardPatch): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.card = { ...e.card, ...patch };
    this.emit({ type: 'job-updated', id, patch });
  }

  appendOutput(id: string, text: string): void {
    const e = this.entries.get(id);
    if (!e || !text) return;
    const output = e.card.output + text;
    e.card = { ...e.card, output: output.length > maxOutputChars ? output.slice(-maxOutputChars) : output };
    this.emit({ type: 'job-output', id, text });
  }

  /** Applies one event of the running job to its card. */
  apply(id: string, ev: JobEvent): void {
    switch (ev.type) {
      case 'phase':
        return this.update(id, { phase: ev.phase });
      case 'checks':
        return this.update(id, { checks: ev.checks });
      case 'progress':
        return this.update(id, { bytes: ev.bytes, totalBytes: ev.totalBytes, bytesPerSecond: ev.bytesPerSecond, etaSeconds: ev.etaSeconds });
      case 'device-output':
        // Shown through `log` instead: log lines are redacted (copy URLs carry FTP passwords).
        return;
      case 'log':
        return this.appendOutput(id, `${ev.text}\n`);
      case 'outcome':
        return; // the runner decides whether a blocked outcome is final or waits for confirmation
      default: {
        const never: never = ev;
        return never;
      }
    }
  }

  finish(id: string, outcome: JobOutcome): void {
    this.update(id, { status: outcome.status, message: outcome.message, pending: undefined, phase: 'done' });
  }

  /** Shows the pending confirmation and waits for the user's decision (or a cancel). */
  waitForDecision(id: string, pending: PendingConfirmation): Promise<Decision> {
    const e = this.entries.get(id);
    if (!e) return Promise.resolve({ confirmed: false });
    this.update(id, { status: 'waiting', pending, phase: 'waiting for confirmation' });
    return new Promise((resolve) => {
      e.decide = (d) => {
        e.decide = undefined;
        this.update(id, { status: 'running', pending: undefined });
        resolve(d);
      };
    });
  }

  /** The user confirmed in the webview. Returns an error text when the answer does not lift the block. */
  confirm(id: string, typedHostname: string | undefined): string | undefined {
    const e = this.entries.get(id);
    const pending = e?.card.pending;
    if (!e?.decide || !pending) return 'this job is not waiting for a confirmation';
    if (!confirmationAccepted(pending, typedHostname)) return `type the device's hostname, ${pending.hostname}, exactly`;
    e.decide({ confirmed: true });
    return undefined;
  }

  decline(id: string): void {
    this.entries.get(id)?.decide?.({ confirmed: false });
  }

  cancel(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.abort.abort(new Error('cancelled by the user'));
    e.decide?.({ confirmed: false });
  }

  clearFinished(): void {
    for (const [id, e] of [...this.entries]) {
      if (e.card.status !== 'running' && e.card.status !== 'waiting') {
        this.entries.delete(id);
        this.emit({ type: 'job-removed', id });
      }
    }
  }

  private emit(m: HostToWebview): void {
    for (const l of this.listeners) l(m);
  }
}
