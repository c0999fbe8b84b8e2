// Issue 15: no input of up to 64 KB takes any parser, the copy tracker or the prompt matching more
// than 50 ms. The inputs are the shapes that once took seconds to minutes (a `nvram:vram:…` prefix
// cell, `Loading … from … (via …` repeated, 50,000 blanks in a line, syslog text between `!!!`),
// and a 64 KB run of every shape that makes a pattern backtrack, after each target's real sample.
//
// Measured as CPU time of this process (process.cpuUsage), not wall time: a loaded machine delays
// the test but does not make the parse cost more CPU. Over budget, an input is run twice more and
// the fastest run counts (runOne), so a GC pause or another thread's burst cannot fail it; the
// super-linear cases this guards against cost 10–1000× the budget, every run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxInputBytes, runOne } from './fuzz-core';
import { parserTargets } from './targets';

const fill = (piece: string, bytes = maxInputBytes - 200) => piece.repeat(Math.ceil(bytes / piece.length)).slice(0, bytes);

/** The shapes named in the issue, whole inputs of their own. */
const issueShapes: Record<string, string> = {
  'show file systems prefix cell of 127 characters': `File Systems:\n\n     Size(b)     Free(b)      Type  Flags  Prefixes\n*  122185728   98123776     flash     rw   nvram:${'vram:'.repeat(24)}x\n`,
  'show file systems prefix cell of 64 KB': `File Systems:\n\n     Size(b)     Free(b)      Type  Flags  Prefixes\n*  122185728   98123776     flash     rw   nvram:${fill('vram:')}x\n`,
  'Loading … from … (via … repeated': `Loading ${fill('a from b (via c')}!!!\n`,
  'Loading from via with marks between': `Loading x${fill(' from h (via i):.')}\n`,
  '50,000 blanks inside a line': `Directory of flash:/\n\n    2  -rwx${' '.repeat(50_000)}x\n`,
  'syslog lines interleaved with !!!': `Loading x.bin from 10.1.1.1 (via Gi0/0): ${fill('!!!!!!!!\n*Mar  1 00:10:12.345: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up!!!!')}\n`,
  'marks after a long non-progress line': `${fill('Erasing device')}${'e'.repeat(100)}\n`,
  'a 64 KB line of nothing but text': fill('x'),
  '32,768 short lines': fill('x\n'),
};

/** Runs that made some pattern backtrack, appended as one 64 KB line to each target's sample. */
const runs = [' ', '\t', '0', '9', ':', '/', '.', '!', '!!!!x', 'a:', ' from ', '(via ', '): ', '%Error ', '...', 'e', 'v', '[', ']?', '?', '-', ', ', 'a, ', '"', 'NAME: ', ',DESCR:', 'password', 'Flash load helper\n', 'Format operation may take a while', 'Switch#', '\r\n', '(', ')'];

for (const t of parserTargets) {
  test(`${t.name}: every input up to 64 KB in the budget`, () => {
    const sample = t.seeds()[0]!;
    const inputs = [...Object.values(issueShapes), ...runs.map((r) => `${sample}\n${fill(r, maxInputBytes - sample.length - 8)}x\n`)];
    for (const input of inputs) assert.ok(input.length <= maxInputBytes, `${input.length}`);
    const slow = inputs.map((input, i) => runOne(t, input, 0, i)).filter((f) => f?.kind === 'slow');
    assert.deepEqual(slow.map((f) => `${f!.message}: ${JSON.stringify(f!.input.slice(0, 60))}…`), []);
  });
}
