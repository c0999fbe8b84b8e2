// IOS-XE show <fs>: filesys and NX-OS show system internal flash: the genieparser captures are
// compared field by field in corpus/; here, odd spellings and hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShowFilesys, parseShowSystemInternalFlash } from '../../../../src/device/parsers';
import { hostileTable } from './hostile-table';

const FILESYS = 'Filesystem: flash\nFilesystem Path: /mnt/sd3/user\nFilesystem Type: ext2\nMounted: Read/Write\n';

test('show filesys: echo with prompt, a read-only mount, a name given with its colon', () => {
  assert.deepEqual(parseShowFilesys('Switch#show usbflash0: filesys\nFilesystem: usbflash0:\nFilesystem Path: /mnt/usb0\nFilesystem Type: vfat\nMounted: Read Only\nSwitch#'), {
    filesystem: 'usbflash0',
    path: '/mnt/usb0',
    type: 'vfat',
    mounted: 'Read Only',
    writable: false,
    notes: [],
  });
});

test('show filesys: keys in any case and spacing; a missing line is a missing note', () => {
  const r = parseShowFilesys('FILESYSTEM :  bootflash\nfilesystem   type: ext4\n');
  assert.equal(r.filesystem, 'bootflash');
  assert.equal(r.type, 'ext4');
  assert.deepEqual(r.notes.map((n) => n.message.split(':')[0]), ['path', 'mounted']);
});

hostileTable({ command: 'show filesys', parse: parseShowFilesys, sample: FILESYS, other: 'File Systems:\n\n     Size(b)     Free(b)      Type  Flags  Prefixes\n*  11353194496  9936510976    disk     rw   flash:\n' });

const FLASH = 'Mount-on                  1K-blocks      Used   Available   Use%  Filesystem\n/bootflash                  3626964   1275552     2165508     38   /dev/sda3\n/logflash                  15463828    151940    14524688      2   /dev/sdc1\n/bootflash_sup-remote       3705856   1249040     2266904     36   127.1.1.4:/bootflash/\n';

test('show system internal flash: sizes in bytes, the remote supervisor row', () => {
  const r = parseShowSystemInternalFlash(`N9K-1(config)# show system internal flash\n${FLASH}`);
  assert.equal(r.blockBytes, 1024);
  assert.deepEqual(r.mounts[0], { mountedOn: '/bootflash', totalBytes: 3626964 * 1024, usedBytes: 1275552 * 1024, availableBytes: 2165508 * 1024, usePercent: 38, filesystem: '/dev/sda3' });
  assert.equal(r.mounts[2]!.filesystem, '127.1.1.4:/bootflash/');
  assert.deepEqual(r.notes, []);
});

test('show system internal flash: a % sign in Use%, a row cut short, a header in another case', () => {
  const r = parseShowSystemInternalFlash('mount-on 1k-blocks used available use% filesystem\n/bootflash 100 50 50 50% /dev/sda3\n/logflash 200 100\n');
  assert.deepEqual(r.mounts.map((m) => [m.mountedOn, m.usePercent, m.totalBytes]), [['/bootflash', 50, 102400]]);
  assert.deepEqual(r.notes.map((n) => [n.kind, n.lineNumber]), [['unparsed', 3]]);
});

hostileTable({ command: 'show system internal flash', parse: parseShowSystemInternalFlash, sample: FLASH, other: 'Usage for bootflash://sup-local\n 1275552768 bytes used\n 2165508096 bytes free\n' });
