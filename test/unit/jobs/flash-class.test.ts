// Which flash erases before a copy and which is read-only, from what the device says about itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flashTraits } from '../../../src/jobs/flash-class';

const cases: { title: string; input: Parameters<typeof flashTraits>[0]; expected: { eraseBeforeCopy: boolean; readOnly: boolean } }[] = [
  { title: '3640 on 12.1(27b): Class B (a rebuild letter is not a later release)', input: { platform: '3640', version: '12.1(27b)', runningImage: 'flash:c3640-is-mz.121-27b.bin', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: true, readOnly: false } },
  { title: '3640 on 12.2(2)XA1: Class B', input: { platform: '3640', version: '12.2(2)XA1', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: true, readOnly: false } },
  { title: '3640 on 12.2(4)T: Class C from then on', input: { platform: '3640', version: '12.2(4)T', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: false, readOnly: false } },
  { title: '2500 running c2500-js-l from flash: Class B and read-only', input: { platform: '2500', version: '12.3(26)', runningImage: 'flash:c2500-js-l.123-26.bin', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: true, readOnly: true } },
  { title: 'a run-from-flash image on another platform still erases and is read-only', input: { platform: 'AS5200', version: '11.3(11)T', runningImage: 'flash:c5200-is-l.113-11.T', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: true, readOnly: true } },
  { title: "a 2500 whose image name is not read (parseImageName misses 12.2(29b)'s rebuild letter) is read-only when its flash says so", input: { platform: '2500', version: '12.2(29b)', runningImage: 'flash:c2500-js-l.122-29b.bin', fileSystem: 'flash:', dirReadOnly: true }, expected: { eraseBeforeCopy: true, readOnly: true } },
  { title: 'a 2960-X is neither', input: { platform: 'WS-C2960X-48FPD-L', version: '15.2(7)E3', runningImage: 'flash:c2960x-universalk9-mz.152-7.E3.bin', fileSystem: 'flash:' }, expected: { eraseBeforeCopy: false, readOnly: false } },
];

for (const c of cases) {
  test(`flashTraits: ${c.title}`, () => {
    const t = flashTraits(c.input);
    assert.deepEqual({ eraseBeforeCopy: t.eraseBeforeCopy, readOnly: t.readOnly }, c.expected);
  });
}
