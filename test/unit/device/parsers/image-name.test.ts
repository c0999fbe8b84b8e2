// Image file names: every image named in the captures (show version, dir, show boot) plus the
// documented naming rules; names that are not IOS images give undefined, never a guess.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseImageName, type ImageName } from '../../../../src/device/parsers';

const table: { input: string; expected: ImageName | undefined }[] = [
  { input: 'flash:c2960x-universalk9-mz.152-7.E3.bin', expected: { platformFamily: 'c2960x', featureSet: 'universalk9', format: 'mz', version: '15.2(7)E3', kind: 'bundle' } },
  { input: 'flash:c2600-i-mz.122-2.XA1', expected: { platformFamily: 'c2600', featureSet: 'i', format: 'mz', version: '12.2(2)XA1', kind: 'bundle' } },
  { input: 'flash:c2500-j-l.112-5.P', expected: { platformFamily: 'c2500', featureSet: 'j', format: 'l', version: '11.2(5)P', kind: 'bundle' } },
  { input: 'flash0:c1900-universalk9-mz.SPA.151-4.M8.bin', expected: { platformFamily: 'c1900', featureSet: 'universalk9', format: 'mz', version: '15.1(4)M8', kind: 'bundle' } },
  { input: 'bootflash:cat4500e-entservicesk9-mz.122-54.SG1.bin', expected: { platformFamily: 'cat4500e', featureSet: 'entservicesk9', format: 'mz', version: '12.2(54)SG1', kind: 'bundle' } },
  { input: 'flash:c3750e-ipbasek9-mz.150-2.SE11.bin', expected: { platformFamily: 'c3750e', featureSet: 'ipbasek9', format: 'mz', version: '15.0(2)SE11', kind: 'bundle' } },
  { input: 'bootflash:cat9k_iosxe.17.03.01.SPA.bin', expected: { platformFamily: 'cat9k', featureSet: 'iosxe', version: '17.03.01', kind: 'bundle' } },
  { input: 'bootflash:isr4400-universalk10.115.6.5.SPA.bin', expected: undefined },
  { input: '/bootflash/isr4300-universalk9.03.16.04b.S.155-3.S4b-ext.SPA.bin', expected: { platformFamily: 'isr4300', featureSet: 'universalk9', version: '03.16.04b.S', iosVersion: '15.5(3)S4b', kind: 'bundle' } },
  { input: 'csr1000v-mono-universalk9.03.14.01.S.155-1.S1-std.SPA.pkg', expected: { platformFamily: 'csr1000v', featureSet: 'mono-universalk9', version: '03.14.01.S', iosVersion: '15.5(1)S1', kind: 'install-pkg' } },
  { input: 'csr1000v-packages-universalk9.03.14.01.S.155-1.S1-std.conf', expected: { platformFamily: 'csr1000v', featureSet: 'universalk9', version: '03.14.01.S.155-1.S1', kind: 'packages.conf' } },
  { input: 'asr1000rpx86-universalk9.17.11.01.0.1295.SSA.bin', expected: { platformFamily: 'asr1000rpx86', featureSet: 'universalk9', version: '17.11.01.0.1295', kind: 'bundle' } },
  { input: 'cat9k-rpbase.17.03.01.SPA.pkg', expected: { platformFamily: 'cat9k', featureSet: 'rpbase', version: '17.03.01', kind: 'install-pkg' } },
  { input: 'cat3k_caa-universalk9.16.03.05.SPA.bin', expected: { platformFamily: 'cat3k_caa', featureSet: 'universalk9', version: '16.03.05', kind: 'bundle' } },
  { input: 'harddisk:packages.conf', expected: { platformFamily: '', featureSet: '', kind: 'packages.conf' } },
  { input: 'flash0:/vios-adventerprisek9-m', expected: { platformFamily: 'vios', featureSet: 'adventerprisek9', format: 'm', kind: 'bundle' } },
  { input: 'bootflash:///nxos.9.3.15.bin', expected: undefined },
  { input: 'disk0:/asa951-lfbff-k8.spa', expected: undefined },
  { input: 'flash:/config.text', expected: undefined },
  { input: 'vlan.dat', expected: undefined },
];

for (const t of table) test(`image name ${t.input}`, () => assert.deepEqual(parseImageName(t.input), t.expected));
