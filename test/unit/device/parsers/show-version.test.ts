// show version against every real capture (ntc-templates .raw with its .yml values, and the genie
// transcripts), plus tables for shapes and failures the captures lack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, parseShowVersion } from '../../../../src/device/parsers';
import { fixturesMissing, ntcCases, transcript, transcriptNames } from './fixtures';

const skip = fixturesMissing;

test('ntc cisco_ios show_version: every capture parses to the ntc values', { skip }, () => {
  const cases = ntcCases('cisco_ios', 'show_version');
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    const v = parseShowVersion(c.raw);
    const e = c.expected[0]!;
    assert.equal(v.hostname, e.hostname, c.name);
    assert.equal(v.version, e.version, c.name);
    assert.equal(v.imageFile?.replace(/^[\w-]+:/, ''), e.running_image, c.name);
    assert.deepEqual(v.notes, [], c.name);
    assert.equal(v.configRegister ?? '', e.config_register, c.name);
    assert.equal(v.uptime, e.uptime, c.name);
    assert.equal(v.serial, (e.serial as string[])[0], c.name);
    assert.equal(v.platform, (e.hardware as string[])[0], c.name);
    assert.equal(v.softwareImage, e.software_image, c.name);
    assert.equal(v.lastReloadReason ?? '', /Last reload reason/.test(c.raw) ? e.reload_reason : '', c.name);
    assert.ok(v.osFamily === 'ios' || v.osFamily === 'ios-xe', c.name);
    assert.ok((v.memory.mainBytes ?? 0) > 0, c.name);
  }
});

test('ntc cisco_nxos show_version: every capture parses to the ntc values', { skip }, () => {
  const cases = ntcCases('cisco_nxos', 'show_version');
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    const v = parseShowVersion(c.raw);
    const e = c.expected[0]!;
    assert.equal(v.osFamily, 'nx-os', c.name);
    assert.equal(v.hostname, e.hostname, c.name);
    assert.equal(v.platform, e.platform, c.name);
    assert.equal(v.serial, e.serial, c.name);
    assert.equal(v.uptime, e.uptime, c.name);
    assert.equal(v.lastReloadReason, e.last_reboot_reason, c.name);
    // ntc keeps the "[Maintenance Release]" tag in `os`; our version is the bare number.
    assert.equal(v.version, String(e.os).replace(/ \[.*\]$/, ''), c.name);
    // ntc's boot_image is the kickstart image where there is one, else the NXOS image.
    assert.equal(v.kickstartImageFile ?? v.imageFile, e.boot_image, c.name);
    assert.ok((v.flashBytes ?? 0) > 0, c.name);
  }
});

const transcriptExpect: Record<string, Partial<ReturnType<typeof parseShowVersion>>> = {
  'show_version_as2511_c2500_run_from_flash.txt': { hostname: 'CS12-19-4', platform: 'AS2511-RJ', osFamily: 'ios', version: '11.2(5)P', imageFile: 'flash:c2500-j-l.112-5.P', configRegister: '0x2102', serial: '11857685', flashBytes: 8192 * 1024, softwareImage: 'C2500-J-L' },
  'show_version_asr1006x_harddisk_packages_conf.txt': { hostname: 'R2', platform: 'ASR1006-X', osFamily: 'ios-xe', version: '17.17.20240916:124022', imageFile: 'harddisk:packages.conf', bootMode: 'install', configRegister: '0x2102', serial: 'FXS2239Q329', flashBytes: 97620247 * 1024, uptime: '18 hours, 55 minutes' },
  'show_version_c1900_flash0.txt': { hostname: 'C1900', platform: 'CISCO1941/K9', osFamily: 'ios', version: '15.1(4)M8', imageFile: 'flash0:c1900-universalk9-mz.SPA.151-4.M8.bin', bootMode: 'bundle', configRegister: '0x2102', serial: 'YYY6666Y6R6', flashBytes: 255488 * 1024 },
  'show_version_c2621.txt': { hostname: 'dna-poc-ts', platform: '2621', osFamily: 'ios', version: '12.2(2)XA1', imageFile: 'flash:c2600-i-mz.122-2.XA1', configRegister: '0x2', serial: 'JAD05390XNG', uptime: '4 weeks, 2 days, 7 hours, 56 minutes', flashBytes: 32768 * 1024, memory: { mainBytes: 60416 * 1024, ioBytes: 5120 * 1024, nvramBytes: 32 * 1024 } },
  'show_version_c9500_bundle_bin.txt': { hostname: 'Switch', platform: 'C9500-24Y4C', osFamily: 'ios-xe', version: '17.3.1', xeVersion: '17.03.01', imageFile: 'bootflash:cat9k_iosxe.17.03.01.SPA.bin', bootMode: 'bundle', serial: 'CAT2136L3NG', flashBytes: 11161600 * 1024 },
  'show_version_c9500_install_mode.txt': { hostname: 'ssr-cat9500', platform: 'C9500-12Q', osFamily: 'ios-xe', version: '17.2.1', xeVersion: '17.02.01', imageFile: 'flash:/packages.conf', bootMode: 'install', configRegister: '0x102', flashBytes: 11264000 * 1024 },
  'show_version_isr4400_bootflash_bin.txt': { hostname: 'isr4k', platform: 'ISR4451-X/K9', osFamily: 'ios-xe', version: '16.6.5', xeVersion: '16.06.05', imageFile: 'bootflash:isr4400-universalk10.115.6.5.SPA.bin', bootMode: 'bundle', configRegister: '0x2102', flashBytes: 7341807 * 1024 },
};

test('transcripts: every show_version capture parses', { skip }, () => {
  const names = transcriptNames(/^show_version_/);
  assert.deepEqual(names, Object.keys(transcriptExpect).sort());
  for (const name of names) {
    const v = parseShowVersion(transcript(name));
    for (const [k, want] of Object.entries(transcriptExpect[name]!)) {
      if (k === 'memory') for (const [mk, mv] of Object.entries(want as object)) assert.equal((v.memory as Record<string, unknown>)[mk], mv, `${name} memory.${mk}`);
      else assert.deepEqual((v as unknown as Record<string, unknown>)[k], want, `${name} ${k}`);
    }
  }
});

test('show version of a stack lists members and their mode', { skip }, () => {
  const v = parseShowVersion(ntcCases('cisco_ios', 'show_version').find((c) => c.name.endsWith('version1.raw'))!.raw);
  assert.equal(v.stack?.length, 4);
  assert.deepEqual(v.stack?.[0], { switchNumber: 1, active: true, ports: 56, model: 'WS-C3850-48U', swVersion: '03.06.05E', swImage: 'cat3k_caa-universalk9', mode: 'INSTALL' });
  assert.equal(v.bootMode, 'install');
  assert.equal(v.flashBytes, 1609272 * 1024);
});

const IOS_MIN = [
  'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3, RELEASE SOFTWARE (fc3)',
  'sw1 uptime is 1 day, 2 hours, 3 minutes',
  'System image file is "flash:c2960x-universalk9-mz.152-7.E3.bin"',
  'cisco WS-C2960X-48FPD-L (APM86XXX) processor (revision B0) with 524288K bytes of memory.',
  'Processor board ID FOC1234X0AB',
  '64K bytes of flash-simulated non-volatile configuration memory.',
  '',
  'Switch Ports Model                     SW Version            SW Image                 ',
  '------ ----- -----                     ----------            ----------               ',
  '*    1 52    WS-C2960X-48FPD-L         15.2(7)E3             C2960X-UNIVERSALK9-M     ',
  '     2 52    WS-C2960X-48FPD-L         15.2(7)E3             C2960X-UNIVERSALK9-M     ',
  '',
  'Configuration register is 0xF (will be 0x2102 at next reload)',
].join('\r\n');

test('a minimal IOS show version (CRLF, pending config register)', () => {
  const v = parseShowVersion(`sw1#show version\r\n${IOS_MIN}\r\nsw1#`);
  assert.equal(v.platform, 'WS-C2960X-48FPD-L');
  assert.equal(v.version, '15.2(7)E3');
  assert.equal(v.imageFile, 'flash:c2960x-universalk9-mz.152-7.E3.bin');
  assert.equal(v.configRegister, '0xF');
  assert.equal(v.nextConfigRegister, '0x2102');
  assert.equal(v.hostname, 'sw1');
  // A classic IOS stack table has no Mode column; the image file decides the boot mode.
  assert.deepEqual(v.stack?.map((m) => [m.switchNumber, m.active, m.model, m.swImage, m.mode]), [
    [1, true, 'WS-C2960X-48FPD-L', 'C2960X-UNIVERSALK9-M', undefined],
    [2, false, 'WS-C2960X-48FPD-L', 'C2960X-UNIVERSALK9-M', undefined],
  ]);
  assert.equal(v.bootMode, 'bundle');
});

test('show version cut before the image line: what was printed is read, the rest is noted', () => {
  const v = parseShowVersion(IOS_MIN.split('\r\n').slice(0, 2).join('\n'));
  assert.deepEqual([v.version, v.hostname, v.imageFile, v.platform], ['15.2(7)E3', 'sw1', undefined, undefined]);
  assert.deepEqual(v.notes.map((n) => n.message.split(':')[0]), ['image', 'platform']);
});

test('show version without its uptime line: no hostname, the rest is read', () => {
  const v = parseShowVersion(IOS_MIN.split('\r\n').filter((l) => !/uptime/.test(l)).join('\n'));
  assert.equal(v.hostname, undefined);
  assert.equal(v.imageFile, 'flash:c2960x-universalk9-mz.152-7.E3.bin');
  assert.deepEqual(v.notes.map((n) => n.message.split(':')[0]), ['hostname']);
});

test('ASA cut after the version line: the version, and notes for the rest', () => {
  const v = parseShowVersion('Cisco Adaptive Security Appliance Software Version 9.8(2)\nDevice Manager Version 7.8(2)\n');
  assert.equal(v.version, '9.8(2)');
  assert.deepEqual(v.notes.map((n) => n.message.split(':')[0]), ['image', 'hostname', 'platform']);
});

const bad: { title: string; input: string; line?: RegExp }[] = [
  { title: 'empty', input: '' },
  { title: 'rejected command', input: 'show versoin\n             ^\n% Invalid input detected at \'^\' marker.', line: /Invalid input/ },
  { title: 'not IOS at all', input: 'Linux box 5.10.0 #1 SMP x86_64 GNU/Linux', line: /Linux/ },
  { title: 'another command\'s output', input: 'BOOT variable = flash:x.bin;\nConfiguration register is 0x2102\n', line: /BOOT variable/ },
  { title: 'IOS-XR (not supported yet)', input: 'Cisco IOS XR Software, Version 6.5.3\nCopyright (c) 2013-2019 by Cisco Systems, Inc.', line: /IOS XR/ },
];

for (const b of bad) {
  test(`show version refuses: ${b.title}`, () => {
    assert.throws(() => parseShowVersion(b.input), (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.code, 'E_PARSE');
      assert.equal(e.command, 'show version');
      if (b.line) assert.match(e.line, b.line);
      return true;
    });
  });
}

// ASA layout written from the format's rules (fixtures hold no ASA show version capture).
const ASA = [
  'Cisco Adaptive Security Appliance Software Version 9.15(1)1 ',
  'SSP Operating System Version 2.9(1.131)',
  'Device Manager Version 7.15(1)',
  '',
  'Compiled on Fri 20-Nov-20 18:48 GMT by builders',
  'System image file is "disk0:/asa9151-1-smp-k8.bin"',
  'Config file at boot was "startup-config"',
  '',
  'fw01 up 2 days 17 hours',
  'failover cluster up 2 days 17 hours',
  '',
  'Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)',
  'Internal ATA Compact Flash, 8192MB',
  'BIOS Flash M25P64 @ 0xfed01000, 16384KB',
  '',
  'Serial Number: JAD20000ABC',
  'Configuration register is 0x1',
].join('\r\n');

test('ASA show version', () => {
  const v = parseShowVersion(ASA);
  assert.deepEqual(
    { h: v.hostname, p: v.platform, os: v.osFamily, ver: v.version, img: v.imageFile, up: v.uptime, mem: v.memory.mainBytes, fl: v.flashBytes, sn: v.serial, reg: v.configRegister },
    { h: 'fw01', p: 'ASA5516', os: 'asa', ver: '9.15(1)1', img: 'disk0:/asa9151-1-smp-k8.bin', up: '2 days 17 hours', mem: 8192 * 1024 * 1024, fl: 8192 * 1024 * 1024, sn: 'JAD20000ABC', reg: '0x1' },
  );
});
