// "Reload into New Image" against the lab's ISR 2911 and Catalyst 2960-X, after a real push with
// set-boot: the reload boots the new image and the job proves it from `show version`; a new image the
// boot loader cannot load (the lab's corruptImages fault) boots the fallback entry and the job says
// so loudly with the device's reason; a device that does not come back in time, one that comes back
// with another host key, unsaved configuration without consent, a boot variable that does not name
// the image and a declined confirmation each end the job as what they are.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { type DeviceFaults } from '../../../src/lab';
import { type JobEvent, pushImage, readLocalImage, reloadIntoImage, type ReloadPlan } from '../../../src/jobs';
import { DeviceNotBackError, HostKeyDifferentError } from '../../../src/jobs/flash-load-helper';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { startJobLab } from './job-lab';

const M8 = 'c2900-universalk9-mz.SPA.157-3.M8.bin';
const M9 = 'c2900-universalk9-mz.SPA.157-3.M9.bin';
/** Short waits for the lab (real devices take minutes: the defaults). */
const timing = { timeoutMs: 20_000, retryMs: 200, firstTryMs: 200, downMs: 10_000 };

/** A lab device with the new image pushed, verified and set as the boot image (the old one as fallback). */
async function upgraded(t: TestContext, o: { profile?: string; name?: string; faults?: DeviceFaults; reloadMs?: number; devices?: number } = {}) {
  const profile = o.profile ?? 'c2911';
  const name = o.name ?? M9;
  const lab = await startJobLab(t, Array.from({ length: o.devices ?? 1 }, () => profile), o.faults, { reloadMs: o.reloadMs ?? 400 });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), { ...sampleImages[profile], name }, 200 * 1024, 9);
  const local = await readLocalImage(image.path);
  const { session, snapshot } = await lab.open(device);
  const pushed = await pushImage(session, snapshot, { protocol: 'tftp', local, server: lab.server('tftp'), afterwards: { setBoot: true } });
  assert.equal(pushed.outcome.status, 'succeeded', pushed.outcome.message);
  assert.equal(pushed.outcome.status === 'succeeded' && pushed.outcome.afterwards?.setBoot, 'done');
  // What the reload job starts from: the device as it is now (boot variable changed).
  const now = await lab.open(device);
  return { lab, device, md5: local.digests.md5, running: snapshot.runningImage!, ...now };
}

test('ISR 2911: confirmed with the plan (from → to, fallback, outage), reloads, comes back with the same host key and boots the new image — said from show version', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot, md5 } = await upgraded(t);
  const asked: ReloadPlan[] = [];
  const events: JobEvent[] = [];
  const r = await reloadIntoImage(session, snapshot, {
    expectedMd5: md5,
    confirm: async (plan) => (asked.push(plan), true),
    reconnect: lab.reconnect(device),
    timing,
    onEvent: (e) => events.push(e),
  });
  assert.equal(r.result, 'booted-new', r.outcome.message);
  assert.equal(r.outcome.status, 'succeeded');
  assert.equal(asked.length, 1);
  assert.deepEqual([asked[0].from, asked[0].to, asked[0].fallback], [`flash0:${M8}`, `flash0:${M9}`, `flash0:${M8}`]);
  assert.match(asked[0].outage, /minutes for a router/);
  assert.equal(r.checks.find((c) => c.id === 'image-verified')?.status, 'ok', 'verify /md5 agreed with the expected MD5');
  assert.match(r.outcome.message, new RegExp(`^R2911 reloaded into flash0:${M9.replace(/\./g, '\\.')} \\(version 15\\.7\\(3\\)M9\\) and answers again after .+ \\(same host key\\)\\. "System returned to ROM by reload at \\d\\d:\\d\\d:\\d\\d UTC .+", "Last reload reason: Reload Command"\\. flash0:${M8.replace(/\./g, '\\.')} stays as the fallback entry\\.$`));
  assert.deepEqual([r.booted?.image, r.booted?.version, r.booted?.lastReloadReason], [`flash0:${M9}`, '15.7(3)M9', 'Reload Command']);
  const phases = events.flatMap((e) => (e.type === 'phase' ? [e.phase] : []));
  assert.deepEqual(phases, ['preflight', 'reloading', 'verifying', 'done']);
  assert.equal(session.isClosed, true, 'the first session dropped with the reload');
  assert.equal(device.state.runningImage, `flash0:${M9}`);
  const sent = r.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
  assert.deepEqual(sent, [`verify /md5 flash0:${M9}`, 'show version', 'reload', 'show version']);
  assert.equal(r.checks.find((c) => c.id === 'config-register')?.status, 'ok', 'the 2911 boots by its boot entries (0x2102)');
  assert.ok(r.log.lines.some((l) => l.kind === 'note' && /answers SSH again after \d+ s \(attempt \d+\), host key SHA256:\S+ as before/.test(l.text)));
});

test('ISR 2911: the new image cannot be loaded (corrupt) — IOS boots the fallback entry and the job says so loudly, with the reason show version gives', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot, md5 } = await upgraded(t, { faults: { corruptImages: [`flash:${M9}`] } });
  const r = await reloadIntoImage(session, snapshot, { expectedMd5: md5, confirm: async () => true, reconnect: lab.reconnect(device), timing });
  assert.equal(r.result, 'booted-fallback', r.outcome.message);
  assert.equal(r.outcome.status, 'failed');
  assert.match(r.outcome.message, /^R2911 DID NOT BOOT THE NEW IMAGE: it came back after .+ \(same host key\) running the FALLBACK entry flash0:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin \(version 15\.7\(3\)M8\), not flash0:c2900-universalk9-mz\.SPA\.157-3\.M9\.bin\./);
  assert.match(r.outcome.message, /The device says: "System returned to ROM by reload at \d\d:\d\d:\d\d UTC [^"]+", "Last reload reason: Reload Command"\./);
  assert.match(r.outcome.message, /verify \/md5 flash0:\S+M9\.bin against Cisco's published checksum and copy it again/);
  assert.equal(r.outcome.status === 'failed' && r.outcome.cause?.startsWith('"System returned to ROM by reload at'), true);
  assert.equal(device.state.runningImage, `flash0:${M8}`);
});

test('Catalyst 2960-X: the switch boots the new image; its show version words the reload its own way (power-on, Reload command)', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot, md5 } = await upgraded(t, { profile: 'c2960x', name: 'c2960x-universalk9-mz.152-7.E8.bin' });
  const r = await reloadIntoImage(session, snapshot, { expectedMd5: md5, confirm: async () => true, reconnect: lab.reconnect(device), timing });
  assert.equal(r.result, 'booted-new', r.outcome.message);
  assert.match(r.outcome.message, /"System returned to ROM by power-on", "Last reload reason: Reload command"/);
  assert.equal(r.plan?.outage.includes('Catalyst switch'), true);
});

test('a device that does not answer again before the deadline: DeviceNotBackError reported, with what to check', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot } = await upgraded(t, { reloadMs: 60_000 });
  const r = await reloadIntoImage(session, snapshot, { confirm: async () => true, reconnect: lab.reconnect(device), timing: { ...timing, timeoutMs: 1_500, retryMs: 300 } });
  assert.equal(r.result, 'not-back');
  assert.ok(r.error instanceof DeviceNotBackError, 'the typed error is there for callers');
  assert.match(r.outcome.message, /^R2911 did not answer SSH again within .+ after the reload \(\d+ attempts; last: .+\)\. It may still be booting, or be stuck in ROMMON if neither flash0:\S+M9\.bin nor flash0:\S+M8\.bin loaded: check its console\.$/);
  assert.equal(device.state.power.state, 'down');
});

test('a device that comes back with another host key is refused: nothing is sent to it', { timeout: 120_000 }, async (t) => {
  const { lab, session, snapshot } = await upgraded(t, { devices: 2 });
  const impostor = lab.devices[1];
  const r = await reloadIntoImage(session, snapshot, { confirm: async () => true, reconnect: lab.reconnect(impostor), timing });
  assert.equal(r.result, 'host-key-different');
  assert.ok(r.error instanceof HostKeyDifferentError);
  assert.match(r.outcome.message, /^R2911 came back with host key SHA256:\S+, not SHA256:\S+ as before the reload: refusing to go on/);
  const sent = r.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
  assert.deepEqual(sent.slice(sent.indexOf('reload')), ['reload'], 'nothing sent to it after the reload');
});

test('unsaved configuration: without consent the job backs out of the reload (nothing saved, nothing lost); with consent it answers yes and reloads', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot } = await upgraded(t);
  for (const line of ['configure terminal', 'ip ftp passive', 'end']) await session.run(line);
  assert.equal(device.state.startupSaved, false);
  const refused = await reloadIntoImage(session, snapshot, { confirm: async () => true, reconnect: lab.reconnect(device), timing });
  assert.equal(refused.result, 'unsaved-config', refused.outcome.message);
  assert.match(refused.outcome.message, /^Not reloaded: R2911 says its configuration has unsaved changes \("System configuration has been modified"\), and saving them was not allowed\. Nothing was saved or lost\./);
  assert.equal(device.state.power.state, 'up');
  assert.equal(session.isClosed, false, 'the session is still there');
  assert.match(await session.run('show running-config | include ftp passive'), /ip ftp passive/, 'the change is still in the running configuration');

  const saved = await reloadIntoImage(session, snapshot, { saveConfig: true, confirm: async () => true, reconnect: lab.reconnect(device), timing });
  assert.equal(saved.result, 'booted-new', saved.outcome.message);
  assert.ok(saved.log.lines.some((l) => l.kind === 'received' && /Building configuration\.\.\.\n\[OK\]/.test(l.text)), 'IOS saved it at the question');
  assert.equal(device.state.running.ftpPassive, true, 'the change survived the reload');
});

test('blocked before anything is sent: the boot variable does not name the image; a declined confirmation sends nothing', { timeout: 60_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2911'], undefined, { reloadMs: 400 });
  const [device] = lab.devices;
  device.state.defaultFs.place(M9, { sizeBytes: 100_000 });
  const { session, snapshot } = await lab.open(device);
  const blocked = await reloadIntoImage(session, snapshot, { image: `flash0:${M9}`, confirm: async () => assert.fail('not asked when blocked'), reconnect: lab.reconnect(device), timing });
  assert.equal(blocked.result, 'blocked');
  assert.match(blocked.outcome.message, /R2911 boots flash:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin first, not flash0:\S+M9\.bin: a reload would not load the new image/);
  const same = await reloadIntoImage(session, snapshot, { image: `flash0:${M8}`, confirm: async () => assert.fail('not asked when blocked'), reconnect: lab.reconnect(device), timing });
  assert.equal(same.result, 'blocked');
  assert.match(same.outcome.message, /^Not reloaded: R2911 already runs flash0:\S+M8\.bin: a reload would not change its image\.$/, 'flash: and flash0: are one file system');

  for (const line of ['configure terminal', 'no boot system', `boot system flash0:${M9}`, `boot system flash0:${M8}`, 'end', 'write memory']) await session.run(line);
  const now = await lab.open(device);
  const declined = await reloadIntoImage(now.session, now.snapshot, { confirm: async () => false, reconnect: lab.reconnect(device), timing });
  assert.equal(declined.result, 'declined');
  assert.match(declined.outcome.message, /^Not reloaded: the reload was not confirmed\. R2911 runs flash0:\S+M8\.bin as before and boots flash0:\S+M9\.bin at its next reload\.$/);
  assert.ok(!declined.log.lines.some((l) => l.kind === 'sent' && l.text === 'reload'));
  assert.equal(device.state.power.state, 'up');
});

test('a cancel while the device reloads stops the waiting only, and says the reload goes on', { timeout: 120_000 }, async (t) => {
  const { lab, device, session, snapshot } = await upgraded(t, { reloadMs: 60_000 });
  const abort = new AbortController();
  const r = await reloadIntoImage(session, snapshot, {
    confirm: async () => true,
    reconnect: lab.reconnect(device),
    timing,
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'phase' && e.phase === 'reloading') setTimeout(() => abort.abort(), 600);
    },
  });
  assert.equal(r.result, 'cancelled');
  assert.match(r.outcome.message, /^cancelled while R2911 reloads: the reload itself goes on\. Check which image it booted \(show version\) when it is back\.$/);
  assert.equal(device.state.power.state, 'down', 'it was reloading');
});
