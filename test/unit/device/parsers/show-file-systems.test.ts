// show file systems against the real captures, and malformed/truncated tables that must be refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileSystemAliases, ParseError, parseShowFileSystems } from '../../../../src/device/parsers';
import { fixturesMissing, ntcCases, transcript } from './fixtures';

const skip = fixturesMissing;

test('ntc cisco_ios show_file_systems: rows and values match ntc', { skip }, () => {
  const cases = ntcCases('cisco_ios', 'show_file_systems');
  assert.equal(cases.length, 1);
  for (const c of cases) {
    const { fileSystems: rows, notes } = parseShowFileSystems(c.raw);
    assert.deepEqual(notes, []);
    // ntc's template drops the `*` default row (flash:); every row it does report must be ours.
    for (const e of c.expected) {
      const r = rows.find((x) => x.prefixes.join(' ') === e.prefixes);
      assert.ok(r, `${c.name} ${String(e.prefixes)}`);
      assert.equal(r.type, e.type);
      assert.equal(r.flags, e.flags);
      assert.equal(r.totalBytes === undefined ? '-' : String(r.totalBytes), e.size);
      assert.equal(r.freeBytes === undefined ? '-' : String(r.freeBytes), e.free);
    }
    assert.equal(rows.length, c.expected.length + 1);
    assert.deepEqual(rows.find((r) => r.isDefault), { prefixes: ['flash:'], name: 'flash:', type: 'disk', flags: 'rw', totalBytes: 11353194496, freeBytes: 9936510976, isDefault: true });
  }
});

test('transcript show_file_systems_c9300_stack: aliases, stby rows, network rows', { skip }, () => {
  const { fileSystems: rows, notes } = parseShowFileSystems(transcript('show_file_systems_c9300_stack.txt'));
  assert.deepEqual(notes, []);
  assert.equal(rows.length, 24);
  const def = rows.filter((r) => r.isDefault);
  assert.deepEqual(def, [{ prefixes: ['flash:', 'bootflash:', 'flash-1:'], name: 'flash:', type: 'disk', flags: 'rw', totalBytes: 11353194496, freeBytes: 4835155968, isDefault: true }]);
  assert.deepEqual(rows.find((r) => r.name === 'flash-2:')?.prefixes, ['flash-2:', 'stby-flash:']);
  assert.deepEqual(rows.find((r) => r.name === 'tftp:'), { prefixes: ['tftp:'], name: 'tftp:', type: 'network', flags: 'rw', isDefault: false });
  assert.equal(rows.find((r) => r.name === 'syslog:')?.flags, 'wo');
  assert.equal(rows.find((r) => r.name === 'crashinfo-2:')?.freeBytes, 0);
});

const HEAD = 'File Systems:\n\n     Size(b)     Free(b)      Type  Flags  Prefixes\n';

test('an old router: flash and nvram rows, usbflash type', () => {
  const { fileSystems: rows } = parseShowFileSystems(`${HEAD}*   64016384    26066944     disk     rw   flash0: flash:#\n      262136      253724     nvram     rw   nvram:\n  -  -  network  rw   tftp:\n`.replace('flash:#', 'flash:'));
  assert.deepEqual(rows.map((r) => [r.name, r.type, r.isDefault, r.totalBytes]), [
    ['flash0:', 'disk', true, 64016384],
    ['nvram:', 'nvram', false, 262136],
    ['tftp:', 'network', false, undefined],
  ]);
});

test('a row it cannot read is a note; the other rows are read', () => {
  const r = parseShowFileSystems(`${HEAD}*  11353194496    99365\n   12x4    100   disk  rw  usbflash0:\n      262136      253724     nvram     rw   nvram:\n`);
  assert.deepEqual(r.fileSystems.map((f) => f.name), ['nvram:']);
  assert.deepEqual(r.notes.map((n) => n.line), ['*  11353194496    99365', '   12x4    100   disk  rw  usbflash0:']);
});

test('header only (truncated): no rows, no error', () => {
  assert.deepEqual(parseShowFileSystems(HEAD), { fileSystems: [], notes: [] });
});

test('a prefix cell that never ends in ":" is read in linear time (was exponential backtracking)', () => {
  const r = parseShowFileSystems(`${HEAD}   100  50  flash  rw  ${'nvram:vram:'.repeat(5000)}x\n`);
  assert.deepEqual(r.fileSystems, []);
  assert.equal(r.notes.length, 1);
});

test('fileSystemAliases: every name of the row', { skip }, () => {
  const { fileSystems } = parseShowFileSystems(transcript('show_file_systems_c9300_stack.txt'));
  assert.deepEqual(fileSystemAliases(fileSystems, 'bootflash:'), ['flash:', 'bootflash:', 'flash-1:']);
  assert.deepEqual(fileSystemAliases(fileSystems, 'usbflash9:'), ['usbflash9:']);
});

const bad: { title: string; input: string; line?: RegExp }[] = [
  { title: 'empty', input: '' },
  { title: 'no header', input: '*  11353194496    9936510976      disk     rw   flash:', line: /11353194496/ },
  { title: 'rejected', input: '% Invalid input detected at \'^\' marker.', line: /Invalid/ },
];
for (const b of bad) {
  test(`show file systems refuses: ${b.title}`, () => {
    assert.throws(() => parseShowFileSystems(b.input), (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.command, 'show file systems');
      if (b.line) assert.match(e.line, b.line);
      return true;
    });
  });
}
