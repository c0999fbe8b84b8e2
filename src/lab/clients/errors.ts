// Errors of the lab's TFTP/FTP/RCP clients. `iosCause` is the text IOS prints in parentheses after
// `%Error opening tftp://host/file (...)`, so the simulated `copy` can render it verbatim.

export type ClientProtocol = 'tftp' | 'ftp' | 'rcp' | 'http';

export type ClientErrorKind = 'timeout' | 'not-found' | 'access-denied' | 'refused' | 'disk-full' | 'protocol' | 'aborted' | 'io';

/** What IOS prints for each kind when the peer gives no better text. */
export const iosCauses: Readonly<Record<ClientErrorKind, string>> = {
  timeout: 'Timed out',
  'not-found': 'No such file or directory',
  'access-denied': 'Permission denied',
  refused: 'Connection refused by remote host',
  'disk-full': 'Not enough space on device',
  protocol: 'Protocol error',
  aborted: 'Aborted',
  io: 'I/O error',
};

export class ClientError extends Error {
  readonly code = 'E_CLIENT' as const;

  constructor(
    readonly protocol: ClientProtocol,
    readonly host: string,
    readonly file: string,
    readonly kind: ClientErrorKind,
    /** The IOS wording, e.g. 'Timed out'; defaults to the kind's usual text. */
    readonly iosCause: string = iosCauses[kind],
    /** What the peer or the OS said, for logs (e.g. "550 Failed to open file."). */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`${protocol}://${host}/${file}: ${iosCause}${detail && detail !== iosCause ? ` — ${detail}` : ''}`, options);
    this.name = new.target.name;
  }
}

/** Where a failure happened, so every client reports the same facts. */
export interface ErrorSite {
  protocol: ClientProtocol;
  host: string;
  file: string;
}

/** Maps a socket or stream error (errno codes) to the client error IOS would show. */
export function fromSystemError(site: ErrorSite, err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const make = (kind: ClientErrorKind) => new ClientError(site.protocol, site.host, site.file, kind, iosCauses[kind], message, { cause: err });
  switch (code) {
    case 'ECONNREFUSED':
      return make('refused');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make('timeout');
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return make('disk-full');
    case 'ENOENT':
      return make('not-found');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return make('access-denied');
    case 'ABORT_ERR':
      return make('aborted');
    default:
      return make('io');
  }
}

/** Classifies a peer's free-text complaint (rcp `\1` lines, FTP replies) by the errno text it carries. */
export function kindFromText(text: string): ClientErrorKind | undefined {
  if (/no such file|not found|does not exist/i.test(text)) return 'not-found';
  if (/permission denied|access denied|authentication failure|not allowed|login incorrect/i.test(text)) return 'access-denied';
  if (/no space|disk full|quota|too large/i.test(text)) return 'disk-full';
  return undefined;
}

export function abortedError(site: ErrorSite, signal: AbortSignal): ClientError {
  const reason: unknown = signal.reason;
  return new ClientError(site.protocol, site.host, site.file, 'aborted', iosCauses.aborted, reason instanceof Error ? reason.message : undefined, { cause: reason });
}
