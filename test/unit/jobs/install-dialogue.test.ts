// The install job's dialogue and verdicts, replayed over the real captures in ../shared/fixtures/iosxe:
// every `[y/n]` question in them is answered by the job's rules exactly as planned (the reload only
// with the user's confirmation, the remove question only as decided, never by a default), and the
// outputs — successes, FAILED lines for space, modified configuration, bundle mode, a pre-check — end
// the job's step (or let it go on) with the device's own line as the reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInstallOutput } from '../../../src/device/parsers';
import { findRule } from '../../../src/device/dialogue';
import { Refuse } from '../../../src/device';
import { installRules, stepVerdict } from '../../../src/jobs/install';
import { fixturesMissing } from '../device/parsers/fixtures';
import { iosxe, iosxeNames, section } from '../device/parsers/iosxe-fixtures';

const skip = fixturesMissing;

/** Every question in a capture: the text up to the end of the question, as the job's session sees it before answering. */
function questionsIn(body: string): string[] {
  const lines = body.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    const at = l.indexOf('[y/n]');
    if (at >= 0 && !l.startsWith('#')) out.push([...lines.slice(0, i), l.slice(0, at + 5)].join('\n'));
  });
  return out;
}

const answer = (text: string, rules: ReturnType<typeof installRules>) => {
  const hit = findRule(text, rules);
  assert.ok(hit, `a rule answers: …${text.slice(-80)}`);
  const a = hit.rule.answer({ command: 'install', prompt: '', match: hit.match, count: 0 });
  return { name: hit.rule.name, answer: a instanceof Refuse ? 'refused' : a };
};

test('every [y/n] question of the iosxe captures is answered by the job as planned, and refused when not planned', { skip }, () => {
  let reloads = 0;
  let removes = 0;
  for (const name of iosxeNames(/^\d/)) {
    for (const q of questionsIn(iosxe(name))) {
      if (/reload of the system/.test(q.slice(-120))) {
        reloads++;
        assert.deepEqual(answer(q, installRules({ reload: true })), { name: 'install-reload', answer: 'y\r' }, name);
        assert.deepEqual(answer(q, installRules({ reload: false })), { name: 'install-reload', answer: 'n\r' }, name);
        assert.deepEqual(answer(q, installRules({})), { name: 'install-reload', answer: 'refused' }, `${name}: no reload without the confirmation`);
      } else {
        removes++;
        assert.deepEqual(answer(q, installRules({ removeFiles: true })), { name: 'install-remove', answer: 'y\r' }, name);
        assert.deepEqual(answer(q, installRules({ removeFiles: false })), { name: 'install-remove', answer: 'n\r' }, name);
        assert.deepEqual(answer(q, installRules({ reload: true })), { name: 'install-remove', answer: 'refused' }, `${name}: a reload confirmation does not delete files`);
      }
    }
  }
  assert.equal(reloads, 7, 'the seven reload questions in the captures');
  assert.equal(removes, 4);
});

test('iosxe 01 and 53: the one-shot succeeded — the job goes on to the reload when the session dropped, fails when it did not', { skip }, () => {
  for (const name of ['01_c9500x_svl_install_add_activate_commit.txt', '53_c8000v_17.15.01a_install_add_activate_commit_ansible_stdout.txt']) {
    const out = parseInstallOutput(iosxe(name));
    assert.equal(stepVerdict('one-shot', out, true, 'R1'), undefined, name);
    const stuck = stepVerdict('one-shot', out, false, 'R1');
    assert.equal(stuck?.status, 'failed');
    assert.match(stuck!.message, /R1 did not reload after install add … activate commit/);
  }
});

test('iosxe 51: the FAILED space line ends the job with the device line, and offers install remove inactive; the later success goes on', { skip }, () => {
  const body = iosxe('51_c9200_cat9k_lite_17.9.6a_FAILED_free_space_then_success.txt');
  const command = 'NET17658-LAN-FARNBOROUGH.CE3#install add file flash:cat9k_lite_iosxe.17.09.06a.SPA.bin activate commit';
  const [, first, second] = body.split(command);
  const failed = stepVerdict('one-shot', parseInstallOutput(`${command}${first!.slice(0, first!.indexOf('NET17658'))}`), false, 'CE3');
  assert.equal(failed?.status, 'failed');
  assert.ok(failed?.status === 'failed');
  assert.match(failed.message, /\[1\] Switch 1 FAILED: \/mnt\/sd3\/user requires 462703 KB of free space, but only 408260 KB is available/);
  assert.match(failed.message, /install remove inactive/);
  assert.equal(failed.offerRemoveInactive, true);
  assert.equal(failed.failure?.kind, 'space');
  assert.equal(stepVerdict('one-shot', parseInstallOutput(`${command}${second!.slice(0, second!.indexOf('NET17658'))}`), true, 'CE3'), undefined);
});

test('iosxe 15: unsaved configuration FAILED on the members — the job stops with that reason', { skip }, () => {
  const body = iosxe('15_install_add_FAILED_config_modified_and_issu_in_progress_EDITED.txt');
  const lines = body.split('\n');
  const start = lines.findIndex((l) => l.trim() === '#install add file image.bin activate commit prompt-level none');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#install abort issu'));
  const v = stepVerdict('one-shot', parseInstallOutput(lines.slice(start, end).join('\n')), false, 'R');
  assert.ok(v?.status === 'failed');
  assert.equal(v.failure?.kind, 'config-modified');
  assert.match(v.message, /System configuration has been modified/);
});

test('iosxe 52: a plain add in bundle mode FAILED ("use one-shot CLI") — why the job converts and uses the one-shot from bundle mode', { skip }, () => {
  const body = iosxe('52_vg410_cisco_doc_bundle_add_FAILED_then_one_shot_reload_3step_abort_show_install.txt');
  const v = stepVerdict('add', parseInstallOutput(section(body, 'install add file flash:vg4x0-universalk9.17.12.01a.SPA.bin')), false, 'vg410');
  assert.ok(v?.status === 'failed');
  assert.equal(v.failure?.kind, 'bundle-mode');
  assert.match(v.message, /Booted in bundle mode/);
});

test('iosxe 03: a pre-check FAILED line is the reason; iosxe 06: a commit that succeeds lets the job finish', { skip }, () => {
  const pre = stepVerdict('one-shot', parseInstallOutput(iosxe('03_cat9k_install_reloadfast_xfsu_precheck_FAILED.txt')), false, 'sw');
  assert.ok(pre?.status === 'failed');
  assert.equal(pre.failure?.kind, 'precheck');
  assert.equal(stepVerdict('commit', parseInstallOutput(iosxe('06_c9300_stack_install_commit.txt')), false, 'sw'), undefined);
});

test('iosxe 07: an add that changes nothing (already added) is not taken for progress', { skip }, () => {
  const v = stepVerdict('add', parseInstallOutput(iosxe('07_c9300_stack_install_add_smu_already_added.txt')), false, 'sw');
  assert.equal(v?.status, 'failed');
  assert.match(v!.message, /No Change|nothing to install/);
});
