// Pure state machine of one TFTP client transfer, as IOS runs it: plain octet RRQ/WRQ (options only
// when `ip tftp blocksize` is set), lock-step DATA/ACK with 16-bit block numbers that wrap to 0,
// retransmission on timeout, ERROR 5 to strangers. No sockets or timers: inputs in, actions out.
import type { ClientErrorKind } from './errors';
import { decode, encodeAck, encodeData, encodeError, encodeRequest, maxBlksize, minBlksize, TftpErrorCode, type TftpOptionsMap } from './tftp-packets';

export interface Peer {
  address: string;
  port: number;
}

export type Direction = 'download' | 'upload';

export type TftpInput =
  | { type: 'start' }
  | { type: 'packet'; from: Peer; bytes: Buffer }
  | { type: 'timeout' }
  /** Download: the block handed out by `write` is in the sink. */
  | { type: 'written' }
  /** Upload: the next block from the source (shorter than blksize only at the end). */
  | { type: 'block'; data: Buffer }
  | { type: 'abort' };

export type TftpAction =
  | { type: 'send'; to: Peer; bytes: Buffer }
  | { type: 'arm-timer' }
  | { type: 'disarm-timer' }
  | { type: 'write'; data: Buffer }
  | { type: 'read-block'; size: number }
  | { type: 'progress'; bytes: number }
  | { type: 'done'; bytes: number }
  | { type: 'fail'; kind: ClientErrorKind; iosCause: string; detail: string };

export interface TftpSessionConfig {
  direction: Direction;
  server: Peer;
  file: string;
  blksize?: number;
  /** Upload only: announced as `tsize` when options are sent (RFC 2349). */
  sizeBytes?: number;
  retries: number;
}

type Phase =
  | { name: 'idle' }
  | { name: 'requesting' }
  /** Download: waiting for DATA `block`. */
  | { name: 'receiving'; block: number }
  /** Download: DATA `block` handed to the sink, its ACK not sent yet. */
  | { name: 'writing'; block: number; size: number; last: boolean }
  /** Upload: waiting for the source to produce block `block`. */
  | { name: 'reading'; block: number }
  /** Upload: DATA `block` sent, waiting for its ACK. */
  | { name: 'sending'; block: number; size: number; last: boolean }
  | { name: 'finished' };

export interface TftpState {
  config: TftpSessionConfig;
  phase: Phase;
  /** Negotiated block size; 512 unless an OACK said otherwise (RFC 1350 / RFC 2348). */
  blksize: number;
  /** The server's transfer ID once its first reply arrived (RFC 1350 §4). */
  peer?: Peer;
  lastSent?: { to: Peer; bytes: Buffer };
  retriesLeft: number;
  bytes: number;
}

export interface Step {
  state: TftpState;
  actions: TftpAction[];
}

/** What IOS prints for each RFC 1350 error code the server sends. */
const errorCodeMeaning: Record<number, { kind: ClientErrorKind; iosCause: string }> = {
  [TftpErrorCode.FileNotFound]: { kind: 'not-found', iosCause: 'No such file or directory' },
  [TftpErrorCode.AccessViolation]: { kind: 'access-denied', iosCause: 'Permission denied' },
  [TftpErrorCode.DiskFull]: { kind: 'disk-full', iosCause: 'Not enough space on device' },
  [TftpErrorCode.IllegalOperation]: { kind: 'protocol', iosCause: 'Illegal TFTP operation' },
  [TftpErrorCode.UnknownTid]: { kind: 'protocol', iosCause: 'Unknown transfer ID' },
  [TftpErrorCode.FileExists]: { kind: 'access-denied', iosCause: 'File exists' },
  [TftpErrorCode.NoSuchUser]: { kind: 'access-denied', iosCause: 'No such user' },
  [TftpErrorCode.OptionsRefused]: { kind: 'protocol', iosCause: 'Option negotiation failed' },
};

export function initialState(config: TftpSessionConfig): TftpState {
  return { config, phase: { name: 'idle' }, blksize: 512, retriesLeft: config.retries, bytes: 0 };
}

export function step(state: TftpState, input: TftpInput): Step {
  if (state.phase.name === 'finished') return { state, actions: [] };
  switch (input.type) {
    case 'start':
      return start(state);
    case 'packet':
      return onPacket(state, input.from, input.bytes);
    case 'timeout':
      return onTimeout(state);
    case 'written':
      return onWritten(state);
    case 'block':
      return onBlock(state, input.data);
    case 'abort': {
      const notify: TftpAction[] = state.peer ? [{ type: 'send', to: state.peer, bytes: encodeError(TftpErrorCode.Undefined, 'Transfer aborted') }] : [];
      return fail(state, 'aborted', 'Aborted', 'transfer aborted', notify);
    }
  }
}

function start(state: TftpState): Step {
  const { config } = state;
  if (state.phase.name !== 'idle') return { state, actions: [] };
  const options: TftpOptionsMap = {};
  // IOS sends a plain request unless `ip tftp blocksize` is configured.
  if (config.blksize !== undefined) {
    options.blksize = String(config.blksize);
    options.tsize = String(config.direction === 'upload' ? (config.sizeBytes ?? 0) : 0);
    if (config.direction === 'upload' && config.sizeBytes === undefined) delete options.tsize;
  }
  const bytes = encodeRequest(config.direction === 'download' ? 'rrq' : 'wrq', config.file, options);
  return send({ ...state, phase: { name: 'requesting' } }, config.server, bytes);
}

function onPacket(state: TftpState, from: Peer, bytes: Buffer): Step {
  const { phase } = state;
  if (state.peer && !samePeer(state.peer, from)) {
    // RFC 1350 §4: a packet from another TID gets ERROR 5 and the transfer goes on.
    if (from.address === state.peer.address || from.address === state.config.server.address) {
      return { state, actions: [{ type: 'send', to: from, bytes: encodeError(TftpErrorCode.UnknownTid, 'Unknown transfer ID') }] };
    }
    return { state, actions: [] };
  }
  if (!state.peer && from.address !== state.config.server.address) return { state, actions: [] };
  const decoded = decode(bytes);
  if (!decoded.ok) return protocolError({ ...state, peer: state.peer ?? from }, decoded.why);
  const packet = decoded.packet;

  if (packet.op === 'error') {
    const meaning = errorCodeMeaning[packet.code];
    const fromText = packet.message.trim();
    if (meaning) return fail(state, meaning.kind, meaning.iosCause, `TFTP error ${packet.code}: ${fromText}`);
    return fail(state, 'protocol', fromText || 'Undefined error', `TFTP error ${packet.code}: ${fromText}`);
  }

  if (phase.name === 'requesting') {
    const locked: TftpState = { ...state, peer: from };
    if (packet.op === 'oack') return onOack(locked, packet.options);
    if (state.config.direction === 'download' && packet.op === 'data') {
      // A server that ignores our options answers with DATA 1 and 512-byte blocks (RFC 2347).
      return onData({ ...locked, blksize: 512, phase: { name: 'receiving', block: 1 } }, packet.block, packet.data);
    }
    if (state.config.direction === 'upload' && packet.op === 'ack' && packet.block === 0) {
      return readNext({ ...locked, blksize: 512 }, 1);
    }
    return protocolError(locked, `unexpected ${packet.op} in reply to the request`);
  }

  if (phase.name === 'receiving' && packet.op === 'data') return onData(state, packet.block, packet.data);
  if (phase.name === 'sending' && packet.op === 'ack') {
    if (packet.block !== (phase.block & 0xffff)) return { state, actions: [] }; // an old ACK: never resend on it (Sorcerer's Apprentice, RFC 1123 §4.2.3.1)
    const bytesDone = state.bytes + phase.size;
    const progressed: TftpState = { ...state, bytes: bytesDone, retriesLeft: state.config.retries };
    const progress: TftpAction = { type: 'progress', bytes: bytesDone };
    if (phase.last) return finish(progressed, [{ type: 'disarm-timer' }, progress]);
    const next = readNext(progressed, phase.block + 1);
    return { state: next.state, actions: [{ type: 'disarm-timer' }, progress, ...next.actions] };
  }
  // Duplicates while we write or read, and stray ACK/DATA: ignored, the timer covers losses.
  return { state, actions: [] };
}

function onOack(state: TftpState, options: TftpOptionsMap): Step {
  const { config } = state;
  if (config.blksize === undefined) return refuseOptions(state, 'OACK to a request without options');
  let blksize = 512;
  for (const [name, value] of Object.entries(options)) {
    if (name === 'blksize') {
      const n = Number(value);
      // RFC 2348: the server may only lower the size we asked for.
      if (!/^\d+$/.test(value) || n < minBlksize || n > config.blksize || n > maxBlksize) return refuseOptions(state, `blksize ${value} not acceptable`);
      blksize = n;
    } else if (name !== 'tsize') {
      return refuseOptions(state, `option ${name} was not requested`);
    }
  }
  const negotiated: TftpState = { ...state, blksize };
  if (config.direction === 'download') {
    // RFC 2347: the client acknowledges an OACK with ACK 0, then DATA 1 follows.
    return send({ ...negotiated, phase: { name: 'receiving', block: 1 }, retriesLeft: config.retries }, state.peer as Peer, encodeAck(0));
  }
  return readNext(negotiated, 1);
}

function onData(state: TftpState, wireBlock: number, data: Buffer): Step {
  const phase = state.phase;
  if (phase.name !== 'receiving') return { state, actions: [] };
  if (wireBlock !== (phase.block & 0xffff)) {
    // The previous block again: our ACK was lost, so acknowledge it once more.
    if (wireBlock === ((phase.block - 1) & 0xffff) && state.lastSent) return { state, actions: [{ type: 'send', to: state.lastSent.to, bytes: state.lastSent.bytes }] };
    return { state, actions: [] };
  }
  if (data.length > state.blksize) return protocolError(state, `DATA ${wireBlock} carries ${data.length} bytes, more than the block size ${state.blksize}`);
  return {
    state: { ...state, phase: { name: 'writing', block: phase.block, size: data.length, last: data.length < state.blksize } },
    actions: [{ type: 'disarm-timer' }, { type: 'write', data }],
  };
}

function onWritten(state: TftpState): Step {
  const phase = state.phase;
  if (phase.name !== 'writing') return { state, actions: [] };
  const bytesDone = state.bytes + phase.size;
  const progress: TftpAction = { type: 'progress', bytes: bytesDone };
  const ack = encodeAck(phase.block);
  const peer = state.peer as Peer;
  if (phase.last) {
    return finish({ ...state, bytes: bytesDone }, [progress, { type: 'send', to: peer, bytes: ack }]);
  }
  const next = send({ ...state, bytes: bytesDone, retriesLeft: state.config.retries, phase: { name: 'receiving', block: phase.block + 1 } }, peer, ack);
  return { state: next.state, actions: [progress, ...next.actions] };
}

function onBlock(state: TftpState, data: Buffer): Step {
  const phase = state.phase;
  if (phase.name !== 'reading') return { state, actions: [] };
  if (data.length > state.blksize) return fail(state, 'io', 'I/O error', `source produced ${data.length} bytes for a ${state.blksize}-byte block`);
  const sending: TftpState = { ...state, phase: { name: 'sending', block: phase.block, size: data.length, last: data.length < state.blksize } };
  return send(sending, state.peer as Peer, encodeData(phase.block, data));
}

function onTimeout(state: TftpState): Step {
  const { phase } = state;
  if (phase.name !== 'requesting' && phase.name !== 'receiving' && phase.name !== 'sending') return { state, actions: [] };
  if (state.retriesLeft <= 0 || !state.lastSent) return fail(state, 'timeout', 'Timed out', `no reply after ${state.config.retries} retransmissions`);
  return {
    state: { ...state, retriesLeft: state.retriesLeft - 1 },
    actions: [{ type: 'send', to: state.lastSent.to, bytes: state.lastSent.bytes }, { type: 'arm-timer' }],
  };
}

function readNext(state: TftpState, block: number): Step {
  return { state: { ...state, phase: { name: 'reading', block }, retriesLeft: state.config.retries }, actions: [{ type: 'read-block', size: state.blksize }] };
}

function send(state: TftpState, to: Peer, bytes: Buffer): Step {
  return { state: { ...state, lastSent: { to, bytes } }, actions: [{ type: 'send', to, bytes }, { type: 'arm-timer' }] };
}

function finish(state: TftpState, before: TftpAction[]): Step {
  return { state: { ...state, phase: { name: 'finished' } }, actions: [...before, { type: 'done', bytes: state.bytes }] };
}

function fail(state: TftpState, kind: ClientErrorKind, iosCause: string, detail: string, before: TftpAction[] = []): Step {
  return { state: { ...state, phase: { name: 'finished' } }, actions: [...before, { type: 'disarm-timer' }, { type: 'fail', kind, iosCause, detail }] };
}

function protocolError(state: TftpState, why: string): Step {
  const notify: TftpAction[] = state.peer ? [{ type: 'send', to: state.peer, bytes: encodeError(TftpErrorCode.IllegalOperation, why) }] : [];
  return fail(state, 'protocol', 'Illegal TFTP operation', why, notify);
}

function refuseOptions(state: TftpState, why: string): Step {
  const notify: TftpAction[] = state.peer ? [{ type: 'send', to: state.peer, bytes: encodeError(TftpErrorCode.OptionsRefused, why) }] : [];
  return fail(state, 'protocol', 'Option negotiation failed', why, notify);
}

function samePeer(a: Peer, b: Peer): boolean {
  return a.address === b.address && a.port === b.port;
}
