// The comparison forms: device paths with aliases, IOS-XE versions in their three printed forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devicePathKey, normalizeDevicePath, parseShowFileSystems, sameDevicePath, sameXeVersion, xeVersionKey } from '../../../../src/device/parsers';
import { fixturesMissing, transcript } from './fixtures';

test('device paths: slashes after the colon and the prefix case do not matter', () => {
  assert.equal(normalizeDevicePath('FLASH:/c2960x.bin'), 'flash:c2960x.bin');
  assert.equal(normalizeDevicePath('flash://dir/x.bin'), 'flash:dir/x.bin');
  assert.equal(normalizeDevicePath('x.bin'), 'x.bin');
  assert.ok(sameDevicePath('flash:/x', 'flash:x'));
  assert.ok(!sameDevicePath('flash:x', 'flash:X'), 'file names stay case-sensitive');
});

test('device paths: aliases from show file systems (a Cat9300 stack)', { skip: fixturesMissing }, () => {
  const groups = parseShowFileSystems(transcript('show_file_systems_c9300_stack.txt')).fileSystems.map((f) => f.prefixes);
  assert.ok(sameDevicePath('bootflash:packages.conf', 'flash:/packages.conf', groups));
  assert.ok(sameDevicePath('flash-1:packages.conf', 'flash:packages.conf', groups));
  assert.ok(!sameDevicePath('flash-2:packages.conf', 'flash:packages.conf', groups), 'another member\'s flash is another file system');
  assert.equal(devicePathKey('BOOTFLASH:/x.bin', groups), 'flash:x.bin');
  assert.ok(!sameDevicePath('bootflash:x', 'flash:x'), 'without the table, different prefixes differ');
});

const versions: [string, string, boolean][] = [
  ['16.9.5', '16.09.05', true],
  ['17.3.4a', '17.03.04a', true],
  ['17.09.06a.0.12', '17.9.6a', true],
  ['03.06.07E', '3.6.7E', true],
  ['16.9.5', '16.9.4', false],
  ['17.3.4a', '17.3.4', false],
  ['15.2(7)E3', '15.2(7)E3', true],
  ['15.2(7)E3', '15.2(7)E4', false],
];
for (const [a, b, same] of versions) {
  test(`IOS-XE versions: ${a} ${same ? '≡' : '≢'} ${b}`, () => assert.equal(sameXeVersion(a, b), same));
}

test('xeVersionKey keeps what is not an XE version as printed (lower-cased)', () => {
  assert.equal(xeVersionKey('BLD_POLARIS_DEV_LATEST_20210302_012043'), 'bld_polaris_dev_latest_20210302_012043');
  assert.equal(xeVersionKey('17.6.20210302:012459'), '17.6.20210302:012459');
});
