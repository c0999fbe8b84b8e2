// The messages between the Transfers panel (host) and its webview, typed on both sides: both
// import this file, which imports nothing. The host validates every incoming message here.

export type CardCheckStatus = 'ok' | 'info' | 'warning' | 'blocking';
export type CardConfirmation = 'erase-flash' | 'overwrite' | 'platform-mismatch' | 'checksum-mismatch' | 'delete-running-image' | 'remove-inactive' | 'install-reload';

export interface CardCheck {
  id: string;
  title: string;
  status: CardCheckStatus;
  summary: string;
  facts: string[];
  remedy?: string;
  confirmation?: CardConfirmation;
}

export interface CardStep {
  name: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  /** The device's latest line for it (`Add: Passed on [1 2]`). */
  detail?: string;
}

/**
 * What the job waits for before it may go on. `typed`: the user must type `hostname` (erasing flash,
 * removing the running or boot image); `plain`: a confirm button (overwrite, mismatch).
 */
export interface PendingConfirmation {
  kind: 'typed' | 'plain';
  confirmations: CardConfirmation[];
  hostname: string;
  checks: CardCheck[];
}

/** `declined`: the person said no to a confirmation (not a failure); `blocked`: a check no confirmation lifts. */
export type CardStatus = 'running' | 'waiting' | 'succeeded' | 'skipped' | 'blocked' | 'declined' | 'failed' | 'cancelled';

/** Still going: the card keeps its Cancel (running) or its confirmation (waiting). */
export function isActive(status: CardStatus): boolean {
  return status === 'running' || status === 'waiting';
}

export interface JobCard {
  id: string;
  device: string;
  /** Device file or local file name. */
  file: string;
  protocol: string;
  direction: 'to-device' | 'from-device';
  phase: string;
  status: CardStatus;
  bytes: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** The device's output and the commands sent, as they happen (already redacted). */
  output: string;
  /** The copy's progress line as it reads now (marks counted), shown after `output`. */
  liveLine?: string;
  checks: CardCheck[];
  pending?: PendingConfirmation;
  /** A job of several steps (an IOS-XE install): each step and how far it got, in order. */
  steps?: CardStep[];
  /** Cancel was asked for; the job is stopping (the engine stops serving, the SSH session closes). */
  cancelling?: boolean;
  message?: string;
}

/**
 * Changed fields of a card. Messages cross as JSON, where `undefined` vanishes: a field that is
 * cleared is sent as `null`.
 */
export type CardPatch = { [K in keyof Omit<JobCard, 'id' | 'output' | 'liveLine'>]?: JobCard[K] | null };

export type HostToWebview =
  | { type: 'snapshot'; jobs: JobCard[] }
  | { type: 'job-added'; job: JobCard }
  | { type: 'job-updated'; id: string; patch: CardPatch }
  /** The live line (if any) goes, `text` is appended, and `live` (if any) is the new live line. */
  | { type: 'job-output'; id: string; text: string; live?: string }
  | { type: 'job-removed'; id: string }
  /** Deltas of one interval, in order: the panel posts at most one message per interval. */
  | { type: 'batch'; messages: HostToWebview[] };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'cancel'; id: string }
  | { type: 'confirm'; id: string; typedHostname?: string }
  | { type: 'decline'; id: string }
  | { type: 'clear-finished' }
  | { type: 'show-log'; id: string };

/** Output kept per card: the tail, so a long verify or a chatty device does not grow the page without end. */
export const maxOutputChars = 20_000;

const idRe = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The message if it is one the webview may send, else undefined (the host ignores it). */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const id = typeof raw.id === 'string' && idRe.test(raw.id) ? raw.id : undefined;
  switch (raw.type) {
    case 'ready':
    case 'clear-finished':
      return { type: raw.type };
    case 'cancel':
    case 'decline':
    case 'show-log':
      return id ? { type: raw.type, id } : undefined;
    case 'confirm': {
      if (!id) return undefined;
      if (raw.typedHostname === undefined) return { type: 'confirm', id };
      if (typeof raw.typedHostname !== 'string' || raw.typedHostname.length > 255) return undefined;
      return { type: 'confirm', id, typedHostname: raw.typedHostname };
    }
    default:
      return undefined;
  }
}
