// show inventory on every real capture in the corpus (the values themselves are compared with
// genieparser/ntc-templates in corpus/), chassisOf's choice per platform, and odd input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chassisOf, parseShowInventory, type ChassisRule } from '../../../../src/device/parsers';
import { corpusMissing, corpusRecords, corpusRoot } from './corpus/corpus';
import { hostileTable } from './hostile-table';

const skip = corpusMissing;
const records = corpusMissing ? [] : corpusRecords().filter((r) => r.family === 'show inventory');
const read = (p: string) => readFileSync(path.join(corpusRoot, p), 'utf8');

// The only lines of the corpus the parser does not know: capture artefacts, each reported as a note.
const EXPECTED_UNPARSED: Record<string, number[]> = {
  // a DESCR whose closing quote was lost when the capture was sanitised
  'genie/ios/cat6k/ShowInventory/golden_output_2_output.txt': [25],
  // a bare prompt, the test tool's banner, and the echo with its first letter eaten
  'genie/iosxe/ShowInventory/golden_output_asr1002_output.txt': [2, 3, 4],
};

test('show inventory: every corpus capture parses, one entry per NAME line, unknown lines only where expected', { skip }, () => {
  assert.equal(records.length, 56);
  for (const r of records) {
    const text = read(r.local_path);
    const inv = parseShowInventory(text);
    const nameLines = text.split('\n').filter((l) => /^\s*NAME:/i.test(l)).length;
    assert.equal(inv.entries.length, nameLines, r.local_path);
    const unparsedAt = inv.notes.filter((n) => n.kind === 'unparsed').map((n) => n.lineNumber);
    assert.deepEqual(unparsedAt, EXPECTED_UNPARSED[r.local_path] ?? [], r.local_path);
    // `| include` excerpts keep only the NAME lines: one note says so, nothing is invented.
    const filtered = /\| include/.test(r.command);
    assert.equal(inv.notes.some((n) => n.kind === 'missing' && n.message.startsWith('PID/VID/SN')), filtered, r.local_path);
    if (filtered) assert.ok(inv.entries.every((e) => e.pid === undefined && e.sn === undefined));
  }
});

test('show inventory keeps names and descriptions verbatim', { skip }, () => {
  const isr = parseShowInventory(read('genie/iosxe/ShowInventory/golden_output_10_output.txt'));
  assert.deepEqual(isr.entries[1], { name: 'Power Supply Module 0', descr: '1000W AC Power Supply for Cisco ISR4450, ISR4460, VG450', pid: 'PWR-4450-1000W-AC', vid: 'V02', sn: 'DCA2128Y07N', lineNumber: 10 });
  assert.deepEqual(isr.entries[2], { name: 'Fan Tray', descr: 'Cisco ISR4460 Forward-flow Fan Assembly', pid: 'ACS-4460-FANASSY', lineNumber: 13 });
  const cat4k = parseShowInventory(read('genie/iosxe/ShowInventory/golden_output_3_output.txt'));
  assert.equal(cat4k.entries[0]!.descr, 'Cisco Systems, Inc. WS-C4507R+E 7 slot switch ');
  assert.equal(cat4k.entries[2]!.name, 'Switch1 Mux Buffer 1 ');
  const raw = parseShowInventory(read('genie/iosxe/ShowInventoryRaw/golden_output_2_output.txt'));
  assert.deepEqual(raw.entries.map((e) => [e.name, e.pid, e.vid, e.sn]), [
    ['Gi2/0/1', undefined, undefined, undefined],
    ['Switch 3', 'C9300-48U', undefined, undefined],
    ['Twe2/1/1 Container', 'Unknown PID', undefined, undefined],
    ['usbflash1', 'SSD-120G', '3.10', 'STP23080N36'],
  ]);
  const sensor = parseShowInventory(read('genie/iosxe/ShowInventoryRaw/golden_output_5_output.txt')).entries.find((e) => e.name === 'Switch 1 Slot 1 Temp: CPU board');
  assert.equal(sensor?.descr, 'Temp: CPU board');
});

test('show inventory: a blank line between NAME and PID (ME1200), OID lines, a single named entry', { skip }, () => {
  assert.deepEqual(parseShowInventory(read('genie/ios/ShowInventory/golden_output_11_output.txt')).entries, [{ name: 'ME1200', descr: 'Network Interface Device', pid: 'ME1200-4S-A', vid: 'V01', sn: 'RTC213800DC', lineNumber: 3 }]);
  const oid = parseShowInventory(read('genie/iosxe/ShowInventoryOID/golden_output_output.txt'));
  assert.deepEqual(oid.entries.map((e) => e.oid), ['1.3.6.1.4.1.9.12.3.1.3.2421', '1.3.6.1.4.1.9.12.3.1.9.2.740']);
  assert.deepEqual(oid.notes, []);
  const one = parseShowInventory(read('genie/iosxe/ShowInventoryName/golden_output_name_output.txt'));
  assert.deepEqual(one.entries.map((e) => [e.name, e.pid, e.sn]), [['Power Supply Module 0', 'C9800-AC-750W-R', 'ART2229FAR7']]);
  assert.deepEqual(one.notes, []);
});

// What the product shows as the box's identity, per platform family.
const chassis: { file: string; rule: ChassisRule; units: [number | undefined, string | undefined, string | undefined][] }[] = [
  { file: 'genie/iosxe/ShowInventory/golden_output_c3850_output.txt', rule: 'stack-members', units: [[1, 'WS-C3850-24P-E', 'FCW1932D0LB'], [2, 'WS-C3850-24P-E', 'FOC1932X0K1'], [3, 'WS-C3850-24P-E', 'FCW1932C0MA'], [4, 'WS-C3850-24P-E', 'FCW1932D0L0'], [5, 'WS-C3850-24P-E', 'FOC1932X0F9']] },
  { file: 'genie/iosxe/cat9k/c9300/rv1/ShowInventory/golden_output_output.txt', rule: 'stack-members', units: [[1, 'C9300-24T', 'FCW2323GHDD'], [2, 'C9300-24T', 'FCW2323L0JB'], [3, 'C9300-24T', undefined]] },
  { file: 'genie/iosxe/ShowInventory/golden_output_7_output.txt', rule: 'stack-members', units: [[1, 'C9500X-28C8D', 'FDO24460AE5'], [2, 'C9500X-28C8D', 'FDO25130VEC']] },
  { file: 'genie/iosxe/rv2/ShowInventory/golden_output_2_output.txt', rule: 'stack-members', units: [[1, 'C9606R', 'FXS2410Q1MA'], [2, 'C9606R', 'FXS2410Q1MH']] },
  { file: 'genie/iosxe/ShowInventory/golden_output_3_output.txt', rule: 'stack-members', units: [[1, 'WS-C4507R+E', 'FXS1941Q20T'], [2, 'WS-C4506-E', 'FOX1353G062']] },
  { file: 'genie/iosxe/ShowInventory/golden_output_asr1002_output.txt', rule: 'chassis-entry', units: [[undefined, 'ASR1002-X', 'FOX1111P1M1']] },
  { file: 'genie/iosxe/ShowInventory/golden_output_isr4k_output.txt', rule: 'chassis-entry', units: [[undefined, 'ISR4331/K9', 'FDO2201A0SR']] },
  { file: 'genie/iosxe/ShowInventory/golden_output_ie3xxx_output.txt', rule: 'chassis-entry', units: [[undefined, 'IE-3300-8U2X', 'FCW2449P5SK']] },
  { file: 'genie/iosxe/cat9k/c9500/ShowInventory/golden_output_c9500_output.txt', rule: 'chassis-entry', units: [[undefined, 'C9500-32QC', 'CAT2242L6CG']] },
  { file: 'genie/ios/ShowInventory/golden_output_10_output.txt', rule: 'chassis-entry', units: [[undefined, undefined, 'FOX1638GU8L']] },
  { file: 'genie/ios/ShowInventory/golden_output_2_output.txt', rule: 'chassis-word', units: [[undefined, 'WS-C6504-E', 'FXS1712Q1R8']] },
  { file: 'genie/ios/ShowInventory/golden_output_5_output.txt', rule: 'chassis-word', units: [[undefined, 'CISCO3945-CHASSIS', 'FGL161010K8']] },
  { file: 'genie/ios/ShowInventory/golden_output_7_output.txt', rule: 'chassis-word', units: [[undefined, 'CISCO2821', 'FTX1234AMWT']] },
  { file: 'ntc/cisco_ios/show_inventory/cisco_ios_show_inventory.raw', rule: 'chassis-word', units: [[undefined, undefined, 'FF1045C5']] },
  { file: 'genie/iosxe/ShowInventory/golden_output_4_output.txt', rule: 'numbered-members', units: [[1, 'WS-C3560CX-12PC-S', 'FOC2419L9KY']] },
  { file: 'genie/ios/ShowInventory/golden_output_11_output.txt', rule: 'first-entry', units: [[undefined, 'ME1200-4S-A', 'RTC213800DC']] },
];
for (const c of chassis) {
  test(`chassisOf ${c.file}: ${c.rule}`, { skip }, () => {
    const id = chassisOf(parseShowInventory(read(c.file)));
    assert.equal(id?.rule, c.rule);
    assert.deepEqual(id.units.map((u) => [u.member, u.pid, u.sn]), c.units);
  });
}

test('chassisOf: a provisioned but absent stack member is marked; an excerpt without PIDs names no chassis', { skip }, () => {
  const id = chassisOf(parseShowInventory(read('genie/iosxe/ShowInventoryRaw/golden_output_3_output.txt')));
  assert.deepEqual(id?.units.map((u) => [u.member, u.provisionedOnly]), [[1, true], [2, undefined]]);
  assert.equal(chassisOf(parseShowInventory(read('genie/iosxe/ShowInventoryRaw/golden_output_5_output.txt'))), undefined);
});

const odd: { title: string; input: string; entries: [string, string | undefined, string | undefined, string | undefined, string | undefined][]; unparsed?: number[] }[] = [
  { title: 'any capitalisation and spacing of the keys', input: 'Name:"Chassis",Descr:"ISR4331 Chassis"\npid:ISR4331/K9,vid:V03,sn:FDO1\n', entries: [['Chassis', 'ISR4331 Chassis', 'ISR4331/K9', 'V03', 'FDO1']] },
  { title: 'NX-OS double spaces', input: 'NAME: "Chassis",  DESCR: "Nexus9000 C93180YC-EX chassis"\nPID: N9K-C93180YC-EX     ,  VID: V03 ,  SN: FDO2\n', entries: [['Chassis', 'Nexus9000 C93180YC-EX chassis', 'N9K-C93180YC-EX', 'V03', 'FDO2']] },
  { title: 'a quote and a comma inside the description', input: 'NAME: "disk0", DESCR: "3.5" disk, SATA"\nPID: , VID: , SN: X1\n', entries: [['disk0', '3.5" disk, SATA', undefined, undefined, 'X1']] },
  { title: 'no comma before DESCR', input: 'NAME: "PS 1"  DESCR: "AC power supply"\nPID: PWR-1 , VID: V1 , SN: P1\n', entries: [['PS 1', 'AC power supply', 'PWR-1', 'V1', 'P1']] },
  { title: 'no DESCR at all', input: 'NAME: "slot 1"\nPID: NM-1, VID: V1, SN: S1\n', entries: [['slot 1', undefined, 'NM-1', 'V1', 'S1']] },
  { title: 'unknown lines kept as notes, the entry still read', input: 'NAME: "1", DESCR: "WS-C2960X-48FPD-L"\nHW rev: 2.0\nPID: WS-C2960X-48FPD-L , VID: V05 , SN: FOC1\n%SYS-5-CONFIG_I: Configured from console\n', entries: [['1', 'WS-C2960X-48FPD-L', 'WS-C2960X-48FPD-L', 'V05', 'FOC1']], unparsed: [2, 4] },
  { title: 'a PID line before any NAME, and a second PID line', input: 'PID: A , VID: , SN: 1\nNAME: "x", DESCR: "y"\nPID: B , VID: , SN: 2\nPID: C , VID: , SN: 3\n', entries: [['x', 'y', 'B', undefined, '2']], unparsed: [1, 4] },
  { title: 'CRLF and a trailing prompt', input: 'sw1#show inventory\r\nNAME: "1", DESCR: "WS-C3750X-48P"\r\nPID: WS-C3750X-48P-S  , VID: V02  , SN: FDO3\r\n\r\nsw1#', entries: [['1', 'WS-C3750X-48P', 'WS-C3750X-48P-S', 'V02', 'FDO3']] },
];
for (const o of odd) {
  test(`show inventory reads: ${o.title}`, () => {
    const inv = parseShowInventory(o.input);
    assert.deepEqual(inv.entries.map((e) => [e.name, e.descr, e.pid, e.vid, e.sn]), o.entries);
    assert.deepEqual(inv.notes.filter((n) => n.kind === 'unparsed').map((n) => n.lineNumber), o.unparsed ?? []);
  });
}

hostileTable({
  command: 'show inventory',
  parse: parseShowInventory,
  sample: 'NAME: "Chassis", DESCR: "Cisco ISR4331 Chassis"\nPID: ISR4331/K9        , VID: V04  , SN: FDO2201A0SR\n\nNAME: "Power Supply Module 0", DESCR: "250W AC Power Supply for Cisco ISR 4330"\nPID: PWR-4330-AC       , VID: V02  , SN: PST2150N1E2\n',
  other: 'Cisco IOS XE Software, Version 17.09.04a\nrouter uptime is 1 week, 2 days\n',
});
