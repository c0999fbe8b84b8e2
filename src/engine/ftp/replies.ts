// FTP replies: one table of the codes and texts this server sends (RFC 959 §4.2, RFC 2428, RFC
// 3659), and their wire format, including the multi-line form FEAT uses. Pure.
import type { DenyReason } from '../errors';
import { printable } from '../errors';

export interface FtpReply {
  code: number;
  /** One line, or several for a multi-line reply (RFC 959 §4.2: "123-first" … "123 last"). */
  lines: string[];
}

/** Every fixed reply, by name: the one place codes and wording live. */
export const replies = {
  ready: [220, 'IOS Image Manager FTP server ready'],
  goodbye: [221, 'Goodbye'],
  idle: [421, 'Idle timeout, closing control connection'],
  tooManyFailures: [421, 'Too many failed logins, closing control connection'],
  tooManyConnections: [421, 'Too many connections, try again later'],
  // vsftpd's wording for its max_per_ip limit.
  tooManyFromAddress: [421, 'There are too many connections from your internet address'],
  tooManyUnauthenticated: [421, 'Too many connections waiting to log in, try again later'],
  notForYourAddress: [421, 'Service not available for your address'],
  loginTimeout: [421, 'Login timeout, closing control connection'],
  queueFull: [421, 'Too many commands queued, closing control connection'],
  needPassword: [331, 'Password required'],
  loggedIn: [230, 'Login successful'],
  loginFailed: [530, 'Login incorrect'],
  alreadyLoggedIn: [530, 'Already logged in; one login per connection'],
  notLoggedIn: [530, 'Please log in with USER and PASS first'],
  userFirst: [503, 'Send USER first'],
  system: [215, 'UNIX Type: L8'],
  noop: [200, 'NOOP ok'],
  utf8On: [200, 'UTF8 is always on'],
  typeAscii: [200, 'Switching to ASCII mode'],
  typeBinary: [200, 'Switching to Binary mode'],
  modeStream: [200, 'Mode set to S'],
  struFile: [200, 'Structure set to F'],
  cwdOk: [250, 'Directory changed'],
  portOk: [200, 'PORT command successful; consider PASV'],
  epsvAll: [200, 'EPSV ALL ok; only EPSV from now on'],
  afterEpsvAll: [503, 'Only EPSV is accepted after EPSV ALL (RFC 2428 §4)'],
  restartAt: [350, 'Restarting at the given offset; send RETR'],
  restForStore: [554, 'REST is supported for downloads (RETR) only'],
  restBeyondEnd: [554, 'Restart offset is beyond the end of the file'],
  noDataSetup: [425, 'Use PASV, EPSV, PORT or EPRT first'],
  cannotOpenData: [425, 'Cannot open data connection'],
  transferAborted: [426, 'Connection closed; transfer aborted'],
  transferOk: [226, 'Transfer complete'],
  abortOk: [226, 'ABOR successful'],
  nothingToAbort: [225, 'No transfer to abort'],
  localError: [451, 'Local error while processing; transfer aborted'],
  tooLarge: [552, 'Upload exceeds the size limit; the partial file was discarded'],
  unknownCommand: [502, 'Command not implemented'],
  badSyntax: [501, 'Syntax error in parameters or arguments'],
  tooLong: [500, 'Command line too long'],
  invalidLine: [500, 'Not a valid command line'],
  unsupportedType: [504, 'Only TYPE I and TYPE A are supported'],
  unsupportedMode: [504, 'Only MODE S (stream) is supported'],
  unsupportedStru: [504, 'Only STRU F (file) is supported'],
  unsupportedOpts: [501, 'Only OPTS UTF8 ON is supported'],
  unsupportedProtocol: [522, 'Network protocol not supported, use (1,2)'],
  pasvNeedsIpv4: [425, 'PASV needs IPv4; use EPSV'],
  bounceRefused: [504, 'PORT/EPRT to another address than yours is refused (no FXP/bounce, RFC 2577)'],
  privilegedPort: [504, 'PORT/EPRT to a port below 1024 is refused (RFC 2577)'],
  notADirectory: [550, 'No such directory'],
  features: [211, 'Features:', ' EPSV', ' MDTM', ' PASV', ' REST STREAM', ' SIZE', ' UTF8', 'End'],
} as const satisfies Record<string, readonly [number, ...string[]]>;

export type ReplyName = keyof typeof replies;

export function reply(name: ReplyName): FtpReply {
  const [code, ...lines] = replies[name];
  return { code, lines: [...lines] };
}

/** Why a file request was refused, as the peer reads it: the cause without our local paths. */
const denialTexts: Record<DenyReason, [number, string]> = {
  'unsafe-name': [553, 'File name not allowed'],
  'not-found': [550, 'No such file or not offered to you'],
  'wrong-peer': [550, 'Not offered to your address'],
  'wrong-user': [550, 'Not offered to this login'],
  expired: [550, 'The offer has expired'],
  exhausted: [550, 'The offer has already been used'],
  exists: [553, 'A file of that name exists; uploads never overwrite'],
  'too-large': [552, 'Upload exceeds the size limit'],
  'no-space': [452, 'Not enough free space for that size'],
  'uploads-disabled': [550, 'Uploads are not accepted here'],
  busy: [421, 'Server busy, try again later'],
};

export function denialReply(reason: DenyReason, name: string): FtpReply {
  const [code, text] = denialTexts[reason];
  return { code, lines: [`${quoteName(name)}: ${text}`] };
}

/** A peer-supplied name inside a reply: control characters escaped, so no CRLF can be injected. */
export function quoteName(name: string): string {
  return printable(name);
}

export function textReply(code: number, text: string): FtpReply {
  return { code, lines: [text] };
}

/** 257 "path" with embedded quotes doubled (RFC 959 Appendix II). */
export function pwdReply(dir: string): FtpReply {
  return textReply(257, `"${printable(dir).replace(/"/g, '""')}" is the current directory`);
}

/** 227 (h1,h2,h3,h4,p1,p2) (RFC 959 §4.1.2). */
export function pasvReply(ipv4: string, port: number): FtpReply {
  return textReply(227, `Entering Passive Mode (${ipv4.split('.').join(',')},${port >> 8},${port & 255})`);
}

/** 229 (|||port|) (RFC 2428 §3). */
export function epsvReply(port: number): FtpReply {
  return textReply(229, `Entering Extended Passive Mode (|||${port}|)`);
}

export function sizeReply(bytes: number): FtpReply {
  return textReply(213, String(bytes));
}

/** 213 YYYYMMDDHHMMSS in UTC (RFC 3659 §2.3). */
export function mdtmReply(mtime: Date): FtpReply {
  return textReply(213, mtime.toISOString().replace(/[-:T]/g, '').slice(0, 14));
}

export function openingDataReply(kind: 'ASCII' | 'BINARY', what: string, bytes?: number): FtpReply {
  return textReply(150, `Opening ${kind} mode data connection for ${quoteName(what)}${bytes === undefined ? '' : ` (${bytes} bytes)`}`);
}

/** Wire form: CRLF-terminated; multi-line replies use "code-" on the first line and "code " on the last. */
export function formatReply(r: FtpReply): string {
  const lines = r.lines.length ? r.lines : [''];
  if (lines.length === 1) return `${r.code} ${lines[0]}\r\n`;
  const first = `${r.code}-${lines[0]}\r\n`;
  // Middle lines must not look like a final line ("123 …"); feature lines start with a space anyway.
  const middle = lines.slice(1, -1).map((l) => (/^\d{3}[ -]/.test(l) ? ` ${l}` : l) + '\r\n');
  return first + middle.join('') + `${r.code} ${lines[lines.length - 1]}\r\n`;
}
