// Progress is sampled, not streamed: a TFTP copy at 512-byte blocks makes the device print a `!`
// every 5 KiB and the engine count every block, and a listener that redraws on each of them (a
// webview card, a terminal bar) falls minutes behind. Between a job and its listener this keeps
// at most one update per interval: the latest progress, the device's output joined, the log's lines
// joined, with the marks folded into one live line (mark-line.ts). Every other event (phase,
// checks, outcome) passes at once, after whatever was waiting, so order is kept.
import type { JobEvent, JobListener } from './job-events';
import { MarkLineFolder } from './mark-line';

/** At most this many updates a second per job. */
export const updatesPerSecond = 10;

export interface SamplerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Date.now and the timers; tests pass a clock they move by hand. */
export const realClock: SamplerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SamplerOptions {
  intervalMs?: number;
  clock?: SamplerClock;
}

export class JobEventSampler {
  private readonly intervalMs: number;
  private readonly clock: SamplerClock;
  private readonly folder = new MarkLineFolder();
  private progress: Extract<JobEvent, { type: 'progress' }> | undefined;
  private deviceText = '';
  private lines: string[] = [];
  private liveSent: string | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private ended = false;

  /** Give this to the job as its `onEvent`. */
  readonly listener: JobListener = (e) => this.push(e);

  constructor(
    private readonly target: JobListener,
    opts: SamplerOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 1000 / updatesPerSecond;
    this.clock = opts.clock ?? realClock;
  }

  private push(e: JobEvent): void {
    if (this.ended) return this.target(e);
    switch (e.type) {
      case 'progress':
        this.progress = e;
        return this.schedule();
      case 'device-output':
        this.deviceText += e.text;
        return this.schedule();
      case 'log':
        if (e.live) {
          // Already sampled upstream: pass it on as it is, after what is waiting.
          this.flush();
          return this.target(e);
        }
        this.lines.push(...this.folder.feed(e.text));
        return this.schedule();
      case 'phase':
      case 'checks':
      case 'protocol':
      case 'outcome':
        // A step of the job: the copy's output is over (its progress line ends), and this goes now.
        this.lines.push(...this.folder.end());
        this.flush();
        return this.target(e);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastFlushAt + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.flush();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Sends what is waiting now, in order: finished log lines, the live line, device output, progress. */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const live = this.folder.liveText;
    const lines = this.lines;
    // Finished lines replace the live line the listener shows, so after them a live line goes again.
    const liveChanged = live !== undefined && (lines.length > 0 || live !== this.liveSent);
    if (!lines.length && !liveChanged && !this.deviceText && !this.progress) return;
    this.lastFlushAt = this.clock.now();
    this.lines = [];
    if (lines.length) {
      this.liveSent = undefined;
      this.target({ type: 'log', text: lines.join('\n') });
    }
    if (liveChanged) {
      this.liveSent = live;
      this.target({ type: 'log', text: live, live: true });
    }
    if (this.deviceText) {
      const text = this.deviceText;
      this.deviceText = '';
      this.target({ type: 'device-output', text });
    }
    if (this.progress) {
      const p = this.progress;
      this.progress = undefined;
      this.target(p);
    }
  }

  /** The job returned: closes the progress line, sends everything, and passes later events straight on. */
  end(): void {
    this.lines.push(...this.folder.end());
    this.flush();
    this.ended = true;
  }
}

/** Wraps a listener: at most `updatesPerSecond` updates a second; call `end()` when the job returns. */
export function sampleJobEvents(target: JobListener, opts: SamplerOptions = {}): JobEventSampler {
  return new JobEventSampler(target, opts);
}
