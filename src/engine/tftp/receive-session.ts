// The receiving side of a TFTP transfer (we serve a WRQ): ACK 0 or OACK, then DATA acknowledged
// block by block or once per window (RFC 7440), the final ACK only once the upload is committed,
// then a dally that repeats it if the last DATA comes again. Pure: step(state, input).
import { encodeAck, encodeError, encodeOack, tftpErrorCodes } from './packets';
import { backOff, estimatedRto, fastRetransmissions, initialRtt, resetBackoff, sampleRtt } from './rtt';
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
  wireBlock,
} from './session';

export interface ReceiveState extends SessionCommon {
  readonly kind: 'receive';
  /** 'waiting' for DATA; 'committing' the file after the short block; 'dallying' after the final ACK. */
  readonly phase: 'waiting' | 'committing' | 'dallying' | 'done' | 'failed';
  /** Blocks received in order (absolute). */
  readonly received: number;
  readonly bytes: number;
  /** Blocks taken since our last ACK (a window's worth triggers one). */
  readonly sinceAck: number;
  /** What we last sent the peer (OACK or ACK), repeated on timeout. */
  readonly lastReply: Buffer;
  /** When it last went out: a repeated request is answered at most once per RTO after it. */
  readonly repliedAt: number;
  /** After 65535 the peer goes on at 0 or at 1; decided by its first block past 65535. */
  readonly wrapTo?: 0 | 1;
  /** The block we already asked for with a gap ACK (one per gap, or ACKs would multiply). */
  readonly gapAckedFor?: number;
  readonly timing?: { readonly sentAt: number };
  readonly failure?: string;
}

export function startReceive(peer: Endpoint, config: SessionConfig, oack: ReadonlyMap<string, string>, now: number): StepResult<ReceiveState> {
  // RFC 2347: the OACK takes the place of ACK 0.
  const lastReply = oack.size > 0 ? encodeOack(oack) : encodeAck(0);
  const state: ReceiveState = {
    kind: 'receive',
    phase: 'waiting',
    peer,
    config,
    rtt: initialRtt(config.rtt),
    retries: 0,
    lastProgressAt: now,
    received: 0,
    bytes: 0,
    sinceAck: 0,
    lastReply,
    repliedAt: now,
    timing: { sentAt: now },
  };
  return { state, actions: [{ type: 'send', bytes: lastReply }, { type: 'arm-timer', ms: state.rtt.rtoMs }] };
}

export function receiveStep(state: ReceiveState, input: SessionInput): StepResult<ReceiveState> {
  if (state.phase === 'done' || state.phase === 'failed') return { state, actions: [] };
  switch (input.type) {
    case 'packet': {
      if (!samePeer(input.from, state.peer)) return { state, actions: unknownTidReply(input) };
      const p = input.packet;
      if (p.op === 'data') return onData(state, p.block, p.data, input.now);
      if (p.op === 'error') {
        if (state.phase === 'dallying') return done(state);
        return failed(state, describePeerError(p), []);
      }
      return { state, actions: [] };
    }
    case 'garbage':
      return samePeer(input.from, state.peer) ? { state, actions: [] } : { state, actions: unknownTidReply(input) };
    case 'timeout':
      return onTimeout(state, input.now);
    case 'request-again':
      // The peer repeated its WRQ: our OACK or ACK 0 was lost. Answer it now rather than on our timer
      // (tftp-hpa repeats it on its own 5 s timer), once per RTO.
      if (state.phase !== 'waiting' || state.received > 0 || input.now - state.repliedAt < estimatedRto(state.rtt, state.config.rtt)) return { state, actions: [] };
      return { state: { ...state, repliedAt: input.now, timing: undefined }, actions: [{ type: 'send', bytes: state.lastReply }, { type: 'arm-timer', ms: state.rtt.rtoMs }] };
    case 'committed': {
      if (state.phase !== 'committing') return { state, actions: [] };
      const ack = encodeAck(wireBlock(state.received, state.wrapTo));
      return {
        state: { ...state, phase: 'dallying', lastReply: ack, repliedAt: input.now },
        actions: [{ type: 'send', bytes: ack }, { type: 'finish' }, { type: 'arm-timer', ms: state.config.dallyMs }],
      };
    }
    case 'abort':
      if (state.phase === 'dallying') return done(state);
      return failed(state, input.detail ?? input.message, [{ type: 'send', bytes: encodeError(input.code, input.message) }]);
    case 'blocks-available':
      return { state, actions: [] };
  }
}

function onData(state: ReceiveState, wire: number, data: Buffer, now: number): StepResult<ReceiveState> {
  if (state.phase !== 'waiting') {
    if (state.phase === 'dallying') {
      // atftp with a window, after retransmissions, can follow the short final block with an empty
      // one and retry it until it is ACKed itself (seen through the fault proxy). It carries no
      // data, so acknowledging it loses nothing and lets the sender finish.
      const past = wireBlock(state.received + 1, state.wrapTo);
      if (wire === past && data.length === 0) return { state, actions: [{ type: 'send', bytes: encodeAck(past) }] };
      // Any other DATA now means the peer has not heard that the transfer is complete (our final ACK
      // was lost): repeat it. Never before the commit: the final ACK tells the device its copy succeeded.
      return { state, actions: [{ type: 'send', bytes: state.lastReply }] };
    }
    return { state, actions: [] };
  }
  const expected = state.received + 1;
  let wrapTo = state.wrapTo;
  if (expected === 65536 && wrapTo === undefined) {
    // RFC 1350 has no rule past 65535: most clients go on at 0, some at 1. In lockstep only one block
    // is in flight, so the first number seen decides. In a window a 1 could also be the block after
    // a lost 0: treated as a gap (the window is resent), so a wrong guess never corrupts the file.
    if (wire === 0) wrapTo = 0;
    else if (wire === 1 && state.config.windowSize === 1) wrapTo = 1;
  }
  if (wire === wireBlock(expected, wrapTo ?? 0) && (expected !== 65536 || wrapTo !== undefined)) {
    return accept({ ...state, ...(wrapTo !== undefined ? { wrapTo } : {}) }, data, now);
  }
  if (wire === wireBlock(state.received, state.wrapTo) && state.sinceAck === 0) {
    // The peer did not hear our ACK and sent the block again: repeat the ACK (RFC 1350).
    return { state, actions: [{ type: 'send', bytes: state.lastReply }] };
  }
  if (isAhead(state, wire) && state.gapAckedFor !== expected) {
    // RFC 7440 §4: a block from later in the window means some were lost; ACK the last one received
    // in order so the sender restarts from there. Once per gap.
    const ack = encodeAck(wireBlock(state.received, state.wrapTo));
    return {
      state: { ...state, sinceAck: 0, lastReply: ack, repliedAt: now, gapAckedFor: expected, timing: { sentAt: now } },
      actions: [{ type: 'send', bytes: ack }, { type: 'arm-timer', ms: state.rtt.rtoMs }],
    };
  }
  return { state, actions: [] };
}

/** Whether `wire` names a block after the expected one, within the window. */
function isAhead(state: ReceiveState, wire: number): boolean {
  for (let k = 1; k < state.config.windowSize; k++) if (wireBlock(state.received + 1 + k, state.wrapTo ?? 0) === wire) return true;
  return false;
}

function accept(state: ReceiveState, data: Buffer, now: number): StepResult<ReceiveState> {
  const received = state.received + 1;
  // In-order DATA ends any backoff; only an exchange we did not repeat gives a sample (Karn).
  // While nothing has been measured yet, the time since our last repeat is a first estimate (a lower
  // bound, corrected by the first clean sample), as on the sending side.
  const rtt = state.timing
    ? sampleRtt(state.rtt, now - state.timing.sentAt, state.config.rtt)
    : state.rtt.srttMs === undefined
      ? sampleRtt(state.rtt, now - state.repliedAt, state.config.rtt)
      : resetBackoff(state.rtt, state.config.rtt);
  const base: ReceiveState = { ...state, received, bytes: state.bytes + data.length, rtt, timing: undefined, retries: 0, lastProgressAt: now, gapAckedFor: undefined };
  const write: SessionAction = { type: 'write', data };
  if (data.length < state.config.blockSize) {
    // The short block ends the transfer (RFC 1350 §6). The final ACK waits for the commit.
    return { state: { ...base, phase: 'committing', sinceAck: 0 }, actions: [write, { type: 'cancel-timer' }, { type: 'commit' }] };
  }
  const sinceAck = state.sinceAck + 1;
  if (sinceAck >= state.config.windowSize) {
    const ack = encodeAck(wireBlock(received, state.wrapTo));
    return { state: { ...base, sinceAck: 0, lastReply: ack, repliedAt: now, timing: { sentAt: now } }, actions: [write, { type: 'send', bytes: ack }, { type: 'arm-timer', ms: rtt.rtoMs }] };
  }
  // Mid-window: no ACK yet, but if the rest never comes the timer re-ACKs what we have.
  return { state: { ...base, sinceAck }, actions: [write, { type: 'arm-timer', ms: rtt.rtoMs }] };
}

function onTimeout(state: ReceiveState, now: number): StepResult<ReceiveState> {
  if (state.phase === 'dallying') return done(state);
  if (state.phase !== 'waiting') return { state, actions: [] };
  if (shouldGiveUp(state, now, state.received > 0)) {
    const reason = `no DATA after ${state.retries} retransmissions over ${Math.round((now - state.lastProgressAt) / 1000)} s (waiting for block ${state.received + 1})`;
    return failed(state, reason, [{ type: 'send', bytes: encodeError(tftpErrorCodes.undefined, 'timed out') }]);
  }
  // Repeat our last ACK (or, mid-window, ACK what arrived so far) so the sender resends from there.
  // A sender that resends on a repeated ACK (atftp, busybox, RFC 7440 windows) recovers after a few
  // quick repeats. One that only resends on its own timer and restarts that timer on every packet
  // it gets (tftp-hpa: 5 s) needs us quiet for longer than that timer: after the quick repeats the
  // timer goes to the ceiling. Before the first DATA there is no round trip measured yet, so the
  // one repeat comes after the initial RTO and then we go quiet at once: a lost first DATA costs
  // that sender its own timer plus one RTO (6 s), not three doublings plus its timer (12 s).
  const reply = state.received === 0 ? state.lastReply : encodeAck(wireBlock(state.received, state.wrapTo));
  const rtt = backOff(state.rtt, state.config.rtt, state.retries + 1, state.received === 0 ? 0 : fastRetransmissions);
  return {
    state: { ...state, rtt, retries: state.retries + 1, sinceAck: 0, lastReply: reply, repliedAt: now, timing: undefined },
    actions: [{ type: 'send', bytes: reply }, { type: 'arm-timer', ms: rtt.rtoMs }],
  };
}

function done(state: ReceiveState): StepResult<ReceiveState> {
  return { state: { ...state, phase: 'done' }, actions: [{ type: 'cancel-timer' }, { type: 'close' }] };
}

function failed(state: ReceiveState, reason: string, before: SessionAction[]): StepResult<ReceiveState> {
  return { state: { ...state, phase: 'failed', failure: reason }, actions: [...before, { type: 'cancel-timer' }, { type: 'fail', reason }, { type: 'close' }] };
}
