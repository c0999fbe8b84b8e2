// `install` from the CLI against the simulated IOS-XE lab (the CLI's own engine, loopback only), with
// short lab timings: the Catalyst 9300 stack upgraded with the safety net (add, activate with the
// auto-abort timer, reload, health check, commit), the ISR 4331 converted from bundle mode, the stack
// rolled back by its own timer when a member does not come back (exit 3), `--direct` over TFTP, HTTP
// and FTP (the device's installer downloading the engine's URL itself), and FAILED lines ending the
// job with the device's reason.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { type DeviceFaults, startLab } from '../../../src/lab';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { freeTcpPort, freeUdpPort } from '../../unit/lab/clients/real-servers';
import { cliIo } from '../jobs/cli-lab';

interface Timing {
  reloadMs?: number;
  minuteMs?: number;
  faults?: DeviceFaults;
}

async function installLab(t: TestContext, profile: string, o: Timing = {}) {
  const tftpPort = await freeUdpPort();
  // IOS's ftp: URLs name no port: the lab's FTP client dials the port the engine's FTP server listens on.
  const ftpPort = await freeTcpPort();
  const lab = await startLab({ profiles: [profile], tftpPort, ftpPort, reloadMs: o.reloadMs ?? 600, installStepMs: 2, minuteMs: o.minuteMs ?? 1000, ...(o.faults ? { faults: o.faults } : {}) });
  t.after(() => lab.close());
  const [device] = lab.devices;
  const saved = process.env.IIM_ENABLE_SECRET;
  process.env.IIM_ENABLE_SECRET = device.enableSecret;
  t.after(() => (saved === undefined ? delete process.env.IIM_ENABLE_SECRET : (process.env.IIM_ENABLE_SECRET = saved)));
  const dir = tempDir(t);
  const args = (file: string, ...more: string[]) => ['install', device.url, file, '--engine-ports', `tftp=${tftpPort},ftp=${ftpPort}`, '--known-hosts', path.join(dir, 'known_hosts'), '--accept-new-host-key', '--reload-timeout', '60', ...more];
  return { device, dir, args };
}

const image = (dir: string, profile: string) => writeSampleImage(dir, sampleImages[profile]!, 1024 * 1024, 3);

test('install on the 9300 stack: refused without --yes-reload; with it add, activate with the timer, reload, health check, commit → exit 0', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300', { minuteMs: 1000 });
  const img = await image(dir, 'c9300');

  const refused = cliIo(false);
  assert.equal(await runCli(args(img.path, '--auto-abort', '30'), refused), 1, refused.out + refused.err);
  assert.match(refused.out, /RELOADS C9300-STACK: 17\.09\.04a → 17\.09\.05/);
  assert.match(refused.out, /members that reload: Switch 1, Switch 2/);
  assert.match(refused.out, /auto-abort-timer 30/);
  assert.match(refused.out, /DECLINED: the reload of C9300-STACK was not confirmed/);
  assert.equal(device.state.software.xeVersion, '17.09.04a');

  const io = cliIo(false);
  const code = await runCli(args(img.path, '--auto-abort', '30', '--yes-reload'), io);
  assert.equal(code, 0, io.out + io.err);
  assert.match(io.out, /\[ok {5}\] Install mode: C9300-STACK boots in install mode/);
  assert.match(io.out, /image \+ its expansion ≈ 2 × the image|Every member has room/);
  assert.match(io.out, /verified|MD5/i);
  assert.match(io.out, /Image added\. Version: 17\.09\.05/);
  assert.match(io.out, /Activate: Passed on|Passed on \[/);
  assert.match(io.out, /Health check: healthy/);
  assert.match(io.out, /every member is back: Switch 1, Switch 2/);
  assert.match(io.out, /COMMITTED: C9300-STACK runs 17\.09\.05 on every member/);
  assert.equal(device.state.software.xeVersion, '17.09.05');
  assert.equal(device.state.install?.packages.find((p) => p.state === 'C')?.version.startsWith('17.09.05'), true);
  assert.equal(device.state.autoAbort, undefined, 'the commit stopped the timer');
});

test('install on the ISR 4331 in bundle mode: converts (no boot system, boot system bootflash:packages.conf, write memory) and installs with the one-shot → exit 0', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'isr4331');
  const img = await image(dir, 'isr4331');
  const io = cliIo(false);
  const code = await runCli(args(img.path, '--yes-reload'), io);
  assert.equal(code, 0, io.out + io.err);
  assert.match(io.out, /boots in bundle mode: the job converts it/);
  assert.match(io.out, /no boot system/);
  assert.match(io.out, /activate commit/);
  assert.match(io.out, /COMMITTED: .* runs 17\.09\.05 in install mode, committed by the one-shot/);
  assert.equal(device.state.software.mode, 'install');
  assert.match(device.state.runningImage, /packages\.conf$/);
});

test('install on the 9300 stack when member 2 does not come back: no commit, the auto-abort timer rolls it back → exit 3', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300', { minuteMs: 150, faults: { membersStayDown: [2] } });
  const img = await image(dir, 'c9300');
  const io = cliIo(false);
  const code = await runCli(args(img.path, '--auto-abort', '30', '--yes-reload'), io);
  assert.equal(code, 3, io.out + io.err);
  assert.match(io.out, /Health check: NOT HEALTHY/);
  assert.match(io.out, /Switch 2 did not come back/);
  assert.match(io.out, /waiting-for-rollback…/);
  assert.match(io.out, /ROLLED-BACK: C9300-STACK did not come back healthy .* rolled it back to 17\.09\.04a/);
  assert.equal(device.state.software.xeVersion, '17.09.04a');
});

test('install --json: one JSON object per line, the last event the outcome', { timeout: 120_000 }, async (t) => {
  const { dir, args } = await installLab(t, 'c9300');
  const io = cliIo(false);
  // A Catalyst 9200 image on a 9300: blocked by the platform family before anything is sent.
  const wrong = await writeSampleImage(dir, sampleImages.c9200!, 1024 * 1024, 4);
  assert.equal(await runCli(args(wrong.path, '--json', '--yes-reload'), io), 1);
  const events = io.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcome?: { status: string; message: string } });
  const outcome = events.filter((e) => e.type === 'outcome').at(-1);
  assert.equal(outcome?.outcome?.status, 'blocked');
  assert.match(outcome!.outcome!.message, /cat9k_lite|Catalyst 9200/);
  assert.ok(events.some((e) => e.type === 'checks'));
});

test('install --direct --one-shot on the 9200: the installer fetches the engine URL itself (TFTP) and commits in one command → exit 0', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9200');
  const img = await image(dir, 'c9200');
  const io = cliIo(false);
  const code = await runCli(args(img.path, '--direct', '--one-shot', '--yes-reload'), io);
  assert.equal(code, 0, io.out + io.err);
  assert.match(io.out, /install add file <engine URL> activate commit/);
  assert.match(io.out, /safety net: none: the one-shot form commits at once/);
  assert.match(io.out, /Finished downloading file tftp:/);
  assert.match(io.out, /COMMITTED: C9200 runs 17\.09\.06a in install mode, committed by the one-shot install/);
  assert.equal(device.state.software.xeVersion, '17.09.06a');
});

for (const protocol of ['http', 'ftp'] as const) {
  test(`install --direct --protocol ${protocol} on the 9300 stack: the installer downloads the engine's ${protocol}: URL itself, then activate, reload, health check, commit → exit 0`, { timeout: 120_000 }, async (t) => {
    const { device, dir, args } = await installLab(t, 'c9300');
    const img = await image(dir, 'c9300');
    const io = cliIo(false);
    const code = await runCli(args(img.path, '--direct', '--protocol', protocol, '--yes-reload', '--auto-abort', '30'), io);
    assert.equal(code, 0, io.out + io.err);
    // FTP: the engine's one-time login is in the URL the device echoes; the CLI prints it redacted.
    assert.match(io.out, new RegExp(`Downloading file ${protocol}://${protocol === 'ftp' ? 'iim-\\w+:\\*{5}@' : ''}127\\.0\\.0\\.1${protocol === 'http' ? ':\\d+' : ''}/\\S*cat9k_iosxe\\.17\\.09\\.05\\.SPA\\.bin`));
    assert.match(io.out, new RegExp(`Finished downloading file ${protocol}:`));
    assert.doesNotMatch(io.out, /:\/\/iim-[\w-]+:(?!\*{5}@)/, 'no one-time password printed');
    assert.match(io.out, /COMMITTED: C9300-STACK runs 17\.09\.05/);
    assert.equal(device.state.software.xeVersion, '17.09.05');
    assert.equal(device.state.install?.packages.find((p) => p.state === 'C')?.version.startsWith('17.09.05'), true);
    // What the device downloaded is the image, byte for byte (the sample image's content, not just its size).
    assert.equal(await device.state.defaultFs.md5('cat9k_iosxe.17.09.05.SPA.bin'), img.md5);
  });
}

test('a FAILED line ends the job: the add runs out of space on the members → exit 1 with the device line, and install remove inactive offered', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300');
  const img = await image(dir, 'c9300');
  const io = cliIo(false);
  // The flash fills up between the verified copy and the add (the lab's fault, set when the job starts adding).
  const stdout = io.stdout;
  io.stdout = (text: string) => {
    if (text.includes('"stage":"adding"')) device.state.faults.outOfSpace = true;
    stdout(text);
  };
  const code = await runCli(args(img.path, '--json', '--yes-reload', '--auto-abort', '30'), io);
  assert.equal(code, 1, io.out + io.err);
  const events = io.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcome?: { status: string; message: string; offerRemoveInactive?: boolean; failure?: { kind: string } }; event?: { type: string; line: string } });
  const outcome = events.find((e) => e.type === 'outcome')!.outcome!;
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.failure?.kind, 'space');
  assert.match(outcome.message, /install add failed: \[1\] Switch 1 FAILED: \/flash requires \d+ KB of free space, but only 0 KB is available/);
  assert.equal(outcome.offerRemoveInactive, true);
  assert.ok(events.some((e) => e.type === 'install' && e.event?.type === 'failed'), 'the FAILED line came as an event as it arrived');
  assert.equal(device.state.software.xeVersion, '17.09.04a', 'nothing activated');
});

test('space short on the members: blocked with the device\'s own remove-inactive list; with --yes-remove-inactive it removes exactly those files first and the install commits → exit 0', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300', { minuteMs: 1000 });
  const img = await image(dir, 'c9300');
  // An older release's expanded package left in every member's flash (not in use: inactive), leaving
  // 1.5 MiB free where the image and its expansion need about 2 MiB.
  const leftover = 'cat9k-rpbase.17.06.01.SPA.pkg';
  const flashes = ['flash:', 'flash-2:'].map((p) => device.fileSystem(p)!);
  for (const fs of flashes) fs.place(leftover, { sizeBytes: fs.freeBytes() - 1536 * 1024 });

  const blocked = cliIo(false);
  assert.equal(await runCli(args(img.path, '--auto-abort', '30', '--yes-reload'), blocked), 1, blocked.out + blocked.err);
  assert.match(blocked.out, /Not enough space/);
  assert.match(blocked.out, new RegExp(`\`install remove inactive\` would delete \\(the device's own list\\): [^\\n]*${leftover.replace(/\./g, '\\.')}`));
  assert.ok(flashes.every((fs) => fs.get(leftover)), 'nothing removed without the confirmation');
  assert.equal(device.state.software.xeVersion, '17.09.04a');

  const io = cliIo(false);
  const code = await runCli(args(img.path, '--auto-abort', '30', '--yes-reload', '--yes-remove-inactive'), io);
  assert.equal(code, 0, io.out + io.err);
  assert.match(io.out, /removing-inactive…\n[\s\S]*SUCCESS: install_remove [\s\S]*transferring…/);
  // The copy's own pre-flight judges the space after the removal, not from the snapshot before it.
  const copyFree = /Free space: 1\.0 MiB \(1048576 bytes\) fits on flash: \(([\d.]+) (\w+) /.exec(io.out);
  assert.ok(copyFree && copyFree[2] !== 'KiB', `the copy saw the freed space: ${copyFree?.[0]}`);
  assert.match(io.out, /COMMITTED: C9300-STACK runs 17\.09\.05 on every member/);
  assert.ok(flashes.every((fs) => !fs.get(leftover)), 'the leftover is gone from every member');
  assert.ok(flashes.every((fs) => fs.get('cat9k-rpbase.17.09.04a.SPA.pkg')), 'the running image\'s packages were kept');
  assert.equal(device.state.software.xeVersion, '17.09.05');
});

/** An io whose stop signal (Ctrl-C in the CLI) fires when the job reaches `stage`. */
function stoppingAt(stage: string) {
  const io = cliIo(false);
  const stop = new AbortController();
  io.stopSignal = stop.signal;
  const stdout = io.stdout;
  io.stdout = (text: string) => {
    stdout(text);
    if (text.includes(`"stage":"${stage}"`)) setTimeout(() => stop.abort(), 0);
  };
  return io;
}

const outcomeOf = (out: string) => (out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcome?: { status: string; message: string } }).find((e) => e.type === 'outcome')?.outcome);

test('cancelled while install add runs: the device finishes the add on its own and the image stays inactive, as the outcome says; nothing activated', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300', { minuteMs: 1000 });
  const img = await image(dir, 'c9300');
  const io = stoppingAt('adding');
  const code = await runCli(args(img.path, '--json', '--yes-reload', '--auto-abort', '30'), io);
  assert.equal(code, 1, io.out + io.err);
  const outcome = outcomeOf(io.out)!;
  assert.equal(outcome.status, 'cancelled');
  assert.match(outcome.message, /`install add` was sent: C9300-STACK finishes adding the image, which stays inactive/);
  // What the device was left in: the add completes though the session is gone.
  const deadline = Date.now() + 20_000;
  while (device.state.installBusy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    device.state.install?.packages.map((p) => [p.state, p.version.split('.').slice(0, 3).join('.')]),
    [
      ['I', '17.09.05'],
      ['C', '17.09.04a'],
    ],
  );
  assert.equal(device.state.software.xeVersion, '17.09.04a');
  assert.equal(device.state.autoAbort, undefined);
});

test('cancelled while waiting for the reload after install activate: the outcome says the activation is uncommitted and the timer will roll it back; the device has it armed', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await installLab(t, 'c9300', { minuteMs: 1000, reloadMs: 3000 });
  const img = await image(dir, 'c9300');
  const io = stoppingAt('reloading');
  const code = await runCli(args(img.path, '--json', '--yes-reload', '--auto-abort', '30'), io);
  assert.equal(code, 1, io.out + io.err);
  const outcome = outcomeOf(io.out)!;
  assert.equal(outcome.status, 'cancelled');
  assert.match(outcome.message, /`install activate` was sent: C9300-STACK reloaded into the new version, uncommitted — it rolls back by itself when the auto-abort timer \(30 min\) expires unless someone commits/);
  const deadline = Date.now() + 20_000;
  while (device.state.power.state !== 'up' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(device.state.software.xeVersion, '17.09.05');
  assert.equal(device.state.install?.packages.find((p) => p.state === 'U')?.version.startsWith('17.09.05'), true);
  assert.ok(device.state.autoAbort, 'the timer runs: nobody committed');
});
