// Between the job store and the webview: at most one postMessage per interval, whatever the number
// of jobs. Deltas of one interval go as one `batch`, a card's updates merged into one patch and its
// output into one append, so the webview renders each card once per interval at most. Pure.
import type { SamplerClock } from '../../jobs';
import type { CardPatch, HostToWebview } from './protocol';

export const postsPerSecond = 10;

type Delta = Exclude<HostToWebview, { type: 'batch' } | { type: 'snapshot' }>;

export class MessageBatcher {
  private pending: Delta[] = [];
  private lastPostAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private readonly intervalMs: number;

  constructor(
    private readonly post: (m: HostToWebview) => void,
    private readonly clock: SamplerClock,
    intervalMs = 1000 / postsPerSecond,
  ) {
    this.intervalMs = intervalMs;
  }

  push(m: HostToWebview): void {
    if (m.type === 'snapshot') {
      // The snapshot holds every delta so far: they need not go.
      this.pending = [];
      return this.send(m);
    }
    if (m.type === 'batch') {
      for (const x of m.messages) this.push(x);
      return;
    }
    this.merge(m);
    if (this.timer !== undefined) return;
    const wait = this.lastPostAt + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.flush();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const messages = this.pending;
    this.pending = [];
    if (messages.length === 0) return;
    this.send(messages.length === 1 ? messages[0] : { type: 'batch', messages });
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private send(m: HostToWebview): void {
    this.lastPostAt = this.clock.now();
    this.post(m);
  }

  /** Folds a delta into an earlier one of the same card, back to that card's last add or removal. */
  private merge(m: Delta): void {
    if (m.type === 'job-updated' || m.type === 'job-output') {
      for (let i = this.pending.length - 1; i >= 0; i--) {
        const p = this.pending[i];
        if (p.type !== 'job-added' && p.type !== 'job-removed' && p.id !== m.id) continue;
        if (p.type === 'job-added' || p.type === 'job-removed') break;
        if (p.type === 'job-updated' && m.type === 'job-updated') {
          this.pending[i] = { ...p, patch: { ...p.patch, ...m.patch } as CardPatch };
          return;
        }
        if (p.type === 'job-output' && m.type === 'job-output') {
          // Each drops the live line, appends, and sets a new one: together, both appends and the last live line.
          this.pending[i] = { type: 'job-output', id: m.id, text: p.text + m.text, ...(m.live !== undefined ? { live: m.live } : {}) };
          return;
        }
      }
    }
    this.pending.push(m);
  }
}
