// The install planner as tables: the steps for install mode, the one-shot and bundle mode; what blocks
// (same version, another family, a running auto-abort timer, a mixed stack, space); the space
// estimate (image + expansion ≈ 2×, said in the report); the probe of `install remove inactive` when
// space is short, and the confirmation that lifts the block only when removing frees enough.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShowVersion } from '../../../src/device';
import type { DeviceSnapshot } from '../../../src/jobs';
import { planInstall, type InstallRequest, type InstallSnapshot } from '../../../src/jobs/install';
import type { LocalImage } from '../../../src/jobs/local-image';

const MB = 1024 * 1024;

function local(name: string, sizeBytes = 400 * MB): LocalImage {
  return { path: `/tmp/${name}`, name, sizeBytes, digests: { md5: '0'.repeat(32) }, header: Buffer.alloc(0) } as LocalImage;
}

function stack(o: { free?: number[]; mode?: 'INSTALL' | 'BUNDLE'; versions?: string[]; files?: { name: string; sizeBytes: number }[] } = {}): InstallSnapshot {
  const free = o.free ?? [8000 * MB, 8000 * MB];
  const device: DeviceSnapshot = {
    hostname: 'SW',
    platform: 'C9300-48P',
    fileSystems: free.map((f, i) => ({ name: i === 0 ? 'flash:' : `flash-${i + 1}:`, ...(i === 0 ? { aliases: ['flash-1:', 'bootflash:'] } : {}), freeBytes: f, totalBytes: 11000 * MB, files: o.files ?? [] })),
    config: {},
    loginUser: 'u',
    unknown: [],
  };
  const versions = o.versions ?? free.map(() => '17.09.04a');
  const version = { osFamily: 'ios-xe', xeVersion: '17.09.04a', platform: 'C9300-48P', imageFile: 'flash:packages.conf', bootMode: o.mode === 'BUNDLE' ? 'bundle' : 'install', memory: {}, flashDevices: [], notes: [], stack: free.map((_, i) => ({ switchNumber: i + 1, active: i === 0, ports: 62, model: 'C9300-48P', swVersion: versions[i]!, swImage: 'CAT9K_IOSXE', mode: o.mode ?? 'INSTALL' })) } as unknown as ShowVersion;
  const fs = (n: number) => device.fileSystems[n - 1];
  return {
    device,
    version,
    mode: o.mode === 'BUNDLE' ? 'bundle' : 'install',
    summary: { locations: [{ label: 'Switch 1 2', members: ['Switch 1', 'Switch 2'], listing: 'Installed', packages: [{ type: 'IMG', stateCode: 'C', state: 'activated-committed', filenameOrVersion: '17.09.04a.0.1', version: '17.09.04a.0.1' }] }], legend: {}, autoAbortTimer: { active: false }, notes: [] },
    members: free.map((_, i) => ({ name: `Switch ${i + 1}`, switchNumber: i + 1, model: 'C9300-48P', version: versions[i]!, mode: o.mode === 'BUNDLE' ? 'bundle' : 'install', fileSystem: fs(i + 1)! })),
    installFs: device.fileSystems[0]!,
  };
}

const request = (name = 'cat9k_iosxe.17.09.05.SPA.bin', more: Partial<InstallRequest> = {}): InstallRequest => ({ image: { kind: 'local', local: local(name) }, transfer: 'copy', oneShot: false, autoAbortMinutes: 60, confirmations: [], ...more });
const status = (p: ReturnType<typeof planInstall>, id: string) => p.checks.find((c) => c.id === id)?.status;

test('install mode: save, copy, add, activate with the timer, reload, health check, commit — every member listed and reloading', () => {
  const p = planInstall(stack(), request());
  assert.deepEqual(p.blocked, []);
  assert.deepEqual(p.steps.map((s) => s.kind), ['save-config', 'copy', 'add', 'activate', 'await-reload', 'health-check', 'commit']);
  assert.deepEqual(p.steps.find((s) => s.kind === 'activate'), { kind: 'activate', autoAbortMinutes: 60 });
  assert.equal(p.target, 'flash:cat9k_iosxe.17.09.05.SPA.bin');
  assert.deepEqual([p.reload.from, p.reload.to, p.reload.members], ['17.09.04a', '17.09.05', ['Switch 1', 'Switch 2']]);
  assert.match(p.reload.safetyNet, /auto-abort-timer 60.*rolls itself back to 17\.09\.04a/);
  assert.deepEqual(p.reload.commands, ['write memory', 'install add file flash:cat9k_iosxe.17.09.05.SPA.bin', 'install activate auto-abort-timer 60', 'install commit (after the health check)']);
});

test('one-shot and --direct: one command that commits, no safety net; bundle mode converts first and is always one-shot', () => {
  const one = planInstall(stack(), request(undefined, { oneShot: true, transfer: 'direct' }));
  assert.deepEqual(one.steps.map((s) => s.kind), ['save-config', 'offer-direct', 'one-shot', 'await-reload', 'health-check']);
  assert.match(one.reload.safetyNet, /^none/);
  const bundle = planInstall(stack({ mode: 'BUNDLE' }), request());
  assert.equal(status(bundle, 'install-mode'), 'warning');
  assert.deepEqual(bundle.steps.map((s) => s.kind), ['convert-to-install', 'copy', 'one-shot', 'await-reload', 'health-check']);
  assert.deepEqual(bundle.steps[0], { kind: 'convert-to-install', commands: ['configure terminal', 'no boot system', 'boot system flash:packages.conf', 'end', 'write memory'] });
  assert.equal(bundle.oneShot, true);
});

test('blocks: the running version (Same Image File-No Change), another family (cat9k_lite on a 9300), a member on another version, a running auto-abort timer', () => {
  assert.equal(status(planInstall(stack(), request('cat9k_iosxe.17.09.04a.SPA.bin')), 'install-version'), 'blocking');
  const lite = planInstall(stack(), request('cat9k_lite_iosxe.17.09.05.SPA.bin'));
  assert.equal(status(lite, 'install-image-family'), 'blocking');
  assert.match(lite.checks.find((c) => c.id === 'install-image-family')!.summary, /Catalyst 9200.*Switch 1 is a C9300-48P/);
  assert.equal(status(planInstall(stack({ versions: ['17.09.04a', '17.06.05'] }), request()), 'install-members'), 'blocking');
  const timer = stack();
  timer.summary!.autoAbortTimer = { active: true, armedBy: 'install_activate', remainingSeconds: 3000 };
  const t = planInstall(timer, request());
  assert.equal(status(t, 'install-state'), 'blocking');
  assert.equal(t.blocked.find((c) => c.id === 'install-state')?.confirmation, undefined, 'no confirmation lifts it: commit or abort first');
});

test('space: about twice the image on every member (explained); short → probe install remove inactive; its own list frees enough → a confirmation lifts it and the removal is a step', () => {
  const ok = planInstall(stack(), request());
  assert.equal(status(ok, 'install-space'), 'ok');
  const short = stack({ free: [8000 * MB, 500 * MB], files: [{ name: 'cat9k-rpbase.17.06.01.SPA.pkg', sizeBytes: 400 * MB }] });
  const first = planInstall(short, request());
  assert.equal(first.probe, 'removable');
  const space = first.checks.find((c) => c.id === 'install-space')!;
  assert.match(space.summary, /Switch 2 has 500 MiB free of the 800 MiB needed/);
  assert.match(space.facts[0]!, /image \+ its expansion ≈ 2 × the image/);
  const listed = planInstall({ ...short, removable: { remove: [{ member: 'switch 2', file: '/flash/cat9k-rpbase.17.06.01.SPA.pkg' }], keep: [] } }, request());
  assert.equal(listed.probe, undefined);
  const block = listed.blocked.find((c) => c.id === 'install-space')!;
  assert.equal(block.confirmation, 'remove-inactive');
  assert.ok(block.facts.some((f) => /would delete \(the device's own list\): switch 2: \/flash\/cat9k-rpbase\.17\.06\.01\.SPA\.pkg/.test(f)));
  const confirmed = planInstall(listed.snapshot, request(undefined, { confirmations: ['remove-inactive'] }));
  assert.deepEqual(confirmed.blocked, []);
  assert.deepEqual(confirmed.steps.slice(0, 3).map((s) => s.kind), ['save-config', 'remove-inactive', 'copy']);
  const notEnough = planInstall({ ...stack({ free: [8000 * MB, 100 * MB], files: [{ name: 'x.pkg', sizeBytes: 10 * MB }] }), removable: { remove: [{ file: '/flash/x.pkg' }], keep: [] } }, request());
  assert.equal(notEnough.blocked.find((c) => c.id === 'install-space')?.confirmation, undefined);
});

test('an image already in flash: no copy, `install add file` names it, its space counted once', () => {
  const s = stack({ files: [{ name: 'cat9k_iosxe.17.09.05.SPA.bin', sizeBytes: 400 * MB }] });
  const p = planInstall(s, { image: { kind: 'device', path: 'flash:cat9k_iosxe.17.09.05.SPA.bin', name: 'cat9k_iosxe.17.09.05.SPA.bin', sizeBytes: 400 * MB }, transfer: 'copy', oneShot: false, autoAbortMinutes: 120, confirmations: [] });
  assert.deepEqual(p.steps.map((x) => x.kind), ['save-config', 'add', 'activate', 'await-reload', 'health-check', 'commit']);
  assert.equal(p.source, 'flash:cat9k_iosxe.17.09.05.SPA.bin');
  assert.ok(p.checks.find((c) => c.id === 'install-space')!.facts.some((f) => /Switch 1 \(flash:\): needs 400 MiB/.test(f)));
  assert.equal(p.checks.find((c) => c.id === 'checksum'), undefined);
});
