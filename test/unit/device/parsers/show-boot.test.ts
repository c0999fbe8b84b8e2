// show boot / show bootvar against the real captures and tables for the documented router layout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, parseShowBoot } from '../../../../src/device/parsers';
import { fixturesMissing, ntcCases, transcript } from './fixtures';

const skip = fixturesMissing;

test('ntc cisco_ios show_boot: BOOT path-list and config file', { skip }, () => {
  const cases = ntcCases('cisco_ios', 'show_boot');
  assert.equal(cases.length, 3);
  for (const c of cases) {
    const b = parseShowBoot(c.raw);
    const e = c.expected[0]!;
    assert.deepEqual(b.bootVariable, [e.boot_path], c.name);
    assert.equal(b.configFile, e.config_file, c.name);
    assert.equal(b.manualBoot, e.manual_boot === 'yes', c.name);
  }
});

test('transcript show_boot_c2960x_stack: one block per member', { skip }, () => {
  const b = parseShowBoot(transcript('show_boot_c2960x_stack.txt'));
  assert.deepEqual(b.bootVariable, ['flash:/c2960x-universalk9-mz.152-4.E8.bin']);
  assert.equal(b.configFile, 'flash:/config.text');
  assert.deepEqual(b.switches?.map((s) => [s.switchNumber, s.bootVariable]), [
    [undefined, ['flash:/c2960x-universalk9-mz.152-4.E8.bin']],
    [2, ['flash:/c2960x-universalk9-mz.152-4.E8.bin']],
    [3, ['flash:/c2960x-universalk9-mz.152-4.E8.bin']],
  ]);
});

test('transcript show_boot_c9300_install_mode: current and next-reload BOOT variable', { skip }, () => {
  const b = parseShowBoot(transcript('show_boot_c9300_install_mode.txt'));
  assert.deepEqual(b.bootVariable, ['flash:packages.conf']);
  assert.deepEqual(b.currentBootVariable, ['flash:packages.conf']);
  assert.equal(b.manualBoot, false);
  assert.equal(b.switches, undefined);
});

test('transcript show_boot_ie4000_sdflash_crlf: CRLF, sdflash:', { skip }, () => {
  const b = parseShowBoot(transcript('show_boot_ie4000_sdflash_crlf.txt'));
  assert.deepEqual(b.bootVariable, ['sdflash:/ie4000-universalk9_iox-mz.152-4.1.5.EB/ie4000-universalk9_iox-mz.152-4.1.5.EB.bin']);
  assert.equal(b.configFile, 'sdflash:/config.text');
});

test('transcript show_bootvar (ASR1006-X): ,12 suffix stripped, Standby lines', { skip }, () => {
  const b = parseShowBoot(transcript('show_bootvar_and_version_asr1006x_packages_conf.txt'));
  assert.deepEqual(b, {
    bootVariable: ['harddisk:packages.conf'],
    configRegister: '0x2102',
    standby: { bootVariable: ['harddisk:packages.conf'], configRegister: '0x2102' },
    notes: [],
  });
});

const table: { title: string; input: string; expected: object }[] = [
  {
    title: 'router show bootvar with two entries, config file, pending register',
    input: 'BOOT variable = bootflash:/isr4300-universalk9.17.03.04a.SPA.bin,12;bootflash:/isr4300-universalk9.16.09.05.SPA.bin,12;\nCONFIG_FILE variable = nvram:startup-config\nBOOTLDR variable =\nConfiguration register is 0x2142 (will be 0x2102 at next reload)\n\nStandby not ready to show bootvar\n',
    expected: { bootVariable: ['bootflash:/isr4300-universalk9.17.03.04a.SPA.bin', 'bootflash:/isr4300-universalk9.16.09.05.SPA.bin'], configFile: 'nvram:startup-config', configRegister: '0x2142', nextReloadConfigRegister: '0x2102', standbyNotReady: true },
  },
  { title: 'empty BOOT variable (no boot system configured)', input: 'BOOT variable =\nCONFIG_FILE variable =\nBOOTLDR variable does not exist\n\nConfiguration register is 0x2102\n', expected: { bootVariable: [], configRegister: '0x2102' } },
  { title: 'Catalyst path-list with two images', input: 'BOOT path-list      : flash:a.bin;flash:b.bin\nConfig file         : flash:/config.text\n', expected: { bootVariable: ['flash:a.bin', 'flash:b.bin'], configFile: 'flash:/config.text' } },
  { title: 'Cat9k bundle: next reload differs from current', input: 'Current Boot Variables:\nBOOT variable = flash:cat9k_iosxe.16.12.08.SPA.bin;\n\nBoot Variables on next reload:\nBOOT variable = flash:packages.conf;\nManual Boot = no\nEnable Break = no\nBoot Mode = DEVICE\niPXE Timeout = 0', expected: { bootVariable: ['flash:packages.conf'], currentBootVariable: ['flash:cat9k_iosxe.16.12.08.SPA.bin'], manualBoot: false, enableBreak: false, bootMode: 'DEVICE' } },
];
for (const t of table) {
  test(`show boot: ${t.title}`, () => assert.deepEqual(parseShowBoot(t.input), { ...t.expected, notes: [] }));
}

// Lines no parser has seen are notes, and the rest is still read; a missing BOOT line is a note too.
test('show boot: an unknown line is kept as a note, the rest is read', () => {
  const b = parseShowBoot('BOOT variable = flash:x.bin;\n!!!!garbled&&&\nConfiguration register is 0x2102');
  assert.deepEqual(b.bootVariable, ['flash:x.bin']);
  assert.equal(b.configRegister, '0x2102');
  assert.deepEqual(b.notes, [{ kind: 'unparsed', message: 'line not recognised', line: '!!!!garbled&&&', lineNumber: 2 }]);
});

test('show boot: output cut before the BOOT line reads the rest and says the BOOT variable is missing', () => {
  const b = parseShowBoot('Config file         : flash:/config.text\nPrivate Config file : flash:/private-config.text\n');
  assert.equal(b.bootVariable, undefined);
  assert.equal(b.configFile, 'flash:/config.text');
  assert.match(b.notes.map((n) => n.message).join(), /boot variable: no "BOOT variable"/);
});

test('show boot: Catalyst 9000 ROMMON-style variables (capital R, "does not exist", MANUAL_BOOT, double space)', () => {
  const b = parseShowBoot('BOOT variable does not exist\nCONFIG_FILE variable does not exist\nBOOTLDR variable does not exist\nConfiguration Register is 0x142  (will be 0x102 at next reload)\nMANUAL_BOOT variable = yes\nENABLE_BREAK variable = no\nIPXE_TIMEOUT variable does not exist\nSomeFutureThing variable = 42\n');
  // "BOOT variable does not exist" is an empty BOOT variable: the switch boots the first image it finds.
  assert.deepEqual(b, { bootVariable: [], configRegister: '0x142', nextReloadConfigRegister: '0x102', manualBoot: true, enableBreak: false, notes: [] });
});

test('show boot: NX-OS sup-1/sup-2 blocks, current and next reload', () => {
  const nx7k = [
    '', 'Current Boot Variables:', '', 'sup-1', 'kickstart variable = bootflash:/n7000-s2-kickstart.8.2.1.bin', 'system variable = bootflash:/n7000-s2-dk9.8.2.1.bin', 'Boot POAP Disabled',
    'sup-2', 'kickstart variable = bootflash:/n7000-s2-kickstart.8.2.1.bin', 'system variable = bootflash:/n7000-s2-dk9.8.2.1.bin', 'Boot POAP Disabled', 'No module boot variable set', '',
    'Boot Variables on next reload:', '', 'sup-1', 'kickstart variable = bootflash:/n7000-s2-kickstart.8.4.1.bin', 'system variable = bootflash:/n7000-s2-dk9.8.4.1.bin', 'Boot POAP Disabled',
    'sup-2', 'kickstart variable = bootflash:/n7000-s2-kickstart.8.4.1.bin', 'system variable = bootflash:/n7000-s2-dk9.8.4.1.bin', 'Boot POAP Disabled', 'No module boot variable set',
  ].join('\n');
  const b = parseShowBoot(nx7k);
  assert.deepEqual(b.bootVariable, ['bootflash:/n7000-s2-dk9.8.4.1.bin']);
  assert.deepEqual(b.currentBootVariable, ['bootflash:/n7000-s2-dk9.8.2.1.bin']);
  assert.deepEqual(b.kickstart, ['bootflash:/n7000-s2-kickstart.8.4.1.bin']);
  assert.deepEqual(b.supervisors?.map((s) => [s.name, s.bootVariable]), [['sup-1', ['bootflash:/n7000-s2-dk9.8.4.1.bin']], ['sup-2', ['bootflash:/n7000-s2-dk9.8.4.1.bin']]]);
  assert.deepEqual(b.notes, []);
  const n9k = parseShowBoot('Current Boot Variables:\n\nsup-1\nNXOS variable = bootflash:/nxos.9.3.8.bin\nBoot POAP Disabled\n\nBoot Variables on next reload:\n\nsup-1\nNXOS variable = bootflash:/nxos.9.3.10.bin\nBoot POAP Disabled\n');
  assert.deepEqual([n9k.bootVariable, n9k.currentBootVariable], [['bootflash:/nxos.9.3.10.bin'], ['bootflash:/nxos.9.3.8.bin']]);
});

test('show boot: a long line of blanks is read in linear time (no backtracking over "key : value")', () => {
  const b = parseShowBoot(`BOOT variable = flash:x.bin;\nManual${' '.repeat(50_000)}x\n`);
  assert.deepEqual(b.bootVariable, ['flash:x.bin']);
  assert.equal(b.notes.length, 1);
});

const bad: { title: string; input: string; line?: RegExp }[] = [
  { title: 'empty', input: '' },
  { title: 'rejected', input: '% Invalid input detected at \'^\' marker.', line: /Invalid/ },
  { title: 'incomplete', input: '% Incomplete command.', line: /Incomplete/ },
  { title: 'ambiguous', input: '% Ambiguous command:  "show b"', line: /Ambiguous/ },
  { title: 'another command\'s output', input: 'Directory of flash:/\n\n    2  -rwx  1048  Mar 1 1993 00:01:34 +00:00  multiple-fs\n', line: /Directory of/ },
];
for (const b of bad) {
  test(`show boot refuses: ${b.title}`, () => {
    assert.throws(() => parseShowBoot(b.input), (e: unknown) => e instanceof ParseError && e.command === 'show boot' && (!b.line || b.line.test(e.line)));
  });
}

test('a "Switch N" header with an absurd number is an unknown line, not a member numbered Infinity (found by npm run fuzz)', () => {
  const block = (n: string) => `---------------------------\nSwitch ${n}\n---------------------------\nCurrent Boot Variables:\nBOOT variable = flash:packages.conf;\n\nBoot Variables on next reload:\nBOOT variable = flash:packages.conf;\nManual Boot = no\n`;
  const r = parseShowBoot(`${block('1')}${block('9'.repeat(400))}`);
  for (const s of r.switches ?? []) assert.ok(s.switchNumber === undefined || Number.isSafeInteger(s.switchNumber), `switchNumber ${s.switchNumber}`);
  assert.ok(r.notes?.some((n) => /Switch 9{10}/.test(n.line ?? "")), 'the header is kept in the notes');
  assert.deepEqual(parseShowBoot(`${block('1')}${block('2')}`).switches?.map((s) => s.switchNumber), [1, 2]);
});
