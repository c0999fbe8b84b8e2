// IOS-style matching of command lines against a table: unique prefixes, ambiguity, arguments, and
// the column of the first character no command accepts (where IOS draws its ^).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchCommand, spec } from '../../../src/lab/command-parser';

const table = [
  spec('show version', 'ver'),
  spec('show file systems', 'fs'),
  spec('show flash', 'flash'),
  spec('show boot', 'boot'),
  spec('show bootvar', 'bootvar'),
  spec('show WORD', 'show-any'),
  spec('write', 'wr'),
  spec('write memory', 'wrmem'),
  spec('dir [WORD]', 'dir'),
  spec('copy LINE', 'copy'),
  spec('configure [WORD]', 'conf'),
];

const cases: { title: string; input: string; expected: ReturnType<typeof matchCommand<string>> }[] = [
  { title: 'abbreviations', input: 'sh ver', expected: { kind: 'ok', value: 'ver', args: [] } },
  { title: 'case-insensitive', input: 'SHOW VERSION', expected: { kind: 'ok', value: 'ver', args: [] } },
  { title: 'three words', input: 'sh fi sys', expected: { kind: 'ok', value: 'fs', args: [] } },
  { title: 'exact beats longer keyword', input: 'show boot', expected: { kind: 'ok', value: 'boot', args: [] } },
  { title: 'ambiguous prefix', input: 'sh b', expected: { kind: 'ambiguous', word: 'b' } },
  { title: 'argument when no keyword fits', input: 'show bootflash:', expected: { kind: 'ok', value: 'show-any', args: ['bootflash:'] } },
  { title: 'shortest complete command', input: 'wr', expected: { kind: 'ok', value: 'wr', args: [] } },
  { title: 'wr mem', input: 'wr mem', expected: { kind: 'ok', value: 'wrmem', args: [] } },
  { title: 'optional argument absent', input: 'dir', expected: { kind: 'ok', value: 'dir', args: [] } },
  { title: 'optional argument present', input: 'dir flash:', expected: { kind: 'ok', value: 'dir', args: ['flash:'] } },
  { title: 'rest of line', input: 'copy  tftp://h/f   flash: ', expected: { kind: 'ok', value: 'copy', args: ['tftp://h/f   flash:'] } },
  { title: 'incomplete', input: 'copy', expected: { kind: 'incomplete' } },
  { title: 'caret at first bad character', input: 'wrx', expected: { kind: 'invalid', column: 2 } },
  { title: 'caret at an extra word', input: 'sh ver now', expected: { kind: 'invalid', column: 7 } },
  { title: 'caret in a later word', input: 'write memorx', expected: { kind: 'invalid', column: 11 } },
  { title: 'empty line', input: '   ', expected: { kind: 'empty' } },
];

for (const c of cases) {
  test(`matchCommand: ${c.title}`, () => {
    assert.deepEqual(matchCommand(table, c.input), c.expected);
  });
}
