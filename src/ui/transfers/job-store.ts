// The host-side state of the Transfers panel: one card per job, updated from JobEvents, sent to the
// webview as a snapshot on `ready` and as deltas after. Also where a blocked job waits for the
// user's confirmation or cancel. No vscode: the panel subscribes, tests drive it directly.
import type { JobEvent } from '../../jobs';
import { confirmationAccepted } from './confirmation';
import { type CardPatch, type CardStatus, type HostToWebview, isActive, type JobCard, maxOutputChars, type PendingConfirmation } from './protocol';

export type Decision = { confirmed: true } | { confirmed: false };

interface Entry {
  card: JobCard;
  abort: AbortController;
  decide?: (d: Decision) => void;
}

/** How a job ended, as its card shows it. */
export interface CardEnd {
  status: Exclude<CardStatus, 'running' | 'waiting'>;
  message: string;
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

  /** Jobs running or waiting for a confirmation. */
  get activeCount(): number {
    return [...this.entries.values()].filter((e) => isActive(e.card.status)).length;
  }

  /** Jobs in one state, e.g. how many wait for a confirmation. */
  count(status: CardStatus): number {
    return [...this.entries.values()].filter((e) => e.card.status === status).length;
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
    const card: Record<string, unknown> = { ...e.card };
    const sent: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) {
      // JSON drops undefined: a cleared field crosses as null, and the card simply lacks it.
      if (v === undefined || v === null) {
        if (!(k in card)) continue;
        delete card[k];
        sent[k] = null;
      } else {
        card[k] = v;
        sent[k] = v;
      }
    }
    if (Object.keys(sent).length === 0) return;
    e.card = card as unknown as JobCard;
    this.emit({ type: 'job-updated', id, patch: sent as CardPatch });
  }

  /** Appends finished lines (the live line, if any, is replaced by them), or sets the live line. */
  private output(id: string, text: string, live: boolean): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (live) {
      if (e.card.liveLine === text) return;
      e.card = { ...e.card, liveLine: text };
      this.emit({ type: 'job-output', id, text: '', live: text });
      return;
    }
    const output = `${e.card.output}${text}\n`;
    const { liveLine: _gone, ...rest } = e.card;
    e.card = { ...rest, output: output.length > maxOutputChars ? output.slice(-maxOutputChars) : output };
    this.emit({ type: 'job-output', id, text: `${text}\n` });
  }

  /** Applies one event of the running job to its card. */
  apply(id: string, ev: JobEvent): void {
    switch (ev.type) {
      case 'phase':
        // Cancelling stays on the card until the job has ended.
        if (this.entries.get(id)?.card.cancelling && ev.phase !== 'done') return;
        return this.update(id, { phase: ev.phase });
      case 'checks':
        return this.update(id, { checks: ev.checks });
      case 'protocol':
        return this.update(id, { protocol: ev.protocol });
      case 'progress':
        return this.update(id, { bytes: ev.bytes, totalBytes: ev.totalBytes, bytesPerSecond: ev.bytesPerSecond, etaSeconds: ev.etaSeconds });
      case 'device-output':
        // Shown through `log` instead: log lines are redacted (copy URLs carry FTP passwords).
        return;
      case 'log':
        return this.output(id, ev.text, ev.live === true);
      case 'outcome':
        return; // the runner decides whether a blocked outcome is final or waits for confirmation
      default: {
        const never: never = ev;
        return never;
      }
    }
  }

  finish(id: string, end: CardEnd): void {
    const card = this.entries.get(id)?.card;
    if (card?.liveLine !== undefined) this.output(id, card.liveLine, false);
    this.update(id, { status: end.status, message: end.message, pending: null, cancelling: null, etaSeconds: null, phase: end.status });
  }

  /** Shows the pending confirmation and waits for the user's decision (or a cancel). */
  waitForDecision(id: string, pending: PendingConfirmation): Promise<Decision> {
    const e = this.entries.get(id);
    if (!e) return Promise.resolve({ confirmed: false });
    this.update(id, { status: 'waiting', pending, phase: 'waiting for confirmation' });
    return new Promise((resolve) => {
      e.decide = (d) => {
        e.decide = undefined;
        // The question is answered, either way: the confirmation leaves the card at once.
        this.update(id, { status: 'running', pending: null, phase: d.confirmed ? 'confirmed' : 'declined' });
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

  /** Asks the job to stop; the card says "cancelling…" at once, and its end when the job has stopped. */
  cancel(id: string): void {
    const e = this.entries.get(id);
    if (!e || !isActive(e.card.status) || e.abort.signal.aborted) return;
    e.abort.abort(new Error('cancelled by the user'));
    e.decide?.({ confirmed: false });
    this.update(id, { cancelling: true, phase: 'cancelling…' });
  }

  clearFinished(): void {
    for (const [id, e] of [...this.entries]) {
      if (!isActive(e.card.status)) {
        this.entries.delete(id);
        this.emit({ type: 'job-removed', id });
      }
    }
  }

  private emit(m: HostToWebview): void {
    for (const l of this.listeners) l(m);
  }
}
