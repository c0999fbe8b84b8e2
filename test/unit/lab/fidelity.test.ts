// The lab prints what the real platforms print: for every built-in profile and command, the line
// shapes of its output (values abstracted, layout kept — see test/helpers/line-shape.ts) are the
// line shapes of real captures of that platform, or of its closest sibling where no capture of the
// platform itself exists. Both ways: the lab prints no line shape the captures lack, and every line
// shape of the captures is printed, except the ones listed here with the reason (a line that only
// other hardware, another release or another state prints).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinProfiles } from '../../../src/lab/profile';
import { lineShape, shapeDiff } from '../../helpers/line-shape';
import { fixturesMissing } from '../device/parsers/fixtures';
import { type FixtureExcerpt, fixtureText } from './fixture-text';
import { labConsole } from './lab-output';

interface Check {
  command: string;
  /** Real captures of the platform or its closest sibling: the lab prints every line shape they print. */
  refs: (string | FixtureExcerpt)[];
  /** More real captures whose line shapes the lab may print (other releases, siblings), not required. */
  also?: (string | FixtureExcerpt)[];
  /** Lines of `refs` (regexes on the real text) the lab need not print, each with why. */
  absent?: [RegExp, string][];
  /** Lab lines (regexes on the lab's text) no capture prints, each with why. */
  extra?: [RegExp, string][];
}

const genieIndent: [RegExp, string] = [/^ +$/, 'a blank line indented by the genieparser test file the capture was kept in'];
const inodeWidths: [RegExp, string] = [/^(?: {3}\d\d|\d{6}|\s\d{4}) /, 'an inode number of another width (the lab numbers its files with five digits)'];
const provisioned: [RegExp, string] = [/^PID: \S+ +, VID: +, SN:$/, 'a member that is provisioned but absent (no VID, no SN)'];
const otherHardware = (what: string): [RegExp, string] => [new RegExp(what), 'hardware the profile does not have'];

const checks: Record<string, Check[]> = {
  isr4331: [
    { command: 'show version', refs: ['iosxe/34_show_version_isr4451_16.6.5_bundle.txt'] },
    { command: 'show bootvar', refs: ['corpus/genie/iosxe/ShowBootvar/golden_output3_output.txt'], absent: [genieIndent] },
    {
      command: 'dir bootflash:',
      refs: ['transcripts/dir_bootflash_asr1k.txt'],
      also: ['ntc/cisco_ios/dir/cisco_ios_dir.raw', 'transcripts/dir_flash_c3850.txt'],
      absent: [inodeWidths],
    },
    { command: 'show bootflash:', refs: ['transcripts/show_bootflash_isr4300.txt'] },
    {
      command: 'show file systems',
      refs: [],
      also: ['ntc/cisco_ios/show_file_systems/show_file_systems.raw', 'transcripts/show_file_systems_c9300_stack.txt'],
      extra: [[/ bootflash: flash:$/, 'the ISR 4000 flash is bootflash: with the alias flash: (no ISR capture of this command; its show version names "flash memory at bootflash:")']],
    },
    { command: 'show inventory', refs: ['corpus/genie/iosxe/ShowInventory/golden_output_isr4k_output.txt'], absent: [genieIndent] },
  ],
  c2960x: [
    {
      command: 'show version',
      refs: ['corpus/genie/ios/ShowVersion/golden_output_ios_1_output.txt'],
      absent: [genieIndent, otherHardware('^Daughterboard')],
    },
    { command: 'show boot', refs: [{ file: 'transcripts/show_boot_c2960x_stack.txt', to: /via DHCP/ }] },
    {
      command: 'dir flash:',
      refs: ['transcripts/dir_flash0_iosv.txt'],
      absent: [genieIndent],
      extra: [[/ drwx /, 'Catalyst flash: lists directories as drwx (IOSv flash0: as drw-)']],
    },
    { command: 'show file systems', refs: [], also: ['ntc/cisco_ios/show_file_systems/show_file_systems.raw', 'transcripts/show_file_systems_c9300_stack.txt'] },
    {
      command: 'show inventory',
      refs: ['corpus/genie/ios/ShowInventory/golden_output_4_output.txt'],
      absent: [otherHardware('C3KX-PWR|SFP-10G|WS-C1010XR')],
      extra: [[/^PID: \S{17} ,/, 'a 17-character PID leaves one blank in the 18-wide column']],
    },
  ],
  'c3850-stack': [
    {
      command: 'show version',
      refs: ['ntc/cisco_ios/show_version/cisco_ios_show_version1.raw'],
      also: ['iosxe/30_show_version_c9500_17.2.1_INSTALL_mode.txt'],
      absent: [
        [/^Cisco IOS Software, IOS-XE Software|^GPL code under the terms of GPL Version 2\.0\.$|^\(http/, 'the capture is IOS-XE 3.6 (one-line banner, GPL text with its URL); 16.x prints the banner and GPL text of iosxe/30'],
      ],
    },
    { command: 'show boot', refs: ['corpus/genie/iosxe/ShowBootSystem/golden_output_1_output.txt'] },
    { command: 'dir flash:', refs: ['transcripts/dir_flash_c3850.txt'] },
    {
      command: 'show flash:',
      refs: ['transcripts/show_bootflash_isr4300.txt'],
      absent: [[/^Bootflash: /, 'the ISR names bootflash:; this is flash:']],
      extra: [[/^Flash: /, 'as the ISR 4300 prints Bootflash: for bootflash: (no capture of a switch\'s show flash:)']],
    },
    {
      command: 'show file systems',
      refs: ['transcripts/show_file_systems_c9300_stack.txt'],
      absent: [[/crashinfo-3:|flash-3:/, 'the capture is a three-member stack, the profile two']],
    },
    { command: 'show inventory', refs: ['corpus/genie/iosxe/ShowInventory/golden_output_c3850_output.txt'], absent: [genieIndent] },
  ],
  c2911: [
    { command: 'show version', refs: ['transcripts/show_version_c1900_flash0.txt'] },
    {
      command: 'show bootvar',
      refs: ['corpus/genie/iosxe/ShowBootvar/golden_output3_output.txt'],
      absent: [genieIndent, [/^Standby not ready/, 'IOS-XE on a dual-RP chassis; classic IOS on a single-RP ISR G2 has no standby']],
    },
    { command: 'dir flash0:', refs: ['transcripts/dir_flash0_iosv.txt'], absent: [genieIndent] },
    {
      command: 'show file systems',
      refs: [],
      also: ['ntc/cisco_ios/show_file_systems/show_file_systems.raw', 'transcripts/show_file_systems_c9300_stack.txt'],
      extra: [[/ flash0: flash:$/, 'the ISR G2 CompactFlash is flash0: with the alias flash: (the 1941 capture boots flash0:)']],
    },
    {
      command: 'show inventory',
      refs: ['corpus/genie/ios/ShowInventory/golden_output_5_output.txt'],
      absent: [[/^PID: \S{17} ,/, 'a 17-character PID (CISCO3945-CHASSIS) leaves one blank in the 18-wide column']],
    },
  ],
  'c2500-run-from-flash': [
    {
      command: 'show version',
      refs: ['transcripts/show_version_as2511_c2500_run_from_flash.txt'],
      also: ['transcripts/show_version_c2621.txt'],
      absent: [
        [/^IOS \(tm\) 2500 Software .*SHARED PLATFORM/, '11.2(5)P is a SHARED PLATFORM release; 12.2 mainline says RELEASE SOFTWARE alone'],
        [/^System restarted by bus error/, 'another state: that AS2511 had crashed'],
        [/^cisco AS2511-RJ/, 'the capture is an AS2511-RJ access server; the profile a plain 2500'],
        [/^X\.25 software, Version 2\.0/, 'X.25 2.0 is 11.2\'s; 12.2 prints X.25 3.0.0 (the 2621 12.2 capture)'],
      ],
      extra: [
        [/^IOS \(tm\) 2500 Software \(C2500-JS-L\), Version 12\.2\(29b\), RELEASE SOFTWARE/, 'a mainline 12.2 release: neither SHARED PLATFORM (11.2(5)P) nor EARLY DEPLOYMENT (12.2(2)XA1)'],
        [/^cisco 2500 \(68030\)/, 'a plain 2500 names itself cisco 2500 (the capture is an AS2511-RJ)'],
      ],
    },
    { command: 'show inventory', refs: ['corpus/ntc/cisco_ios/show_inventory/cisco_ios_show_inventory.raw'], absent: [otherHardware('NM-1FE-TX')] },
  ],
  c9300: [
    {
      command: 'show version',
      refs: ['iosxe/31_show_version_c9300_17.6_BUNDLE_mode.txt'],
      also: ['iosxe/30_show_version_c9500_17.2.1_INSTALL_mode.txt', 'ntc/cisco_ios/show_version/cisco_ios_show_version1.raw'],
      absent: [
        [/BLD_POLARIS|Experimental Version/, 'the capture is a development build; a release prints the banner of iosxe/30'],
        [/\t/, '17.6 printed its license table with tabs; the lab prints the spaced table of 17.2 (iosxe/30)'],
        [/ BUNDLE $/, 'that box ran bundle mode; this one runs install mode (iosxe/30\'s INSTALL row)'],
        [/^1 Virtual Ethernet interface$/, 'one switch has one; this stack of two has two (the 3850 stack capture\'s "2 Virtual Ethernet interfaces")'],
      ],
      extra: [[/^ {5}2 \d+ +C9300-48P .* INSTALL$/, 'the second member\'s row: iosxe/30\'s INSTALL row without the active member\'s *']],
    },
    { command: 'show boot', refs: ['transcripts/show_boot_c9300_install_mode.txt', 'corpus/genie/iosxe/ShowBootSystem/golden_output_1_output.txt'] },
    {
      command: 'show bootvar',
      refs: ['iosxe/40_show_bootvar_packages_conf.txt', 'corpus/genie/iosxe/ShowBoot/golden_output_cat9k_3_output.txt'],
      absent: [genieIndent],
    },
    {
      command: 'dir flash:',
      refs: [{ file: 'iosxe/51_c9200_cat9k_lite_17.9.6a_FAILED_free_space_then_success.txt', from: /^Directory of flash:/, to: /bytes total/ }],
      also: [{ file: 'iosxe/50_c9300L_16.12.2_to_17.3.1_remove_inactive_scp_install_reload.txt', from: /^Directory of flash:/, to: /bytes total/ }],
    },
    {
      command: 'show flash:',
      refs: ['transcripts/show_bootflash_isr4300.txt'],
      absent: [[/^Bootflash: /, 'the ISR names bootflash:; this is flash:']],
      extra: [[/^Flash: /, 'as the ISR 4300 prints Bootflash: for bootflash: (no capture of a switch\'s show flash:)']],
    },
    {
      command: 'show file systems',
      refs: ['transcripts/show_file_systems_c9300_stack.txt'],
      absent: [[/crashinfo-3:|flash-3:/, 'the capture is a three-member stack, the profile two']],
    },
    {
      command: 'show install summary',
      refs: ['iosxe/23_show_install_summary_stack_mixed_U_and_C.txt'],
      also: ['iosxe/21_show_install_summary_c9k_17.17.txt'],
      absent: [[/^\[ Switch 3 \]|^IMG {3}U /, 'another state: a third member with an activated, uncommitted image']],
    },
    {
      command: 'show inventory',
      refs: ['corpus/genie/iosxe/cat9k/c9300/ShowInventory/golden_output_output.txt', 'corpus/genie/iosxe/cat9k/c9300/rv1/ShowInventory/golden_output_output.txt'],
      absent: [provisioned],
    },
  ],
  c9200: [
    {
      command: 'show version',
      refs: ['iosxe/31_show_version_c9300_17.6_BUNDLE_mode.txt', { file: 'iosxe/51_c9200_cat9k_lite_17.9.6a_FAILED_free_space_then_success.txt', from: /^Cisco IOS XE Software/, to: /CAT9K_LITE_IOSXE/ }],
      also: ['iosxe/30_show_version_c9500_17.2.1_INSTALL_mode.txt'],
      absent: [
        [/BLD_POLARIS|Experimental Version/, 'the capture is a development build; a release prints the banner of iosxe/30'],
        [/\t/, '17.6 printed its license table with tabs; the lab prints the spaced table of 17.2 (iosxe/30)'],
        [/ BUNDLE $/, 'that box ran bundle mode; this one runs install mode (iosxe/30\'s INSTALL row)'],
        [/^AIR |^Next reload AIR /, 'the AIR (wireless) license of a Cat9300; a C9200 has none'],
        [/TwentyFive|Forty|Ten Gigabit|Crash Files/, 'C9300 hardware: the C9200-48P has 1G ports only and no crashinfo:'],
      ],
    },
    { command: 'show boot', refs: [{ file: 'iosxe/50_c9300L_16.12.2_to_17.3.1_remove_inactive_scp_install_reload.txt', from: /^-{10}/, to: /^iPXE Timeout/ }] },
    { command: 'show bootvar', refs: ['corpus/genie/iosxe/ShowBoot/golden_output_cat9k_2_output.txt'], absent: [genieIndent] },
    { command: 'dir flash:', refs: [{ file: 'iosxe/51_c9200_cat9k_lite_17.9.6a_FAILED_free_space_then_success.txt', from: /^Directory of flash:/, to: /bytes total/ }] },
    {
      command: 'show install summary',
      refs: ['iosxe/21_show_install_summary_c9k_17.17.txt'],
      also: ['iosxe/22_show_install_summary_c9300_16.6.6.txt'],
      absent: [[/^\[ R0 R1 \]/, 'a router (R0/R1); a switch names itself Switch 1']],
    },
    { command: 'show inventory', refs: ['corpus/genie/iosxe/cat9k/c9300/rv1/ShowInventory/golden_output_output.txt'], absent: [provisioned] },
  ],
};

for (const p of builtinProfiles) {
  for (const c of checks[p.name] ?? []) {
    test(`${p.name}: \`${c.command}\` prints the line shapes of ${[...c.refs, ...(c.also ?? [])].map((r) => (typeof r === 'string' ? r : r.file).replace(/^.*\//, '')).join(' + ')}`, { skip: fixturesMissing }, async (t) => {
      const lab = labConsole(t, p);
      const out = await lab.run(c.command);
      const reference = c.refs.map((r) => fixtureText(r)).join('\n');
      const accepted = [reference, ...(c.also ?? []).map((r) => fixtureText(r))].join('\n');
      const { unreal } = shapeDiff(out, accepted);
      const { missing } = shapeDiff(out, reference);
      const unexplainedUnreal = unreal.filter((l) => !(c.extra ?? []).some(([re]) => re.test(l)));
      const unexplainedMissing = missing.filter((l) => !(c.absent ?? []).some(([re]) => re.test(l)));
      const show = (ls: string[]) => ls.map((l) => `    ${JSON.stringify(l)}  ${lineShape(l)}`).join('\n');
      if (unexplainedUnreal.length || unexplainedMissing.length) {
        assert.fail(`lab lines no capture has:\n${show(unexplainedUnreal)}\ncapture lines the lab never prints:\n${show(unexplainedMissing)}`);
      }
      // An allowance that no longer excuses anything is stale: drop it.
      for (const [re, why] of c.extra ?? []) assert.ok(unreal.some((l) => re.test(l)), `stale extra ${re} (${why})`);
      for (const [re, why] of c.absent ?? []) assert.ok(missing.some((l) => re.test(l)), `stale absent ${re} (${why})`);
    });
  }
}

test('every built-in profile has its fidelity checks', () => {
  for (const p of builtinProfiles) assert.ok((checks[p.name]?.length ?? 0) > 0, p.name);
});
