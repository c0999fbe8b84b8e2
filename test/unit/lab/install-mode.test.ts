// The simulated Catalyst 9300 stack in install mode, over SSH, through the whole upgrade dialogue as
// the real transcripts run it: the one-shot with its reload question, the reload (sessions drop, SSH
// refused, back on the new version with the same host key), the three-step with the auto-abort timer
// and its commit, the timer rolling the stack back when nobody commits (and a member that does not
// come back), `install abort`, `install remove inactive`, and the FAILED cases. Every install output
// the lab prints is read back by the device layer's install-output parser without a note.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { parseInstallOutput, parseShowInstallSummary, parseShowVersion, type InstallOutput } from '../../../src/device/parsers';
import { startLabDevice, type DeviceFaults, type LabDevice } from '../../../src/lab/index';
import { sshRefused, until } from './device-power';
import { openShell, type ShellDriver } from './lab-shell-client';

const OLD = '17.09.04a';
const NEW_IMAGE = 'cat9k_iosxe.17.09.05.SPA.bin';
const IMAGE_BYTES = 3_000_000;

async function setup(t: TestContext, options: { faults?: DeviceFaults; minuteMs?: number; profile?: string } = {}) {
  const dev = await startLabDevice({ profile: options.profile ?? 'c9300', reloadMs: 400, installStepMs: 2, minuteMs: options.minuteMs ?? 200, faults: options.faults });
  t.after(() => dev.close());
  dev.state.defaultFs.place(NEW_IMAGE, { sizeBytes: IMAGE_BYTES });
  return dev;
}

/** A privileged session; `keys` collects the host key offered on each connection. */
async function login(t: TestContext, dev: LabDevice, keys: string[] = []): Promise<ShellDriver> {
  const sh = await openShell(t, {
    host: dev.host,
    port: dev.port,
    username: dev.privilegedUser!.username,
    password: dev.privilegedUser!.password,
    hostVerifier: (key: Buffer) => {
      keys.push(key.toString('base64'));
      return true;
    },
  });
  await sh.run('terminal length 0');
  return sh;
}

/** The device text of an install command's output (the echo and the prompt cut, CRLF made LF). */
const lf = (text: string) => text.replace(/\r\n/g, '\n');

/** Reads it with the device layer's parser: the lab's output must have no line the parser does not know. */
function parsed(text: string): InstallOutput {
  const o = parseInstallOutput(lf(text));
  assert.deepEqual(o.notes.filter((n) => n.kind === 'unparsed'), [], 'every line of the lab output is one the parser knows');
  return o;
}

async function version(sh: ShellDriver) {
  return parseShowVersion(lf(await sh.run('show version')));
}

async function summary(sh: ShellDriver) {
  return parseShowInstallSummary(lf(await sh.run('show install summary')));
}

/** Runs an install command that asks the reload question, answers y, and collects everything up to the drop. */
async function answerReload(sh: ShellDriver, command: string): Promise<string> {
  const asked = await sh.send(`${command}\r`, /Do you want to proceed\? \[y\/n\]$/);
  await sh.send('y\r', /SUCCESS: install_\w+ [^\r\n]*\r\n/);
  await sh.closed;
  return asked + sh.output().slice(sh.output().lastIndexOf('[y/n]') + 5);
}

test('one-shot: add, activate (the reload question), commit, Upgrade_Service, SUCCESS; the stack reloads and comes back on 17.09.05 in install mode with the same host key', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t);
  const keys: string[] = [];
  const sh = await login(t, dev, keys);
  assert.equal((await version(sh)).xeVersion, OLD);
  const out = await answerReload(sh, `install add file flash:${NEW_IMAGE} activate commit`);
  const o = parsed(out.slice(out.indexOf('install_add_activate_commit')));
  assert.deepEqual(o.phases.map((p) => [p.name, p.passedOn?.join(' ')]), [
    ['initial file syncing', undefined],
    ['Add', '1 2'],
    ['Activate', '1 2'],
    ['Commit', '1 2'],
  ]);
  assert.match(o.imageVersion ?? '', /^17\.09\.05\.0\.\d+$/);
  assert.deepEqual(o.sync, [`Copying flash:${NEW_IMAGE} from Switch 1 to Switch 1 2`, 'Info: Finished copying to the selected Switch']);
  assert.equal(o.activating.length, 11);
  assert.ok(o.activating.every((f) => f.startsWith('/flash/cat9k-') && f.endsWith('.17.09.05.SPA.pkg')));
  assert.deepEqual(o.questions.map((q) => [q.kind, q.answer]), [['reload', 'y']]);
  assert.deepEqual([o.willReload, o.outcome], [true, 'succeeded']);
  assert.ok(o.microcode.includes('[1 2]: Performing Upgrade_Service'));

  // Down: sessions gone, SSH refused; then up on the new version, same host key.
  assert.equal(dev.state.power.state, 'down');
  assert.equal(await sshRefused(dev), true);
  await until('the stack back', () => dev.state.power.state === 'up');
  const again = await login(t, dev, keys);
  assert.equal(new Set(keys).size, 1, 'the same host key after the reload');
  const v = await version(again);
  assert.deepEqual([v.xeVersion, v.version, v.imageFile, v.bootMode, v.lastReloadReason], ['17.09.05', '17.9.5', 'flash:packages.conf', 'install', 'Image Install']);
  assert.deepEqual(v.stack?.map((m) => [m.switchNumber, m.swVersion, m.mode]), [
    [1, '17.09.05', 'INSTALL'],
    [2, '17.09.05', 'INSTALL'],
  ]);
  const s = await summary(again);
  assert.deepEqual(s.locations[0]!.members, ['Switch 1', 'Switch 2']);
  assert.deepEqual(s.locations[0]!.packages.map((p) => [p.state, p.release]), [
    ['activated-committed', '17.09.05'],
    ['inactive', OLD],
  ]);
  assert.deepEqual(s.autoAbortTimer, { active: false });
  // The expansion is in both members' flash, about the image's size in all.
  for (const prefix of ['flash:', 'flash-2:']) {
    const pkgs = dev.fileSystem(prefix)!.list().filter((f) => f.name.endsWith('.17.09.05.SPA.pkg'));
    assert.equal(pkgs.length, 11, prefix);
    const total = pkgs.reduce((n, f) => n + f.sizeBytes, 0);
    assert.ok(Math.abs(total - IMAGE_BYTES) < IMAGE_BYTES * 0.01, `${prefix}: ${total}`);
  }
  assert.match(await again.run('more flash:packages.conf'), /cat9k-rpbase\.17\.09\.05\.SPA\.pkg/);
});

test('three-step: install add, install activate auto-abort-timer (timer shown running after the reload), install commit stops it', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t, { minuteMs: 400 });
  const sh = await login(t, dev);
  const add = parsed(await sh.run(`install add file flash:${NEW_IMAGE}`));
  assert.deepEqual([add.operation, add.outcome, add.phases.map((p) => p.name)], ['add', 'succeeded', ['initial file syncing', 'Add']]);
  const pending = await summary(sh);
  assert.deepEqual(pending.locations[0]!.packages.map((p) => [p.state, p.release]), [
    ['inactive', '17.09.05'],
    ['activated-committed', OLD],
  ]);
  const act = parsed(await answerReload(sh, 'install activate auto-abort-timer 30'));
  assert.deepEqual([act.operation, act.outcome, act.phases.map((p) => p.name)], ['activate', 'succeeded', ['Activate']]);
  await until('the stack back', () => dev.state.power.state === 'up');
  const again = await login(t, dev);
  const s = await summary(again);
  assert.deepEqual(s.locations[0]!.packages.map((p) => [p.state, p.release]), [
    ['activated-uncommitted', '17.09.05'],
    ['inactive', OLD],
  ]);
  assert.equal(s.autoAbortTimer?.active, true);
  assert.equal(s.autoAbortTimer?.armedBy, 'install_activate');
  assert.ok((s.autoAbortTimer?.remainingSeconds ?? 0) > 0 && (s.autoAbortTimer?.remainingSeconds ?? 0) <= 30 * 60);
  assert.equal((await version(again)).xeVersion, '17.09.05');
  const commit = parsed(await again.run('install commit'));
  assert.deepEqual([commit.operation, commit.outcome, commit.result, commit.phases.map((p) => [p.name, p.passedOn?.join(' ')])], ['commit', 'succeeded', 'SUCCESS: install_commit', [['Commit', '1 2']]]);
  const done = await summary(again);
  assert.deepEqual(done.locations[0]!.packages.map((p) => p.state), ['activated-committed', 'inactive']);
  assert.deepEqual(done.autoAbortTimer, { active: false });
});

test('the auto-abort timer runs out before a commit (a member did not come back): the stack rolls back to the old version by itself', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t, { minuteMs: 40, faults: { membersStayDown: [2] } });
  const sh = await login(t, dev);
  await sh.run(`install add file flash:${NEW_IMAGE}`);
  await answerReload(sh, 'install activate auto-abort-timer 30');
  await until('the stack back on the new version', () => dev.state.power.state === 'up' && dev.state.software.xeVersion === '17.09.05');
  const again = await login(t, dev);
  // The health check a job makes: member 2 is missing from show version's table and the summary.
  const v = await version(again);
  assert.deepEqual(v.stack?.map((m) => m.switchNumber), [1]);
  assert.deepEqual((await summary(again)).locations[0]!.members, ['Switch 1']);
  // Nobody commits: the timer reloads the stack into the previous image.
  await again.closed;
  await until('the rollback', () => dev.state.power.state === 'up' && dev.state.software.xeVersion === OLD);
  const back = await login(t, dev);
  const rolled = await version(back);
  assert.deepEqual([rolled.xeVersion, rolled.lastReloadReason], [OLD, 'Install Auto Abort']);
  const s = await summary(back);
  assert.deepEqual(s.locations[0]!.packages.map((p) => [p.state, p.release]), [
    ['inactive', '17.09.05'],
    ['activated-committed', OLD],
  ]);
  assert.deepEqual(s.autoAbortTimer, { active: false });
});

test('install abort after an activation: the reload question, the Abort phase, back on the old version', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t, { minuteMs: 1000 });
  const sh = await login(t, dev);
  await sh.run(`install add file flash:${NEW_IMAGE}`);
  await answerReload(sh, 'install activate');
  await until('up', () => dev.state.power.state === 'up');
  const again = await login(t, dev);
  assert.equal((await summary(again)).autoAbortTimer?.remainingSeconds !== undefined, true, 'install activate arms the default timer');
  const abort = parsed(await answerReload(again, 'install abort'));
  assert.deepEqual([abort.operation, abort.outcome, abort.phases.map((p) => [p.name, p.passedOn?.join(' ')])], ['abort', 'succeeded', [['Abort', '1 2']]]);
  await until('up on the old version', () => dev.state.power.state === 'up' && dev.state.software.xeVersion === OLD);
  const back = await login(t, dev);
  assert.deepEqual((await summary(back)).locations[0]!.packages.map((p) => p.state), ['inactive', 'activated-committed']);
});

test('install remove inactive lists the device\'s own inactive files (both members), n keeps them, y deletes them', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t);
  const sh = await login(t, dev);
  await sh.run(`install add file flash:${NEW_IMAGE}`);
  const asked = await sh.send('install remove inactive\r', /\[y\/n\]$/);
  await sh.send('n\r');
  const no = parsed(sh.output().slice(sh.output().lastIndexOf('install_remove: START')).replace(/\r\n[A-Za-z][\w.-]*#$/, ''));
  assert.equal(no.removal?.declined, true);
  assert.ok(dev.state.defaultFs.get('cat9k-rpbase.17.09.05.SPA.pkg'));
  const listed = parsed(asked.slice(asked.indexOf('install_remove')));
  const removed = listed.removal!.remove;
  assert.deepEqual([...new Set(removed.map((r) => r.member))], ['R0', 'R1']);
  assert.deepEqual(
    removed.filter((r) => r.member === 'R0').map((r) => r.file).sort(),
    [`/flash/${NEW_IMAGE}`, '/flash/cat9k_iosxe.17.09.05.SPA.conf', ...['rpboot', 'rpbase', 'espbase', 'lni', 'wlc', 'webui', 'srdriver', 'guestshell', 'sipbase', 'sipspa', 'cc_srdriver'].map((p) => `/flash/cat9k-${p}.17.09.05.SPA.pkg`)].sort(),
  );
  assert.ok(listed.removal!.keep.some((k) => k.file === '/flash/packages.conf' && k.member === 'R1'));
  assert.ok(listed.removal!.keep.some((k) => k.file === `/flash/cat9k-rpbase.${OLD}.SPA.pkg`));
  await sh.send('install remove inactive\r', /\[y\/n\]$/);
  await sh.send('y\r');
  const yes = parsed(sh.output().slice(sh.output().lastIndexOf('install_remove: START')).replace(/\r\n[A-Za-z][\w.-]*#$/, ''));
  assert.deepEqual([yes.outcome, yes.removal?.deleted.length], ['succeeded', 13]);
  for (const prefix of ['flash:', 'flash-2:']) assert.equal(dev.fileSystem(prefix)!.list().filter((f) => f.name.includes('17.09.05')).length, 0, prefix);
  assert.deepEqual((await summary(sh)).locations[0]!.packages.map((p) => p.release), [OLD]);
  // Nothing left to delete.
  const none = parsed(await sh.run('install remove inactive'));
  assert.deepEqual([none.outcome, none.removal?.remove, none.questions], ['succeeded', [], []]);
});

test('FAILED: not enough space on a member — the path and KB figures, nothing expanded', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t);
  const member2 = dev.fileSystem('flash-2:')!;
  member2.place('filler.bin', { sizeBytes: member2.freeBytes() - 1_000_000 });
  const sh = await login(t, dev);
  const o = parsed(await sh.run(`install add file flash:${NEW_IMAGE} activate commit`));
  assert.equal(o.outcome, 'failed');
  assert.deepEqual([o.failure?.kind, o.failure?.member, o.failure?.path, o.failure?.requiredKB], ['space', 'Switch 2', '/flash', Math.floor(IMAGE_BYTES / 1024)]);
  assert.ok((o.failure?.availableKB ?? Infinity) < Math.floor(IMAGE_BYTES / 1024));
  assert.match(o.result ?? '', /^FAILED: add_activate_commit \/flash\/cat9k_iosxe\.17\.09\.05\.SPA\.bin /);
  assert.equal(dev.state.defaultFs.list().filter((f) => f.name.endsWith('.17.09.05.SPA.pkg')).length, 0);
  assert.equal(dev.state.power.state, 'up');
});

test('FAILED and no-change cases: same image (no change, no reload), already added, unsaved configuration with prompt-level none, the [y/n/q] save question', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t);
  const sh = await login(t, dev);
  const same = 'cat9k_iosxe.17.09.04a.SPA.bin';
  dev.state.defaultFs.place(same, { sizeBytes: IMAGE_BYTES });
  const noChange = parsed(await sh.run(`install add file flash:${same} activate commit`));
  assert.deepEqual([noChange.outcome, noChange.noChange, noChange.memberResults.map((m) => m.member)], ['succeeded', 'Same Image File-No Change', ['Switch 1', 'Switch 2']]);
  assert.equal(dev.state.power.state, 'up');

  await sh.run(`install add file flash:${NEW_IMAGE}`);
  const again = parsed(await sh.run(`install add file flash:${NEW_IMAGE}`));
  assert.deepEqual([again.failure?.kind, again.outcome], ['already-added', 'failed']);

  await sh.run('configure terminal');
  await sh.run('hostname C9300-LAB');
  await sh.run('end');
  const modified = parsed(await sh.run(`install add file flash:${NEW_IMAGE} activate commit prompt-level none`));
  assert.deepEqual(modified.failures.map((f) => [f.kind, f.member ?? null]), [
    ['config-modified', 'Switch 1'],
    ['config-modified', 'Switch 2'],
    ['summary', null],
  ]);
  // Interactive: the save question, q stops with nothing done.
  await sh.send('install activate\r', /\[y\/n\/q\]$/);
  const quit = await sh.send('q\r');
  assert.doesNotMatch(quit, /Activating IMG/);
  // y saves (write memory clears "modified"), then the reload question.
  await sh.send('install activate\r', /\[y\/n\/q\]$/);
  const saved = await sh.send('y\r', /\[y\/n\]$/);
  assert.match(saved, /Building configuration\.\.\.\r\n\[OK\]\r\n/);
  const declined = await sh.send('n\r');
  assert.match(declined, /FAILED: install_activate : /);
  const after = await sh.send('install activate\r', /\[y\/n\]$/);
  assert.doesNotMatch(after, /\[y\/n\/q\]/, 'saved: no save question any more');
  await sh.send('n\r');
});

test('a declined reload leaves the added image (its expanded .pkg files) behind, listed as inactive', { timeout: 60_000 }, async (t) => {
  const dev = await setup(t);
  const sh = await login(t, dev);
  await sh.send(`install add file flash:${NEW_IMAGE} activate commit\r`, /\[y\/n\]$/);
  const out = await sh.send('n\r');
  const o = parsed(sh.output().slice(sh.output().indexOf('install_add_activate_commit:')).replace(/\r\n[A-Za-z][\w.-]*#$/, ''));
  assert.deepEqual([o.outcome, o.questions.map((q) => q.answer)], ['failed', ['n']]);
  assert.match(out, /FAILED: install_add_activate_commit : /);
  assert.equal(dev.state.defaultFs.list().filter((f) => f.name.endsWith('.17.09.05.SPA.pkg')).length, 11);
  assert.deepEqual((await summary(sh)).locations[0]!.packages.map((p) => [p.state, p.release]), [
    ['inactive', '17.09.05'],
    ['activated-committed', OLD],
  ]);
  assert.equal(dev.state.power.state, 'up');
});
