import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiate, windowThatFits } from '../../../../src/engine/tftp/options';

const limits = { maxBlockSize: 8192, maxWindowSize: 64, socketBufferBytes: 4 * 1024 * 1024 };
const opts = (o: Record<string, string>) => new Map(Object.entries(o));

const table: { title: string; kind: 'rrq' | 'wrq'; mode?: 'octet' | 'netascii'; options: Record<string, string>; size?: number; limits?: Partial<typeof limits>; expected: unknown }[] = [
  { title: 'no options: RFC 1350 defaults, no OACK', kind: 'rrq', options: {}, size: 10, expected: { blockSize: 512, windowSize: 1, oack: {} } },
  { title: 'blksize accepted', kind: 'rrq', options: { blksize: '1468' }, expected: { blockSize: 1468, windowSize: 1, oack: { blksize: '1468' } } },
  { title: 'blksize capped by the configured maximum', kind: 'rrq', options: { blksize: '65464' }, expected: { blockSize: 8192, windowSize: 1, oack: { blksize: '8192' } } },
  { title: 'blksize 8 is the minimum', kind: 'wrq', options: { blksize: '8' }, expected: { blockSize: 8, windowSize: 1, oack: { blksize: '8' } } },
  { title: 'tsize answered on RRQ', kind: 'rrq', options: { tsize: '0' }, size: 12345, expected: { blockSize: 512, windowSize: 1, tsize: 12345, oack: { tsize: '12345' } } },
  { title: 'tsize not answered in netascii', kind: 'rrq', mode: 'netascii', options: { tsize: '0' }, size: 12345, expected: { blockSize: 512, windowSize: 1, oack: {} } },
  { title: 'tsize declared on WRQ is echoed', kind: 'wrq', options: { tsize: '999' }, expected: { blockSize: 512, windowSize: 1, tsize: 999, oack: { tsize: '999' } } },
  { title: 'timeout echoed and kept', kind: 'rrq', options: { timeout: '3' }, expected: { blockSize: 512, windowSize: 1, timeoutMs: 3000, oack: { timeout: '3' } } },
  { title: 'timeout out of range is ignored', kind: 'rrq', options: { timeout: '0' }, expected: { blockSize: 512, windowSize: 1, oack: {} } },
  { title: 'windowsize accepted', kind: 'rrq', options: { windowsize: '16', blksize: '1468' }, expected: { blockSize: 1468, windowSize: 16, oack: { blksize: '1468', windowsize: '16' } } },
  { title: 'windowsize capped by configuration', kind: 'rrq', options: { windowsize: '1000' }, expected: { blockSize: 512, windowSize: 64, oack: { windowsize: '64' } } },
  {
    title: 'windowsize capped by the socket buffer',
    kind: 'wrq',
    options: { windowsize: '16', blksize: '8192' },
    limits: { socketBufferBytes: 212992 },
    expected: { blockSize: 8192, windowSize: windowThatFits(212992, 8192), oack: { blksize: '8192', windowsize: String(windowThatFits(212992, 8192)) } },
  },
  { title: 'unknown options are ignored', kind: 'rrq', options: { multicast: '', rollover: '0' }, expected: { blockSize: 512, windowSize: 1, oack: {} } },
];

for (const c of table) {
  test(`negotiate: ${c.title}`, () => {
    const r = negotiate(c.kind, c.mode ?? 'octet', opts(c.options), { ...limits, ...c.limits }, c.size);
    assert.ok(r.ok);
    const { oack, ...rest } = r.agreed;
    assert.deepEqual({ ...rest, oack: Object.fromEntries(oack) }, c.expected);
  });
}

for (const [name, value] of [
  ['blksize', '7'],
  ['blksize', 'big'],
  ['blksize', '-1'],
  ['windowsize', '0'],
  ['windowsize', '65536'],
  ['tsize', 'x'],
]) {
  test(`negotiate refuses ${name}=${value} (ERROR 8)`, () => {
    const r = negotiate('rrq', 'octet', opts({ [name]: value }), limits, 1);
    assert.equal(r.ok, false);
  });
}

test('a window of 16 × 8192 fits a 4 MiB buffer but not the 208 KiB Linux default', () => {
  assert.ok(windowThatFits(4 * 1024 * 1024, 8192) >= 16);
  assert.ok(windowThatFits(212992, 8192) < 16);
});
