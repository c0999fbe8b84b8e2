// show install summary / committed / inactive / uncommitted (one table layout), show install version
// summary and show install rollback, on every real capture of them in ../shared/fixtures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, parseShowInstallRollback, parseShowInstallSummary, parseShowInstallVersionSummary, type ShowInstallSummary } from '../../../../src/device/parsers';
import { fixturesMissing, transcript, transcriptNames } from './fixtures';
import { hostileTable } from './hostile-table';
import { iosxe, iosxeNames, section } from './iosxe-fixtures';

const skip = fixturesMissing;

/** A summary in short form: per location its members and `type state filename-or-version` rows. */
function brief(s: ShowInstallSummary) {
  return s.locations.map((l) => ({ members: l.members, listing: l.listing, rows: l.packages.map((p) => `${p.type} ${p.state} ${p.version ?? `file:${p.filename}`}`) }));
}

const LEGEND = { I: 'Inactive', U: 'Activated & Uncommitted', C: 'Activated & Committed', D: 'Deactivated & Uncommitted' };
const INACTIVE_TIMER = { active: false };

const captures: { file: string; locations: ReturnType<typeof brief>; timer?: object }[] = [
  { file: '20_show_install_summary_R0R1_inactive_and_committed.txt', locations: [{ members: ['R0', 'R1'], listing: 'Installed', rows: ['IMG inactive 10.106.1.0.277', 'IMG activated-committed 10.106.1.0.277'] }], timer: INACTIVE_TIMER },
  { file: '21_show_install_summary_c9k_17.17.txt', locations: [{ members: ['R0', 'R1'], listing: 'Installed', rows: ['IMG activated-committed 17.17.01.0.207190'] }], timer: INACTIVE_TIMER },
  // 16.6 prints blank lines between all lines, and no timer line.
  { file: '22_show_install_summary_c9300_16.6.6.txt', locations: [{ members: ['Switch 1'], listing: 'Installed', rows: ['IMG activated-committed 16.6.6.0'] }] },
  {
    file: '23_show_install_summary_stack_mixed_U_and_C.txt',
    locations: [
      { members: ['Switch 1', 'Switch 2'], listing: 'Installed', rows: ['IMG activated-committed 17.15.03.0.5371'] },
      { members: ['Switch 3'], listing: 'Installed', rows: ['IMG activated-uncommitted 17.15.03.0.5371'] },
    ],
    timer: INACTIVE_TIMER,
  },
  { file: '24_show_install_summary_SMU_uncommitted_abort_timer_active.txt', locations: [{ members: ['R0'], listing: 'Installed', rows: ['SMU activated-uncommitted file:bootflash:utah.bm.smu.may15.bin', 'IMG activated-committed 10.69.1.0.66982'] }], timer: { active: true, armedBy: 'install_activate', remainingSeconds: 1 * 3600 + 49 * 60 + 42 } },
  // show install committed: that release heads it "Installed" all the same.
  {
    file: '25_show_install_committed_with_SMUs.txt',
    locations: [{ members: ['Switch 1', 'Switch 2', 'Switch 3', 'Switch 4'], listing: 'Installed', rows: ['IMG activated-committed 17.06.03.0.3629', 'SMU activated-committed file:flash:cat9k_iosxe.17.06.03.CSCwa85257.SPA.smu.bin', 'SMU activated-committed file:flash:cat9k_iosxe.17.06.03.CSCwc80310.SPA.smu.bin', 'SMU activated-committed file:flash:cat9k_iosxe.17.06.03.CSCwc85207.SPA.smu.bin'] }],
    timer: INACTIVE_TIMER,
  },
  { file: '26_show_install_inactive_none.txt', locations: [{ members: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Switch ${n}`), listing: 'Inactive', rows: [] }] },
  { file: '27_show_install_inactive_SMU.txt', locations: [{ members: ['Switch 1', 'Switch 2', 'Switch 3', 'Switch 4'], listing: 'Installed', rows: ['IMG activated-committed 17.06.03.0.3629', 'SMU inactive file:flash:cat9k_iosxe.17.06.03.CSCwc85207.SPA.smu.bin'] }], timer: INACTIVE_TIMER },
  { file: '28_show_install_uncommitted_none.txt', locations: [{ members: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Switch ${n}`), listing: 'Uncommitted', rows: [] }] },
];

test('iosxe: every show install summary/committed/inactive/uncommitted capture is claimed here', { skip }, () => {
  assert.deepEqual(iosxeNames(/^2[0-8]_/), captures.map((c) => c.file));
});

for (const c of captures) {
  test(`iosxe/${c.file}`, { skip }, () => {
    const s = parseShowInstallSummary(iosxe(c.file));
    assert.deepEqual(brief(s), c.locations);
    assert.deepEqual(s.legend, LEGEND);
    assert.deepEqual(s.autoAbortTimer, c.timer);
    assert.deepEqual(s.notes, []);
  });
}

test('show install summary: versions kept in the four-part form, the release beside them', { skip }, () => {
  const s = parseShowInstallSummary(iosxe('23_show_install_summary_stack_mixed_U_and_C.txt'));
  assert.deepEqual(s.locations[1]!.packages[0], { type: 'IMG', stateCode: 'U', filenameOrVersion: '17.15.03.0.5371', state: 'activated-uncommitted', version: '17.15.03.0.5371', release: '17.15.03' });
  assert.equal(parseShowInstallSummary(iosxe('22_show_install_summary_c9300_16.6.6.txt')).locations[0]!.packages[0]!.release, '16.6.6');
});

test('transcripts show_install_summary_*: the same reading as their iosxe twins (CRLF, no trailing newline)', { skip }, () => {
  assert.deepEqual(transcriptNames(/^show_install_summary_/), ['show_install_summary_asr_r0.txt', 'show_install_summary_c9k_stack_mixed.txt']);
  const asr = parseShowInstallSummary(transcript('show_install_summary_asr_r0.txt'));
  assert.deepEqual(asr, parseShowInstallSummary(iosxe('24_show_install_summary_SMU_uncommitted_abort_timer_active.txt')));
  assert.equal(asr.autoAbortTimer?.remainingSeconds, 6582);
  const stack = parseShowInstallSummary(transcript('show_install_summary_c9k_stack_mixed.txt'));
  assert.deepEqual(brief(stack), captures[3]!.locations);
  assert.deepEqual(stack.notes, []);
});

test('iosxe/52 (VG410, Cisco guide): summary, inactive, committed and uncommitted cut from the dialogue', { skip }, () => {
  const body = iosxe('52_vg410_cisco_doc_bundle_add_FAILED_then_one_shot_reload_3step_abort_show_install.txt');
  const expected: Record<string, ReturnType<typeof brief>> = {
    'show install summary': [{ members: ['R0'], listing: 'Installed', rows: ['IMG activated-committed 17.12.01.0.186080'] }],
    'show install inactive': [{ members: ['R0'], listing: 'Inactive', rows: [] }],
    'show install committed': [{ members: ['R0'], listing: 'Committed', rows: ['IMG activated-committed 17.12.01.0.186080'] }],
    'show install uncommitted': [{ members: ['R0'], listing: 'Uncommitted', rows: [] }],
  };
  for (const [cmd, locations] of Object.entries(expected)) {
    const s = parseShowInstallSummary(section(body, cmd));
    assert.deepEqual(brief(s), locations, cmd);
    assert.deepEqual(s.notes, [], cmd);
  }
});

test('iosxe/29 show install rollback: its own table (ID Label Description)', { skip }, () => {
  const r = parseShowInstallRollback(iosxe('29_show_install_rollback.txt'));
  assert.deepEqual(r, {
    points: [5, 4, 5].map((id) => ({ id, label: 'No Label', description: 'No Description' })),
    notes: [],
  });
});

test('iosxe/42 show install version summary: per location the version, its state and package files', { skip }, () => {
  const v = parseShowInstallVersionSummary(iosxe('42_show_install_version_summary_cat9k.txt'));
  assert.deepEqual(v.notes, []);
  assert.deepEqual(v.locations.map((l) => l.location), ['R0', 'R1']);
  for (const l of v.locations) {
    assert.equal(l.versions.length, 1);
    const ver = l.versions[0]!;
    assert.deepEqual({ ...ver, packages: ver.packages.length }, { version: '17.10.01.0.161965', extension: '1656318100', stateText: 'Activated & Committed', state: 'activated-committed', packages: 11 });
    assert.ok(ver.packages.every((p) => p.type === 'IMG' && p.state === 'activated-committed' && /^\/flash1\/user\/cat9k-[\w-]+\.BLD_POLARIS_DEV_LATEST_20220627_072021_V17_10_0_17\.SSA\.pkg$/.test(p.name ?? '')));
    assert.equal(ver.packages[0]!.name, '/flash1/user/cat9k-lni.BLD_POLARIS_DEV_LATEST_20220627_072021_V17_10_0_17.SSA.pkg');
  }
});

const HEAD = '[ R0 ] Installed Package(s) Information:\nState (St): I - Inactive, U - Activated & Uncommitted,\n            C - Activated & Committed, D - Deactivated & Uncommitted\n' + '-'.repeat(80) + '\nType  St   Filename/Version\n' + '-'.repeat(80) + '\n';

const odd: { title: string; input: string; check: (s: ShowInstallSummary) => void }[] = [
  {
    title: 'a chassis pair (Chassis 1/R0 2/R0), lower case and squeezed spacing',
    input: '[ Chassis 1/R0 2/R0 ] installed package(s) information:\nstate (st): i - inactive, u - activated & uncommitted, c - activated & committed, d - deactivated & uncommitted\ntype st filename/version\nIMG C 17.09.04a.0.6\nauto abort timer: inactive\n',
    check: (s) => {
      assert.deepEqual(brief(s), [{ members: ['Chassis 1/R0', 'Chassis 2/R0'], listing: 'installed', rows: ['IMG activated-committed 17.09.04a.0.6'] }]);
      assert.equal(s.locations[0]!.packages[0]!.release, '17.09.04a');
      assert.deepEqual(s.notes, []);
    },
  },
  {
    title: 'a state the printed legend does not explain: kept as a code, with a note',
    input: `${HEAD}IMG   X    17.12.01.0.1\n`,
    check: (s) => {
      assert.deepEqual(s.locations[0]!.packages[0], { type: 'IMG', stateCode: 'X', filenameOrVersion: '17.12.01.0.1', version: '17.12.01.0.1', release: '17.12.01' });
      assert.equal(s.notes.length, 1);
      assert.equal(s.notes[0]!.kind, 'missing');
    },
  },
  {
    title: 'a legend that spells a code differently is the one used',
    input: '[ R0 ] Installed Package(s) Information:\nState (St): A - Activated & Committed\nType St Filename/Version\nIMG A 17.3.1.0.1\n',
    check: (s) => assert.equal(s.locations[0]!.packages[0]!.state, 'activated-committed'),
  },
  {
    title: 'unknown lines and a syslog message become notes',
    input: `${HEAD}IMG   C    17.06.03.0.3629\n*Sep 24 07:42:53.123: %INSTALL-5-INSTALL_COMPLETED_INFO: R0/0: install_engine: Completed install one-shot\nthis line is new in some release\n\n${'-'.repeat(80)}\nAuto abort timer: active , time before rollback - 00:09:59\n`,
    check: (s) => {
      assert.deepEqual(s.notes.map((n) => [n.kind, n.lineNumber]), [['unparsed', 8], ['unparsed', 9]]);
      assert.deepEqual(s.autoAbortTimer, { active: true, remainingSeconds: 599 });
    },
  },
  {
    title: 'an active timer without its remaining time',
    input: `${HEAD}IMG   U    17.06.03.0.3629\nAuto abort timer: active on install_activate\n`,
    check: (s) => {
      assert.deepEqual(s.autoAbortTimer, { active: true, armedBy: 'install_activate' });
      assert.deepEqual(s.notes.map((n) => n.kind), ['missing']);
    },
  },
  {
    title: 'rows before any location header',
    input: 'Type  St   Filename/Version\nIMG   C    16.12.04.0.1\n',
    check: (s) => {
      // No legend either: the usual one reads the St column, and a note says so.
      assert.deepEqual(brief(s), [{ members: [], listing: '', rows: ['IMG activated-committed 16.12.04.0.1'] }]);
      assert.deepEqual(s.legend, {});
      assert.deepEqual(s.notes.map((n) => n.message.split(':')[0]), ['location', 'legend']);
    },
  },
];
for (const o of odd) test(`show install summary reads: ${o.title}`, () => o.check(parseShowInstallSummary(o.input)));

test('show install summary refuses a show install package listing (another command)', () => {
  assert.throws(() => parseShowInstallSummary('  Package: vg4x0-universalk9.17.12.01a.SPA.bin\n    Size: 658481669\n'), (e: unknown) => e instanceof ParseError && e.command === 'show install summary' && /Package: vg4x0/.test(e.line));
});

hostileTable({ command: 'show install summary', parse: parseShowInstallSummary, sample: `${HEAD}IMG   C    17.09.04a.0.6\n\n${'-'.repeat(80)}\nAuto abort timer: inactive\n${'-'.repeat(80)}\n`, other: 'NAME: "Chassis", DESCR: "Cisco ISR4331 Chassis"\nPID: ISR4331/K9 , VID: V04 , SN: FDO2201A0SR\n' });

hostileTable({
  command: 'show install version summary',
  parse: parseShowInstallVersionSummary,
  sample: 'Location: R0\n  Version: 17.09.04a.0.6\n    Version Extension: 1\n    Version State: Activated & Committed\n    Filename: \n    Package List:\n      Package Type: IMG\n        Package Name: /flash/user/cat9k-rpbase.17.09.04a.SPA.pkg\n        Package State: Activated & Committed\n',
  other: HEAD,
});

hostileTable({ command: 'show install rollback', parse: parseShowInstallRollback, sample: 'ID      Label                            Description\n-------------------------------------------------------\n2       before-17.12                     pre-upgrade point\n1       No Label                         No Description\n', other: HEAD });

test('an auto-abort timer with an absurd hour count has no remaining time, and says so (found by npm run fuzz)', () => {
  const table = (timer: string) =>
    `[ R0 ] Installed Package(s) Information:\nState (St): I - Inactive, U - Activated & Uncommitted,\n            C - Activated & Committed, D - Deactivated & Uncommitted\n--------------------------------------------------------------------------------\nType  St   Filename/Version\n--------------------------------------------------------------------------------\nIMG   C    17.09.04a.0.6\n\n--------------------------------------------------------------------------------\nAuto abort timer: ${timer}\n--------------------------------------------------------------------------------\n`;
  const absurd = parseShowInstallSummary(table(`active on install_activate, time before rollback - ${'9'.repeat(400)}:00:00`));
  assert.equal(absurd.autoAbortTimer?.active, true);
  assert.equal(absurd.autoAbortTimer?.remainingSeconds, undefined);
  assert.ok(absurd.notes?.some((n) => /remaining time/.test(JSON.stringify(n))));
  assert.equal(parseShowInstallSummary(table('active on install_activate, time before rollback - 01:49:42')).autoAbortTimer?.remainingSeconds, 6582);
});
