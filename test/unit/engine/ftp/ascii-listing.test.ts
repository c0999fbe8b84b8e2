import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flushNetAscii, fromNetAscii, toNetAscii } from '../../../../src/engine/ftp/ascii';
import { formatListing, listDate } from '../../../../src/engine/ftp/listing';

function sendAll(chunks: string[]): string {
  let cr = false;
  return chunks
    .map((c) => {
      const r = toNetAscii(Buffer.from(c, 'latin1'), cr);
      cr = r.lastWasCR;
      return r.out.toString('latin1');
    })
    .join('');
}

function receiveAll(chunks: string[]): string {
  let cr = false;
  const out = chunks.map((c) => {
    const r = fromNetAscii(Buffer.from(c, 'latin1'), cr);
    cr = r.pendingCR;
    return r.out.toString('latin1');
  });
  return out.join('') + flushNetAscii(cr).toString('latin1');
}

const sends: { input: string[]; expected: string }[] = [
  { input: ['a\nb\n'], expected: 'a\r\nb\r\n' },
  { input: ['a\r\nb'], expected: 'a\r\nb' },
  { input: ['a\r', '\nb'], expected: 'a\r\nb' },
  { input: ['a', '\n'], expected: 'a\r\n' },
  { input: ['\n\n'], expected: '\r\n\r\n' },
  { input: [''], expected: '' },
];
for (const c of sends) test(`TYPE A send ${JSON.stringify(c.input)}`, () => assert.equal(sendAll(c.input), c.expected));

const receives: { input: string[]; expected: string }[] = [
  { input: ['a\r\nb\r\n'], expected: 'a\nb\n' },
  { input: ['a\r', '\nb'], expected: 'a\nb' },
  { input: ['a\rb'], expected: 'a\rb' },
  { input: ['a\r'], expected: 'a\r' },
  { input: ['a\r', 'b'], expected: 'a\rb' },
  { input: ['\r\r\n'], expected: '\r\n' },
];
for (const c of receives) test(`TYPE A receive ${JSON.stringify(c.input)}`, () => assert.equal(receiveAll(c.input), c.expected));

test('listing: ls -l lines with CRLF, recent dates with time, old ones with year; NLST names only', () => {
  const now = new Date(Date.UTC(2024, 5, 1));
  const entries = [
    { name: 'c2960x.bin', kind: 'file' as const, sizeBytes: 123, mtime: new Date(Date.UTC(2024, 4, 3, 9, 7)) },
    { name: 'old', kind: 'dir' as const, sizeBytes: 0, mtime: new Date(Date.UTC(2020, 0, 9)) },
  ];
  assert.equal(
    formatListing(entries, false, now).toString(),
    '-r--r--r-- 1 ftp ftp          123 May  3 09:07 c2960x.bin\r\ndr-xr-xr-x 1 ftp ftp            0 Jan  9  2020 old\r\n',
  );
  assert.equal(formatListing(entries, true, now).toString(), 'c2960x.bin\r\nold\r\n');
  assert.equal(listDate(new Date(Date.UTC(2024, 11, 25, 23, 59)), new Date(Date.UTC(2024, 11, 26))), 'Dec 25 23:59');
});
