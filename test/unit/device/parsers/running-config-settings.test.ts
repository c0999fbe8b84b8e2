// The running-config lines copy jobs need, from a full config, a filtered `| include`, and bad lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, parseRunningConfigSettings } from '../../../../src/device/parsers';

const FULL = `sw1#show running-config
Building configuration...

Current configuration : 1234 bytes
!
! Last configuration change at 10:00:00 UTC Mon Mar 1 1993
!
version 15.2
hostname sw1
!
boot-start-marker
boot system flash:c2960x-universalk9-mz.152-7.E3.bin
boot system flash c2960x-universalk9-mz.152-4.E8.bin
boot system tftp c2960x-fallback.bin 10.1.1.1
boot-end-marker
!
file prompt quiet
ip rcmd remote-username netops
ip ftp username backup
ip ftp password 7 0822455D0A16
no ip ftp passive
ip tftp blocksize 8192
ip tftp source-interface Vlan1
!
end

sw1#`;

test('a full running-config', () => {
  assert.deepEqual(parseRunningConfigSettings(FULL), {
    hostname: 'sw1',
    rcmdRemoteUsername: 'netops',
    ftpUsername: 'backup',
    ftpPassword: { type: 7, value: '0822455D0A16' },
    ftpPassive: false,
    tftpBlocksizeBytes: 8192,
    tftpSourceInterface: 'Vlan1',
    filePrompt: 'quiet',
    bootSystem: [
      { raw: 'flash:c2960x-universalk9-mz.152-7.E3.bin', image: 'flash:c2960x-universalk9-mz.152-7.E3.bin' },
      { raw: 'flash c2960x-universalk9-mz.152-4.E8.bin', image: 'flash:c2960x-universalk9-mz.152-4.E8.bin' },
      { raw: 'tftp c2960x-fallback.bin 10.1.1.1', image: 'c2960x-fallback.bin', server: '10.1.1.1' },
    ],
  });
});

const table: { title: string; input: string; expected: object }[] = [
  { title: 'nothing configured (defaults)', input: 'hostname r1\n', expected: { hostname: 'r1', bootSystem: [] } },
  { title: '| include output: passive, plain password, stack boot', input: 'ip ftp passive\nip ftp password s3cret\nboot system switch all flash:packages.conf\n', expected: { ftpPassive: true, ftpPassword: { type: 0, value: 's3cret' }, bootSystem: [{ raw: 'switch all flash:packages.conf', image: 'flash:packages.conf', switches: 'all' }] } },
  { title: 'CRLF and bootflash', input: 'hostname isr\r\nboot system bootflash:isr4300-universalk9.17.03.04a.SPA.bin\r\n', expected: { hostname: 'isr', bootSystem: [{ raw: 'bootflash:isr4300-universalk9.17.03.04a.SPA.bin', image: 'bootflash:isr4300-universalk9.17.03.04a.SPA.bin' }] } },
  { title: 'indented lines belong to other sections', input: 'interface Vlan1\n hostname notme\n', expected: { bootSystem: [] } },
];
for (const t of table) test(`running-config: ${t.title}`, () => assert.deepEqual(parseRunningConfigSettings(t.input), t.expected));

const bad: { title: string; input: string; line?: RegExp }[] = [
  { title: 'truncated full config (no end)', input: FULL.slice(0, FULL.indexOf('ip tftp')) },
  { title: 'block size not a number', input: 'ip tftp blocksize big', line: /big/ },
  { title: 'block size out of range', input: 'ip tftp blocksize 70000', line: /70000/ },
  { title: 'unknown file prompt mode', input: 'file prompt loud', line: /loud/ },
  { title: 'garbled boot system', input: 'boot system %%% ???', line: /%%%/ },
];
for (const b of bad) {
  test(`running-config refuses: ${b.title}`, () => {
    assert.throws(() => parseRunningConfigSettings(b.input), (e: unknown) => e instanceof ParseError && e.command === 'show running-config' && (!b.line || b.line.test(e.line)));
  });
}
