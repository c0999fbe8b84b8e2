import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetasciiDecoder, NetasciiEncoder } from '../../../../src/engine/tftp/netascii';

const cases: { title: string; file: string; wire: string }[] = [
  { title: 'LF becomes CR LF', file: 'a\nb\n', wire: 'a\r\nb\r\n' },
  { title: 'a bare CR becomes CR NUL', file: 'a\rb', wire: 'a\r\0b' },
  { title: 'CR LF in the file is CR NUL CR LF on the wire', file: 'x\r\n', wire: 'x\r\0\r\n' },
  { title: 'no line ends', file: 'plain', wire: 'plain' },
  { title: 'empty', file: '', wire: '' },
];

function split(s: Buffer, sizes: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < s.length; i += sizes) out.push(s.subarray(i, i + sizes));
  return out;
}

for (const c of cases) {
  test(`netascii: ${c.title}, in any chunking`, () => {
    assert.equal(new NetasciiEncoder().push(Buffer.from(c.file, 'latin1')).toString('latin1'), c.wire);
    const wire = Buffer.from(c.wire, 'latin1');
    for (const size of [1, 2, 3, 1000]) {
      const d = new NetasciiDecoder();
      const parts = split(wire, size).map((p) => d.push(p));
      parts.push(d.end());
      assert.equal(Buffer.concat(parts).toString('latin1'), c.file, `chunks of ${size}`);
    }
  });
}

test('netascii decoder: a lone CR before other bytes and at the very end is kept', () => {
  const d = new NetasciiDecoder();
  assert.equal(Buffer.concat([d.push(Buffer.from('a\rb\r', 'latin1')), d.end()]).toString('latin1'), 'a\rb\r');
});
