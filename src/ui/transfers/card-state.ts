// The webview's copy of the cards, kept from the host's messages, and what each message changed —
// so the webview redraws only that: a progress line, an output tail, or (when its state changed)
// one card. Pure and shared: media/transfers/main.ts renders with it, tests read cards through it.
import { type CardPatch, type HostToWebview, type JobCard, maxOutputChars } from './protocol';

const progressKeys = new Set(['bytes', 'totalBytes', 'bytesPerSecond', 'etaSeconds']);

export type CardChange =
  /** Everything went: draw all cards anew. */
  | { kind: 'reset' }
  /** The card's state changed (or it is new or gone): draw it anew. */
  | { kind: 'card'; id: string }
  /** Only its bytes, rate or ETA changed. */
  | { kind: 'progress'; id: string }
  /** Its live line went, `text` was appended (`trimmed`: the start was cut), `live` is the new live line. */
  | { kind: 'output'; id: string; text: string; live?: string; trimmed: boolean };

export class CardState {
  readonly jobs = new Map<string, JobCard>();
  /** Finished cards were cleared at least once (the empty panel says so). */
  cleared = false;

  apply(m: HostToWebview): CardChange[] {
    switch (m.type) {
      case 'snapshot':
        this.jobs.clear();
        for (const j of m.jobs) this.jobs.set(j.id, { ...j });
        return [{ kind: 'reset' }];
      case 'job-added':
        this.jobs.set(m.job.id, { ...m.job });
        return [{ kind: 'card', id: m.job.id }];
      case 'job-updated':
        return this.patch(m.id, m.patch);
      case 'job-output': {
        const j = this.jobs.get(m.id);
        if (!j) return [];
        const output = j.output + m.text;
        const trimmed = output.length > maxOutputChars;
        const next: JobCard = { ...j, output: trimmed ? output.slice(-maxOutputChars) : output };
        if (m.live !== undefined) next.liveLine = m.live;
        else delete next.liveLine;
        this.jobs.set(m.id, next);
        return [{ kind: 'output', id: m.id, text: m.text, ...(m.live !== undefined ? { live: m.live } : {}), trimmed }];
      }
      case 'job-removed':
        this.cleared = true;
        this.jobs.delete(m.id);
        return [{ kind: 'card', id: m.id }];
      case 'batch':
        return m.messages.flatMap((x) => this.apply(x));
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private patch(id: string, patch: CardPatch): CardChange[] {
    const j = this.jobs.get(id);
    if (!j) return [];
    const next: Record<string, unknown> = { ...j };
    // A cleared field crosses as null (JSON has no undefined).
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    this.jobs.set(id, next as unknown as JobCard);
    return [Object.keys(patch).every((k) => progressKeys.has(k)) ? { kind: 'progress', id } : { kind: 'card', id }];
  }
}
