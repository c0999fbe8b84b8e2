// The sending side of a TFTP transfer (we serve an RRQ): OACK, then windows of DATA, each advanced
// by the peer's ACK (RFC 1350, RFC 7440), retransmitted on the adaptive timeout (RFC 1123 §4.2.3.2)
// or when the peer asks again (a repeated ACK or request), at most once per round-trip estimate.
// Windows are always sent whole: an RFC 7440 receiver acknowledges after `windowsize` blocks or on
// its own timer, so a window cut short after a loss waits for that timer (atftp: one stall per
// window, measured slower than lockstep). A loss costs one resent window, one round trip after the
// receiver's gap ACK — never one window per repeated ACK.
// Pure: step(state, input) → { state, actions }.
import { encodeError, encodeOack, tftpErrorCodes } from './packets';
import { backOff, estimatedRto, initialRtt, resetBackoff, sampleRtt } from './rtt';
import {
  describePeerError,
  type Endpoint,
  samePeer,
  type SessionAction,
  type SessionCommon,
  type SessionConfig,
  type SessionInput,
  shouldGiveUp,
  type StepResult,
  unknownTidReply,
} from './session';

export interface SendState extends SessionCommon {
  readonly kind: 'send';
  /** 'oack': waiting for ACK 0; 'data': moving blocks; then settled. */
  readonly phase: 'oack' | 'data' | 'done' | 'failed';
  /** The OACK to repeat until ACK 0 arrives; undefined when no options were agreed. */
  readonly oack?: Buffer;
  /** Highest block acknowledged (absolute; 0 before the first). */
  readonly acked: number;
  /** Highest block sent in the current window. */
  readonly sent: number;
  /** When the first unacknowledged block (or the OACK) last went out: repeats the peer asks for wait an RTO after it. */
  readonly firstSentAt: number;
  /** Highest block ever sent: anything at or below it that goes out again is a retransmission. */
  readonly highestSent: number;
  /** Highest block the reader has ready. */
  readonly available: number;
  /** Index of the final (short) block, once the reader knows it. */
  readonly last?: number;
  /** Karn's rule: the round trip being timed, dropped on any retransmission. */
  readonly timing?: { readonly upTo: number; readonly sentAt: number };
  readonly failure?: string;
}

export function startSend(peer: Endpoint, config: SessionConfig, oack: ReadonlyMap<string, string>, now: number): StepResult<SendState> {
  // Every key present from the start (optional ones undefined), in copyOf's order: one shape for
  // every state of every transfer (see copyOf).
  const state: SendState = {
    kind: 'send',
    phase: oack.size > 0 ? 'oack' : 'data',
    oack: oack.size > 0 ? encodeOack(oack) : undefined,
    peer,
    config,
    rtt: initialRtt(config.rtt),
    retries: 0,
    lastProgressAt: now,
    acked: 0,
    sent: 0,
    firstSentAt: now,
    highestSent: 0,
    available: 0,
    last: undefined,
    timing: undefined,
    failure: undefined,
  };
  if (state.oack) {
    return { state: edit(state, (n) => {
      n.timing = { upTo: 0, sentAt: now };
    }), actions: [{ type: 'send', bytes: state.oack }, { type: 'arm-timer', ms: state.rtt.rtoMs }] };
  }
  return fill(state, now);
}

export function sendStep(state: SendState, input: SessionInput): StepResult<SendState> {
  if (state.phase === 'done' || state.phase === 'failed') return { state, actions: [] };
  switch (input.type) {
    case 'packet': {
      if (!samePeer(input.from, state.peer)) return { state, actions: unknownTidReply(input) };
      const p = input.packet;
      if (p.op === 'ack') return sendAckStep(state, p.block, input.now);
      if (p.op === 'error') return failed(state, describePeerError(p), []);
      // DATA, requests or OACK from our peer make no sense here; ignoring them keeps a transfer alive
      // through a confused or hostile datagram (the timer still bounds everything).
      return { state, actions: [] };
    }
    case 'garbage':
      return samePeer(input.from, state.peer) ? { state, actions: [] } : { state, actions: unknownTidReply(input) };
    case 'blocks-available': {
      const next = copyOf(state);
      next.available = Math.max(state.available, input.upTo);
      next.last = input.last ?? state.last;
      return next.phase === 'data' ? fill(next, input.now) : { state: next, actions: [] };
    }
    case 'timeout':
      return onTimeout(state, input.now);
    case 'request-again':
      // The peer repeated its RRQ: it has heard nothing from us yet (our OACK or DATA 1 was lost).
      if (state.phase === 'oack' || state.acked === 0) return onRepeatRequest(state, input.now);
      return { state, actions: [] };
    case 'abort':
      return failed(state, input.detail ?? input.message, [{ type: 'send', bytes: encodeError(input.code, input.message) }]);
    case 'committed':
      return { state, actions: [] };
  }
}

/**
 * An ACK from the peer (the caller has checked it came from the peer): what sendStep does with it,
 * callable without building a packet and an input per datagram — a download's every round trip.
 */
export function sendAckStep(state: SendState, wire: number, now: number): StepResult<SendState> {
  if (state.phase === 'done' || state.phase === 'failed') return { state, actions: [] };
  if (state.phase === 'oack') {
    // RFC 2347: the client acknowledges the OACK with ACK 0.
    if (wire !== 0) return { state, actions: [] };
    const rtt = state.timing ? sampleRtt(state.rtt, now - state.timing.sentAt, state.config.rtt) : afterRepeats(state, now);
    const next = copyOf(state);
    next.phase = 'data';
    next.rtt = rtt;
    next.timing = undefined;
    next.retries = 0;
    next.lastProgressAt = now;
    return fill(next, now);
  }
  // Which outstanding block does this 16-bit number name? acked+1 … highestSent can advance us: after
  // a go-back the peer may acknowledge blocks of the earlier, larger window that did arrive.
  const delta = (wire - (state.acked & 0xffff) + 0x10000) & 0xffff;
  if (delta === 0) {
    // The peer acknowledges again what it already had: a receiver that does not re-ACK a repeated
    // DATA (busybox) says this way, on its own timer, that the next block is missing. Resending on
    // every such ACK is the Sorcerer's Apprentice (RFC 1123 §4.2.3.1: each duplicate doubles the
    // traffic); resending at most once per RTO after the block last went out is not.
    if (state.sent > state.acked && now - state.firstSentAt >= estimatedRto(state.rtt, state.config.rtt)) return goBack(state, now);
    return { state, actions: [] };
  }
  if (delta > state.highestSent - state.acked) return { state, actions: [] }; // stale (an old copy, or from before a wrap)
  const acked = state.acked + delta;
  const timed = state.timing && acked >= state.timing.upTo;
  // In-order progress ends any backoff, with or without a sample (see resetBackoff).
  const rtt = timed && state.timing ? sampleRtt(state.rtt, now - state.timing.sentAt, state.config.rtt) : afterRepeats(state, now);
  const release: SessionAction = { type: 'release', below: acked + 1 };
  if (state.last !== undefined && acked >= state.last) {
    const done = copyOf(state);
    done.phase = 'done';
    done.acked = acked;
    done.rtt = rtt;
    done.timing = undefined;
    return { state: done, actions: [release, { type: 'cancel-timer' }, { type: 'finish' }, { type: 'close' }] };
  }
  const progressed = copyOf(state);
  progressed.acked = acked;
  progressed.sent = Math.max(state.sent, acked);
  progressed.rtt = rtt;
  if (timed) progressed.timing = undefined;
  progressed.retries = 0;
  progressed.lastProgressAt = now;
  if (acked < state.sent) {
    // RFC 7440 §4: an ACK short of the window's end says the rest was lost: the next window starts
    // right after it.
    return goBack(progressed, now, release);
  }
  return fill(progressed, now, release); // fresh, and its `sent` is `acked` here
}

/**
 * A download's common round trip, applied in place: the peer acknowledges everything sent so far,
 * the file goes on, and the next window is ready. Then `state` becomes exactly the state sendAckStep
 * would return, and the actions it would return are: release the blocks up to the old `sent`, send
 * old `sent` + 1 … the returned block, arm the timer at the new `state.rtt.rtoMs` — which the caller
 * carries out itself. Returns 0, and leaves `state` alone, in every other case (sendAckStep decides).
 *
 * `state` must be the caller's own, held by nobody else (the transfer's current state): sparing the
 * copy, the action list and its objects per ACK took 1–4% off a server's CPU in paired runs of 25
 * lockstep clients (docs/performance.md). test/unit/engine/tftp/send-fast-path.test.ts holds it to
 * sendAckStep.
 */
export function advanceInPlace(state: SendState, wire: number, now: number): number {
  const s = state as Writable<SendState>;
  if (s.phase !== 'data' || s.sent <= s.acked || wire !== (s.sent & 0xffff)) return 0;
  const acked = s.sent;
  if (s.last !== undefined && acked >= s.last) return 0;
  const end = Math.min(acked + s.config.windowSize, s.available, s.last ?? Infinity);
  if (end <= acked) return 0;
  const timing = s.timing;
  const timed = timing !== undefined && acked >= timing.upTo;
  s.rtt = timed ? sampleRtt(s.rtt, now - timing.sentAt, s.config.rtt) : afterRepeats(s, now);
  s.acked = acked;
  s.retries = 0;
  s.lastProgressAt = now;
  // As fill() does: time a round trip only for a batch of new blocks, one at a time.
  if (timed) s.timing = undefined;
  if (s.timing === undefined && acked + 1 > s.highestSent) s.timing = { upTo: end, sentAt: now };
  s.highestSent = Math.max(s.highestSent, end);
  s.sent = end;
  s.firstSentAt = now;
  return end;
}

/**
 * An in-order ACK that cannot be timed (Karn: what it answers was sent more than once). The backoff
 * ends; and while no round trip has been measured at all, the time since the last copy went out is
 * taken as a first estimate — a lower bound, corrected by the first clean sample. Under heavy loss a
 * clean sample can take many windows (every go-back voids the timing), and until then the timer
 * stayed at the initial 1 s.
 */
function afterRepeats(state: SendState, now: number) {
  const limits = state.config.rtt;
  return state.rtt.srttMs === undefined ? sampleRtt(state.rtt, now - state.firstSentAt, limits) : resetBackoff(state.rtt, limits);
}

/** Resends a window from the first unacknowledged block; no round trip is timed across it (Karn). */
function goBack(state: SendState, now: number, first?: SessionAction): StepResult<SendState> {
  const next = copyOf(state);
  next.sent = state.acked;
  next.timing = undefined;
  return fill(next, now, first);
}

function onRepeatRequest(state: SendState, now: number): StepResult<SendState> {
  if (now - state.firstSentAt < estimatedRto(state.rtt, state.config.rtt)) return { state, actions: [] };
  if (state.phase === 'oack' && state.oack) {
    return { state: edit(state, (n) => {
        n.firstSentAt = now;
        n.timing = undefined;
      }), actions: [{ type: 'send', bytes: state.oack }, { type: 'arm-timer', ms: state.rtt.rtoMs }] };
  }
  return state.sent > state.acked ? goBack(state, now) : { state, actions: [] };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A fresh copy of a state for a step to change — one object literal with every key in one order, so
 * every state has the same V8 shape. (`{ ...state, x }` went through V8's slow clone path once per
 * ACK: measured with perf on 50 concurrent downloads, a tenth of the server's CPU.)
 */
function copyOf(s: SendState): Writable<SendState> {
  return {
    kind: 'send',
    phase: s.phase,
    oack: s.oack,
    peer: s.peer,
    config: s.config,
    rtt: s.rtt,
    retries: s.retries,
    lastProgressAt: s.lastProgressAt,
    acked: s.acked,
    sent: s.sent,
    firstSentAt: s.firstSentAt,
    highestSent: s.highestSent,
    available: s.available,
    last: s.last,
    timing: s.timing,
    failure: s.failure,
  };
}

function edit(s: SendState, change: (next: Writable<SendState>) => void): SendState {
  const next = copyOf(s);
  change(next);
  return next;
}

/**
 * Sends every block the window allows that is ready and not yet sent in this window, after `first`
 * if given. This runs once per ACK, so it allocates little: `next` must be a state this step has just
 * created (never one the caller holds) and takes the new fields in place instead of being copied
 * again; the action list is allocated at its final length.
 */
function fill(next: SendState, now: number, first?: SessionAction): StepResult<SendState> {
  const state = next as Writable<SendState>;
  const end = Math.min(state.acked + state.config.windowSize, state.available, state.last ?? Infinity);
  const count = end - state.sent;
  if (count <= 0) return { state, actions: first ? [first] : [] };
  const lead = first ? 1 : 0;
  const actions = new Array<SessionAction>(lead + count + 1);
  if (first) actions[0] = first;
  for (let i = 0; i < count; i++) actions[lead + i] = { type: 'send-data', block: state.sent + 1 + i };
  actions[lead + count] = { type: 'arm-timer', ms: state.rtt.rtoMs };
  const from = state.sent + 1;
  // Time a round trip only for a batch of new blocks, and only one at a time.
  const timing = state.timing ?? (from > state.highestSent ? { upTo: end, sentAt: now } : undefined);
  state.highestSent = Math.max(state.highestSent, end);
  state.sent = end;
  state.timing = timing;
  if (from === state.acked + 1) state.firstSentAt = now;
  return { state, actions };
}

function onTimeout(state: SendState, now: number): StepResult<SendState> {
  if (state.phase === 'data' && state.sent === state.acked) return { state, actions: [] }; // waiting on the disk, not the peer
  // With options the peer answers by acknowledging the OACK (ACK 0); without, by acknowledging DATA 1.
  const answered = state.oack ? state.phase !== 'oack' : state.acked > 0;
  if (shouldGiveUp(state, now, answered)) {
    const what = answered ? `block ${state.acked + 1}` : state.oack ? 'the peer never acknowledged the OACK' : 'the peer never acknowledged block 1';
    const reason = `no acknowledgement after ${state.retries} retransmissions over ${Math.round((now - state.lastProgressAt) / 1000)} s (${what})`;
    return failed(state, reason, [{ type: 'send', bytes: encodeError(tftpErrorCodes.undefined, 'timed out') }]);
  }
  // Plain doubling, no jump to the ceiling: a receiver that ignores our repeats (it has the block, its
  // ACK was lost) is reached by the probe below, not by going quiet; the jump cost a loaded window
  // up to 6 s each time three resends in a row were lost (at 20% loss, often).
  const rtt = backOff(state.rtt, state.config.rtt, state.retries + 1, Number.POSITIVE_INFINITY);
  const backed = copyOf(state);
  backed.rtt = rtt;
  backed.retries = state.retries + 1;
  backed.timing = undefined;
  if (state.phase === 'oack' && state.oack) {
    return { state: edit(backed, (n) => {
        n.firstSentAt = now;
      }), actions: [{ type: 'send', bytes: state.oack }, { type: 'arm-timer', ms: backed.rtt.rtoMs }] };
  }
  // Go back to the first unacknowledged block and resend the window.
  const resent = goBack(backed, now);
  return backed.retries >= 2 && answered ? withProbe(resent) : resent;
}

/**
 * A resent window that brought no ACK: perhaps the peer has every block of it and its ACK was lost.
 * A receiver answers a repeated block once and then not until its own timer fires (atftp: 5 s, and
 * every packet it gets restarts it; busybox never re-ACKs a repeat), so repeating more of the same
 * only waits for that timer. The block after the window is new to such a peer and is taken at once;
 * to one still missing blocks of the window it is only a block out of order, answered with a gap ACK.
 */
function withProbe(resent: StepResult<SendState>): StepResult<SendState> {
  const state = resent.state as Writable<SendState>; // fresh from goBack
  const probe = state.acked + state.config.windowSize + 1;
  if (state.sent !== probe - 1 || probe > state.available || probe > (state.last ?? Infinity)) return resent;
  state.sent = probe;
  state.highestSent = Math.max(state.highestSent, probe);
  resent.actions.splice(resent.actions.length - 1, 0, { type: 'send-data', block: probe }); // before arm-timer
  return resent;
}

function failed(state: SendState, reason: string, before: SessionAction[]): StepResult<SendState> {
  return { state: edit(state, (n) => {
      n.phase = 'failed';
      n.failure = reason;
    }), actions: [...before, { type: 'cancel-timer' }, { type: 'fail', reason }, { type: 'close' }] };
}
