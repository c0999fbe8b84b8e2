// Renders a job's events on a terminal: the pre-flight report first, then a progress bar (or plain
// lines when stdout is not a terminal), the device's own output, and the outcome.
import { type CheckResult, type JobEvent, JobEventSampler, type SamplerOptions } from '../jobs';
import type { CliIo } from './io';
import { formatBytes, formatRate } from './format';

const statusMark: Record<CheckResult['status'], string> = { ok: 'ok     ', info: 'info   ', warning: 'WARNING', blocking: 'BLOCKED' };

export function renderChecks(checks: CheckResult[]): string {
  const lines = ['Pre-flight:'];
  for (const c of checks) {
    lines.push(`  [${statusMark[c.status]}] ${c.title}: ${c.summary}`);
    if (c.status !== 'ok') for (const f of c.facts) lines.push(`              - ${f}`);
    if (c.remedy && (c.status === 'warning' || c.status === 'blocking')) lines.push(`              → ${c.remedy}`);
  }
  return `${lines.join('\n')}\n`;
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '--:--';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

export class JobProgressPrinter {
  private barShown = false;
  private lastPlainPct = -1;
  /** A copy at 512-byte blocks reports thousands of times a second; the bar is redrawn ten times. */
  private readonly sampler: JobEventSampler;

  constructor(
    private readonly io: CliIo,
    private readonly prefix = '',
    sampling: SamplerOptions = {},
  ) {
    this.sampler = new JobEventSampler((e) => this.render(e), sampling);
  }

  /** A job's event (give this as its `onEvent`). */
  readonly handle = (e: JobEvent): void => this.sampler.listener(e);

  private render(e: JobEvent): void {
    switch (e.type) {
      case 'checks':
        this.io.stdout(
          renderChecks(e.checks)
            .split('\n')
            .map((l) => (l ? `${this.prefix}${l}` : l))
            .join('\n'),
        );
        break;
      case 'phase':
        if (e.phase !== 'done' && e.phase !== 'preflight') this.line(`${e.phase}…`);
        break;
      case 'progress':
        this.progress(e);
        break;
      case 'device-output':
        // On a terminal the bar carries progress; the device's marks would only fight with it.
        if (!this.io.isTty) break;
        break;
      case 'log':
        break;
      case 'outcome':
        this.line(`${e.outcome.status.toUpperCase()}: ${e.outcome.message}`);
        break;
    }
  }

  private line(text: string): void {
    if (this.barShown) this.io.stdout('\n');
    this.barShown = false;
    this.io.stdout(`${this.prefix}${text}\n`);
  }

  private progress(e: Extract<JobEvent, { type: 'progress' }>): void {
    const pct = e.totalBytes ? Math.min(100, Math.floor((e.bytes / e.totalBytes) * 100)) : undefined;
    const text = `${formatBytes(e.bytes)}${e.totalBytes ? ` of ${formatBytes(e.totalBytes)}` : ''}${e.bytesPerSecond ? `  ${formatRate(e.bytesPerSecond)}` : ''}  ETA ${duration(e.etaSeconds)}`;
    if (this.io.isTty) {
      const width = 30;
      const filled = pct === undefined ? 0 : Math.round((pct / 100) * width);
      this.io.stdout(`\r${this.prefix}[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct ?? '?').padStart(3)}%  ${text}\x1b[K`);
      this.barShown = true;
    } else if (pct !== undefined && (pct >= this.lastPlainPct + 10 || pct === 100) && pct !== this.lastPlainPct) {
      this.lastPlainPct = pct;
      this.io.stdout(`${this.prefix}${pct}%  ${text}\n`);
    }
  }
}
