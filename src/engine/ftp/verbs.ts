// The FTP verb table: one handler per command the server implements (RFC 959, 2389, 2428, 3659),
// each a pure edit of the session state plus the actions it asks for. Anything not in the table
// gets 502; anything but the login verbs before login gets 530 (see session.ts).
import { normalizeAddress } from '../peer';
import { parseEprtArgument, parsePortArgument, parseRestArgument } from './commands';
import { pwdReply, reply, type ReplyName } from './replies';
import type { Channel, Credentials, FtpSessionState, Login, SessionAction } from './session';

export function say(name: ReplyName): SessionAction {
  return { type: 'reply', reply: reply(name) };
}

/** Verbs accepted before login: enough to log in and for clients' capability probes. */
export const beforeLogin = new Set(['USER', 'PASS', 'QUIT', 'FEAT', 'SYST', 'NOOP', 'OPTS']);

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

export const handlers: Record<string, Handler> = {
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
