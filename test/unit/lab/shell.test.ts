// The lab's interactive shell over real SSH (ssh2 Client): login, prompts, enable, paging,
// abbreviations and IOS's error markers, configuration and the show commands of every profile.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client } from 'ssh2';
import { builtinProfiles, loadProfile, startLabDevice, type LabDevice, type Profile } from '../../../src/lab/index';
import { c3640ClassB } from '../../helpers/class-b-profile';
import { repoRoot } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { openShell, type ShellDriver } from './lab-shell-client';

const fixtures = path.join(repoRoot, '..', 'shared', 'fixtures', 'transcripts');

async function device(t: import('node:test').TestContext, profile: string | Profile): Promise<LabDevice> {
  const dev = await startLabDevice({ profile });
  t.after(() => dev.close());
  return dev;
}

async function enabled(t: import('node:test').TestContext, dev: LabDevice): Promise<ShellDriver> {
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: dev.password });
  await sh.send('enable\r', /Password: $/);
  await sh.send(`${dev.enableSecret}\r`);
  await sh.run('terminal length 0');
  return sh;
}

test('login lands in user EXEC; enable asks for the secret and gives the # prompt', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c2960x');
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: dev.password });
  assert.match(sh.output(), /^\r\nSW2960X>$/);
  const wrong = await sh.send('enable\r', /Password: $/);
  assert.match(wrong, /^enable\r\nPassword: $/);
  const bad = await sh.send('nope\r', /Password: $/);
  assert.doesNotMatch(bad, /nope/, 'the secret is not echoed');
  const ok = await sh.send(`${dev.enableSecret}\r`);
  assert.equal(ok, '\r\nSW2960X#');
  assert.equal(await sh.run('show privilege'), 'Current privilege level is 15\r\n');
  await sh.run('disable');
  assert.match(sh.output(), /SW2960X>$/);
});

test('a wrong password is refused', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  await assert.rejects(openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: 'wrong' }), /authentication/i);
  await assert.rejects(openShell(t, { host: dev.host, port: dev.port, username: 'nobody', password: dev.password }), /authentication/i);
});

test('keyboard-interactive login', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  const client = new Client();
  t.after(() => client.end());
  const prompts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    client.on('ready', () => resolve());
    client.on('error', reject);
    client.on('keyboard-interactive', (_n, _i, _l, p, finish) => {
      prompts.push(...p.map((x) => x.prompt));
      finish([dev.password]);
    });
    client.connect({ host: dev.host, port: dev.port, username: dev.username, tryKeyboard: true, authHandler: ['keyboard-interactive'] });
  });
  assert.deepEqual(prompts, ['Password: ']);
});

test('paging stops at --More-- until terminal length 0', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: dev.password });
  const first = await sh.send('show version\r', / --More-- $/);
  assert.equal(first.split('\r\n').length - 2, 23, 'after the echo, a 24-line screen shows 23 lines and the --More-- line');
  const second = await sh.send(' ', / --More-- $/);
  assert.ok(second.startsWith(`${'\b'.repeat(10)}${' '.repeat(10)}${'\b'.repeat(10)}`), 'the --More-- is erased before the next page');
  assert.equal(await sh.send('q', /ISR4331>$/), `${'\b'.repeat(10)}${' '.repeat(10)}${'\b'.repeat(10)}ISR4331>`, 'q ends the output; the prompt follows the erased --More--');
  await sh.run('terminal length 0');
  const all = await sh.run('show version');
  assert.doesNotMatch(all, /--More--/);
  assert.match(all, /System image file is "bootflash:isr4300-universalk9\.16\.09\.05\.SPA\.bin"/);
  assert.match(all, /Configuration register is 0x2102/);
});

test('abbreviations, ambiguity and the ^ marker', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c2911');
  const sh = await enabled(t, dev);
  assert.match(await sh.run('sh ver'), /Cisco IOS Software, C2900 Software/);
  assert.equal(await sh.run('sh verzion'), `${' '.repeat('R2911#sh '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
  assert.equal(await sh.run('show version extra'), `${' '.repeat('R2911#show version '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
  assert.equal(await sh.run('sh b'), '% Ambiguous command:  "sh b"\r\n');
  assert.equal(await sh.run('terminal'), '% Incomplete command.\r\n\r\n');
  await sh.send('conf t\r', /\(config\)#$/);
  assert.equal(await sh.run('ip tftp blocksize 100'), `${' '.repeat('R2911(config)#ip tftp blocksize '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
  await sh.run('end');
  assert.match(sh.output(), /R2911#$/);
});

test('configure terminal settings show in the running config; boot system reaches show bootvar on write memory', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c2911');
  const sh = await enabled(t, dev);
  assert.match(await sh.run('conf t'), /^Enter configuration commands, one per line\. {2}End with CNTL\/Z\.\r\n$/);
  for (const l of ['ip rcmd remote-username backup', 'ip ftp username ftpuser', 'ip ftp password s3cret', 'ip tftp blocksize 8192', 'file prompt quiet', 'no boot system', 'boot system flash:new.bin', 'hostname EDGE1']) {
    assert.equal(await sh.run(l), '', l);
  }
  await sh.run('end');
  const run = await sh.run('sh run');
  for (const l of ['hostname EDGE1', 'boot system flash:new.bin', 'ip rcmd remote-username backup', 'ip ftp username ftpuser', 'ip tftp blocksize 8192', 'file prompt quiet']) {
    assert.ok(run.includes(`\r\n${l}\r\n`), `${l} in\n${run}`);
  }
  assert.match(run, /\r\nip ftp password 7 [0-9A-F]+\r\n/);
  assert.match(await sh.run('show bootvar'), /^BOOT variable = flash:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin,1;\r\n/);
  assert.equal(await sh.run('wr mem'), 'Building configuration...\r\n[OK]\r\n');
  assert.match(await sh.run('show bootvar'), /^BOOT variable = flash:new\.bin,1;\r\n/);
  assert.deepEqual(dev.state.running.bootSystem, ['flash:new.bin']);
});

test('show file systems, dir and show flash: agree with the simulated flash', { timeout: 20_000 }, async (t) => {
  for (const p of builtinProfiles) {
    await t.test(p.name, async (t) => {
      const dev = await device(t, p.name);
      const sh = await enabled(t, dev);
      const fs = dev.state.defaultFs;
      const fsys = await sh.run('show file systems');
      assert.match(fsys, /^File Systems:\r\n\r\n {7}Size\(b\) {7}Free\(b\) {6}Type {2}Flags {2}Prefixes\r\n/);
      assert.ok(fsys.includes(`*${String(fs.sizeBytes).padStart(13)}${String(fs.freeBytes()).padStart(14)}`), fsys);
      const dir = await sh.run('dir');
      assert.ok(dir.startsWith(`Directory of ${fs.name}/\r\n\r\n`), dir);
      assert.ok(dir.endsWith(`\r\n${fs.sizeBytes} bytes total (${fs.freeBytes()} bytes free)\r\n`), dir);
      const image = p.runningImage.replace(/^[a-z0-9-]+:\/?/, '');
      const f = fs.get(image);
      assert.ok(f, `${image} exists`);
      assert.match(dir, new RegExp(`\\s${f.sizeBytes}\\s.*\\s${image.replace(/\./g, '\\.')}\\r\\n`));
      const version = await sh.run('show version');
      assert.ok(version.includes(`System image file is "${p.runningImage}"`), version);
    });
  }
});

test('exec request runs one command', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c3850-stack');
  const client = new Client();
  t.after(() => client.end());
  await new Promise<void>((resolve, reject) => {
    client.on('ready', () => resolve()).on('error', reject);
    client.connect({ host: dev.host, port: dev.port, username: dev.username, password: dev.password });
  });
  const { out, code } = await new Promise<{ out: string; code: number }>((resolve, reject) => {
    client.exec('show version', (err, ch) => {
      if (err) return reject(err);
      let out = '';
      let code = -1;
      ch.on('data', (b: Buffer) => (out += b.toString()));
      ch.on('exit', (c: number) => (code = c));
      ch.on('close', () => resolve({ out, code }));
    });
  });
  assert.equal(code, 0);
  assert.match(out, /System image file is "flash:packages\.conf"\r\n/);
  assert.doesNotMatch(out, /--More--/);
});

test('delete asks twice and frees the space; /force does not ask', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c2960x');
  const sh = await enabled(t, dev);
  const fs = dev.state.defaultFs;
  const before = fs.freeBytes();
  assert.equal(await sh.send('delete flash:vlan.dat\r', /\? $/), 'delete flash:vlan.dat\r\nDelete filename [vlan.dat]? ');
  assert.equal(await sh.send('\r', /\[confirm\]$/), '\r\nDelete flash:/vlan.dat? [confirm]');
  await sh.send('\r');
  assert.equal(fs.freeBytes(), before + 1916);
  assert.equal(await sh.run('delete /force flash:info'), '');
  assert.equal(fs.get('info'), undefined);
  assert.equal(await sh.run('delete /force flash:nothere.bin'), '%Error deleting flash:/nothere.bin (No such file or directory)\r\n');
});

test('verify /md5 prints the real MD5 of the simulated bytes, and checks a given hash', { timeout: 30_000 }, async (t) => {
  const dev = await device(t, 'c2960x');
  const sh = await enabled(t, dev);
  const fs = dev.state.defaultFs;
  const name = 'c2960x-universalk9-mz.152-7.E3.bin';
  const md5 = await fs.md5(name);
  const out = await sh.run(`verify /md5 flash:${name}`);
  assert.match(out, /^\.+Done!\r\n/);
  assert.ok(out.endsWith(`verify /md5 (flash:${name}) = ${md5}\r\n\r\n`), out);
  assert.ok((await sh.run(`verify /md5 flash:${name} ${md5}`)).endsWith(`Verified (flash:${name}) = ${md5}\r\n\r\n`));
  const bad = await sh.run(`verify /md5 flash:${name} 00000000000000000000000000000000`);
  assert.ok(bad.endsWith(`%Error verifying flash:${name}\r\nComputed signature = ${md5}\r\nSubmitted signature = 00000000000000000000000000000000\r\n\r\n`), bad);
});

test('a profile file can replay recorded outputs verbatim', { timeout: 20_000 }, async (t) => {
  if (!existsSync(fixtures)) return t.skip(`fixtures not found at ${fixtures}`);
  const dir = tempDir(t);
  const recordedVersion = readFileSync(path.join(fixtures, 'show_version_c2621.txt'), 'utf8').split('# --- verbatim below this line ---\n')[1];
  const base = builtinProfiles.find((p) => p.name === 'c2911')!;
  const file = path.join(dir, 'my-2621.json');
  writeFileSync(file, JSON.stringify({ ...base, name: 'my-2621', hostname: 'dna-poc-ts', recorded: { 'show version': recordedVersion } }));
  const dev = await startLabDevice({ profile: loadProfile(file) });
  t.after(() => dev.close());
  const sh = await enabled(t, dev);
  assert.equal(await sh.run('show   version'), recordedVersion.replace(/\r?\n/g, '\r\n'));
  assert.match(await sh.run('sh ver'), /Cisco IOS Software, C2900 Software/, 'only the recorded command line is replayed');
  assert.throws(() => loadProfile(path.join(dir, 'missing.json')), /cannot read lab profile/);
});

test('Class B flash: delete keeps the space until squeeze', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, c3640ClassB());
  const sh = await enabled(t, dev);
  const fs = dev.state.defaultFs;
  const free = fs.freeBytes();
  assert.equal(await sh.run('delete /force flash:c3640-is-mz.121-27b.bin'), '');
  assert.equal(fs.freeBytes(), free, 'Class B does not reclaim on delete');
  assert.match(await sh.run('show flash:'), /c3640-is-mz\.121-27b\.bin \[deleted\]/);
  await sh.send('squeeze flash:\r', /\[confirm\]$/);
  await sh.send('\r', /\[confirm\]$/);
  assert.equal(await sh.send('\r'), '\r\nSqueeze of flash: complete\r\nR3640#');
  assert.equal(fs.freeBytes(), fs.sizeBytes);
  assert.equal(await sh.run('verify /md5 flash:x'), `${' '.repeat('R3640#verify '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`, '12.2 mainline has no /md5');
});
