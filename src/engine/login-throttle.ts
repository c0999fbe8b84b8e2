// Slows password guessing per address, across connections: after a few failures, login attempts
// from that address are checked one at a time with a growing gap. Other addresses are untouched, so
// a guesser never locks the real user out from elsewhere (and nothing is ever locked for good).

export interface LoginThrottleOptions {
  /** Failures from one address before attempts are spaced at all (people mistype). Default 2. */
  freeFailures?: number;
  /** Gap after the first counted failure; it doubles with each further one. Default 1 s. */
  baseDelayMs?: number;
  /** Ceiling of the gap. Default 30 s: about 120 guesses an hour per address. */
  maxDelayMs?: number;
  /** An address without a failure for this long starts afresh. Default 15 minutes. */
  forgetAfterMs?: number;
  /** Addresses remembered at most (the oldest are forgotten first). Default 10,000. */
  maxAddresses?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  /** When the next attempt from this address may be checked. */
  nextAt: number;
  lastFailureAt: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 2;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * How long to hold an attempt from `address` before checking it, and reserves its turn: parallel
   * connections from one address queue behind each other instead of guessing side by side.
   */
  reserve(address: string): number {
    const e = this.entry(address);
    if (!e) return 0;
    const now = this.now();
    const gap = this.gapMs(e.failures);
    if (gap === 0) return 0;
    const at = Math.max(now, e.nextAt);
    e.nextAt = at + gap;
    return at - now;
  }

  /** Records an attempt's outcome: a success forgets the address, a failure widens its gap. */
  record(address: string, ok: boolean): void {
    if (ok) {
      this.entries.delete(address);
      return;
    }
    const now = this.now();
    const e = this.entry(address) ?? { failures: 0, nextAt: now, lastFailureAt: now };
    e.failures++;
    e.lastFailureAt = now;
    e.nextAt = Math.max(e.nextAt, now + this.gapMs(e.failures));
    // Re-insert so Map order is oldest-failure-first for eviction.
    this.entries.delete(address);
    this.entries.set(address, e);
    while (this.entries.size > this.maxAddresses) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Failures counted for an address (0 once forgotten). */
  failures(address: string): number {
    return this.entry(address)?.failures ?? 0;
  }

  /** The gap attempts from an address are spaced by now (0 when it is not slowed). */
  delayFor(address: string): number {
    return this.gapMs(this.failures(address));
  }

  private gapMs(failures: number): number {
    const counted = failures - this.freeFailures;
    if (counted <= 0) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(30, counted - 1));
  }

  private entry(address: string): Entry | undefined {
    const e = this.entries.get(address);
    if (e && this.now() - e.lastFailureAt >= this.forgetAfterMs) {
      this.entries.delete(address);
      return undefined;
    }
    return e;
  }
}
