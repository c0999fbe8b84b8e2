// What both TFTP transfer state machines share: their inputs (packets, timeouts, I/O results — all
// with the time they happened), their actions (send, write, arm the timer, settle) and the rules
// common to both directions: the peer's transfer ID, block numbers past 65535, when to give up.
import { encodeError, type TftpPacket, tftpErrorCodes } from './packets';
import { defaultRttLimits, type RttLimits, type RttState } from './rtt';

export { receiveStep, startReceive } from './receive-session';
export type { ReceiveState } from './receive-session';
export { sendStep, startSend } from './send-session';
export type { SendState } from './send-session';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export type SessionInput =
  | { type: 'packet'; packet: TftpPacket; from: Endpoint; now: number }
  /** A datagram that did not decode (from anyone). */
  | { type: 'garbage'; from: Endpoint; now: number }
  | { type: 'timeout'; now: number }
  /** The peer sent its RRQ/WRQ again (to the server port): it has not heard our first reply. */
  | { type: 'request-again'; now: number }
  /** Sender: the block reader has blocks up to `upTo` ready; `last` once the end of the file is known. */
  | { type: 'blocks-available'; upTo: number; last?: number; now: number }
  /** Receiver: the upload was committed (linked into place). */
  | { type: 'committed'; now: number }
  /**
   * Local trouble (disk full, file vanished, shutdown): tell the peer with ERROR `code` and `message`
   * (never a local path), then fail with `detail` (for our log) or the message.
   */
  | { type: 'abort'; code: number; message: string; detail?: string; now: number };

export type SessionAction =
  /** Send block `block` (an absolute index from 1) of the file to the peer. */
  | { type: 'send-data'; block: number }
  /** Send bytes (ACK, OACK, ERROR) to `to`, or to the peer when absent. */
  | { type: 'send'; bytes: Buffer; to?: Endpoint }
  /** Receiver: append in-order payload to the upload. */
  | { type: 'write'; data: Buffer }
  /** Receiver: the last block was written; commit the upload, then input `committed`. */
  | { type: 'commit' }
  /** Sender: blocks below `below` are acknowledged and may be dropped from memory. */
  | { type: 'release'; below: number }
  /** (Re)arm the one retransmission timer; it fires as a `timeout` input. */
  | { type: 'arm-timer'; ms: number }
  | { type: 'cancel-timer' }
  /** The transfer succeeded (the socket may stay open for a dally). */
  | { type: 'finish' }
  /** The transfer failed; the reason says why, for the user. */
  | { type: 'fail'; reason: string }
  /** Release the transfer socket and timers. Always the last action. */
  | { type: 'close' };

export interface SessionConfig {
  blockSize: number;
  windowSize: number;
  rtt: RttLimits;
  /** Give up only after this many consecutive timeouts… */
  maxRetries: number;
  /** …and this long without progress: a fast RTO must not make us impatient with a stalled device. */
  minSilenceMs: number;
  /**
   * A peer that has never answered (no ACK of our OACK or first DATA; no first DATA of an upload)
   * is given up after this many timeouts, whatever minSilenceMs says: a request that is never
   * followed up (abandoned, spoofed or flooded) must not hold a transfer for long, nor make us
   * repeat a block to an address that never asked for it.
   */
  maxFirstRetries: number;
  /** Receiver: how long to stay for a repeated final DATA after the last ACK (RFC 1350 §6 "dally"). */
  dallyMs: number;
}

export const defaultSessionConfig: Omit<SessionConfig, 'blockSize' | 'windowSize'> = {
  rtt: defaultRttLimits,
  maxRetries: 8,
  // 1 + 2 + 4 + 6 s with the default RTO limits: four sends, given up after 13 s (tftpd-hpa: 15 s).
  maxFirstRetries: 3,
  // Several of the peer's own retransmission timers (5 s for tftp-hpa and atftp, a few s for IOS).
  minSilenceMs: 30_000,
  // Longer than two of a client's retransmission timeouts (5 s for tftp-hpa and atftp): if our final
  // ACK is lost, the repeated final DATA must still find us here.
  dallyMs: 15_000,
};

export interface StepResult<S> {
  state: S;
  actions: SessionAction[];
}

/** Shared fields of both machines. */
export interface SessionCommon {
  readonly peer: Endpoint;
  readonly config: SessionConfig;
  readonly rtt: RttState;
  /** Consecutive timeouts since the last progress. */
  readonly retries: number;
  readonly lastProgressAt: number;
}

export function samePeer(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && a.address === b.address;
}

/**
 * RFC 1350 §4: a packet from another source port is answered with ERROR 5 and otherwise ignored —
 * the transfer goes on. Never answer an ERROR (two servers could bounce errors forever).
 */
export function unknownTidReply(input: Extract<SessionInput, { type: 'packet' | 'garbage' }>): SessionAction[] {
  if (input.type === 'packet' && input.packet.op === 'error') return [];
  return [{ type: 'send', bytes: encodeError(tftpErrorCodes.unknownTid, 'unknown transfer ID'), to: input.from }];
}

/**
 * Whether repeated timeouts have used up the patience the config allows; `answered` says whether
 * the peer has ever answered this transfer (a peer that never has gets maxFirstRetries only).
 */
export function shouldGiveUp(common: SessionCommon, now: number, answered: boolean): boolean {
  if (!answered && common.retries >= common.config.maxFirstRetries) return true;
  return common.retries >= common.config.maxRetries && now - common.lastProgressAt >= common.config.minSilenceMs;
}

/**
 * The 16-bit block number of absolute block `abs`. Past 65535 we send 0 (the common choice);
 * a receiver follows the peer, which may restart at 1 instead (`wrapTo`).
 */
export function wireBlock(abs: number, wrapTo: 0 | 1 = 0): number {
  if (abs <= 65535) return abs;
  return wrapTo === 1 ? ((abs - 1) % 65535) + 1 : abs % 65536;
}

export function describePeerError(packet: Extract<TftpPacket, { op: 'error' }>): string {
  const text = packet.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
  return `the peer sent ERROR ${packet.code}${text ? ` (${text})` : ''}`;
}
