// dir / show flash: against every real capture (ntc .raw with its .yml values; genie transcripts),
// table tests for the documented layouts the captures lack (Class B with partitions, Class A), and
// truncated or malformed listings that must be refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ParseError, parseDir, type DirListing } from '../../../../src/device/parsers';
import { fixturesMissing, ntcCases, transcript } from './fixtures';

const skip = fixturesMissing;

test('ntc cisco_ios dir: every row and the totals', { skip }, () => {
  for (const c of ntcCases('cisco_ios', 'dir')) {
    const d = parseDir(c.raw);
    assert.equal(d.files.length, c.expected.length, c.name);
    c.expected.forEach((e, i) => {
      const f = d.files[i]!;
      assert.equal(d.directory, e.file_system);
      assert.equal(String(f.index), e.id);
      assert.equal(f.permissions, e.permissions);
      assert.equal(String(f.sizeBytes), e.size);
      assert.equal(f.date, e.date_time);
      assert.equal(f.name, e.name);
      assert.equal(String(d.totalBytes), e.total_size);
      assert.equal(String(d.freeBytes), e.total_free);
    });
    assert.equal(d.fileSystem, 'bootflash:');
    assert.equal(d.files.find((f) => f.name === 'packages.conf')?.dateIso, '2015-03-02T08:48:31+00:00');
    assert.equal(d.files.find((f) => f.name === 'core')?.isDirectory, true);
  }
});

test('ntc cisco_asa dir: time-before-date rows, totals', { skip }, () => {
  const [c] = ntcCases('cisco_asa', 'dir');
  const d = parseDir(c!.raw);
  assert.equal(d.format, 'asa');
  assert.equal(d.fileSystem, 'disk0:');
  assert.equal(d.files.length, c!.expected.length);
  c!.expected.forEach((e, i) => {
    const f = d.files[i]!;
    assert.deepEqual([String(f.index), f.permissions, String(f.sizeBytes), f.date, f.name], [e.id, e.permissions, e.size, e.date_time, e.name]);
    assert.equal(String(d.totalBytes), e.total_size);
    assert.equal(String(d.freeBytes), e.total_free);
  });
  assert.equal(d.files[0]!.dateIso, '2015-11-03T19:39:56');
});

test('ntc cisco_nxos dir: rows, directories, usage block', { skip }, () => {
  const [c] = ntcCases('cisco_nxos', 'dir');
  const d = parseDir(c!.raw);
  assert.equal(d.format, 'nx-os');
  assert.equal(d.files.length, c!.expected.length);
  c!.expected.forEach((e, i) => {
    const f = d.files[i]!;
    assert.equal(f.name + (f.isDirectory ? '/' : ''), e.item_name);
    assert.equal(String(f.sizeBytes), e.size);
    assert.equal(f.date, e.date_time);
    assert.equal(d.fileSystem, `${String(e.file_system)}:`);
    assert.deepEqual([d.totalBytes, d.freeBytes, d.usedBytes].map(String), [e.total_size, e.total_free, e.total_used]);
  });
});

test('ntc cisco_xr dir: ls -l rows, symlink, kbytes totals', { skip }, () => {
  const [c] = ntcCases('cisco_xr', 'dir');
  const d = parseDir(c!.raw);
  assert.equal(d.format, 'ios-xr');
  assert.equal(d.directory, '/var/xr/scratch');
  assert.equal(d.files.length, c!.expected.length);
  c!.expected.forEach((e, i) => {
    const f = d.files[i]!;
    assert.equal(`${f.index} ${f.permissions}`, e.permissions);
    assert.equal(String(f.sizeBytes), e.size);
    assert.equal(f.name, e.name);
    assert.equal(f.date, [e.date_month, e.date_day, e.date_time || e.date_year].join(' '));
    assert.equal(d.totalBytes, Number(e.total_size) * 1024);
    assert.equal(d.freeBytes, Number(e.total_free) * 1024);
  });
  assert.equal(d.files.find((f) => f.name === 'config')?.linkTarget, '/misc/config');
  assert.equal(d.files[0]!.dateIso, undefined, 'no year printed, so no ISO date');
});

const transcripts: { file: string; fs: string; format: DirListing['format']; count: number; total: number; free: number; check?: (d: DirListing) => void }[] = [
  { file: 'dir_bootflash_asr1k.txt', fs: 'bootflash:', format: 'ios', count: 22, total: 1940303872, free: 1036210176, check: (d) => assert.deepEqual(d.files.find((f) => f.name === 'testimage'), { index: 24, permissions: '-rw-', sizeBytes: 794609595, date: 'Feb 17 2017 11:50:21 -07:00', dateIso: '2017-02-17T11:50:21-07:00', name: 'testimage', isDirectory: false }) },
  { file: 'dir_flash0_iosv.txt', fs: 'flash0:', format: 'ios', count: 5, total: 2142715904, free: 1989595136, check: (d) => assert.deepEqual(d.files.filter((f) => f.isDirectory).map((f) => f.name), ['boot', 'config']) },
  { file: 'dir_flash_c3850.txt', fs: 'flash:', format: 'ios', count: 18, total: 1598627840, free: 880939008, check: (d) => assert.equal(d.files.find((f) => f.name === 'ISSUCleanGolden')?.sizeBytes, 630812001) },
  { file: 'dir_iosxr_misc_scratch.txt', fs: '/misc/scratch', format: 'ios-xr', count: 11, total: 1012660 * 1024, free: 939092 * 1024, check: (d) => assert.equal(d.files.find((f) => f.name === 'nvgen_traces')?.date, 'May 10 14:02') },
  {
    file: 'show_bootflash_isr4300.txt', fs: 'bootflash:', format: 'ios-xe-flash', count: 17, total: 13755338752 + 489017344, free: 13755338752,
    check: (d) => {
      assert.equal(d.usedBytes, 489017344);
      assert.deepEqual(d.files.filter((f) => f.isDirectory).map((f) => f.name), ['tracelogs', 'core']);
      assert.equal(d.files.find((f) => f.name === 'isr4300-universalk9.03.16.04b.S.155-3.S4b-ext.SPA.bin')?.sizeBytes, 486645440);
      assert.equal(d.files.find((f) => f.name === 'tracelogs/dmesg')?.dateIso, '2020-10-12T07:27:04+00:00');
    },
  },
  {
    file: 'show_usbflash_vol_usb0_asr_c8000.txt', fs: '/vol/usb0/', format: 'ios-xe-flash', count: 8, total: 27910094848 + 2858942464, free: 27910094848,
    check: (d) => {
      assert.ok(d.files.some((f) => f.name === 'System Volume Information/WPSettings.dat' && f.sizeBytes === 12));
      assert.deepEqual(d.files.filter((f) => f.isDirectory).map((f) => f.name), ['System Volume Information', 'test'] /* usb_sub_dir1 is empty: this layout cannot tell it from a file */);
    },
  },
];

for (const t of transcripts) {
  test(`transcript ${t.file}`, { skip }, () => {
    const d = parseDir(transcript(t.file));
    assert.equal(d.fileSystem, t.fs);
    assert.equal(d.format, t.format);
    assert.equal(d.files.length, t.count);
    assert.equal(d.totalBytes, t.total);
    assert.equal(d.freeBytes, t.free);
    t.check?.(d);
  });
}

test('transcript dir_flash_rommon_cat3k: ROMMON dir (no dates, "." and "..", bytes available)', { skip }, () => {
  const mock = parseYaml(transcript('dir_flash_rommon_cat3k.txt')) as { cat3k_rommon: { commands: Record<string, string> } };
  const d = parseDir(mock.cat3k_rommon.commands['dir flash:']!);
  assert.equal(d.format, 'rommon');
  assert.equal(d.fileSystem, 'flash:');
  assert.deepEqual(d.files.map((f) => f.name), ['rp_super_universalk9.edison.bin.old', 'rp_super_universalk9.edison.bin', 'start.cfg', 'nvram_config_bkup', 'startup_cfg.txt']);
  assert.equal(d.files[1]!.sizeBytes, 539187403);
  assert.equal(d.files[1]!.date, undefined);
  assert.deepEqual([d.freeBytes, d.usedBytes, d.totalBytes], [516395008, 1131499520, 516395008 + 1131499520]);
});

// Class B `show flash` as documented (fixtures README; Cisco 12.1 Configuration Fundamentals).
const CLASS_B = `
System flash directory:
File  Length   Name/status
  1   8121000  c2500-js-l.121-17.bin
  2   1024     old-config [deleted]
[8122152 bytes used, 8655064 available, 16777216 total]
16384K bytes of processor board System flash (Read ONLY)
`;

const CLASS_B_PARTS = `System flash directory, partition 1:
File  Length   Name/status
  1   6070088  c2500-js-l.112-14.bin
[6070152 bytes used, 2318456 available, 8388608 total]
8192K bytes of processor board System flash (Read ONLY)

System flash directory, partition 2:
No files in System flash
[0 bytes used, 8388608 available, 8388608 total]
8192K bytes of processor board System flash (Read/Write)
`;

const SHOW_FLASH_ALL = `Partition   Size    Used      Free      Bank-Size  State          Copy Mode
  1         16384K  6073K     10310K    4096K      Read ONLY      RXBOOT-FLH

System flash directory:
File  Length   Name/status
        addr      fcksum  ccksum
  1   6218052  c2500-jos56i-l.120-9.bin
        0x40      0x4FA4  0x4FA4
[6218116 bytes used, 10559100 available, 16777216 total]
16384K bytes of processor board System flash (Read ONLY)

Chip    Bank  Code      Size      Name
1       1     89A2      4096KB    INTEL 28F016SA
2       1     89A2      4096KB    INTEL 28F016SA

Executing current image from System flash
`;

const CLASS_A = `-#- ED --type-- --crc--- -seek-- nlen -length- ---------date/time--------- name
1   .. image    8C5A393A  237E3C   14   2063804 Aug 23 1999 17:35:16 c7200-ik8s-mz
2   .D unknown  5E6D0E6E  2F6A8C   10   3418344 Sep 01 1999 10:10:10 old-image
3104548 bytes available (13672668 bytes used)
`;

const table: { title: string; input: string; fsHint?: string; expected: Partial<DirListing> & { names?: string[] } }[] = [
  { title: 'Class B show flash, run from flash, a deleted file', input: CLASS_B, expected: { fileSystem: 'flash:', format: 'class-b', usedBytes: 8122152, freeBytes: 8655064, totalBytes: 16777216, readOnly: true, names: ['c2500-js-l.121-17.bin', 'old-config'] } },
  { title: 'Class B with two partitions', input: CLASS_B_PARTS, expected: { format: 'class-b', usedBytes: 6070152, freeBytes: 2318456 + 8388608, totalBytes: 16777216, readOnly: false, names: ['c2500-js-l.112-14.bin'] } },
  { title: 'Class B show flash all (partition table, checksums, chips)', input: SHOW_FLASH_ALL, expected: { format: 'class-b', usedBytes: 6218116, readOnly: true, names: ['c2500-jos56i-l.120-9.bin'] } },
  { title: 'Class B PCMCIA slot0', input: CLASS_B.replace('System flash directory', 'PCMCIA Slot0 flash directory'), expected: { fileSystem: 'slot0:' } },
  { title: 'Class A slot0 with a deleted file', input: CLASS_A, fsHint: 'slot0:', expected: { fileSystem: 'slot0:', format: 'class-a', freeBytes: 3104548, usedBytes: 13672668, names: ['c7200-ik8s-mz', 'old-image'] } },
  { title: 'IOS dir with <no date> and an empty name column width', input: 'Directory of flash:/\n\n    1  -rw-     5571584  <no date>  c2600-i-mz.122-2.XA1\n\n16515072 bytes total (10943360 bytes free)\n', expected: { fileSystem: 'flash:', names: ['c2600-i-mz.122-2.XA1'], totalBytes: 16515072 } },
  { title: 'IOS dir with zone names instead of offsets', input: 'Directory of flash:/\n\n    3  -rw-    33591768  Mar 30 2017 09:13:58 UTC  c2960-lanbasek9-mz.150-2.SE11.bin\n    4  -rw-        1048  Mar 30 2017 09:14:02 PDT  multiple-fs\n\n64016384 bytes total (30424576 bytes free)\n', expected: { names: ['c2960-lanbasek9-mz.150-2.SE11.bin', 'multiple-fs'] } },
  { title: 'nvram: with ---- permissions and <no date>', input: 'Directory of nvram:/\n\n  32762  -rw-        4213                    <no date>  startup-config\n  32763  ----          77                    <no date>  private-config\n\n2097152 bytes total (2056462 bytes free)\n', expected: { fileSystem: 'nvram:', names: ['startup-config', 'private-config'] } },
  { title: 'IOS dir of an empty file system', input: 'Directory of usbflash0:/\n\nNo files in directory\n\n7816089600 bytes total (7816081408 bytes free)', expected: { fileSystem: 'usbflash0:', names: [], freeBytes: 7816081408 } },
  { title: 'IOS dir with the command echo and prompt', input: 'sw1#dir flash:\r\nDirectory of flash:/\r\n\r\n    2  -rwx        1048   Mar 1 1993 00:01:34 +00:00  multiple-fs\r\n\r\n57931776 bytes total (20937728 bytes free)\r\nsw1#', expected: { names: ['multiple-fs'], totalBytes: 57931776 } },
  { title: 'IOS dir /recursive (sub-directory sections)', input: 'Directory of flash:/\n\n  2  drwx  512  Mar 1 1993 00:11:32 +00:00  c2960x-universalk9-mz.152-7.E3\n\nDirectory of flash:/c2960x-universalk9-mz.152-7.E3/\n\n  3  -rwx  26061824  Mar 1 1993 00:11:32 +00:00  c2960x-universalk9-mz.152-7.E3.bin\n\n122185728 bytes total (89391616 bytes free)\n', expected: { names: ['c2960x-universalk9-mz.152-7.E3', 'c2960x-universalk9-mz.152-7.E3/c2960x-universalk9-mz.152-7.E3.bin'] } },
  { title: 'ASA with file(s) total size and percent free', input: 'Directory of disk0:/\n\n120    -rwx  74369568     19:39:56 Nov 03 2015  asa951-lfbff-k8.spa\n\n1 file(s) total size: 74369568 bytes\n7859437568 bytes total (4417200128 bytes free/56% free)\n', expected: { format: 'asa', freeBytes: 4417200128, names: ['asa951-lfbff-k8.spa'] } },
];

for (const t of table) {
  test(`dir: ${t.title}`, () => {
    const d = parseDir(t.input, t.fsHint);
    const { names, ...rest } = t.expected;
    for (const [k, v] of Object.entries(rest)) assert.deepEqual((d as unknown as Record<string, unknown>)[k], v, k);
    if (names) assert.deepEqual(d.files.map((f) => f.name), names);
  });
}

test('dir: Class B details — deleted flag, partition numbers, per-partition totals', () => {
  const b = parseDir(CLASS_B);
  assert.equal(b.files[1]!.deleted, true);
  assert.equal(b.partitions, undefined);
  const p = parseDir(CLASS_B_PARTS);
  assert.deepEqual(p.partitions?.map((x) => [x.number, x.freeBytes, x.readOnly, x.files.length]), [[1, 2318456, true, 1], [2, 8388608, false, 0]]);
  assert.equal(p.files[0]!.partition, 1);
  assert.equal(parseDir(CLASS_A).files[1]!.deleted, true);
});

test('dir: dates keep their zone — UTC becomes Z offset, other zone names get no ISO form', () => {
  const d = parseDir('Directory of flash:/\n\n    3  -rw-  1  Mar 30 2017 09:13:58 UTC  a\n    4  -rw-  1  Mar 30 2017 09:14:02 PDT  b\n    5  -rw-  1  Mar 1 1993 00:01:34  c\n\n9 bytes total (6 bytes free)\n');
  assert.deepEqual(d.files.map((f) => [f.date, f.dateIso]), [
    ['Mar 30 2017 09:13:58 UTC', '2017-03-30T09:13:58+00:00'],
    ['Mar 30 2017 09:14:02 PDT', undefined],
    ['Mar 1 1993 00:01:34', '1993-03-01T00:01:34'],
  ]);
});

// Real devices print lines no parser has seen, and listings get cut off: the parser keeps what it
// read, and each line it skipped (or the totals it could not find) is a note — never a lost listing.
const tolerated: { title: string; input: string; names: string[]; note: RegExp; totals?: boolean }[] = [
  { title: 'IOS dir without its "bytes total" line', input: 'Directory of flash:/\n\n    2  -rwx        1048   Mar 1 1993 00:01:34 +00:00  multiple-fs\n', names: ['multiple-fs'], note: /free space: no closing/ },
  { title: 'IOS dir cut inside a row', input: 'Directory of flash:/\n\n    2  -rwx        1048   Mar 1 19', names: [], note: /Mar 1 19$/ },
  { title: 'IOS dir with a garbled row', input: 'Directory of flash:/\n\n    2  -rwx  abc  Mar 1 1993 00:01:34 +00:00  x\n    3  -rwx  1  Mar 1 1993 00:01:34 +00:00  y\n\n1 bytes total (1 bytes free)', names: ['y'], note: /abc/, totals: true },
  { title: 'text after the totals', input: 'Directory of flash:/\n\n1 bytes total (1 bytes free)\n    2  -rwx  1  Mar 1 1993 00:01:34 +00:00  x', names: [], note: /-rwx/, totals: true },
  { title: 'rows of another file system in one listing', input: 'Directory of flash:/\n\n  2  -rwx  1  Mar 1 1993 00:01:34 +00:00  a\nDirectory of nvram:/\n\n  3  -rw-  9  <no date>  startup-config\n\n1 bytes total (1 bytes free)', names: ['a'], note: /nvram/, totals: true },
  { title: 'a leading Input/output error line', input: 'Input/output error\nDirectory of usbflash0:/\n\n    1  -rw-  33591768  Mar 30 2017 09:13:58 +00:00  x.bin\n\n7816089600 bytes total (7782489088 bytes free)', names: ['x.bin'], note: /Input\/output error/, totals: true },
  { title: 'an error line in the middle of the rows', input: 'Directory of flash:/\n\n    1  -rw-  1  Mar 30 2017 09:13:58 +00:00  a.bin\n%Error: Input/output error\n    2  -rw-  2  Mar 30 2017 09:13:58 +00:00  b.bin\n\n9 bytes total (6 bytes free)', names: ['a.bin', 'b.bin'], note: /Input\/output error/, totals: true },
  { title: 'Class B without the [used, available, total] line', input: CLASS_B.split('\n').slice(0, 5).join('\n'), names: ['c2500-js-l.121-17.bin', 'old-config'], note: /free space/ },
  { title: 'Class B partition 1 not closed before partition 2', input: CLASS_B_PARTS.replace('[6070152 bytes used, 2318456 available, 8388608 total]\n', ''), names: ['c2500-js-l.112-14.bin'], note: /partition 1 free space/ },
  { title: 'IOS-XE show flash without "bytes available"', input: 'Bootflash:  -#- --length-- ---------date/time--------- path\n  1       4096 Oct 12 2020 07:23:32 +00:00 /bootflash/\n  2        46 Oct 12 2020 07:23:32 +00:00 /bootflash/a.txt\n', names: ['a.txt'], note: /free space/ },
  { title: 'NX-OS dir without the usage block', input: '       4096    Nov 18 15:29:15 2017  .patch/\n', names: ['.patch'], note: /total size/ },
  { title: 'NX-OS usage block without "bytes total"', input: '       4096    Nov 18 15:29:15 2017  .patch/\n\nUsage for bootflash://\n 1531203584 bytes used\n', names: ['.patch'], note: /total size/ },
  { title: 'Class A without "bytes available"', input: CLASS_A.split('\n').slice(0, 3).join('\n'), names: ['c7200-ik8s-mz', 'old-image'], note: /free space/ },
  { title: 'XR dir without its kbytes total', input: 'Directory of /misc/scratch\n   15 lrwxrwxrwx 1    12 May 10  2017 config -> /misc/config\n', names: ['config'], note: /free space/ },
  { title: 'a date layout we do not know', input: 'Directory of flash:/\n\n    3  -rw-    3359  2017-03-30 09:13:58  x.bin\n\n64016384 bytes total (30424576 bytes free)\n', names: [], note: /2017-03-30/, totals: true },
  { title: 'IOS rows mixed with ASA rows', input: 'Directory of disk0:/\n\n120  -rwx  74369568  19:39:56 Nov 03 2015  a.spa\n  2  -rwx  1048  Mar 1 1993 00:01:34 +00:00  b\n\n1 bytes total (1 bytes free)', names: ['a.spa'], note: /\+00:00 {2}b$/, totals: true },
];

for (const t of tolerated) {
  test(`dir reads what it can: ${t.title}`, () => {
    const d = parseDir(t.input);
    assert.deepEqual(d.files.map((f) => f.name), t.names);
    assert.ok(d.notes.some((n) => t.note.test(n.line ?? n.message)), JSON.stringify(d.notes));
    assert.equal(d.totalBytes !== undefined, t.totals === true);
  });
}

test('dir: IOS-XR classic rows (the date leads with the weekday)', () => {
  const d = parseDir('Directory of disk0:\n\n    2  drwx  4096        Thu Feb 12 14:53:12 2015  LOST.DIR\n65920  -rwx  1024        Tue Mar 24 18:14:33 2015  asr9k-fpd-px.pie\n\n2102657024 bytes total (1036193792 bytes free)\n');
  assert.equal(d.format, 'ios-xr');
  assert.deepEqual(d.files.map((f) => [f.name, f.sizeBytes, f.isDirectory]), [['LOST.DIR', 4096, true], ['asr9k-fpd-px.pie', 1024, false]]);
  assert.deepEqual(d.notes, []);
});

// Not a listing at all: refused, with the line quoted.
const refused: { title: string; input: string; line?: RegExp }[] = [
  { title: 'device error', input: '%Error opening flash:/nope (No such file or directory)', line: /%Error opening/ },
  { title: 'rejected command', input: 'dir flsh:\n    ^\n% Invalid input detected at \'^\' marker.', line: /Invalid/ },
  { title: 'unknown layout', input: 'total 24\n-rw-r--r-- 1 root root 0 Jan 1 00:00 x', line: /total 24/ },
  { title: 'empty', input: '\r\n\r\n' },
  { title: 'another command\'s output', input: 'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3\nsw1 uptime is 1 day', line: /Cisco IOS/ },
];

for (const t of refused) {
  test(`dir refuses: ${t.title}`, () => {
    assert.throws(() => parseDir(t.input), (e: unknown) => {
      assert.ok(e instanceof ParseError, String(e));
      assert.equal(e.code, 'E_PARSE');
      assert.equal(e.command, 'dir');
      if (t.line) assert.match(e.line, t.line);
      return true;
    });
  });
}
