// verify /md5: no licensed capture exists (fixtures README, "Gaps"), so these tables are written from
// the documented format — dots + Done!, the digest line, Verified, and the %Error mismatch block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, parseVerifyMd5 } from '../../../../src/device/parsers';

const H = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const H2 = 'ffeeddccbbaa99887766554433221100';
const DOTS = '.'.repeat(79);

const table: { title: string; input: string; expected: object }[] = [
  { title: 'digest only', input: `${DOTS}\n${DOTS}Done!\nverify /md5 (flash:c2960x-universalk9-mz.152-7.E3.bin) = ${H}\n`, expected: { file: 'flash:c2960x-universalk9-mz.152-7.E3.bin', md5: H } },
  { title: 'with the command echo and prompt, upper-case hex', input: `sw1#verify /md5 flash:x.bin\r\n${DOTS}Done!\r\nverify /md5 (flash:x.bin) = ${H.toUpperCase()}\r\nsw1#`, expected: { file: 'flash:x.bin', md5: H } },
  { title: 'expected hash matches', input: `${DOTS}Done!\nVerified (bootflash:isr4300.SPA.bin) = ${H}\n`, expected: { file: 'bootflash:isr4300.SPA.bin', md5: H, expectedMatched: true } },
  { title: 'expected hash differs', input: `${DOTS}Done!\n%Error verifying flash:x.bin\nComputed signature = ${H}\nSubmitted signature = ${H2}\n`, expected: { file: 'flash:x.bin', md5: H, expectedMatched: false, expectedMd5: H2 } },
  { title: 'mismatch rendered lower-case with stray spaces', input: `Done!\n%error verifying flash:x.bin\ncomputed signature =  ${H}\nsubmitted  signature = ${H2}`, expected: { file: 'flash:x.bin', md5: H, expectedMatched: false, expectedMd5: H2 } },
];
for (const t of table) test(`verify /md5: ${t.title}`, () => assert.deepEqual(parseVerifyMd5(t.input), t.expected));

const bad: { title: string; input: string; line?: RegExp }[] = [
  { title: 'dots only (truncated)', input: `${DOTS}\n${DOTS}` },
  { title: 'cut inside the digest', input: `${DOTS}Done!\nverify /md5 (flash:x.bin) = 0a1b2c`, line: /0a1b2c$/ },
  { title: 'mismatch without the submitted hash', input: `Done!\n%Error verifying flash:x.bin\nComputed signature = ${H}` },
  { title: 'old IOS without /md5', input: 'verify /md5 flash:test\n        ^\n% Invalid input detected at \'^\' marker.', line: /Invalid input/ },
  { title: 'missing file', input: '%Error opening flash:nope.bin (No such file or directory)', line: /No such file/ },
  { title: 'empty', input: '' },
];
for (const b of bad) {
  test(`verify /md5 refuses: ${b.title}`, () => {
    assert.throws(() => parseVerifyMd5(b.input), (e: unknown) => e instanceof ParseError && e.command === 'verify /md5' && (!b.line || b.line.test(e.line)));
  });
}
