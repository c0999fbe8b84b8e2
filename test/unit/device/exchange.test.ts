// The pure command-exchange machine: inputs in, actions out, no sockets or timers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enter, line, type DialogueRule } from '../../../src/device/dialogue';
import { type ExchangeAction, type ExchangeInput, type ExchangeSpec, startExchange, stepExchange } from '../../../src/device/exchange';
import { CommandTimeoutError, ReplyTooLongError } from '../../../src/device/errors';
import { execPromptFor } from '../../../src/device/prompts';

function drive(spec: ExchangeSpec, inputs: ExchangeInput[]): ExchangeAction[] {
  const first = startExchange(spec);
  let state = first.state;
  const actions = [...first.actions];
  for (const input of inputs) {
    const step = stepExchange(spec, state, input);
    state = step.state;
    actions.push(...step.actions);
  }
  return actions;
}

const spec = (command: string, rules: DialogueRule[] = []): ExchangeSpec => ({ device: 'R1', command, prompt: execPromptFor('R1'), rules, timeoutMs: 1000 });
const data = (chunk: string): ExchangeInput => ({ type: 'data', chunk });
const end = (actions: ExchangeAction[]) => actions.filter((a) => a.type === 'done' || a.type === 'fail');
const writes = (actions: ExchangeAction[]) => actions.filter((a) => a.type === 'write').map((a) => (a as { text: string }).text);

test('a reply split over chunks ends at the prompt; echo and prompt are cut', () => {
  const actions = drive(spec('show clock'), [data('show cl'), data('ock\r\n*10:00:00.000 UTC Wed Nov 25 2026\r\nR'), data('1#')]);
  assert.deepEqual(writes(actions), ['show clock\r']);
  assert.deepEqual(end(actions), [{ type: 'done', output: '*10:00:00.000 UTC Wed Nov 25 2026', prompt: { hostname: 'R1', mode: 'privileged', text: 'R1#' } }]);
  assert.equal(actions.filter((a) => a.type === 'output').map((a) => (a as { text: string }).text).join(''), '*10:00:00.000 UTC Wed Nov 25 2026\nR1#');
});

test('rules answer in order; each prompt is answered once', () => {
  const rules: DialogueRule[] = [
    { name: 'host', prompt: /remote host \[[^\]]*\]\?/, answer: () => line('127.0.0.1'), continue: true },
    { name: 'dest', prompt: /Destination filename \[[^\]]*\]\?/, answer: () => enter, continue: true },
  ];
  const actions = drive(spec('copy tftp: flash:', rules), [
    data('copy tftp: flash:\r\nAddress or name of remote host []? '),
    data('127.0.0.1\r\nDestination filename [x.bin]? '),
    { type: 'quiet' },
    data('\r\nAccessing tftp://127.0.0.1/x.bin...\r\n!!!!\r\n[OK - 10 bytes]\r\nR1#'),
  ]);
  assert.deepEqual(writes(actions), ['copy tftp: flash:\r', '127.0.0.1\r', '\r']);
  assert.equal(end(actions)[0].type, 'done');
});

test('an unknown question stops after the quiet period, with the question in the error, and Ctrl-C is sent', () => {
  const actions = drive(spec('copy flash: tftp:'), [data('copy flash: tftp:\r\nSource filename []? '), { type: 'quiet' }]);
  const fail = end(actions)[0];
  assert.equal(fail.type, 'fail');
  if (fail.type !== 'fail') return;
  assert.equal(fail.error.code, 'E_UNKNOWN_PROMPT');
  assert.match(fail.error.message, /Source filename \[\]\?/);
  assert.equal(fail.after, 'resync');
  assert.deepEqual(writes(actions), ['copy flash: tftp:\r', '\x03']);
});

test('a progress line does not count as a question when the device goes quiet', () => {
  const actions = drive(spec('copy tftp://h/x flash:'), [data('copy tftp://h/x flash:\r\nLoading x from 127.0.0.1 (via Gi0/0): !!!'), { type: 'quiet' }]);
  assert.deepEqual(end(actions), []);
});

test('the erase question with only a generic [confirm] rule is refused and backed out of', () => {
  const rules: DialogueRule[] = [{ name: 'confirm', prompt: /\[confirm\]/, answer: () => enter, continue: true }];
  const actions = drive(spec('copy tftp: flash:', rules), [data('copy tftp: flash:\r\nErase flash: before copying? [confirm]'), data('\r\n%Copy aborted\r\nR1#')]);
  assert.deepEqual(writes(actions).slice(1), ['\x03']);
  const fail = end(actions)[0];
  assert.equal(fail.type === 'fail' && fail.error.code, 'E_REFUSED');
});

test('timeout, ROMMON, lost connection and rejected commands are errors naming the command', () => {
  const cases: { inputs: ExchangeInput[]; code: string; after: string }[] = [
    { inputs: [data('cmd\r\npart')], code: 'E_TIMEOUT', after: 'resync' },
    { inputs: [data('cmd\r\n\r\nrommon 1 > ')], code: 'E_ROMMON', after: 'close' },
    { inputs: [data('cmd\r\npartial'), { type: 'closed' }], code: 'E_CONNECTION_LOST', after: 'close' },
    { inputs: [data("cmd\r\n         ^\r\n% Invalid input detected at '^' marker.\r\n\r\nR1#")], code: 'E_REJECTED', after: 'ready' },
  ];
  for (const c of cases) {
    const inputs = c.code === 'E_TIMEOUT' ? [...c.inputs, { type: 'timeout' } as const] : c.inputs;
    const fail = end(drive(spec('cmd'), inputs))[0];
    assert.equal(fail?.type, 'fail', c.code);
    if (fail.type !== 'fail') continue;
    assert.equal(fail.error.code, c.code);
    assert.equal(fail.error.command, 'cmd');
    assert.equal(fail.after, c.after);
  }
});

test('a prompt left over from before the echo is not the end of this command', () => {
  const actions = drive(spec('show privilege'), [data('\r\nR1#'), data('show privilege\r\nCurrent privilege level is 15\r\nR1#')]);
  const done = end(actions)[0];
  assert.equal(done.type === 'done' && done.output, 'Current privilege level is 15');
});

test('the pager is answered with a space and its marker is not in the output', () => {
  const actions = drive(spec('show run'), [data('show run\r\na\r\n --More-- '), data('\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bb\r\nR1#')]);
  assert.deepEqual(writes(actions), ['show run\r', ' ']);
  const done = end(actions)[0];
  assert.equal(done.type === 'done' && done.output, 'a\nb');
});

test('a reply past the ceiling is cut off with Ctrl-C and a typed error; nothing past the head is kept', () => {
  const s = { ...spec('show tech-support'), maxReplyChars: 100_000 };
  const chunk = `${'junk line from a looping device\r\n'.repeat(1000)}`;
  const inputs = [data('show tech-support\r\n'), ...Array.from({ length: 10 }, () => data(chunk))];
  const first = startExchange(s);
  let state = first.state;
  const actions = [...first.actions];
  for (const input of inputs) {
    const step = stepExchange(s, state, input);
    state = step.state;
    actions.push(...step.actions);
  }
  const ended = end(actions);
  assert.equal(ended.length, 1);
  const failure = ended[0] as Extract<ExchangeAction, { type: 'fail' }>;
  assert.ok(failure.error instanceof ReplyTooLongError);
  assert.equal(failure.after, 'resync');
  assert.match(failure.error.message, /R1: 'show tech-support' printed more than/);
  assert.deepEqual(writes(actions), ['show tech-support\r', '\x03']);
  assert.equal(state.phase, 'over');
  assert.ok(state.text.length <= 64 * 1024, `kept ${state.text.length} characters`);
  // Once over, more output changes nothing.
  assert.deepEqual(stepExchange(s, state, data(chunk)).actions, []);
});

test('a long reply under the ceiling ends at the prompt as usual', () => {
  const body = 'x'.repeat(50_000);
  const actions = drive({ ...spec('show tech-support'), maxReplyChars: 100_000 }, [data(`show tech-support\r\n${body}\r\nR1#`)]);
  const ended = end(actions);
  assert.equal(ended[0]?.type, 'done');
});

test('silence ends a command with a timeout that says the device went quiet; the whole-time limit keeps its own words', () => {
  const s = { ...spec('copy tftp: flash:'), timeoutMs: 7_200_000, silenceTimeoutMs: 600_000 };
  const quiet = end(drive(s, [data('copy tftp: flash:\r\nLoading x.bin from 127.0.0.1 (via Gi0/0): !!!!'), { type: 'silence' }]));
  const e = (quiet[0] as Extract<ExchangeAction, { type: 'fail' }>).error;
  assert.ok(e instanceof CommandTimeoutError);
  assert.equal(e.kind, 'silence');
  assert.equal(e.timeoutMs, 600_000);
  assert.match(e.message, /R1: 'copy tftp: flash:' printed nothing for 600 s and gave no prompt back \(last output: "Loading x\.bin .*!!!!"\)/);
  const total = (end(drive(s, [data('copy tftp: flash:\r\n!!!!'), { type: 'timeout' }]))[0] as Extract<ExchangeAction, { type: 'fail' }>).error;
  assert.ok(total instanceof CommandTimeoutError && total.kind === 'total');
  assert.match(total.message, /gave no prompt back within 7200000 ms/);
});
