// Options the lab's simulated `copy` passes to its TFTP/FTP/RCP/HTTP clients (the lab-clients
// contract). The host is always a loopback address; the port stands for 69/21/514, which IOS cannot
// name, or (HTTP) is the URL's own.

export interface ClientBase {
  host: string;
  port: number;
  /** Aborting ends the transfer at once; the promise rejects with kind 'aborted'. */
  signal?: AbortSignal;
  /** Called with the running total of payload bytes moved so far. */
  onProgress?: (bytes: number) => void;
}

export interface TftpOptions extends ClientBase {
  file: string;
  /** IOS `ip tftp blocksize`: only when set does the request carry options (blksize, tsize). */
  blksize?: number;
  /** Retransmission timeout per packet (default 2000 ms). */
  timeoutMs?: number;
  /** Retransmissions of one packet before giving up (default 5). */
  retries?: number;
}

export interface FtpOptions extends ClientBase {
  user: string;
  password: string;
  file: string;
  /** IOS `ip ftp passive`. basic-ftp speaks passive only, so both values use EPSV/PASV. */
  passive: boolean;
  /** Control/data inactivity timeout (default 30000 ms). */
  timeoutMs?: number;
}

export interface HttpOptions extends ClientBase {
  /** The URL's path without its leading slash. */
  file: string;
  /** Inactivity timeout (default 30000 ms). */
  timeoutMs?: number;
}

export interface RcpOptions extends ClientBase {
  /** The rsh client-side user: IOS sends the device's own user name (its hostname by default). */
  localUser: string;
  /** The account on the server whose ~/.rhosts must trust us. */
  remoteUser: string;
  file: string;
  /** Connect from a port in 512–1023 (only possible as root), as BSD rshd requires. */
  privilegedPort?: boolean;
  /** Inactivity timeout (default 30000 ms). */
  timeoutMs?: number;
}

/**
 * Every download ends and flushes its `out` on success and destroys it on failure (partial content
 * is never an image); every upload releases its `input` when it is done with it.
 */
export interface TransferResult {
  bytes: number;
}
