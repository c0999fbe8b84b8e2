// Copy jobs with an external server the user names (`server: { kind: 'external' }`, the CLI's
// `--server HOST`): real Debian servers on loopback stand for it — tftpd-hpa's in.tftpd run the way
// a distribution runs it (as root it drops to the 'tftp' user, chrooted to its folder), and vsftpd —
// and the simulated lab is told that their loopback ports stand for 69/21 (neither IOS nor --server
// can name a port). The bundled engine is never started: all progress comes from the device's own
// output. Each test asserts the outcome and what the device's flash (or the server's folder) holds.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { DeviceSession } from '../../../src/device';
import type { DeviceSnapshot } from '../../../src/jobs/device-snapshot';
import type { JobEvent } from '../../../src/jobs/job-events';
import { readLocalImage } from '../../../src/jobs/local-image';
import { pullFile } from '../../../src/jobs';
import { pushImage } from '../../../src/jobs';
import { type DeviceFaults, type LabDevice, startLab } from '../../../src/lab';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliPath } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { needTool } from '../../helpers/tools';
import { loopback, type RunningServer, startTftpd, startVsftpd } from '../../unit/lab/clients/real-servers';
import { flashMd5, labSessions } from './job-lab';

const kib = 1024;
const mib = 1024 * 1024;
const md5Of = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');

/** The image the external server holds: written into its folder, readable by the 'tftp' user. */
async function serveImage(server: RunningServer, profile: string, sizeBytes: number, seed: number) {
  const image = await writeSampleImage(server.dir, sampleImages[profile], sizeBytes, seed);
  chmodSync(image.path, 0o644);
  return image;
}

interface ExternalLab {
  device: LabDevice;
  open(): Promise<{ session: DeviceSession; snapshot: DeviceSnapshot }>;
}

/** One simulated device whose idea of port 69 (or 21) is the external server's port. */
async function labFacing(t: TestContext, profile: string, ports: { tftpPort?: number; ftpPort?: number }, faults?: DeviceFaults): Promise<ExternalLab> {
  const lab = await startLab({ profiles: [profile], ...ports, ...(faults ? { faults } : {}) });
  t.after(() => lab.close());
  const [device] = lab.devices;
  const { open } = await labSessions(t, lab.devices);
  return { device, open: () => open(device) };
}

function progressOf(events: JobEvent[]) {
  return events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
}

test('push over TFTP from an external in.tftpd: progress from the device, verify /md5 passes, flash holds the exact bytes', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: false } });
  const size = 2 * mib + 777; // not a multiple of 512: a short last block
  const image = await serveImage(server, 'c2960x', size, 11);
  const lab = await labFacing(t, 'c2960x', { tftpPort: server.port });
  const { session, snapshot } = await lab.open();
  const events: JobEvent[] = [];
  const started = Date.now();
  const result = await pushImage(session, snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: { kind: 'external', host: loopback },
    onEvent: (e) => events.push(e),
  });
  t.diagnostic(`external TFTP push of ${size} bytes: ${Date.now() - started} ms`);
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.equal(result.outcome.status === 'succeeded' && result.outcome.verified, true, 'verify /md5 passed');
  assert.equal(result.outcome.status === 'succeeded' && result.outcome.md5, image.md5);
  assert.equal(result.outcome.status === 'succeeded' && result.outcome.bytes, size, "the device's own byte count");
  assert.ok(result.log.lines.some((l) => l.kind === 'sent' && l.text === `copy tftp://${loopback}/${sampleImages.c2960x.name} flash:${sampleImages.c2960x.name}`), 'the device was sent to the external server');
  assert.ok(result.log.lines.some((l) => l.kind === 'sent' && l.text === `verify /md5 flash:${sampleImages.c2960x.name}`));
  assert.ok(!result.checks.some((c) => c.id === 'reachability'), "no claim about the reachability of a server the job does not run");

  const progress = progressOf(events);
  assert.ok(progress.length > 5, `progress events arrived while copying (${progress.length})`);
  assert.ok(
    progress.every((p) => p.source === 'device'),
    'every progress event comes from the device (no engine)',
  );
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].bytes >= progress[i - 1].bytes, 'progress never goes back');
  assert.ok(progress.every((p) => p.totalBytes === size && p.bytes <= size));
  assert.equal(progress.at(-1)!.bytes, size, "progress ends at the device's own byte count");
  assert.ok(progress.at(-2)!.bytes > size * 0.9, `the marks alone got near the end (${progress.at(-2)!.bytes} of ${size})`);
  const marks = events.filter((e) => e.type === 'device-output').map((e) => (e as { text: string }).text).join('');
  assert.match(marks, new RegExp(`Loading ${sampleImages.c2960x.name.replace(/\./g, '\\.')} from 127\\.0\\.0\\.1 \\(via [^)]+\\): !+`), "the device's own marks");
  assert.match(marks, new RegExp(`\\[OK - ${size} bytes\\]`));

  assert.equal(await flashMd5(lab.device, 'flash:', sampleImages.c2960x.name), image.md5, "the device's flash holds the exact bytes");
  assert.equal(lab.device.fileSystem('flash:')!.get(sampleImages.c2960x.name)!.sizeBytes, size);
});

test("pull over TFTP into an external in.tftpd's folder: byte-exact there, and the job says it could not verify it", { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: true } });
  const lab = await labFacing(t, 'isr4331', { tftpPort: server.port });
  // Put a file of our own on the device first (through the same server), then send it back under another name.
  const source = tempDir(t);
  const size = 1 * mib + 333;
  const image = await writeSampleImage(source, sampleImages.isr4331, size, 12);
  const pushed = await (async () => {
    const served = await serveImage(server, 'isr4331', size, 12);
    assert.equal(served.md5, image.md5);
    const { session, snapshot } = await lab.open();
    return pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(served.path), server: { kind: 'external', host: loopback } });
  })();
  assert.equal(pushed.outcome.status, 'succeeded', pushed.outcome.message);
  const deviceFile = `bootflash:${sampleImages.isr4331.name}`;
  assert.equal(await flashMd5(lab.device, 'bootflash:', sampleImages.isr4331.name), image.md5);

  const localDir = tempDir(t);
  // A file of that name in the local folder is no reason to stop: nothing lands there.
  writeFileSync(path.join(localDir, sampleImages.isr4331.name), 'unrelated');
  const { session, snapshot } = await lab.open();
  const events: JobEvent[] = [];
  const started = Date.now();
  const pulled = await pullFile(session, snapshot, { protocol: 'tftp', deviceFile, localDir, server: { kind: 'external', host: loopback, path: 'backup.bin' }, onEvent: (e) => events.push(e) });
  t.diagnostic(`external TFTP pull of ${size} bytes: ${Date.now() - started} ms`);
  assert.equal(pulled.outcome.status, 'succeeded', pulled.outcome.message);
  assert.ok(pulled.log.lines.some((l) => l.kind === 'sent' && l.text === `copy ${deviceFile} tftp://${loopback}/backup.bin`));
  // The job cannot see the server's folder: it reports the device's MD5 (from verify /md5 before
  // the copy) and says plainly that nothing was verified on the receiving side.
  assert.equal(pulled.outcome.status === 'succeeded' && pulled.outcome.verified, false, 'not claimed verified');
  assert.match(pulled.outcome.message, /external server: not verified here/);
  assert.equal(pulled.outcome.status === 'succeeded' && pulled.outcome.md5, image.md5, "the device's MD5 is reported for the user to compare");
  assert.equal(pulled.outcome.status === 'succeeded' && pulled.outcome.bytes, size);
  assert.deepEqual(readdirSync(localDir), [sampleImages.isr4331.name], 'nothing was written to the local folder');
  assert.equal(readFileSync(path.join(localDir, sampleImages.isr4331.name), 'utf8'), 'unrelated');
  assert.deepEqual(
    pulled.checks.map((c) => `${c.id}:${c.status}`),
    ['source:ok', 'external-destination:info'],
    'no local-folder or engine checks; the pre-flight says the receiving end is out of sight',
  );
  assert.match(pulled.outcome.message, new RegExp(`verify /md5 gave ${image.md5}`), "the message gives the device's MD5 to compare with");
  const progress = progressOf(events);
  assert.ok(progress.length > 5 && progress.every((p) => p.source === 'device' && p.totalBytes === size), `progress from the device's marks (${progress.length} events)`);
  assert.equal(progress.at(-1)!.bytes, size);

  const landed = path.join(server.dir, 'backup.bin');
  assert.equal(statSync(landed).size, size);
  assert.equal(md5Of(landed), image.md5, "the file in the server's folder is byte-exact");
});

test('cancel mid-copy from an external in.tftpd: cancelled, the device stops copying, no complete image on flash, and the message says to check it', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: false } });
  const size = 4 * mib;
  const image = await serveImage(server, 'c2960x', size, 13);
  // The slow link keeps the copy going long enough to cancel it in the middle.
  const lab = await labFacing(t, 'c2960x', { tftpPort: server.port }, { bytesPerSecond: 256 * kib });
  const name = sampleImages.c2960x.name;
  const flashBefore = lab.device.fileSystem('flash:')!.list().map((f) => f.name);
  const { session, snapshot } = await lab.open();
  const abort = new AbortController();
  let cancelledAt: number | undefined;
  const result = await pushImage(session, snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: { kind: 'external', host: loopback },
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'progress' && e.source === 'device' && e.bytes > 300 * kib && !abort.signal.aborted) {
        cancelledAt = e.bytes;
        abort.abort();
      }
    },
  });
  t.diagnostic(`cancelled at ~${cancelledAt} bytes (device marks): ${result.outcome.message}`);
  assert.ok(cancelledAt !== undefined, 'cancelled from a device progress event');
  assert.equal(result.outcome.status, 'cancelled', result.outcome.message);
  assert.ok(session.isClosed, "the SSH session was closed: that is what ends IOS's copy");
  assert.match(result.outcome.message, new RegExp(`flash:${name.replace(/\./g, '\\.')} may be incomplete — check it before any reload`), 'the message names the file to check');

  // The device's copy stops (the lab notices its session went away within its 200 ms poll) and
  // discards what it had written; it must never present a complete image.
  const storage = lab.device.storageDir;
  const deadline = Date.now() + 5000;
  const inFlight = () => readdirSync(storage, { recursive: true }).filter((f) => /upload-\d+$/.test(String(f)));
  while (inFlight().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(inFlight(), [], 'the partial copy was aborted and discarded by the device');
  assert.notEqual(await flashMd5(lab.device, 'flash:', name), image.md5, 'no complete image on flash');
  assert.deepEqual(lab.device.fileSystem('flash:')!.list().map((f) => f.name), flashBefore, 'flash lists what it listed before');

  // A new session sees the same: `dir` does not list the image.
  const again = await lab.open();
  assert.ok(!again.snapshot.fileSystems.find((f) => f.name === 'flash:')!.files!.some((f) => f.name === name));
});

/** Runs the built CLI as its own process, without blocking this one (the lab answers from here). */
function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('CLI: push --server 127.0.0.1 --protocol tftp with in.tftpd serving the file\'s folder: exit 0, verified, flash holds the exact bytes', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: false } });
  const size = 1 * mib + 4321;
  const image = await serveImage(server, 'c2960x', size, 14);
  // IOS cannot name a TFTP port, and neither can --server: the lab is told that in.tftpd's port is its 69.
  const lab = await labFacing(t, 'c2960x', { tftpPort: server.port });
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const started = Date.now();
  const r = await runCli(['push', lab.device.url, image.path, '--server', loopback, '--protocol', 'tftp', '--json', '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_ENABLE_SECRET: lab.device.enableSecret });
  t.diagnostic(`CLI external TFTP push of ${size} bytes: ${Date.now() - started} ms (process start to exit)`);
  assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { outcome: { status: string; verified?: boolean; md5?: string; target?: string }; checks: { id: string }[] };
  assert.equal(report.outcome.status, 'succeeded');
  assert.equal(report.outcome.verified, true);
  assert.equal(report.outcome.md5, image.md5);
  assert.equal(report.outcome.target, `flash:${sampleImages.c2960x.name}`);
  assert.ok(!report.checks.some((c) => c.id === 'reachability'), 'no engine, no reachability claim');
  assert.equal(await flashMd5(lab.device, 'flash:', sampleImages.c2960x.name), image.md5, "the device's flash holds the exact bytes");
});

test('push over FTP from an external vsftpd (anonymous): progress from the device on the FTP scale, verified, exact bytes', { timeout: 120_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  const size = 3 * mib + 99;
  const image = await writeSampleImage(server.dir, sampleImages.c2911, size, 15);
  chmodSync(image.path, 0o644);
  const lab = await labFacing(t, 'c2911', { ftpPort: server.port });
  const { device } = lab;
  const { session, snapshot } = await lab.open();
  const events: JobEvent[] = [];
  const started = Date.now();
  const result = await pushImage(session, snapshot, { protocol: 'ftp', local: await readLocalImage(image.path), server: { kind: 'external', host: loopback, username: 'anonymous' }, onEvent: (e) => events.push(e) });
  t.diagnostic(`external FTP push of ${size} bytes: ${Date.now() - started} ms`);
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.equal(result.outcome.status === 'succeeded' && result.outcome.verified, true);
  const progress = progressOf(events);
  assert.ok(progress.length > 5 && progress.every((p) => p.source === 'device'));
  // One FTP `!` is 10 × 4 KiB: read as 10 TFTP blocks it would stall the bar near 12%.
  assert.ok(progress.at(-2)!.bytes > size * 0.9, `the marks alone got near the end (${progress.at(-2)!.bytes} of ${size})`);
  assert.equal(progress.at(-1)!.bytes, size);
  assert.equal(await flashMd5(device, 'flash0:', sampleImages.c2911.name), image.md5, "the device's flash holds the exact bytes");
});

test('cancel mid-pull to an external in.tftpd: cancelled, and the message says the server may hold a partial file', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: true } });
  const lab = await labFacing(t, 'c2960x', { tftpPort: server.port }, { bytesPerSecond: 256 * kib });
  // The profile's own running image (generated bytes, 26 MB) is far too big to finish at this rate.
  const { session, snapshot } = await lab.open();
  const running = snapshot.runningImage!;
  const abort = new AbortController();
  const result = await pullFile(session, snapshot, {
    protocol: 'tftp',
    deviceFile: running,
    localDir: tempDir(t),
    server: { kind: 'external', host: loopback, path: 'partial.bin' },
    verify: false,
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'progress' && e.source === 'device' && e.bytes > 200 * kib) abort.abort();
    },
  });
  assert.equal(result.outcome.status, 'cancelled', result.outcome.message);
  assert.match(result.outcome.message, /127\.0\.0\.1 may hold a partial partial\.bin — delete it there/);
  assert.ok(session.isClosed);
  const full = lab.device.fileSystem('flash:')!.get(running.replace(/^flash:/, ''))!.sizeBytes;
  const landed = path.join(server.dir, 'partial.bin');
  const held = readdirSync(server.dir).includes('partial.bin') ? statSync(landed).size : 0;
  t.diagnostic(`in.tftpd's folder holds ${held} of ${full} bytes after the cancel`);
  assert.ok(held < full, 'what the server holds is not the whole file');
});

test('CLI: pull --server 127.0.0.1 into in.tftpd: exit 0, the pre-flight and outcome say it is not verified here, the file there is byte-exact', { timeout: 120_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd, { asDistributed: { uploads: true } });
  const lab = await labFacing(t, 'c2960x', { tftpPort: server.port });
  const localDir = tempDir(t);
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const started = Date.now();
  const r = await runCli(['pull', lab.device.url, 'flash:config.text', localDir, '--server', loopback, '--protocol', 'tftp', '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_ENABLE_SECRET: lab.device.enableSecret });
  t.diagnostic(`CLI external TFTP pull of flash:config.text: ${Date.now() - started} ms (process start to exit)`);
  assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stdout, /\[info {3}\] External server: SW2960X sends the file to 127\.0\.0\.1 as config\.text; that server's folder is not visible from here/);
  assert.match(r.stdout, /^100% /m, "the progress line reaches 100% from the device's output");
  assert.match(r.stdout, /SUCCEEDED: flash:config\.text sent to 127\.0\.0\.1 as config\.text \(external server: not verified here; the device's verify \/md5 gave [0-9a-f]{32}/);
  const expected = await flashMd5(lab.device, 'flash:', 'config.text');
  assert.equal(md5Of(path.join(server.dir, 'config.text')), expected, "the file in in.tftpd's folder is byte-exact");
  assert.deepEqual(readdirSync(localDir), [], 'nothing lands in LOCALDIR');
});
