// The run-from-flash 2500: flash is read-only while IOS runs from it (`Read ONLY`, `ro`, delete and
// erase refused as the 2500 refuses them), and a copy to it goes through the Flash Load Helper: the
// notice and `Proceed?`, the copy questions, the source opened, the erase question, then the reload:
// every session drops, SSH is refused, the boot image erases and copies, and IOS comes back on the
// new image. A failed boot-image copy leaves flash erased and the router in its boot image.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { TransferEngine } from '../../../src/engine';
import { startLabDevice, type DeviceFaults, type LabDevice } from '../../../src/lab/index';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { sshRefused, until } from './device-power';
import { openShell } from './lab-shell-client';

const oldImage = 'c2500-js-l.122-29b.bin';
const newImage = sampleImages['c2500-run-from-flash'].name;

async function setup(t: TestContext, faults: DeviceFaults = {}) {
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const tftp = await engine.startTftp({ port: 0 });
  const rcp = await engine.startRcp({ port: 0 });
  const dev = await startLabDevice({ profile: 'c2500-run-from-flash', tftpPort: tftp.port, rcpPort: rcp.port, reloadMs: 800, faults });
  t.after(() => dev.close());
  const image = await writeSampleImage(tempDir(t), sampleImages['c2500-run-from-flash'], 400_000, 5);
  return { engine, dev, image, login: () => shell(t, dev) };
}

async function shell(t: TestContext, dev: LabDevice) {
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 0');
  return sh;
}

const names = (dev: LabDevice) => dev.state.defaultFs.list().map((f) => f.name);

test('the SSH probe answers "not refused" while the 2500 is up (so "refused" below means down)', { timeout: 30_000 }, async (t) => {
  const { dev } = await setup(t);
  assert.equal(await sshRefused(dev), false);
});

test('run-from-flash: Read ONLY in show flash and show version, ro in show file systems, RXBOOT-FLH in show flash all', { timeout: 30_000 }, async (t) => {
  const { login } = await setup(t);
  const sh = await login();
  assert.match(await sh.run('show flash:'), /\r\n16384K bytes of processor board System flash \(Read ONLY\)\r\n/);
  assert.match(await sh.run('show version'), /\r\n16384K bytes of processor board System flash \(Read ONLY\)\r\n/);
  assert.match(await sh.run('show file systems'), /\r\n\* +16777216 +\d+ +flash +ro {3}flash:\r\n/);
  const all = await sh.run('show flash all');
  assert.match(all, /^Partition +Size +Used +Free +Bank-Size +State +Copy Mode\r\n +1 +16384K +\d+K +\d+K +4096K +Read ONLY +RXBOOT-FLH\r\n/);
  assert.match(all, /\r\nExecuting current image from System flash\r\n/);
});

test('run-from-flash: delete and erase fail with the read-only messages and leave flash as it was', { timeout: 30_000 }, async (t) => {
  const { dev, login } = await setup(t);
  const sh = await login();
  await sh.send(`delete flash:${oldImage}\r`, /\? $/);
  await sh.send('\r', /\[confirm\]$/);
  assert.equal(await sh.send('\r'), `\r\n%dev_open: System flash not writable\r\n%Error deleting flash:/${oldImage} (Device is read-only)\r\nR2500#`);
  assert.equal(await sh.send('erase flash:\r', /\[confirm\]$/), 'erase flash:\r\nErasing the flash filesystem will remove all files! Continue? [confirm]');
  assert.equal(await sh.send('\r'), '\r\n%dev_open: System flash not writable\r\n%Error erasing flash: (Device is read-only)\r\nR2500#');
  assert.deepEqual(names(dev), [oldImage]);
});

for (const protocol of ['tftp', 'rcp'] as const) {
  test(`Flash Load Helper over ${protocol.toUpperCase()}: the questions in Cisco's order, the session drops, the boot image erases and copies, IOS comes back on the new image`, { timeout: 60_000 }, async (t) => {
    const { engine, dev, image, login } = await setup(t);
    engine.offerDownload({ localPath: image.path, name: newImage, peer: '127.0.0.1', protocols: [protocol], maxUses: 2, ...(protocol === 'rcp' ? { identity: { username: 'R2500' } } : {}) });
    const url = `${protocol}://${protocol === 'rcp' ? 'R2500@' : ''}127.0.0.1/${newImage}`;
    const other = await login(); // a second vty: IOS says so, and the reload drops it too
    const sh = await login();
    const notice = await sh.send(`copy ${url} flash:\r`, /\[confirm\]$/);
    assert.match(notice, /^copy \S+ flash:\r\n\r\n {25}\*{4} {2}NOTICE {2}\*{4}\r\nFlash load helper v1\.0\r\n/);
    assert.match(notice, /\r\n\[There are active users logged into the system\]\r\nProceed\? \[confirm\]$/);
    const dir = await sh.send('\r', /\? $/);
    assert.match(dir, new RegExp(`^\\r\\n\\r\\nSystem flash directory:\\r\\nFile {2}Length {3}Name/status\\r\\n {2}1 {3}11894392 +${oldImage.replace(/\./g, '\\.')} *\\r\\n`));
    assert.match(dir, /\(Read ONLY\)\r\n\r\nDestination filename \[c2500-js-l\.123-26\.bin\]\? $/);
    assert.equal(await sh.send('\r', /\[confirm\]$/, 20_000), `\r\nAccessing ${url}...\r\nErase flash: before copying? [confirm]`);
    assert.deepEqual(names(dev), [oldImage], 'nothing erased while IOS runs');
    const last = await sh.send('\r', /Reload requested\r\n/);
    assert.equal(last, '\r\n\r\n%SYS-5-RELOAD: Reload requested\r\n');
    await sh.closed;
    await other.closed;
    assert.equal(dev.state.power.state, 'down');
    assert.equal(await sshRefused(dev), true, 'SSH is refused while the router reloads and copies');
    await until('IOS back', () => dev.state.power.state === 'up');
    assert.deepEqual(names(dev), [newImage], 'the old image is gone, the new one is there');
    assert.equal(await dev.state.defaultFs.md5(newImage), image.md5);
    const back = await login();
    assert.match(await back.run('show version'), new RegExp(`System image file is "flash:${newImage.replace(/\./g, '\\.')}", booted via flash`));
    assert.match(await back.run('show flash:'), /\(Read ONLY\)/, 'running from flash again');
    const log = await back.run('more flh:logfile');
    assert.match(log, new RegExp(`^%FLH: ${newImage.replace(/\./g, '\\.')} from 127\\.0\\.0\\.1 to flash: \\.\\.\\.\\r\\n`));
    assert.match(log, /\r\nErasing device\.\.\. e+ \.\.\.erased\r\n/);
    assert.match(log, /\r\n\[OK - 400000\/16777216 bytes\]\r\n\r\nVerifying checksum\.\.\. {2}OK \(0x[0-9A-F]{4}\)\r\nFlash copy took \d+:\d\d:\d\d \[hh:mm:ss\]\r\n%FLH: Re-booting system after download\r\n$/);
  });
}

test('Flash Load Helper: a missing file fails at Accessing — no reload, nothing erased, the session stays', { timeout: 30_000 }, async (t) => {
  const { dev, login } = await setup(t);
  const sh = await login();
  await sh.send('copy tftp://127.0.0.1/missing.bin flash:\r', /\[confirm\]$/);
  await sh.send('\r', /\? $/);
  const out = await sh.send('\r', /R2500#$/, 20_000);
  assert.equal(out, '\r\nAccessing tftp://127.0.0.1/missing.bin...\r\n%Error opening tftp://127.0.0.1/missing.bin (No such file or directory)\r\nR2500#');
  assert.equal(dev.state.power.state, 'up');
  assert.deepEqual(names(dev), [oldImage]);
  assert.match(await sh.run('show version'), /System image file is "flash:c2500-js-l\.122-29b\.bin"/);
});

test('Flash Load Helper: "n" at Proceed? changes nothing; FTP is refused before the notice', { timeout: 30_000 }, async (t) => {
  const { dev, login } = await setup(t);
  const sh = await login();
  await sh.send(`copy tftp://127.0.0.1/${newImage} flash:\r`, /\[confirm\]$/);
  assert.equal(await sh.send('n'), 'n\r\nR2500#');
  assert.equal(await sh.run(`copy ftp://u:p@127.0.0.1/${newImage} flash:`), '%Error: the Flash Load Helper copies from tftp: or rcp: only\r\n');
  assert.equal(dev.state.power.state, 'up');
  assert.deepEqual(names(dev), [oldImage]);
});

test('Flash Load Helper: when the boot image cannot copy, flash stays erased and the router stays in its boot image', { timeout: 30_000 }, async (t) => {
  const { engine, dev, image, login } = await setup(t, { flhCopyFails: true });
  engine.offerDownload({ localPath: image.path, name: newImage, peer: '127.0.0.1', protocols: ['tftp'], maxUses: 2 });
  const sh = await login();
  await sh.send(`copy tftp://127.0.0.1/${newImage} flash:\r`, /\[confirm\]$/);
  await sh.send('\r', /\? $/);
  await sh.send('\r', /\[confirm\]$/, 20_000);
  await sh.send('\r', /Reload requested\r\n/);
  await sh.closed;
  await until('the boot image gives up', () => dev.state.power.state === 'down' && dev.state.power.phase === 'boot-image');
  assert.deepEqual(names(dev), [], 'erased, nothing copied');
  assert.match(dev.state.flhLog ?? '', /%Error opening tftp:\/\/127\.0\.0\.1\/c2500-js-l\.123-26\.bin \(Timed out\)\n%FLH: Flash download failed\n$/);
  assert.equal(await sshRefused(dev), true, 'no SSH in the boot image');
});
