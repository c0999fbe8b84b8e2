// The install dialogues the lab prints, line shape by line shape (values abstracted, layout kept: see
// test/helpers/line-shape.ts), against the real install transcripts in shared/fixtures/iosxe. Only the
// lines no capture shows are allowed to differ, each named here with why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineShape, shapeDiff } from '../../helpers/line-shape';
import { fixturesMissing } from '../device/parsers/fixtures';
import { iosxe } from '../device/parsers/iosxe-fixtures';
import { labConsole } from './lab-output';

const REFERENCES = [
  '01_c9500x_svl_install_add_activate_commit.txt',
  '04_c9300_stack_install_remove_inactive.txt',
  '06_c9300_stack_install_commit.txt',
  '11_c9300_install_auto_abort_timer_stop.txt',
  '14_install_remove_inactive_yes_and_no_answers_EDITED.txt',
  '15_install_add_FAILED_config_modified_and_issu_in_progress_EDITED.txt',
  '50_c9300L_16.12.2_to_17.3.1_remove_inactive_scp_install_reload.txt',
  '51_c9200_cat9k_lite_17.9.6a_FAILED_free_space_then_success.txt',
  '52_vg410_cisco_doc_bundle_add_FAILED_then_one_shot_reload_3step_abort_show_install.txt',
  '53_c8000v_17.15.01a_install_add_activate_commit_ansible_stdout.txt',
];

/** Member lists differ with the size of the stack (`[1 2 3]` in the captures, `[1 2]` in the lab): one shape for all. */
const members = (text: string) => text.replace(/\[\d+(?: \d+)*\]/g, '[1]');

/** Lines of the lab's own wording, where no capture shows the line (see the comments in src/lab/install-commands.ts). */
const LAB_WORDING: RegExp[] = [
  // genielibs' install dialogue matches this question; no transcript shows it.
  /^Please confirm you have changed boot config to \S+ \[y\/n\]y$/,
  // A switch stack syncing to its members: fixture 01's SVL form (`from Chassis 1/R0 to Chassis 1/R0 2/R0`) with switch members (51's `Switch 1`).
  /^Copying \S+ from Switch 1 to Switch 1 2$/,
];

const cases: { title: string; profile: string; image: string; steps: [string, string?][] }[] = [
  {
    title: 'c9300: add, remove inactive (n), activate, commit, auto-abort-timer stop',
    profile: 'c9300',
    image: 'cat9k_iosxe.17.09.05.SPA.bin',
    steps: [['install add file flash:IMAGE'], ['install remove inactive', 'n\r'], ['install activate', 'y\r'], ['install commit'], ['install auto-abort-timer stop']],
  },
  { title: 'c9300: one-shot, then remove inactive (y)', profile: 'c9300', image: 'cat9k_iosxe.17.09.05.SPA.bin', steps: [['install add file flash:IMAGE activate commit', 'y\r'], ['install remove inactive', 'y\r']] },
  { title: 'c9200: one-shot', profile: 'c9200', image: 'cat9k_lite_iosxe.17.09.06a.SPA.bin', steps: [['install add file flash:IMAGE activate commit', 'y\r']] },
  {
    title: 'isr4331: plain add in bundle mode, the one-shot, abort',
    profile: 'isr4331',
    image: 'isr4300-universalk9.17.09.05.SPA.bin',
    steps: [['install add file bootflash:IMAGE'], ['install add file bootflash:IMAGE activate auto-abort-timer 60', 'y\ry\r'], ['install abort', 'y\r']],
  },
];

for (const c of cases) {
  test(`install dialogue ${c.title}: the line shapes of the real transcripts`, { skip: fixturesMissing, timeout: 30_000 }, async (t) => {
    const lab = labConsole(t, c.profile, { reloadMs: 20, installStepMs: 0, minuteMs: 60_000 });
    lab.dev.defaultFs.place(c.image, { sizeBytes: 4_000_000 });
    let out = '';
    for (const [line, input] of c.steps) {
      out += await lab.run(line.replace('IMAGE', c.image), input);
      // A reload (activate, abort) ends in the device coming back before the next command.
      while (lab.dev.power.state !== 'up') await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const reference = members(REFERENCES.map((f) => iosxe(f)).join('\n'));
    const { unreal } = shapeDiff(members(out), reference, { [lab.dev.running.hostname]: 'HOST' });
    const unexplained = unreal.filter((l) => !LAB_WORDING.some((re) => re.test(l)));
    assert.deepEqual(unexplained.map((l) => `${JSON.stringify(l)}  ${lineShape(l)}`), []);
  });
}
