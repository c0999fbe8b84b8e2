// The FTP control-connection state machine: `step(state, input) → { state, actions }`. It decides
// replies, login state, the data-connection mode and which file operation to run; the server does
// the I/O (sockets, files, the access policy) and feeds results back as inputs. Pure: no timers.
import type { DenyReason } from '../errors';
import { normalizeAddress } from '../peer';
import { type FtpCommand, parseEprtArgument, parsePortArgument, parseRestArgument } from './commands';
import { epsvReply, type FtpReply, pasvReply, pwdReply, reply, type ReplyName } from './replies';

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

type Channel = Exclude<DataSetup, { kind: 'none' }>;

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
  | { type: 'idle-timeout' };

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
  }
  // Run queued commands once nothing is pending (clients may send the next command early).
  while (s.pending.kind === 'none' && s.queue.length > 0 && s.login.kind !== 'closed') {
    onCommand(s, s.queue.shift() as FtpCommand, actions);
  }
  return { state: s, actions };
}

function say(name: ReplyName): SessionAction {
  return { type: 'reply', reply: reply(name) };
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
    { type: 'refuse', reason: 'wrong-user', file: '', message: `FTP login as '${login.user}' failed (attempt ${s.failures})` },
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

/** Verbs accepted before login: enough to log in and for clients' capability probes. */
const beforeLogin = new Set(['USER', 'PASS', 'QUIT', 'FEAT', 'SYST', 'NOOP', 'OPTS']);

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

type Handler = (s: FtpSessionState, arg: string, actions: SessionAction[]) => void;

function credentials(s: FtpSessionState): Credentials {
  const login = s.login as Extract<Login, { kind: 'logged-in' }>;
  return { user: login.user, password: login.password };
}

/**
 * An FTP path argument → the name the access policy checks. "/x" is from the virtual root, "x" from
 * the current directory. Nothing is normalised here: ".." and the like reach the core, which refuses them.
 */
export function resolvePath(cwd: string[], arg: string): string {
  if (arg.startsWith('/')) return arg.slice(1);
  return cwd.length ? `${cwd.join('/')}/${arg}` : arg;
}

/** LIST/NLST arguments: leading "-la"-style options (sent by many clients) are ignored. */
function listTarget(arg: string): string {
  return arg
    .trim()
    .split(' ')
    .filter((t) => t !== '' && !t.startsWith('-'))
    .join(' ');
}

function needsName(s: FtpSessionState, arg: string, actions: SessionAction[]): string | undefined {
  if (arg === '') {
    actions.push(say('badSyntax'));
    return undefined;
  }
  return resolvePath(s.cwd, arg);
}

function channel(s: FtpSessionState, actions: SessionAction[]): Channel | undefined {
  if (s.data.kind === 'none') {
    actions.push(say('noDataSetup'));
    return undefined;
  }
  return s.data;
}

function setActive(s: FtpSessionState, target: { host: string; port: number } | undefined, verb: string, actions: SessionAction[]): void {
  if (s.epsvOnly) return void actions.push(say('afterEpsvAll'));
  if (!target) return void actions.push(say('badSyntax'));
  // No FXP, no bounce (RFC 2577 §3): only the control connection's own address, unprivileged ports.
  if (normalizeAddress(target.host) !== s.config.peer) {
    actions.push({ type: 'refuse', reason: 'protocol', file: '', message: `${verb} to ${target.host}:${target.port} refused: not the control connection's address` }, say('bounceRefused'));
    return;
  }
  if (target.port < 1024) {
    actions.push({ type: 'refuse', reason: 'protocol', file: '', message: `${verb} to port ${target.port} refused: privileged port` }, say('privilegedPort'));
    return;
  }
  actions.push({ type: 'close-data' }, say('portOk'));
  s.data = { kind: 'active', host: target.host, port: target.port };
}

const handlers: Record<string, Handler> = {
  USER(s, arg, actions) {
    if (s.login.kind === 'logged-in') return void actions.push(say('alreadyLoggedIn'));
    if (arg === '') return void actions.push(say('badSyntax'));
    s.login = { kind: 'awaiting-pass', user: arg };
    actions.push(say('needPassword'));
  },
  PASS(s, arg, actions) {
    if (s.login.kind === 'logged-in') return void actions.push(say('alreadyLoggedIn'));
    if (s.login.kind !== 'awaiting-pass') return void actions.push(say('userFirst'));
    s.login = { kind: 'checking', user: s.login.user, password: arg };
    s.pending = { kind: 'login' };
    actions.push({ type: 'authenticate', user: s.login.user, password: arg });
  },
  SYST: (_s, _arg, actions) => void actions.push(say('system')),
  FEAT: (_s, _arg, actions) => void actions.push(say('features')),
  NOOP: (_s, _arg, actions) => void actions.push(say('noop')),
  OPTS: (_s, arg, actions) => void actions.push(say(/^UTF-?8( ON)?$/i.test(arg.trim()) ? 'utf8On' : 'unsupportedOpts')),
  PWD: (s, _arg, actions) => void actions.push({ type: 'reply', reply: pwdReply(`/${s.cwd.join('/')}`) }),
  CWD(s, arg, actions) {
    if (arg === '') return void actions.push(say('badSyntax'));
    if (arg === '/') {
      s.cwd = [];
      return void actions.push(say('cwdOk'));
    }
    if (arg === '..') return handlers.CDUP(s, '', actions);
    const dir = resolvePath(s.cwd, arg);
    s.pending = { kind: 'cwd', target: dir.split('/') };
    actions.push({ type: 'run', op: { kind: 'cwd', dir, login: credentials(s) } });
  },
  CDUP(s, _arg, actions) {
    // The virtual root is its own parent, as in a chroot.
    s.cwd = s.cwd.slice(0, -1);
    actions.push(say('cwdOk'));
  },
  TYPE(s, arg, actions) {
    const t = arg.trim().toUpperCase();
    if (t === '') return void actions.push(say('badSyntax'));
    if (t === 'I' || t === 'L 8') {
      s.type = 'I';
      return void actions.push(say('typeBinary'));
    }
    if (t === 'A' || t === 'A N') {
      s.type = 'A';
      return void actions.push(say('typeAscii'));
    }
    actions.push(say('unsupportedType'));
  },
  MODE: (_s, arg, actions) => void actions.push(say(arg.trim() === '' ? 'badSyntax' : arg.trim().toUpperCase() === 'S' ? 'modeStream' : 'unsupportedMode')),
  STRU: (_s, arg, actions) => void actions.push(say(arg.trim() === '' ? 'badSyntax' : arg.trim().toUpperCase() === 'F' ? 'struFile' : 'unsupportedStru')),
  PASV(s, _arg, actions) {
    if (s.epsvOnly) return void actions.push(say('afterEpsvAll'));
    s.data = { kind: 'none' };
    s.pending = { kind: 'passive', extended: false };
    actions.push({ type: 'close-data' }, { type: 'open-passive', extended: false });
  },
  EPSV(s, arg, actions) {
    const a = arg.trim().toUpperCase();
    if (a === 'ALL') {
      s.epsvOnly = true;
      return void actions.push(say('epsvAll'));
    }
    if (a !== '' && a !== '1' && a !== '2') return void actions.push(say('unsupportedProtocol'));
    s.data = { kind: 'none' };
    s.pending = { kind: 'passive', extended: true };
    actions.push({ type: 'close-data' }, { type: 'open-passive', extended: true });
  },
  PORT: (s, arg, actions) => setActive(s, parsePortArgument(arg), 'PORT', actions),
  EPRT: (s, arg, actions) => setActive(s, parseEprtArgument(arg.trim()), 'EPRT', actions),
  REST(s, arg, actions) {
    const offset = parseRestArgument(arg.trim());
    if (offset === undefined) return void actions.push(say('badSyntax'));
    s.restOffset = offset;
    actions.push(say('restartAt'));
  },
  SIZE(s, arg, actions) {
    const name = needsName(s, arg, actions);
    if (name === undefined) return;
    s.pending = { kind: 'query' };
    actions.push({ type: 'run', op: { kind: 'size', name, login: credentials(s) } });
  },
  MDTM(s, arg, actions) {
    const name = needsName(s, arg, actions);
    if (name === undefined) return;
    s.pending = { kind: 'query' };
    actions.push({ type: 'run', op: { kind: 'mdtm', name, login: credentials(s) } });
  },
  RETR(s, arg, actions) {
    const name = needsName(s, arg, actions);
    const data = name === undefined ? undefined : channel(s, actions);
    if (name === undefined || !data) return;
    s.pending = { kind: 'transfer', abortRequested: false };
    actions.push({ type: 'run', op: { kind: 'retr', name, offset: s.restOffset, ascii: s.type === 'A', data, login: credentials(s) } });
  },
  STOR(s, arg, actions) {
    if (s.restOffset !== 0) {
      s.restOffset = 0;
      return void actions.push(say('restForStore'));
    }
    const name = needsName(s, arg, actions);
    const data = name === undefined ? undefined : channel(s, actions);
    if (name === undefined || !data) return;
    s.pending = { kind: 'transfer', abortRequested: false };
    actions.push({ type: 'run', op: { kind: 'stor', name, ascii: s.type === 'A', data, login: credentials(s) } });
  },
  LIST: (s, arg, actions) => list(s, arg, false, actions),
  NLST: (s, arg, actions) => list(s, arg, true, actions),
  ABOR(s, _arg, actions) {
    // Nothing in flight (ABOR during a transfer is handled before the queue): drop any prepared channel.
    s.data = { kind: 'none' };
    s.restOffset = 0;
    actions.push({ type: 'close-data' }, say('nothingToAbort'));
  },
};

function list(s: FtpSessionState, arg: string, namesOnly: boolean, actions: SessionAction[]): void {
  const target = listTarget(arg);
  const data = channel(s, actions);
  if (!data) return;
  const dir = target === '' ? s.cwd.join('/') : resolvePath(s.cwd, target);
  s.pending = { kind: 'transfer', abortRequested: false };
  actions.push({ type: 'run', op: { kind: 'list', dir, namesOnly, data, login: credentials(s) } });
}
