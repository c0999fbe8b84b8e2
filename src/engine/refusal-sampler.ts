// Keeps a flood of like refusals (one address over its limit, hundreds of times a second) from
// flooding the log: the first is reported, then one per interval saying how many were left out.

export class RefusalSampler {
  private readonly seen = new Map<string, { reportedAt: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether to report this refusal: undefined to stay quiet, else how many like it (same key) were
   * left out since the last one reported.
   */
  sample(key: string): number | undefined {
    const now = this.now();
    const entry = this.seen.get(key);
    if (entry && now - entry.reportedAt < this.intervalMs) {
      entry.suppressed++;
      return undefined;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.seen.set(key, { reportedAt: now, suppressed: 0 });
    if (this.seen.size > 1024) this.forgetOld(now);
    return suppressed;
  }

  private forgetOld(now: number): void {
    for (const [key, e] of this.seen) if (now - e.reportedAt >= this.intervalMs) this.seen.delete(key);
  }
}

/** " (and N more like it)" or nothing. */
export function suppressedNote(suppressed: number): string {
  return suppressed > 0 ? ` (and ${suppressed} more like it since the last report)` : '';
}
