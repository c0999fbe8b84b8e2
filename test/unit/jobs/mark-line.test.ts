// The device's progress marks folded into one counted line, live while the copy runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldMarkLine, MarkLineFolder } from '../../../src/jobs/mark-line';

test('a progress line keeps its text and counts long runs; short runs and other lines stay as printed', () => {
  const cases: { input: string; expected: string }[] = [
    { input: `Loading c2500-js-l.bin from 127.0.0.1 (via Ethernet0): ${'!'.repeat(4096)}`, expected: 'Loading c2500-js-l.bin from 127.0.0.1 (via Ethernet0): ! × 4096' },
    { input: '!!!!.!!!', expected: '!!!!.!!!' },
    { input: `${'!'.repeat(12)}.${'!'.repeat(30)}`, expected: '! × 12 . ! × 30' },
    { input: `Erasing device... ${'e'.repeat(64)}`, expected: 'Erasing device... e × 64' },
    { input: 'check space: blocking — it is the running image!', expected: 'check space: blocking — it is the running image!' },
    { input: '......................Done!', expected: '......................Done!' },
  ];
  for (const c of cases) assert.equal(foldMarkLine(c.input), c.expected, c.input);
});

test('marks arriving in chunks build one live line, also across the breaks a device wraps them with', () => {
  const f = new MarkLineFolder();
  assert.deepEqual(f.feed('Accessing tftp://127.0.0.1/x.bin...'), ['Accessing tftp://127.0.0.1/x.bin...']);
  assert.deepEqual(f.feed('Loading x.bin from 127.0.0.1 (via Vlan1): '), [], 'the line the marks will follow waits for them');
  assert.deepEqual(f.feed('!'), []);
  assert.equal(f.liveText, 'Loading x.bin from 127.0.0.1 (via Vlan1): !');
  for (let i = 0; i < 20; i++) assert.deepEqual(f.feed('!!!!!'), []);
  assert.equal(f.liveText, 'Loading x.bin from 127.0.0.1 (via Vlan1): ! × 101');
  assert.deepEqual(f.feed('!!!!\n!!!!!'), [], 'a wrapped line goes on');
  assert.deepEqual(f.feed('\n'), []);
  assert.deepEqual(f.feed('[OK - 3145728 bytes]\n\n3145728 bytes copied in 2.1 secs'), ['Loading x.bin from 127.0.0.1 (via Vlan1): ! × 110', '[OK - 3145728 bytes]', '', '3145728 bytes copied in 2.1 secs']);
  assert.equal(f.liveText, undefined);
});

test('any other text ends the live line; end() closes it; plain lines pass one for one', () => {
  const f = new MarkLineFolder();
  assert.deepEqual(f.feed('> copy tftp://127.0.0.1/x.bin flash:x.bin'), ['> copy tftp://127.0.0.1/x.bin flash:x.bin']);
  assert.deepEqual(f.feed(''), [''], 'an empty log text is an empty line, as before');
  f.feed('!!!!');
  assert.deepEqual(f.feed('engine: TFTP transfer started'), ['!!!!', 'engine: TFTP transfer started']);
  f.feed('!!!!!!!!!!!!');
  assert.deepEqual(f.end(), ['! × 12']);
  assert.deepEqual(f.end(), []);
  assert.deepEqual(f.feed('!!!!\n\n%Error reading tftp://127.0.0.1/x.bin (Timed out)'), ['!!!!', '', '%Error reading tftp://127.0.0.1/x.bin (Timed out)']);
  f.feed('Loading x.bin from 127.0.0.1 (via Vlan1): ');
  assert.deepEqual(f.feed('%Error opening tftp://127.0.0.1/x.bin (Timed out)'), ['Loading x.bin from 127.0.0.1 (via Vlan1): ', '%Error opening tftp://127.0.0.1/x.bin (Timed out)']);
});
