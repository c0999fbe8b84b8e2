// Prompt regexes against the prompts IOS prints (and text that must NOT count as a prompt).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyExecPrompt, confirmPrompt, execPromptFor, looksLikeQuestion, matchExecPrompt, morePrompt, passwordPrompt, rommonPrompt, yesNoPrompt } from '../../../src/device/prompts';

const execCases: { title: string; input: string; expected: { hostname: string; mode: string; text: string } | undefined }[] = [
  { title: 'user EXEC', input: 'Last login\nR1>', expected: { hostname: 'R1', mode: 'user', text: 'R1>' } },
  { title: 'privileged with trailing space', input: '\nSW-2960X.lab#', expected: { hostname: 'SW-2960X.lab', mode: 'privileged', text: 'SW-2960X.lab#' } },
  { title: 'global config', input: '\nR1(config)#', expected: { hostname: 'R1', mode: 'config', text: 'R1(config)#' } },
  { title: 'interface config', input: 'x\nR1(config-if)#', expected: { hostname: 'R1', mode: 'config', text: 'R1(config-if)#' } },
  { title: 'line config', input: 'R1(config-line)# ', expected: { hostname: 'R1', mode: 'config', text: 'R1(config-line)#' } },
  { title: 'prompt not at the end', input: 'R1#\nmore output', expected: undefined },
  { title: 'a progress line', input: 'Loading x from 10.0.0.1 (via Gi0/0): !!!!', expected: undefined },
  { title: 'a question', input: 'Destination filename [x.bin]?', expected: undefined },
  { title: 'inside a line', input: 'see R1#', expected: undefined },
];
for (const c of execCases) {
  test(`exec prompt: ${c.title}`, () => {
    assert.deepEqual(matchExecPrompt(c.input, anyExecPrompt), c.expected);
  });
}

test('execPromptFor matches only that hostname, in every mode', () => {
  const re = execPromptFor('C2960X.lab');
  assert.ok(re.test('\nC2960X.lab#'));
  assert.ok(re.test('\nC2960X.lab(config-if)#'));
  assert.ok(re.test('C2960X.lab>'));
  assert.equal(re.test('\nC2960XXlab#'), false, 'the dot is literal');
  assert.equal(re.test('\nR1#'), false);
});

const others: { title: string; re: RegExp; yes: string[]; no: string[] }[] = [
  { title: 'ROMMON and boot loader', re: rommonPrompt, yes: ['\nrommon 1 >', 'rommon 12 > ', '\nswitch: '], no: ['switch#', 'rommon 1 > boot'] },
  { title: '--More--', re: morePrompt, yes: ['line\n --More-- ', ' --More--'], no: ['--More-- and text'] },
  { title: '[confirm]', re: confirmPrompt, yes: ['Proceed with reload? [confirm]', 'Delete flash:x? [confirm] '], no: ['[confirm] yes'] },
  { title: '[yes/no]', re: yesNoPrompt, yes: ['Save? [yes/no]: ', 'Continue? [yes/no] [no]: '], no: ['[yes/no] x'] },
  { title: 'Password:', re: passwordPrompt, yes: ['enable\nPassword: ', 'Password:'], no: ['Password: hunter2', 'Enter Password:x'] },
];
for (const c of others) {
  test(`prompt regex: ${c.title}`, () => {
    for (const s of c.yes) assert.ok(c.re.test(s), `matches ${JSON.stringify(s)}`);
    for (const s of c.no) assert.equal(c.re.test(s), false, `does not match ${JSON.stringify(s)}`);
  });
}

test('looksLikeQuestion: questions yes, progress and plain lines no', () => {
  for (const q of ['Destination filename [x]? ', 'Erase flash: before copying? [confirm]', 'Really? (y/n) ', 'Username: ', 'Password:']) {
    assert.ok(looksLikeQuestion(q), q);
  }
  for (const q of ['Loading x from 10.1.1.1 (via Gi0/0): ', '!!!!!!', '', 'Building configuration...']) {
    assert.equal(looksLikeQuestion(q), false, q);
  }
});
