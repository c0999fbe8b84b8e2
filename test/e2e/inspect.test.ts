// `inspect` as a user runs it: the built CLI as a real process against each simulated lab profile,
// its --json checked against the lab device's own data; host-key refusal and acceptance.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fingerprintSha256 } from '../../src/device';
import { builtinProfiles, type LabDevice, loadProfile, type Profile, startLabDevice } from '../../src/lab';
import { cliPath } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

/**
 * Like runCliProcess, but asynchronous: the lab device runs in this process, so the event loop
 * must stay free while the CLI talks to it.
 */
function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, IIM_PASSWORD: '', IIM_ENABLE_SECRET: '', ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What `show version` of each built-in profile says (written from the profiles' recorded text). */
const versionFacts: Record<string, { platform: string; version: string }> = {
  isr4331: { platform: 'ISR4331/K9', version: '16.9.5' },
  c2960x: { platform: 'WS-C2960X-48FPD-L', version: '15.2(7)E3' },
  'c3850-stack': { platform: 'WS-C3850-48P', version: '16.12.5' },
  c2911: { platform: 'CISCO2911/K9', version: '15.7(3)M8' },
  'c2500-run-from-flash': { platform: '2500', version: '12.2(29b)' },
  c9300: { platform: 'C9300-48P', version: '17.9.4a' },
  c9200: { platform: 'C9200-48P', version: '17.9.5' },
};

/** The legacy algorithms the client falls back to per profile (none for IOS-XE 17). */
const legacyUsed: Record<string, string | undefined> = {
  isr4331: 'ssh-rsa',
  c2960x: 'diffie-hellman-group14-sha1, ssh-rsa',
  'c3850-stack': 'ssh-rsa',
  c2911: 'diffie-hellman-group14-sha1, ssh-rsa',
  'c2500-run-from-flash': 'diffie-hellman-group1-sha1, ssh-rsa, aes128-cbc',
};

/** The inventory the device's own state implies, in the --json shape. */
function expectedInventory(dev: LabDevice) {
  const xe = dev.profile.osFamily === 'ios-xe';
  return {
    hostname: dev.profile.hostname,
    ...versionFacts[dev.profile.name],
    image: dev.profile.runningImage,
    bootVariable: dev.state.bootVariable,
    fileSystems: dev.state.fileSystems.map((fs) => ({
      name: fs.prefixes[0],
      type: fs.type,
      total: fs.sizeBytes,
      free: fs.freeBytes(),
      files: fs
        .list()
        .filter((f) => !f.deleted && !f.name.includes('/'))
        .map((f) => ({
          name: f.name,
          // IOS lists a directory with its block size: 4096 on IOS-XE's Linux flash, 512 on classic IOS,
          // or what the profile says (16384 for lost+found, 0 on the ISR G2's FAT CompactFlash).
          size: f.isDirectory ? (f.listedBytes ?? (xe ? 4096 : 512)) : f.sizeBytes,
          date: f.mtime ? f.mtime.toISOString().replace(/\.\d{3}Z$/, '+00:00') : null,
          permissions: f.permissions,
        })),
    })),
    bootMode: dev.profile.osFamily === 'ios-xe' && dev.profile.runningImage.endsWith('packages.conf') ? 'install' : 'bundle',
    chassis: expectedChassis(dev),
    install: dev.state.install
      ? {
          locations: [{ members: dev.state.install.locations, packages: dev.state.install.packages.map((p) => ({ type: p.type, state: { I: 'inactive', U: 'activated-uncommitted', C: 'activated-committed', D: 'deactivated-uncommitted' }[p.state], version: p.version })) }],
          autoAbortTimer: { active: false },
        }
      : null,
    problems: [],
  };
}

/** The chassis `show inventory` names: the stack members (`Switch N`), else the chassis entry, with PID and serial as the profile holds them. */
function expectedChassis(dev: LabDevice) {
  const entries = dev.profile.inventory ?? [];
  const members = entries.filter((e) => /^Switch \d+$/.test(e.name) || /^\d+$/.test(e.name));
  const units = members.length ? members : entries.slice(0, 1);
  return units.map((e) => ({ ...(members.length ? { member: Number(/\d+/.exec(e.name)![0]) } : {}), pid: e.pid || null, serial: e.sn || null }));
}

async function lab(t: import('node:test').TestContext, profile: string | Profile, legacyAlgorithms = false): Promise<LabDevice> {
  const dev = await startLabDevice({ profile, legacyAlgorithms });
  t.after(() => dev.close());
  return dev;
}

const opts = { timeout: 60_000 };

for (const profile of builtinProfiles.map((p) => p.name)) {
  test(`inspect --json against the ${profile} lab device matches its data`, opts, async (t) => {
    const dev = await lab(t, profile);
    const knownHosts = path.join(tempDir(t), 'known_hosts');
    const r = await runCli(['inspect', dev.url, '--json', '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_ENABLE_SECRET: dev.enableSecret });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expectedInventory(dev));
    assert.match(r.stderr, /Added the host key/);
    // Old IOS offers only legacy algorithms (see src/lab/ssh-algorithms.ts): the CLI says which it used.
    const legacy = legacyUsed[profile];
    if (legacy) assert.ok(r.stderr.includes(`only legacy SSH algorithms; used ${legacy}`), r.stderr);
    else assert.doesNotMatch(r.stderr, /legacy/);
    assert.ok(!(r.stdout + r.stderr).includes(`:${dev.password}@`), 'the password is never printed');
  });
}

// A device whose boot-variable output no parser knows: everything else is still read, and the one
// thing that could not be read is a problem naming the command and quoting the line.
const UNKNOWN_BOOT = 'Boot image selection = slot 2 (primary)\nNext boot: gold partition\n';

test('inspect --json: a show boot in an unknown format is one problem; the other facts come back (exit 0, --strict exit 1)', opts, async (t) => {
  const base = loadProfile('c2960x');
  const dev = await lab(t, { ...base, recorded: { ...base.recorded, 'show boot': UNKNOWN_BOOT, 'show bootvar': UNKNOWN_BOOT } });
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const args = ['inspect', dev.url, '--json', '--known-hosts', knownHosts, '--accept-new-host-key'];
  const r = await runCli(args, { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(r.code, 0, r.stderr);
  const { problems, ...facts } = JSON.parse(r.stdout) as { problems: unknown[]; bootVariable: unknown };
  const { problems: _none, ...want } = expectedInventory(dev);
  assert.deepEqual(facts, { ...want, bootVariable: null });
  assert.deepEqual(problems, [{ command: 'show boot', message: 'none of the lines show boot / show bootvar prints is there: this is not the output of show boot', line: 'Boot image selection = slot 2 (primary)' }]);
  const strict = await runCli([...args, '--strict'], { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(strict.code, 1);
  const human = await runCli(args.filter((a) => a !== '--json'), { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.match(human.stdout, /boot variable: {2}\(unknown: see problems\)/);
  assert.match(human.stdout, /Could not read:\n {2}show boot: none of the lines/);
});

test('inspect prints facts and per-file-system files for people; password from IIM_PASSWORD', opts, async (t) => {
  const dev = await lab(t, 'c2960x');
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const url = `ssh://${dev.username}@${dev.host}:${dev.port}`;
  const r = await runCli(['inspect', url, '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_PASSWORD: dev.password, IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'SW2960X  WS-C2960X-48FPD-L  version 15.2(7)E3');
  assert.equal(lines[1], '  running image:  flash:c2960x-universalk9-mz.152-7.E3.bin');
  assert.equal(lines[2], '  boot variable:  flash:/c2960x-universalk9-mz.152-7.E3.bin');
  const fs = dev.fileSystem('flash:');
  assert.ok(fs);
  assert.ok(lines.includes(`flash: (disk)  ${fs.sizeBytes} bytes total, ${fs.freeBytes()} bytes free`), r.stdout);
  assert.match(r.stdout, /^ {2}-rwx {2}26179072 {2}2020-11-04T10:22:31\+00:00 {2}c2960x-universalk9-mz\.152-7\.E3\.bin$/m);
  assert.ok(!r.stdout.includes(dev.password) && !r.stderr.includes(dev.password));
});

test('inspect --password-stdin: the password never appears on the command line; a URL password is warned about', opts, async (t) => {
  const dev = await lab(t, 'c2960x');
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const url = dev.url.replace(`:${encodeURIComponent(dev.password)}@`, '@');
  assert.notEqual(url, dev.url);
  const r = await runCli(['inspect', url, '--json', '--password-stdin', '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_ENABLE_SECRET: dev.enableSecret }, 30_000, `${dev.password}\n`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { hostname: string }).hostname, dev.profile.hostname);
  assert.doesNotMatch(r.stderr, /process list/);
  const inUrl = await runCli(['inspect', dev.url, '--json', '--known-hosts', knownHosts], { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(inUrl.code, 0, inUrl.stderr);
  assert.match(inUrl.stderr, /the password in the URL is visible to every local user in the process list; use --password-stdin/);
});

test('an unknown host key is refused with its fingerprint and how to accept it; nothing is stored', opts, async (t) => {
  const dev = await lab(t, 'isr4331');
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const r = await runCli(['inspect', dev.url, '--json', '--known-hosts', knownHosts], { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const fingerprint = fingerprintSha256(Buffer.from(dev.hostKeyPublic.split(' ')[1], 'base64'));
  assert.ok(r.stderr.includes(fingerprint), r.stderr);
  assert.match(r.stderr, /--accept-new-host-key/);
  assert.throws(() => readFileSync(knownHosts), /ENOENT/);
});

test('a changed host key is refused even with --accept-new-host-key', opts, async (t) => {
  const dev = await lab(t, 'c2911');
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const other = 'AAAAC3NzaC1lZDI1NTE5AAAAIOn2SG3N9o8mYbD8A2mCqF2A9tB8d1x9O8v6J3cXmQ4x';
  writeFileSync(knownHosts, `[127.0.0.1]:${dev.port} ssh-ed25519 ${other}\n`);
  const r = await runCli(['inspect', dev.url, '--known-hosts', knownHosts, '--accept-new-host-key'], { IIM_ENABLE_SECRET: dev.enableSecret });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /HOST KEY CHANGED for \[127\.0\.0\.1\]:\d+/);
  assert.ok(r.stderr.includes(fingerprintSha256(Buffer.from(other, 'base64'))));
  assert.ok(r.stderr.includes(knownHosts), 'says which file to edit');
  assert.equal(readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${dev.port} ssh-ed25519 ${other}\n`, 'not overwritten');
});

test('without the enable secret a user-EXEC login says what is needed', opts, async (t) => {
  const dev = await lab(t, 'c2960x');
  const knownHosts = path.join(tempDir(t), 'known_hosts');
  const r = await runCli(['inspect', dev.url, '--known-hosts', knownHosts, '--accept-new-host-key']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /privileged EXEC/);
  assert.match(r.stderr, /enable secret/);
});
