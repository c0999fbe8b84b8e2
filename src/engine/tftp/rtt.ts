// The adaptive retransmission timeout RFC 1123 §4.2.3.2 requires of TFTP: estimated from measured
// round trips (Jacobson/Karels smoothing, as RFC 6298 specifies it for TCP), doubled on each loss.
// Pure: the session feeds samples and losses; the server only arms the timer it is told to.

export interface RttLimits {
  /** Before any round trip is measured (RFC 6298 §2.1 uses 1 s). */
  initialRtoMs: number;
  /** Floor: timer granularity and a peer's scheduling jitter; a few ms on loopback. */
  minRtoMs: number;
  /** Ceiling for backoff; RFC 2349 `timeout` lowers it to what the client asked for. */
  maxRtoMs: number;
}

/**
 * The ceiling sits above the 5 s retransmission timers of common clients (tftp-hpa, atftp): those
 * restart their timer on every packet they receive, even one they ignore, so a peer that ignores
 * our repeats recovers only once we stay quiet for longer than its timer.
 */
export const defaultRttLimits: RttLimits = { initialRtoMs: 1000, minRtoMs: 10, maxRtoMs: 6000 };

/** Timeouts in a row after which backoff jumps to the ceiling instead of doubling on. */
export const fastRetransmissions = 3;

export interface RttState {
  /** Smoothed round trip; undefined until the first sample. */
  readonly srttMs?: number;
  readonly rttvarMs: number;
  /** The timeout to arm now (including backoff). */
  readonly rtoMs: number;
}

// Every RttState has the same three keys in the same order (srttMs undefined until a sample): one
// object shape, so the per-ACK reads of the state stay monomorphic in V8.
export function initialRtt(limits: RttLimits): RttState {
  return { srttMs: undefined, rttvarMs: 0, rtoMs: clamp(limits.initialRtoMs, limits) };
}

/**
 * Feeds one measured round trip. Only exchanges that were not retransmitted may be measured (Karn's
 * rule): an ACK after a retransmission cannot say which copy it answers.
 */
export function sampleRtt(state: RttState, measuredMs: number, limits: RttLimits): RttState {
  const r = Math.max(0, measuredMs);
  if (state.srttMs === undefined) {
    const rttvarMs = r / 2;
    return { srttMs: r, rttvarMs, rtoMs: clamp(r + 4 * rttvarMs, limits) };
  }
  const rttvarMs = 0.75 * state.rttvarMs + 0.25 * Math.abs(state.srttMs - r);
  const srttMs = 0.875 * state.srttMs + 0.125 * r;
  return { srttMs, rttvarMs, rtoMs: clamp(srttMs + 4 * rttvarMs, limits) };
}

/**
 * A timeout fired: exponential backoff (RFC 1123 §4.2.3.2), up to the ceiling. `attempt` counts the
 * timeouts in a row: a few quick doublings cover a lost packet; past `fastRetransmissions` the peer
 * is not answering our repeats, and going quiet at once lets its own timer fire sooner.
 */
export function backOff(state: RttState, limits: RttLimits, attempt = 1, quick = fastRetransmissions): RttState {
  if (attempt > quick) return { srttMs: state.srttMs, rttvarMs: state.rttvarMs, rtoMs: limits.maxRtoMs };
  return { srttMs: state.srttMs, rttvarMs: state.rttvarMs, rtoMs: clamp(state.rtoMs * 2, limits) };
}

/**
 * The timeout the measurements alone give, without backoff: what "once per RTO" means for repeats
 * the peer asks for, and where the timer returns once the peer is heard from again in order.
 */
export function estimatedRto(state: RttState, limits: RttLimits): number {
  return state.srttMs === undefined ? clamp(limits.initialRtoMs, limits) : clamp(state.srttMs + 4 * state.rttvarMs, limits);
}

/**
 * The peer answered in order: the loss is over, so the backoff is too. Karn's rule forbids a
 * sample from a retransmitted exchange, not forgetting the backoff: waiting for a clean sample
 * left the timer at the ceiling through every loss that came before one.
 */
export function resetBackoff(state: RttState, limits: RttLimits): RttState {
  const rtoMs = estimatedRto(state, limits);
  return rtoMs === state.rtoMs ? state : { srttMs: state.srttMs, rttvarMs: state.rttvarMs, rtoMs };
}

function clamp(ms: number, limits: RttLimits): number {
  return Math.min(limits.maxRtoMs, Math.max(limits.minRtoMs, Math.ceil(ms)));
}
