// The install-mode commands on their own, through the jobs layer against the simulated 9300 stack:
// `install remove inactive` shows the device's own list and deletes only after its confirmation;
// `install commit` after an activation stops the auto-abort timer; `install abort` reloads the stack
// into the previous version and the job comes back to say so; an install job blocked while an
// auto-abort timer runs.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { DeviceSession } from '../../../src/device';
import { JobLog } from '../../../src/jobs';
import { commitInstall, reloadingInstallCommand, removeInactive, runInstallCommand } from '../../../src/jobs/install';
import { startLab } from '../../../src/lab';
import { labSessions } from '../jobs/job-lab';

const NEW_IMAGE = 'cat9k_iosxe.17.09.05.SPA.bin';

/** Connects once the stack answers SSH again after its reload (tries for up to 30 s). */
async function whenBack(reconnect: () => Promise<DeviceSession>): Promise<DeviceSession> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await reconnect();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function stackWithAddedImage(t: TestContext, minuteMs = 1000) {
  const lab = await startLab({ profiles: ['c9300'], reloadMs: 400, installStepMs: 2, minuteMs });
  t.after(() => lab.close());
  const [device] = lab.devices;
  device.state.defaultFs.place(NEW_IMAGE, { sizeBytes: 2_000_000 });
  const sessions = await labSessions(t, lab.devices);
  const { session } = await sessions.open(device);
  const added = await runInstallCommand(session, `install add file flash:${NEW_IMAGE}`, {}, { log: new JobLog() });
  assert.equal(added.output.outcome, 'succeeded');
  return { device, session, reconnect: sessions.reconnect(device) };
}

test('Remove Inactive: the device lists what it would delete; declined keeps it, confirmed deletes exactly that', { timeout: 60_000 }, async (t) => {
  const { device, session } = await stackWithAddedImage(t);
  const pkgs = () => device.fileSystem('flash:')!.list().filter((f) => f.name.endsWith('.17.09.05.SPA.pkg')).length;
  assert.equal(pkgs(), 11);
  const shown: string[][] = [];
  const no = await removeInactive(session, { hostname: 'C9300-STACK', confirm: async (remove) => (shown.push(remove.map((r) => r.file)), false) });
  assert.equal(no.status, 'declined');
  assert.ok(shown[0]!.some((f) => f.endsWith('cat9k-rpbase.17.09.05.SPA.pkg')), shown[0]!.join(' '));
  assert.ok(shown[0]!.some((f) => f.endsWith(NEW_IMAGE)));
  assert.equal(pkgs(), 11, 'nothing deleted when declined');
  const yes = await removeInactive(session, { hostname: 'C9300-STACK', confirm: async () => true });
  assert.equal(yes.status, 'succeeded', yes.message);
  assert.equal(pkgs(), 0);
  assert.equal(device.fileSystem('flash:')!.get(NEW_IMAGE), undefined);
});

test('Commit after an activation stops the auto-abort timer; Abort reloads into the previous version and the job reports it', { timeout: 60_000 }, async (t) => {
  const { device, session, reconnect } = await stackWithAddedImage(t);
  const act = await runInstallCommand(session, 'install activate auto-abort-timer 30', { reload: true }, { log: new JobLog() });
  assert.equal(act.reloaded, true);
  let back = await whenBack(reconnect);
  assert.ok(device.state.autoAbort, 'the timer runs');
  const declined = await commitInstall(back, { hostname: 'C9300-STACK', confirm: async () => false });
  assert.equal(declined.status, 'declined');
  assert.ok(device.state.autoAbort, 'nothing sent when declined');
  const aborted = await reloadingInstallCommand(back, { hostname: 'C9300-STACK', kind: 'abort' }, { confirm: async () => true, reconnect, reloadTimeoutMs: 30_000 });
  assert.equal(aborted.status, 'succeeded', aborted.message);
  assert.equal(aborted.version, '17.09.04a');
  assert.match(aborted.message, /back after 'install abort', running 17\.09\.04a/);
  t.after(() => aborted.session?.close());

  // Once more, and commit this time.
  back = aborted.session!;
  const act2 = await runInstallCommand(back, 'install activate auto-abort-timer 30', { reload: true }, { log: new JobLog() });
  assert.equal(act2.reloaded, true);
  const third = await whenBack(reconnect);
  const committed = await commitInstall(third, { hostname: 'C9300-STACK', confirm: async () => true });
  assert.equal(committed.status, 'succeeded', committed.message);
  assert.equal(device.state.autoAbort, undefined);
  assert.equal(device.state.install?.packages.find((p) => p.state === 'C')?.version.startsWith('17.09.05'), true);
});

test('Roll Back: to id 1 after a committed upgrade reloads the stack into 17.09.04a and the job reports it; to committed then needs no reload; an unknown point fails with the device line', { timeout: 90_000 }, async (t) => {
  const { device, session, reconnect } = await stackWithAddedImage(t);
  const act = await runInstallCommand(session, 'install activate auto-abort-timer 30', { reload: true }, { log: new JobLog() });
  assert.equal(act.reloaded, true);
  const upgraded = await whenBack(reconnect);
  const committed = await commitInstall(upgraded, { hostname: 'C9300-STACK', confirm: async () => true });
  assert.equal(committed.status, 'succeeded', committed.message);

  // Not confirmed: nothing is sent.
  const declined = await reloadingInstallCommand(upgraded, { hostname: 'C9300-STACK', kind: 'rollback', target: { to: 'id', id: 1 } }, { confirm: async () => false, reconnect });
  assert.equal(declined.status, 'declined');
  assert.equal(device.state.install?.packages.find((p) => p.state === 'C')?.version.startsWith('17.09.05'), true);

  const unknown = await reloadingInstallCommand(upgraded, { hostname: 'C9300-STACK', kind: 'rollback', target: { to: 'id', id: 9 } }, { confirm: async () => true, reconnect });
  assert.equal(unknown.status, 'failed');
  assert.match(unknown.message, /install rollback to id 9 failed: FAILED: install_rollback : Rollback point id 9 does not exist/);

  const phases: string[] = [];
  const rolled = await reloadingInstallCommand(
    upgraded,
    { hostname: 'C9300-STACK', kind: 'rollback', target: { to: 'id', id: 1 }, onEvent: (e) => void (e.type === 'install' && e.event.type === 'phase' && e.event.status === 'passed' && phases.push(e.event.line)) },
    { confirm: async () => true, reconnect, reloadTimeoutMs: 30_000 },
  );
  t.after(() => rolled.session?.close());
  assert.equal(rolled.status, 'succeeded', rolled.message);
  assert.equal(rolled.version, '17.09.04a');
  assert.match(rolled.message, /back after 'install rollback to id 1', running 17\.09\.04a/);
  assert.deepEqual(phases, ['Rollback: Passed on [1 2]']);
  assert.equal(device.state.install?.packages.find((p) => p.state === 'C')?.version, '17.09.04a.0.6');

  const same = await reloadingInstallCommand(rolled.session!, { hostname: 'C9300-STACK', kind: 'rollback', target: { to: 'committed' } }, { confirm: async () => true, reconnect });
  assert.equal(same.status, 'succeeded', same.message);
  assert.match(same.message, /without a reload/);
  assert.equal(same.session, undefined);
});
