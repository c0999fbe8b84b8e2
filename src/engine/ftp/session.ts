// The FTP control-connection state machine: `step(state, input) → { state, actions }`. It decides
// replies, login state, the data-connection mode and which file operation to run; the server does
// the I/O (sockets, files, the access policy) and feeds results back as inputs. Pure: no timers.
import { type DenyReason, printable } from '../errors';
import { normalizeAddress } from '../peer';
import type { FtpCommand } from './commands';
import { epsvReply, type FtpReply, pasvReply } from './replies';
import { beforeLogin, handlers, say } from './verbs';

export type Login =
  | { kind: 'awaiting-user' }
  | { kind: 'awaiting-pass'; user: string }
  | { kind: 'checking'; user: string; password: string }
  | { kind: 'logged-in'; user: string; password: string }
  | { kind: 'closed' };

/** How the next data connection is made: none yet, we listen (PASV/EPSV), or we connect (PORT/EPRT). */
export type DataSetup = { kind: 'none' } | { kind: 'passive' } | { kind: 'active'; host: string; port: number };

/** What the session waits for from the server; commands arriving meanwhile are queued (ABOR, QUIT excepted). */
export type Pending =
  | { kind: 'none' }
  | { kind: 'login' }
  | { kind: 'passive'; extended: boolean }
  | { kind: 'query' }
  | { kind: 'cwd'; target: string[] }
  | { kind: 'transfer'; abortRequested: boolean };

export interface SessionConfig {
  /** The control connection's peer address: the only address data connections may use. */
  peer: string;
  maxLoginFailures: number;
  /** Delay before a failed login's 530, multiplied by the failures so far (slows guessing). */
  loginFailureDelayMs: number;
  /** Commands queued while an operation runs; more closes the connection. */
  maxQueuedCommands: number;
}

export interface FtpSessionState {
  readonly config: SessionConfig;
  login: Login;
  failures: number;
  /** Current directory as segments below the virtual root "/". */
  cwd: string[];
  type: 'A' | 'I';
  restOffset: number;
  data: DataSetup;
  /** After EPSV ALL only EPSV may set up data connections (RFC 2428 §4). */
  epsvOnly: boolean;
  pending: Pending;
  queue: FtpCommand[];
}

export interface Credentials {
  user: string;
  password: string;
}

export type Channel = Exclude<DataSetup, { kind: 'none' }>;

/** File operations the server performs and answers itself (150/226/550 …), then reports `op-done`. */
export type FileOp =
  | { kind: 'retr'; name: string; offset: number; ascii: boolean; data: Channel; login: Credentials }
  | { kind: 'stor'; name: string; ascii: boolean; data: Channel; login: Credentials }
  | { kind: 'list'; dir: string; namesOnly: boolean; data: Channel; login: Credentials }
  | { kind: 'size'; name: string; login: Credentials }
  | { kind: 'mdtm'; name: string; login: Credentials }
  | { kind: 'cwd'; dir: string; login: Credentials };

export type SessionInput =
  | { type: 'command'; command: FtpCommand }
  | { type: 'too-long' }
  | { type: 'invalid'; reason: string }
  | { type: 'auth-result'; ok: boolean }
  | { type: 'passive-ready'; address: string; port: number }
  | { type: 'passive-failed' }
  | { type: 'op-done'; succeeded: boolean }
  | { type: 'idle-timeout' }
  /** The connection has not logged in within the server's (short) login timeout. */
  | { type: 'login-timeout' };

export type SessionAction =
  | { type: 'reply'; reply: FtpReply }
  | { type: 'authenticate'; user: string; password: string }
  /** Wait before running the following actions (failed logins). */
  | { type: 'delay'; ms: number }
  | { type: 'open-passive'; extended: boolean }
  /** Close any passive listener not yet used. */
  | { type: 'close-data' }
  | { type: 'run'; op: FileOp }
  | { type: 'abort-transfer' }
  | { type: 'refuse'; reason: DenyReason | 'protocol'; file: string; message: string }
  | { type: 'close' };

export interface StepResult {
  state: FtpSessionState;
  actions: SessionAction[];
}

export const defaultSessionConfig: Omit<SessionConfig, 'peer'> = { maxLoginFailures: 3, loginFailureDelayMs: 500, maxQueuedCommands: 16 };

export function createSession(config: Partial<SessionConfig> & { peer: string }): FtpSessionState {
  return {
    config: { ...defaultSessionConfig, ...config, peer: normalizeAddress(config.peer) },
    login: { kind: 'awaiting-user' },
    failures: 0,
    cwd: [],
    type: 'I',
    restOffset: 0,
    data: { kind: 'none' },
    epsvOnly: false,
    pending: { kind: 'none' },
    queue: [],
  };
}

/** The greeting sent when the control connection opens. */
export function greeting(): SessionAction[] {
  return [say('ready')];
}

export function step(state: FtpSessionState, input: SessionInput): StepResult {
  const s: FtpSessionState = { ...state, queue: [...state.queue] };
  const actions: SessionAction[] = [];
  if (s.login.kind === 'closed') return { state: s, actions };
  switch (input.type) {
    case 'command':
      onCommand(s, input.command, actions);
      break;
    case 'too-long':
      actions.push(say('tooLong'));
      break;
    case 'invalid':
      actions.push(say('invalidLine'));
      break;
    case 'auth-result':
      if (s.pending.kind !== 'login' || s.login.kind !== 'checking') break;
      s.pending = { kind: 'none' };
      onAuthResult(s, input.ok, actions);
      break;
    case 'passive-ready':
      if (s.pending.kind !== 'passive') break;
      // 227 can only carry an IPv4 address (RFC 959 §4.1.2); over IPv6 the client must use EPSV.
      if (!s.pending.extended && !/^\d+\.\d+\.\d+\.\d+$/.test(input.address)) {
        actions.push({ type: 'close-data' }, say('pasvNeedsIpv4'));
        s.pending = { kind: 'none' };
        break;
      }
      actions.push({ type: 'reply', reply: s.pending.extended ? epsvReply(input.port) : pasvReply(input.address, input.port) });
      s.data = { kind: 'passive' };
      s.pending = { kind: 'none' };
      break;
    case 'passive-failed':
      if (s.pending.kind !== 'passive') break;
      actions.push(say('cannotOpenData'));
      s.data = { kind: 'none' };
      s.pending = { kind: 'none' };
      break;
    case 'op-done':
      onOpDone(s, input.succeeded, actions);
      break;
    case 'idle-timeout':
      // A running transfer has its own data-connection timeout; the control connection waits for it.
      if (s.pending.kind === 'transfer') break;
      actions.push({ type: 'close-data' }, say('idle'), { type: 'close' });
      s.login = { kind: 'closed' };
      break;
    case 'login-timeout':
      // An idle unauthenticated connection holds a slot others need: it gets a short time to log in.
      if (s.login.kind === 'logged-in') break;
      actions.push(
        { type: 'refuse', reason: 'protocol', file: '', message: `no login within the login timeout${s.login.kind === 'awaiting-user' ? '' : ` (user '${printable(s.login.user)}')`}` },
        { type: 'close-data' },
        say('loginTimeout'),
        { type: 'close' },
      );
      s.login = { kind: 'closed' };
      s.queue = [];
      break;
  }
  // Run queued commands once nothing is pending (clients may send the next command early).
  while (s.pending.kind === 'none' && s.queue.length > 0 && s.login.kind !== 'closed') {
    onCommand(s, s.queue.shift() as FtpCommand, actions);
  }
  return { state: s, actions };
}

function onAuthResult(s: FtpSessionState, ok: boolean, actions: SessionAction[]): void {
  const login = s.login as Extract<Login, { kind: 'checking' }>;
  if (ok) {
    s.login = { kind: 'logged-in', user: login.user, password: login.password };
    actions.push(say('loggedIn'));
    return;
  }
  s.failures++;
  s.login = { kind: 'awaiting-user' };
  actions.push(
    { type: 'refuse', reason: 'wrong-user', file: '', message: `FTP login as '${printable(login.user)}' failed (attempt ${s.failures})` },
    { type: 'delay', ms: s.config.loginFailureDelayMs * s.failures },
    say('loginFailed'),
  );
  if (s.failures >= s.config.maxLoginFailures) {
    actions.push(say('tooManyFailures'), { type: 'close' });
    s.login = { kind: 'closed' };
  }
}

function onOpDone(s: FtpSessionState, succeeded: boolean, actions: SessionAction[]): void {
  const p = s.pending;
  if (p.kind === 'cwd') {
    if (succeeded) s.cwd = p.target;
  } else if (p.kind === 'transfer') {
    // The data connection (or unused passive listener) is gone either way; REST applies once.
    s.data = { kind: 'none' };
    s.restOffset = 0;
    if (p.abortRequested) actions.push(say('abortOk'));
  } else if (p.kind !== 'query') {
    return;
  }
  s.pending = { kind: 'none' };
}

function onCommand(s: FtpSessionState, command: FtpCommand, actions: SessionAction[]): void {
  const { verb } = command;
  if (verb === 'QUIT') {
    if (s.pending.kind === 'transfer') actions.push({ type: 'abort-transfer' });
    actions.push({ type: 'close-data' }, say('goodbye'), { type: 'close' });
    s.login = { kind: 'closed' };
    return;
  }
  if (verb === 'ABOR' && s.pending.kind === 'transfer') {
    s.pending = { kind: 'transfer', abortRequested: true };
    actions.push({ type: 'abort-transfer' });
    return;
  }
  if (s.pending.kind !== 'none') {
    if (s.queue.length >= s.config.maxQueuedCommands) {
      actions.push({ type: 'abort-transfer' }, { type: 'close-data' }, say('queueFull'), { type: 'close' });
      s.login = { kind: 'closed' };
    } else {
      s.queue.push(command);
    }
    return;
  }
  const handler = handlers[verb];
  if (!handler) {
    actions.push(say('unknownCommand'));
    return;
  }
  if (s.login.kind !== 'logged-in' && !beforeLogin.has(verb)) {
    actions.push(say('notLoggedIn'));
    return;
  }
  handler(s, command.argument, actions);
}

export { resolvePath } from './verbs';
