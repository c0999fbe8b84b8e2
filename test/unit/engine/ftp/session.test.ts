import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type FtpSessionState, resolvePath, type SessionAction, type SessionInput, step } from '../../../../src/engine/ftp/session';

const c = (line: string): SessionInput => {
  const [verb, ...rest] = line.split(' ');
  return { type: 'command', command: { verb, argument: rest.join(' ') } };
};

/** Actions in a compact, readable form: replies as their code, the rest as type[:detail]. */
function show(a: SessionAction): string {
  switch (a.type) {
    case 'reply':
      return String(a.reply.code);
    case 'run':
      return `run:${a.op.kind}:${'name' in a.op ? a.op.name : a.op.dir}${a.op.kind === 'retr' ? `@${a.op.offset}${a.op.ascii ? ':A' : ''}:${a.op.data.kind}` : ''}`;
    case 'authenticate':
      return `auth:${a.user}:${a.password}`;
    case 'delay':
      return `delay:${a.ms}`;
    case 'open-passive':
      return a.extended ? 'open-epsv' : 'open-pasv';
    case 'refuse':
      return `refuse:${a.reason}`;
    default:
      return a.type;
  }
}

function run(inputs: SessionInput[], state: FtpSessionState = createSession({ peer: '127.0.0.1' })): { state: FtpSessionState; out: string[] } {
  const out: string[] = [];
  for (const input of inputs) {
    const r = step(state, input);
    state = r.state;
    out.push(r.actions.map(show).join(' '));
  }
  return { state, out };
}

const login = [c('USER u'), c('PASS p'), { type: 'auth-result', ok: true } as SessionInput];
const loggedIn = () => run(login).state;

const dialogues: { title: string; inputs: SessionInput[]; expected: string[]; from?: () => FtpSessionState }[] = [
  { title: 'login', inputs: login, expected: ['331', 'auth:u:p', '230'] },
  { title: 'capability probes before login; the rest 530; unknown 502', inputs: [c('FEAT'), c('SYST'), c('OPTS UTF8 ON'), c('PWD'), c('RETR x'), c('SITE CHMOD 777 x'), c('XYZ')], expected: ['211', '215', '200', '530', '530', '502', '502'] },
  { title: 'PASS before USER', inputs: [c('PASS p')], expected: ['503'] },
  { title: 'USER without a name', inputs: [c('USER')], expected: ['501'] },
  {
    title: 'failed logins are delayed more each time, the third closes',
    inputs: [c('USER a'), c('PASS b'), { type: 'auth-result', ok: false }, c('USER a'), c('PASS c'), { type: 'auth-result', ok: false }, c('USER a'), c('PASS d'), { type: 'auth-result', ok: false }, c('NOOP')],
    expected: ['331', 'auth:a:b', 'refuse:wrong-user delay:500 530', '331', 'auth:a:c', 'refuse:wrong-user delay:1000 530', '331', 'auth:a:d', 'refuse:wrong-user delay:1500 530 421 close', ''],
  },
  { title: 'commands sent during the login check wait for it', inputs: [c('USER u'), c('PASS p'), c('PWD'), { type: 'auth-result', ok: true }], expected: ['331', 'auth:u:p', '', '230 257'] },
  { title: 'second USER after login', from: loggedIn, inputs: [c('USER other')], expected: ['530'] },
  { title: 'PASV then RETR', from: loggedIn, inputs: [c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 50000 }, c('RETR a.bin'), { type: 'op-done', succeeded: true }], expected: ['close-data open-pasv', '227', 'run:retr:a.bin@0:passive', ''] },
  { title: 'PASV over IPv6 points to EPSV', from: loggedIn, inputs: [c('PASV'), { type: 'passive-ready', address: '::1', port: 50000 }, c('RETR a')], expected: ['close-data open-pasv', 'close-data 425', '425'] },
  { title: 'EPSV', from: loggedIn, inputs: [c('EPSV'), { type: 'passive-ready', address: '127.0.0.1', port: 50000 }], expected: ['close-data open-epsv', '229'] },
  { title: 'passive port unavailable', from: loggedIn, inputs: [c('PASV'), { type: 'passive-failed' }, c('RETR a')], expected: ['close-data open-pasv', '425', '425'] },
  { title: 'RETR without PASV/PORT', from: loggedIn, inputs: [c('RETR a.bin')], expected: ['425'] },
  { title: 'RETR without a name', from: loggedIn, inputs: [c('RETR')], expected: ['501'] },
  {
    title: 'REST applies to the next RETR only',
    from: loggedIn,
    inputs: [c('TYPE A'), c('REST 100'), c('PORT 127,0,0,1,8,0'), c('RETR a'), { type: 'op-done', succeeded: true }, c('PORT 127,0,0,1,8,0'), c('RETR a')],
    expected: ['200', '350', 'close-data 200', 'run:retr:a@100:A:active', '', 'close-data 200', 'run:retr:a@0:A:active'],
  },
  { title: 'REST then STOR is refused', from: loggedIn, inputs: [c('REST 5'), c('STOR a')], expected: ['350', '554'] },
  { title: 'REST with garbage', from: loggedIn, inputs: [c('REST -5'), c('REST abc')], expected: ['501', '501'] },
  { title: 'PORT to another address is a bounce: refused', from: loggedIn, inputs: [c('PORT 127,0,0,2,8,0'), c('RETR a')], expected: ['refuse:protocol 504', '425'] },
  { title: 'PORT to a privileged port', from: loggedIn, inputs: [c('PORT 127,0,0,1,0,25')], expected: ['refuse:protocol 504'] },
  { title: 'EPRT to another address', from: loggedIn, inputs: [c('EPRT |1|10.9.9.9|2000|'), c('EPRT |2|::1|2000|')], expected: ['refuse:protocol 504', 'refuse:protocol 504'] },
  { title: 'EPRT to the peer', from: loggedIn, inputs: [c('EPRT |1|127.0.0.1|2000|'), c('STOR up.bin')], expected: ['close-data 200', 'run:stor:up.bin'] },
  { title: 'malformed PORT/EPRT', from: loggedIn, inputs: [c('PORT 1,2,3'), c('EPRT |9|x|1|')], expected: ['501', '501'] },
  { title: 'after EPSV ALL only EPSV', from: loggedIn, inputs: [c('EPSV ALL'), c('PASV'), c('PORT 127,0,0,1,8,0'), c('EPSV')], expected: ['200', '503', '503', 'close-data open-epsv'] },
  { title: 'EPSV with an unknown protocol', from: loggedIn, inputs: [c('EPSV 7')], expected: ['522'] },
  {
    title: 'commands during a transfer are queued and answered after it',
    from: loggedIn,
    inputs: [c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 50000 }, c('STOR a'), c('NOOP'), c('PWD'), { type: 'op-done', succeeded: true }],
    expected: ['close-data open-pasv', '227', 'run:stor:a', '', '', '200 257'],
  },
  {
    title: 'ABOR during a transfer: abort, then 226 once the transfer answered',
    from: loggedIn,
    inputs: [c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 50000 }, c('RETR a'), c('ABOR'), { type: 'op-done', succeeded: false }],
    expected: ['close-data open-pasv', '227', 'run:retr:a@0:passive', 'abort-transfer', '226'],
  },
  { title: 'ABOR with nothing running', from: loggedIn, inputs: [c('ABOR')], expected: ['close-data 225'] },
  {
    title: 'QUIT during a transfer aborts it and closes',
    from: loggedIn,
    inputs: [c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 50000 }, c('STOR a'), c('QUIT'), c('NOOP')],
    expected: ['close-data open-pasv', '227', 'run:stor:a', 'abort-transfer close-data 221 close', ''],
  },
  { title: 'idle timeout closes', from: loggedIn, inputs: [{ type: 'idle-timeout' }], expected: ['close-data 421 close'] },
  { title: 'login timeout closes a connection that has not logged in', inputs: [c('USER op'), { type: 'login-timeout' }, c('PASS x')], expected: ['331', 'refuse:protocol close-data 421 close', ''] },
  { title: 'login timeout does nothing once logged in', from: loggedIn, inputs: [{ type: 'login-timeout' }, c('NOOP')], expected: ['', '200'] },
  {
    title: 'idle timeout waits for a running transfer',
    from: loggedIn,
    inputs: [c('PORT 127,0,0,1,8,0'), c('RETR a'), { type: 'idle-timeout' }],
    expected: ['close-data 200', 'run:retr:a@0:active', ''],
  },
  {
    title: 'CWD is checked by the server; PWD follows; CDUP and CWD / go up',
    from: loggedIn,
    inputs: [c('CWD images'), { type: 'op-done', succeeded: true }, c('PWD'), c('CWD nope'), { type: 'op-done', succeeded: false }, c('PWD'), c('CDUP'), c('PWD'), c('CDUP'), c('PWD'), c('CWD images'), { type: 'op-done', succeeded: true }, c('CWD /'), c('PWD')],
    expected: ['run:cwd:images', '', '257', 'run:cwd:images/nope', '', '257', '250', '257', '250', '257', 'run:cwd:images', '', '250', '257'],
  },
  {
    title: 'names are resolved against the current directory; LIST options ignored',
    from: loggedIn,
    inputs: [c('CWD d'), { type: 'op-done', succeeded: true }, c('SIZE a.bin'), { type: 'op-done', succeeded: true }, c('MDTM /b.bin'), { type: 'op-done', succeeded: true }, c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 1 }, c('LIST -la'), { type: 'op-done', succeeded: true }, c('PASV'), { type: 'passive-ready', address: '127.0.0.1', port: 1 }, c('NLST ../x')],
    expected: ['run:cwd:d', '', 'run:size:d/a.bin', '', 'run:mdtm:b.bin', '', 'close-data open-pasv', '227', 'run:list:d', '', 'close-data open-pasv', '227', 'run:list:d/../x'],
  },
  { title: 'TYPE, MODE, STRU, OPTS', from: loggedIn, inputs: [c('TYPE I'), c('TYPE A N'), c('TYPE L 8'), c('TYPE E'), c('TYPE'), c('MODE S'), c('MODE B'), c('STRU F'), c('STRU R'), c('OPTS UTF8 ON'), c('OPTS MLST type')], expected: ['200', '200', '200', '504', '501', '200', '504', '200', '504', '200', '501'] },
  { title: 'garbage lines and over-long lines get 500 and the session goes on', from: loggedIn, inputs: [{ type: 'invalid', reason: 'x' }, { type: 'too-long' }, c('NOOP')], expected: ['500', '500', '200'] },
];

for (const d of dialogues) {
  test(`session: ${d.title}`, () => {
    assert.deepEqual(run(d.inputs, d.from?.()).out, d.expected);
  });
}

test('session: a client flooding commands during a transfer is cut off', () => {
  const inputs: SessionInput[] = [c('PORT 127,0,0,1,8,0'), c('RETR a')];
  for (let i = 0; i < 17; i++) inputs.push(c('NOOP'));
  const { out, state } = run(inputs, loggedIn());
  assert.equal(out.at(-1), 'abort-transfer close-data 421 close');
  assert.equal(state.login.kind, 'closed');
});

test('session: step never mutates the state it is given', () => {
  const s = loggedIn();
  const copy = structuredClone(s);
  step(s, c('CWD x'));
  step(s, c('REST 5'));
  assert.deepEqual(s, copy);
});

const paths: { cwd: string[]; arg: string; expected: string }[] = [
  { cwd: [], arg: 'a.bin', expected: 'a.bin' },
  { cwd: ['d'], arg: 'a.bin', expected: 'd/a.bin' },
  { cwd: ['d'], arg: '/a.bin', expected: 'a.bin' },
  { cwd: [], arg: '//etc/passwd', expected: '/etc/passwd' },
  { cwd: ['d'], arg: '../../x', expected: 'd/../../x' },
];
for (const p of paths) test(`resolvePath(${JSON.stringify(p.cwd)}, '${p.arg}')`, () => assert.equal(resolvePath(p.cwd, p.arg), p.expected));
