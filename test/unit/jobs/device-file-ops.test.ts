// delete-file and set-boot against the simulated lab over SSH: the delete dialogue answered only for
// the planned file, the running image refused without confirmation, and the boot commands applied.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { connectDevice, MemoryKnownHostsStore } from '../../../src/device';
import { deleteCheck, deleteFile } from '../../../src/jobs/delete-file';
import { splitDevicePath } from '../../../src/jobs/device-snapshot';
import { gatherSnapshot } from '../../../src/jobs/gather';
import { JobLog } from '../../../src/jobs/job-log';
import { bootCommands, setBootImage } from '../../../src/jobs/set-boot';
import { startLab } from '../../../src/lab';

async function labSession(t: TestContext, profile: string) {
  const lab = await startLab({ profiles: [profile] });
  t.after(() => lab.close());
  const d = lab.devices[0];
  const store = new MemoryKnownHostsStore();
  const [type, base64] = d.hostKeyPublic.trim().split(/\s+/);
  await store.add(d.host, d.port, { type, blob: Buffer.from(base64, 'base64') });
  const user = d.privilegedUser ?? { username: d.username, password: d.password };
  const session = await connectDevice({ host: d.host, port: d.port, username: user.username, password: user.password, enableSecret: d.enableSecret, knownHosts: store });
  t.after(() => session.close());
  return { d, session, snapshot: await gatherSnapshot(session, user.username) };
}

test('bootCommands keeps the running image as a fallback entry', () => {
  assert.deepEqual(bootCommands('flash:/new.bin', 'flash:old.bin'), ['configure terminal', 'no boot system', 'boot system flash:new.bin', 'boot system flash:old.bin', 'end', 'write memory']);
  assert.deepEqual(bootCommands('flash:new.bin', 'FLASH:/new.bin'), ['configure terminal', 'no boot system', 'boot system flash:new.bin', 'end', 'write memory']);
});

test('deleteCheck blocks the running and the boot image, with the confirmation that lifts it', () => {
  const device = { hostname: 'SW1', runningImage: 'flash:/run.bin', bootVariable: ['flash:boot.bin,1'], fileSystems: [{ name: 'flash:' }], unknown: [] };
  assert.equal(deleteCheck(device, 'flash:other.bin').status, 'ok');
  for (const p of ['flash:run.bin', 'flash:/boot.bin']) {
    const c = deleteCheck(device, p);
    assert.equal(c.status, 'blocking', p);
    assert.equal(c.confirmation, 'delete-running-image');
  }
});

test('delete on the lab: a spare file goes; the running image stays without confirmation', { timeout: 60_000 }, async (t) => {
  const { d, session, snapshot } = await labSession(t, 'c2960x');
  const running = snapshot.runningImage!;
  const { fileSystem, name: runningName } = splitDevicePath(running);
  const fs = d.fileSystem(fileSystem)!;
  const spare = fs.list().find((f) => !f.isDirectory && f.name !== runningName && !/\.(txt|dat|text)$/.test(f.name)) ?? fs.list().find((f) => !f.isDirectory && f.name !== runningName)!;
  assert.ok(spare, 'the profile has a file besides the running image');

  const blocked = await deleteFile(session, snapshot, running);
  assert.equal(blocked.outcome.status, 'blocked');
  assert.ok(fs.get(runningName), 'the running image is still there');

  const log = new JobLog();
  const done = await deleteFile(session, snapshot, `${fileSystem}${spare.name}`, { log });
  assert.equal(done.outcome.status, 'succeeded', done.outcome.message);
  assert.equal(fs.get(spare.name), undefined, `${spare.name} was deleted`);
  assert.ok(log.lines.some((l) => l.kind === 'sent' && l.text === `delete ${fileSystem}${spare.name}`));

  const missing = await deleteFile(session, snapshot, `${fileSystem}no-such-file.bin`);
  assert.equal(missing.outcome.status, 'failed');
});

test('set boot on the lab: the boot variable names the new image after write memory', { timeout: 60_000 }, async (t) => {
  const { session, snapshot } = await labSession(t, 'isr4331');
  const fs = snapshot.fileSystems.find((f) => f.isDefault) ?? snapshot.fileSystems[0];
  const other = fs.files!.find((f) => !f.isDirectory && `${fs.name}${f.name}` !== snapshot.runningImage?.replace(/:\/*/, ':'));
  assert.ok(other);
  const target = `${fs.name}${other.name}`;
  await setBootImage(session, snapshot.hostname, bootCommands(target, snapshot.runningImage));
  const after = await gatherSnapshot(session, snapshot.loginUser);
  assert.equal(after.bootVariable?.[0]?.split(',')[0].replace(/:\/*/, ':'), target, after.bootVariable?.join('; '));
});
