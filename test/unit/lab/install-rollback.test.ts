// `install rollback` on the simulated 9300 stack: at the base it prints fixture 09's lines (SMU_ROLLBACK
// on every member, `Rollback: Passed on [1 2]`, SUCCESS, no reload); to another image it asks the reload
// question, reloads and comes back on the point's image, committed; `show install rollback` lists the
// points in fixture 29's layout, one per commit and per rollback; unknown points, declined reloads and
// removed packages fail with a FAILED line and change nothing. Every output is read back by the
// device layer's parsers without an unparsed line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInstallOutput, parseShowInstallRollback, parseShowInstallSummary, parseShowVersion } from '../../../src/device/parsers';
import { fixturesMissing } from '../device/parsers/fixtures';
import { iosxe } from '../device/parsers/iosxe-fixtures';
import { labConsole, type LabConsole } from './lab-output';

const NEW_IMAGE = 'cat9k_iosxe.17.09.05.SPA.bin';

async function up(lab: LabConsole): Promise<void> {
  while (lab.dev.power.state !== 'up') await new Promise((resolve) => setTimeout(resolve, 10));
}

function parsedClean(text: string) {
  const o = parseInstallOutput(text);
  assert.deepEqual(o.notes.filter((n) => n.kind === 'unparsed'), [], text);
  return o;
}

const packages = async (lab: LabConsole) => parseShowInstallSummary(await lab.run('show install summary')).locations.flatMap((l) => l.packages);
const points = async (lab: LabConsole) => parseShowInstallRollback(await lab.run('show install rollback'));

/** The lines of a rollback output with dates, hostnames and member lists made comparable. */
const norm = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.includes('#install rollback'))
    .map((l) => l.replace(/(START|SUCCESS: install_rollback) .*$/, '$1 DATE').replace(/\[\d(?: \d)+\]/g, '[N]'));

test('rollback to base at the base: the lines of fixture 09 (SMU_ROLLBACK per member, Passed on, SUCCESS), no reload question, no reload', { skip: fixturesMissing, timeout: 30_000 }, async (t) => {
  const lab = labConsole(t, 'c9300', { reloadMs: 20, installStepMs: 0 });
  const out = await lab.run('install rollback to base');
  assert.equal(lab.dev.power.state, 'up');
  // Fixture 09 is a 3-member stack; the lab's is 2 members: same lines, one member fewer.
  const reference = norm(iosxe('09_c9300_stack_install_rollback_to_base.txt')).filter((l) => !/\[3\]|Switch 3/.test(l));
  const mine = norm(out);
  const memberLines = (ls: string[]) => ls.filter((l) => /^ \[\d\]/.test(l)).length;
  assert.equal(memberLines(mine), 4);
  assert.deepEqual(
    mine.filter((l) => !/^ \[\d\]/.test(l)),
    reference.filter((l) => !/^ \[\d\]/.test(l)),
  );
  assert.deepEqual(mine.filter((l) => /^ \[\d\]/.test(l)), [' [1] SMU_ROLLBACK package(s) on Switch 1', ' [2] SMU_ROLLBACK package(s) on Switch 2', ' [2] Finished SMU_ROLLBACK package(s) on Switch 2', ' [1] Finished SMU_ROLLBACK package(s) on Switch 1']);
  const o = parsedClean(out);
  assert.equal(o.outcome, 'succeeded');
  assert.equal(o.operation, 'rollback');
});

test('one-shot to 17.09.05, then rollback to id 1: reload question, Rollback phase, reload, back on 17.09.04a committed; show install rollback lists 3 2 1', { timeout: 30_000 }, async (t) => {
  const lab = labConsole(t, 'c9300', { reloadMs: 20, installStepMs: 0, minuteMs: 60_000 });
  lab.dev.defaultFs.place(NEW_IMAGE, { sizeBytes: 4_000_000 });
  assert.deepEqual((await points(lab)).points.map((p) => p.id), [1]);
  await lab.run(`install add file flash:${NEW_IMAGE} activate commit`, 'y\r');
  await up(lab);
  assert.equal(parseShowVersion(await lab.run('show version')).xeVersion, '17.09.05');
  assert.deepEqual((await points(lab)).points.map((p) => p.id), [2, 1], 'the commit is point 2, newest first');

  // Declined: nothing changes.
  const no = await lab.run('install rollback to id 1', 'n\r');
  assert.match(no, /This operation may require a reload of the system\. Do you want to proceed\? \[y\/n\]n\n/);
  assert.match(no, /FAILED: install_rollback : Operation aborted by user/);
  assert.equal(lab.dev.power.state, 'up');

  const out = await lab.run('install rollback to id 1', 'y\r');
  const o = parsedClean(out);
  assert.equal(o.outcome, 'succeeded');
  assert.match(out, /--- Starting Rollback ---\nPerforming Rollback on all members\n \[1\] Rollback package\(s\) on Switch 1\n/);
  assert.match(out, /Rollback: Passed on \[1 2\]\nFinished Rollback operation\n\nSUCCESS: install_rollback /);
  await up(lab);
  const v = parseShowVersion(await lab.run('show version'));
  assert.equal(v.xeVersion, '17.09.04a');
  assert.deepEqual(
    (await packages(lab)).map((p) => [p.stateCode, p.release]),
    [
      ['I', '17.09.05'],
      ['C', '17.09.04a'],
    ],
  );
  assert.deepEqual((await points(lab)).points.map((p) => p.id), [3, 2, 1]);
  // `to committed` is now where the device runs: fixture 09's shape, no reload.
  const again = await lab.run('install rollback to committed');
  assert.match(again, /SMU_ROLLBACK/);
  assert.equal(lab.dev.power.state, 'up');
});

test('label a point and roll back to it; an unknown point and a point whose packages were removed fail with a FAILED line', { timeout: 30_000 }, async (t) => {
  const lab = labConsole(t, 'c9300', { reloadMs: 20, installStepMs: 0, minuteMs: 60_000 });
  lab.dev.defaultFs.place(NEW_IMAGE, { sizeBytes: 4_000_000 });
  await lab.run(`install add file flash:${NEW_IMAGE} activate commit`, 'y\r');
  await up(lab);
  assert.match(await lab.run('install label 1 label-name before-17.9.5'), /SUCCESS: install_label/);
  const listed = await lab.run('show install rollback');
  assert.match(listed, /^1 {7}before-17\.9\.5 {20}No Description$/m);
  assert.match(await lab.run('install rollback to id 9'), /FAILED: install_rollback : Rollback point id 9 does not exist/);

  // Remove inactive takes 17.09.04a's packages away: the rollback to it cannot run.
  await lab.run('install remove inactive', 'y\r');
  const failed = await lab.run('install rollback to label before-17.9.5', 'y\r');
  assert.match(failed, /FAILED: install_rollback : Packages of rollback point label before-17\.9\.5 \(17\.09\.04a\.0\.6\) are not on the device/);
  assert.doesNotMatch(failed, /\[y\/n\]/);
  assert.equal(parseInstallOutput(failed).outcome, 'failed');
  assert.equal(lab.dev.power.state, 'up');
});

test('rollback to committed during an uncommitted activation goes back to the committed image (as install abort does), timer stopped', { timeout: 30_000 }, async (t) => {
  const lab = labConsole(t, 'c9300', { reloadMs: 20, installStepMs: 0, minuteMs: 60_000 });
  lab.dev.defaultFs.place(NEW_IMAGE, { sizeBytes: 4_000_000 });
  await lab.run(`install add file flash:${NEW_IMAGE}`);
  await lab.run('install activate auto-abort-timer 30', 'y\r');
  await up(lab);
  assert.ok(lab.dev.autoAbort);
  await lab.run('install rollback to committed', 'y\r');
  await up(lab);
  assert.equal(lab.dev.autoAbort, undefined);
  assert.equal(parseShowVersion(await lab.run('show version')).xeVersion, '17.09.04a');
  assert.equal((await packages(lab)).find((p) => p.stateCode === 'C')?.version, '17.09.04a.0.6');
});
