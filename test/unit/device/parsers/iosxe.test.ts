// The install-mode and bundle-mode outputs in ../shared/fixtures/iosxe that the show version and
// show boot parsers own (the install dialogues and `show install …` are other parsers' tests).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShowBoot, parseShowVersion } from '../../../../src/device/parsers';
import { fixturesMissing } from './fixtures';
import { iosxe as iosxeFixture } from './iosxe-fixtures';

const skip = fixturesMissing;

const versions: Record<string, Partial<ReturnType<typeof parseShowVersion>>> = {
  '30_show_version_c9500_17.2.1_INSTALL_mode.txt': { hostname: 'ssr-cat9500', platform: 'C9500-12Q', version: '17.2.1', xeVersion: '17.02.01', imageFile: 'flash:/packages.conf', bootMode: 'install', configRegister: '0x102', osFamily: 'ios-xe' },
  '31_show_version_c9300_17.6_BUNDLE_mode.txt': { hostname: 'ssr-cat9300', platform: 'C9300-24P', version: '17.6.20210302:012459', xeVersion: 'BLD_POLARIS_DEV_LATEST_20210302_012043', imageFile: 'flash:cat9k_iosxe.BLD_POLARIS_DEV_LATEST_20210302_012043.SSA.bin', bootMode: 'bundle', configRegister: '0x102' },
  '32_show_version_asr1001x_17.5.1a_packages_conf.txt': { hostname: 'COL-B-ASR1001-X-1', platform: 'ASR1001-X', version: '17.5.1a', xeVersion: '17.05.01a', imageFile: 'bootflash:packages.conf', bootMode: 'install', configRegister: '0x2102', flashBytes: 6070271 * 1024 },
  '34_show_version_isr4451_16.6.5_bundle.txt': { hostname: 'isr4k', platform: 'ISR4451-X/K9', version: '16.6.5', xeVersion: '16.06.05', imageFile: 'bootflash:isr4400-universalk10.115.6.5.SPA.bin', bootMode: 'bundle', configRegister: '0x2102' },
  '35_show_version_c3650_03.06.07E_INSTALL.txt': { hostname: 'testhost', platform: 'WS-C3650-48PD', version: '03.06.07E', imageFile: 'flash:packages.conf', bootMode: 'install', configRegister: '0x102', softwareImage: 'CAT3K_CAA-UNIVERSALK9-M', systemSerial: 'FDO668866F908' },
};

for (const [name, want] of Object.entries(versions)) {
  test(`iosxe ${name}`, { skip }, () => {
    const v = parseShowVersion(iosxeFixture(name));
    for (const [k, value] of Object.entries(want)) assert.deepEqual((v as unknown as Record<string, unknown>)[k], value, k);
    assert.deepEqual(v.notes, []);
  });
}

test('iosxe 35: a 3650 stack, both members in INSTALL mode, the active one is switch 2', { skip }, () => {
  const v = parseShowVersion(iosxeFixture('35_show_version_c3650_03.06.07E_INSTALL.txt'));
  assert.deepEqual(v.stack?.map((m) => [m.switchNumber, m.active, m.mode, m.swImage]), [
    [1, false, 'INSTALL', 'cat3k_caa-universalk9'],
    [2, true, 'INSTALL', 'cat3k_caa-universalk9'],
  ]);
});

test('iosxe 31: BUNDLE in the Mode column wins over anything else', { skip }, () => {
  assert.equal(parseShowVersion(iosxeFixture('31_show_version_c9300_17.6_BUNDLE_mode.txt')).stack?.[0]?.mode, 'BUNDLE');
});

test('iosxe 38: a Cat9300 stack boots packages.conf', { skip }, () => {
  const b = parseShowBoot(iosxeFixture('38_show_boot_c9300_stack_packages_conf.txt'));
  assert.deepEqual(b.bootVariable, ['flash:packages.conf']);
  assert.deepEqual(b.currentBootVariable, ['flash:packages.conf']);
  assert.deepEqual([b.manualBoot, b.enableBreak, b.bootMode], [false, true, 'DEVICE']);
  assert.deepEqual(b.notes, []);
});

test('iosxe 40: show bootvar on a router in install mode ("variable does not exist" lines)', { skip }, () => {
  const b = parseShowBoot(iosxeFixture('40_show_bootvar_packages_conf.txt'));
  assert.deepEqual(b.bootVariable, ['bootflash:packages.conf']);
  assert.deepEqual(b.notes, []);
});

test('C9800: "Installation mode is INSTALL" sets the boot mode', () => {
  const v = parseShowVersion('Cisco IOS XE Software, Version 17.09.04a\nwlc1 uptime is 3 days\nSystem image file is "bootflash:packages.conf"\nInstallation mode is INSTALL\ncisco C9800-40-K9 (KATAR) processor (revision KATAR) with 6067542K/6147K bytes of memory.\n');
  assert.equal(v.bootMode, 'install');
  assert.equal(v.platform, 'C9800-40-K9');
});
