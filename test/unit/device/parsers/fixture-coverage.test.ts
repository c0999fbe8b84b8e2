// Guards the rule "every fixture is a test case": each ntc .raw, each transcript and each iosxe file is
// claimed by a parser test here, or named below as another piece of work's (the HTTP/SCP copies).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allNtcRawFiles, fixturesMissing, transcriptNames } from './fixtures';
import { iosxeNames } from './iosxe-fixtures';

// ntc folders whose every .raw file the parser tests iterate (see ntcCases calls).
const NTC_TESTED = ['cisco_ios/dir/', 'cisco_ios/show_boot/', 'cisco_ios/show_file_systems/', 'cisco_ios/show_version/', 'cisco_nxos/dir/', 'cisco_nxos/show_version/', 'cisco_asa/dir/', 'cisco_xr/dir/'];

// Transcript name patterns the parser tests read (show-version, dir, show-boot, show-file-systems, copy-output, show install summary, install output).
const TRANSCRIPTS_TESTED = /^(show_version_|dir_|show_bootflash_|show_usbflash_|show_boot_|show_bootvar_|show_file_systems_|copy_|show_install_summary_|install_)/;

// iosxe/: the outputs the parsers own (show version, show boot, show install …, and install-output.test.ts
// reads every install dialogue 01–15 and 50–56), and the HTTP/SCP copy dialogues (57, 58) that belong
// to the HTTP transfers work.
const IOSXE_PARSED = /^(2\d|3[0-5]|38|40|41|42)_|^(0\d|1[0-5])b?_|^5[0-6]_/;
const IOSXE_DIALOGUES = /^5[78]_/;

test('every ntc capture belongs to a tested folder', { skip: fixturesMissing }, () => {
  const files = allNtcRawFiles();
  assert.ok(files.length >= 20);
  for (const f of files) assert.ok(NTC_TESTED.some((d) => f.startsWith(d)), `${f} is not read by any parser test`);
});

test('every transcript is read by a parser test', { skip: fixturesMissing }, () => {
  const names = transcriptNames(/./);
  assert.ok(names.length >= 30);
  for (const n of names) assert.ok(TRANSCRIPTS_TESTED.test(n), `${n} is not covered`);
  // The show-version, dir, show-boot and copy tests assert their exact lists; this checks the rest exist.
  assert.ok(names.includes('show_file_systems_c9300_stack.txt'));
  assert.ok(names.includes('show_bootvar_and_version_asr1006x_packages_conf.txt'));
});

test('every iosxe file is read by a parser test or is a dialogue of the install-mode job', { skip: fixturesMissing }, () => {
  const names = iosxeNames(/./);
  assert.ok(names.length >= 40);
  for (const n of names) assert.ok(IOSXE_PARSED.test(n) || IOSXE_DIALOGUES.test(n), `${n} is not covered`);
});
