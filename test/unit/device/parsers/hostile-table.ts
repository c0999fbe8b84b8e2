// The hostile/odd inputs every tolerant parser is put through (house style 22: a table): what is
// not the command's output is refused with ParseError, an unknown line inside real output becomes a
// note, a 64 KiB line is read in one pass and a longer one refused, and many lines are read in one pass
// (the CPU budget over these shapes is asserted in cpu-budget.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, type ParseNote } from '../../../../src/device/parsers';

export interface TolerantParser {
  /** The command the parser names in its ParseError. */
  command: string;
  parse: (text: string) => { notes: ParseNote[] };
  /** A small real-shaped output the parser reads without notes. */
  sample: string;
  /** Output of some other command, which must be refused. */
  other: string;
}

const REFUSED: { title: string; input: string; line?: RegExp }[] = [
  { title: 'empty', input: '' },
  { title: 'blank lines only', input: '\r\n   \n\t\n' },
  { title: '% Invalid input with its echo and caret', input: "Switch#show foo\n             ^\n% Invalid input detected at '^' marker.\n\nSwitch#", line: /Invalid input/ },
  { title: '% Incomplete command', input: '% Incomplete command.\n', line: /Incomplete/ },
  { title: '% Ambiguous command', input: '% Ambiguous command:  "show in"\n', line: /Ambiguous/ },
  { title: 'a leading %Error', input: '%Error opening flash:/nonexistent (No such file or directory)\n', line: /%Error/ },
];

/** Registers the table for one parser. */
export function hostileTable(p: TolerantParser): void {
  for (const r of REFUSED) {
    test(`${p.command} refuses: ${r.title}`, () => {
      assert.throws(
        () => p.parse(r.input),
        (e: unknown) => {
          assert.ok(e instanceof ParseError, String(e));
          assert.equal(e.command, p.command);
          if (r.line) assert.match(e.line, r.line);
          return true;
        },
      );
    });
  }

  test(`${p.command} refuses another command's output`, () => {
    assert.throws(() => p.parse(p.other), (e: unknown) => e instanceof ParseError && e.command === p.command && e.line !== '');
  });

  test(`${p.command}: the sample reads without notes; an unknown line inside it becomes a note with its text and number`, () => {
    assert.deepEqual(p.parse(p.sample).notes, []);
    const lines = p.sample.split('\n');
    const at = Math.min(2, lines.length);
    const odd = 'Something this parser has never seen: 42';
    lines.splice(at, 0, odd);
    const notes = p.parse(lines.join('\n')).notes;
    assert.deepEqual(notes.filter((n) => n.kind === 'unparsed').map((n) => [n.line, n.lineNumber]), [[odd, at + 1]]);
  });

  test(`${p.command}: a 64 KB line is a note, read in one pass`, () => {
    const kb64 = (head: string, fill: string, tail = '') => head + fill.repeat(Math.ceil(65536 / fill.length)).slice(0, 65536 - head.length - tail.length) + tail;
    for (const filler of ['x'.repeat(65536), kb64('', ' ', 'x'), kb64('[ ', ' ', 'x'), kb64('NAME: "', 'a, '), kb64('Package: ', ', ')]) {
      assert.equal(filler.length, 65536);
      const notes = p.parse(`${p.sample}\n${filler}\n`).notes;
      assert.ok(notes.length >= 1, `${filler.slice(0, 12)}…`);
    }
  });

  test(`${p.command}: a line over 64 KiB is refused with its number and length`, () => {
    assert.throws(
      () => p.parse(`${p.sample}\n${'x'.repeat(65537)}\n`),
      (e: unknown) => e instanceof ParseError && e.command === p.command && e.lineNumber === p.sample.split('\n').length + 1 && /65537 characters/.test(e.message) && e.line.length < 100,
    );
  });

  test(`${p.command}: 10,000 unknown lines after the output are 10,000 notes`, () => {
    const junk = Array.from({ length: 10000 }, (_, i) => `junk line ${i}`).join('\n');
    const notes = p.parse(`${p.sample}\n${junk}\n`).notes;
    assert.equal(notes.filter((n) => n.kind === 'unparsed').length, 10000);
  });
}
