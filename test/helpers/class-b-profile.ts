// A Class B device that runs IOS from RAM: a Cisco 3640 on 12.1 (3600 flash is Class B until
// 12.2(4)T). Its flash is writable, so a copy asks "Erase flash: before copying?" itself, with no
// Flash Load Helper. Built from the 2500 profile for the tests of the plain Class B dialogue.
import type { Profile } from '../../src/lab';
import { builtinProfiles } from '../../src/lab';

export const c3640Image = 'c3640-is-mz.121-27b.bin';

export function c3640ClassB(): Profile {
  const c2500 = builtinProfiles.find((p) => p.name === 'c2500-run-from-flash')!;
  return {
    ...c2500,
    name: 'c3640-class-b',
    description: 'Cisco 3640 running IOS 12.1 from RAM, Class B flash (test profile)',
    hostname: 'R3640',
    runFromFlash: false,
    interface: 'FastEthernet0/0',
    versionShort: '12.1',
    runningImage: `flash:${c3640Image}`,
    hasVerifyMd5: false,
    fileSystems: [{ prefixes: ['flash:'], type: 'flash', flags: 'rw', sizeBytes: 16777216, isDefault: true, files: [{ name: c3640Image, sizeBytes: 9_437_204 }] }],
    showVersion: [
      'Cisco Internetwork Operating System Software ',
      'IOS (tm) 3600 Software (C3640-IS-M), Version 12.1(27b), RELEASE SOFTWARE (fc1)',
      'Copyright (c) 1986-2005 by cisco Systems, Inc.',
      'Image text-base: 0x600089A8, data-base: 0x6110A000',
      '',
      'ROM: System Bootstrap, Version 11.1(20)AA2, EARLY DEPLOYMENT RELEASE SOFTWARE (fc1)',
      '',
      '{hostname} uptime is {uptime}',
      'System returned to ROM by power-on',
      'System image file is "{image}"',
      '',
      'cisco 3640 (R4700) processor (revision 0x00) with 59392K/6144K bytes of memory.',
      'Processor board ID 12345678',
      'R4700 CPU at 100MHz, Implementation 33, Rev 1.0',
      '2 FastEthernet/IEEE 802.3 interface(s)',
      'DRAM configuration is 64 bits wide with parity disabled.',
      '125K bytes of non-volatile configuration memory.',
      '16384K bytes of processor board System flash (Read/Write)',
      '',
      'Configuration register is {configRegister}',
      '',
    ].join('\n'),
  };
}
