// Typed errors of the transfer engine. Each carries the facts a user needs to act: protocol, peer,
// file and cause, and the message says what to do next.
import type { Protocol } from './protocols';

export type { Protocol } from './protocols';

export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a request was refused. Each protocol maps these to its own wire error (TFTP ERROR n, FTP 5xx, rcp \1). */
export type DenyReason =
  | 'unsafe-name' // traversal, absolute path, control characters …
  | 'not-found' // nothing offered or served under that name
  | 'wrong-peer' // offered, but to another address
  | 'wrong-user' // FTP/RCP identity does not match the offer
  | 'expired'
  | 'exhausted' // the offer's allowed number of uses is spent
  | 'exists' // an upload would overwrite a file
  | 'too-large' // upload over the slot's or inbox's size limit
  | 'no-space' // the declared size is more than the file system has free
  | 'uploads-disabled' // no inbox and no matching upload slot
  | 'busy'; // over a connection or transfer limit (per address or in total): try again later

export class AccessDeniedError extends EngineError {
  constructor(
    readonly reason: DenyReason,
    readonly protocol: Protocol,
    readonly peer: string,
    readonly file: string,
    /** The reason alone, without protocol, peer and file (what a device is told). */
    readonly detail: string,
  ) {
    super(`E_DENIED_${reason.toUpperCase().replace(/-/g, '_')}`, `${protocol} request for '${printable(file)}' from ${peer} refused: ${detail}`);
  }
}

export class UnsafeNameError extends EngineError {
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super('E_UNSAFE_NAME', `refused file name '${printable(file)}': ${why}`);
  }
}

export class TransferError extends EngineError {
  constructor(
    readonly protocol: Protocol,
    readonly peer: string,
    readonly file: string,
    readonly why: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(options?.code ?? 'E_TRANSFER', `${protocol} transfer of '${printable(file)}' with ${peer} failed: ${why}`, options);
  }
}

/** Binding a server port failed; the message names the remedies (privileged ports, port in use). */
export class BindError extends EngineError {
  constructor(
    readonly protocol: Protocol,
    readonly address: string,
    readonly port: number,
    readonly errno: string,
    options?: { cause?: unknown },
  ) {
    super('E_BIND', bindMessage(protocol, address, port, errno), options);
  }
}

function bindMessage(protocol: Protocol, address: string, port: number, errno: string): string {
  const where = `${protocol.toUpperCase()} server could not bind ${address}:${port}`;
  if (errno === 'EACCES' || errno === 'EPERM') {
    return (
      `${where}: permission denied (${errno}). Ports below 1024 need privileges on Linux. ` +
      `Use a port above 1024 for tests, lower the limit with 'sysctl net.ipv4.ip_unprivileged_port_start=${port}', ` +
      `grant Node the capability with 'setcap cap_net_bind_service=+ep $(command -v node)', ` +
      `or run the engine headless with privileges (node dist/cli.js serve).`
    );
  }
  if (errno === 'EADDRINUSE') {
    return `${where}: the port is already in use (EADDRINUSE) — another server (tftpd, Tftpd64, vsftpd, rshd, a web server) may be running; stop it or choose another port.`;
  }
  if (errno === 'EADDRNOTAVAIL') {
    return `${where}: no interface has that address (EADDRNOTAVAIL); choose an address of this machine.`;
  }
  return `${where}: ${errno}`;
}

/** Renders a peer-supplied name safely for logs and messages (C0, DEL and C1 control characters escaped). */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 200);
}

/**
 * What a peer is told about a local failure with the file it asked for: the name it asked for and
 * the cause, never our paths or an errno message (those carry local paths; they go to our log).
 */
export function peerErrorText(err: unknown, requestedName: string): string {
  const name = `'${printable(requestedName)}'`;
  const e = err as { code?: unknown; maxBytes?: unknown } | undefined;
  switch (e?.code) {
    case 'E_EXISTS':
      return `${name} already exists; uploads never overwrite`;
    case 'E_TOO_LARGE':
      return typeof e.maxBytes === 'number' ? `${name} exceeds the size limit of ${e.maxBytes} bytes` : `${name} exceeds the size limit`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `disk full while writing ${name}`;
    case 'ENOENT':
      return `${name} is gone`;
    default:
      return `server error with ${name}${typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) ? ` (${e.code})` : ''}`;
  }
}
