// The lab's `copy` moves real bytes through its clients to and from Debian's servers (in.tftpd,
// vsftpd, in.rshd): IOS's prompts in order, progress, closing lines and errors, byte-for-byte files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startLabDevice, type DeviceFaults, type LabDevice, type Profile } from '../../../src/lab/index';
import { c3640ClassB } from '../../helpers/class-b-profile';
import { isRoot, needTool } from '../../helpers/tools';
import { startRshd, startTftpd, startVsftpd, writeTestFile } from './clients/real-servers';
import { openShell, type ShellDriver } from './lab-shell-client';

const md5File = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');

async function device(t: TestContext, profile: string | Profile, ports: { tftpPort?: number; ftpPort?: number; rcpPort?: number }, faults?: DeviceFaults): Promise<LabDevice> {
  const dev = await startLabDevice({ profile, ...ports, faults });
  t.after(() => dev.close());
  return dev;
}

async function enabled(t: TestContext, dev: LabDevice): Promise<ShellDriver> {
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: dev.password });
  await sh.send('enable\r', /Password: $/);
  await sh.send(`${dev.enableSecret}\r`);
  await sh.run('terminal length 0');
  return sh;
}

const copiedRe = /\r\n(\d+) bytes copied in \d+\.\d{3} secs \(\d+ bytes\/sec\)\r\n$/;

test('copy tftp: flash: asks host, source and destination, then loads the file byte for byte (in.tftpd)', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'new-image.bin'), 3_000_000, 7);
  const dev = await device(t, 'c2911', { tftpPort: server.port });
  const sh = await enabled(t, dev);
  assert.equal(await sh.send('copy tftp: flash:\r', /\? $/), 'copy tftp: flash:\r\nAddress or name of remote host []? ');
  assert.equal(await sh.send('127.0.0.1\r', /\? $/), '127.0.0.1\r\nSource filename []? ');
  assert.equal(await sh.send('new-image.bin\r', /\? $/), 'new-image.bin\r\nDestination filename [new-image.bin]? ');
  const out = await sh.send('\r', /R2911#$/, 40_000);
  const lines = out.split('\r\n');
  assert.equal(lines[1], 'Accessing tftp://127.0.0.1/new-image.bin...');
  assert.match(lines[2], /^Loading new-image\.bin from 127\.0\.0\.1 \(via GigabitEthernet0\/0\): !+$/);
  assert.equal(lines[2].replace(/[^!]/g, '').length, 1 + Math.floor(3_000_000 / 5120));
  assert.equal(lines[3], '[OK - 3000000 bytes]');
  assert.match(out.replace(/R2911#$/, ''), copiedRe);
  assert.equal(await dev.state.defaultFs.md5('new-image.bin'), md5File(path.join(server.dir, 'new-image.bin')));
  const dir = await sh.run('dir flash:');
  assert.match(dir, / 3000000 .* new-image\.bin\r\n/);
  const verify = await sh.run('verify /md5 flash:new-image.bin');
  assert.ok(verify.includes(`= ${md5File(path.join(server.dir, 'new-image.bin'))}`), verify);
});

test('a tftp:// URL skips the host questions; ip tftp blocksize is used; an existing file asks to overwrite', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'x.bin'), 200_000, 3);
  const dev = await device(t, 'isr4331', { tftpPort: server.port });
  const sh = await enabled(t, dev);
  await sh.send('conf t\r', /\(config\)#$/);
  await sh.run('ip tftp blocksize 8192');
  await sh.run('end');
  assert.equal(await sh.send('copy tftp://127.0.0.1/x.bin bootflash:\r', /\? $/), 'copy tftp://127.0.0.1/x.bin bootflash:\r\nDestination filename [x.bin]? ');
  const first = await sh.send('\r', /ISR4331#$/, 30_000);
  assert.match(first, /Loading x\.bin from 127\.0\.0\.1 \(via GigabitEthernet0\/0\/0\): !{3}\r\n\[OK - 200000 bytes\]/, 'marks every 10 × 8192 bytes');
  await sh.send('copy tftp://127.0.0.1/x.bin bootflash:x.bin\r', /\? $/);
  assert.equal(await sh.send('\r', /\[confirm\]$/), '\r\n%Warning:There is a file already existing with this name \r\nDo you want to over write? [confirm]');
  assert.equal(await sh.send('n', /ISR4331#$/), 'n\r\nISR4331#');
  await sh.send('copy tftp://127.0.0.1/x.bin bootflash:x.bin\r', /\? $/);
  await sh.send('\r', /\[confirm\]$/);
  const again = await sh.send('\r', /ISR4331#$/, 30_000);
  assert.match(again, /\[OK - 200000 bytes\]/);
  assert.equal(await dev.state.defaultFs.md5('x.bin'), md5File(path.join(server.dir, 'x.bin')));
});

test('copy flash: tftp: uploads the simulated bytes; errors carry the server cause', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const dev = await device(t, 'c2960x', { tftpPort: server.port });
  const sh = await enabled(t, dev);
  const image = 'c2960x-universalk9-mz.152-7.E3.bin';
  assert.equal(await sh.send(`copy flash:${image} tftp:\r`, /\? $/), `copy flash:${image} tftp:\r\nAddress or name of remote host []? `);
  assert.equal(await sh.send('127.0.0.1\r', /\? $/), `127.0.0.1\r\nDestination filename [${image}]? `);
  const out = await sh.send('backup.bin\r', /SW2960X#$/, 50_000);
  assert.match(out, /^backup\.bin\r\n!+\r\n26179072 bytes copied in /);
  assert.equal(md5File(path.join(server.dir, 'backup.bin')), await dev.state.defaultFs.md5(image));
  await sh.send('copy tftp://127.0.0.1/missing.bin flash:\r', /\? $/);
  const missing = await sh.send('\r', /SW2960X#$/, 20_000);
  assert.equal(missing, '\r\nAccessing tftp://127.0.0.1/missing.bin...\r\n%Error opening tftp://127.0.0.1/missing.bin (No such file or directory)\r\nSW2960X#');
});

test('a file larger than the free space fails with "Not enough space on device" and leaves no file', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  const dev = await device(t, 'c2960x', { tftpPort: server.port });
  const free = dev.state.defaultFs.freeBytes();
  writeTestFile(path.join(server.dir, 'big.bin'), free + 10_000, 5);
  const sh = await enabled(t, dev);
  await sh.send('copy tftp://127.0.0.1/big.bin flash:\r', /\? $/);
  const out = await sh.send('\r', /SW2960X#$/, 50_000);
  assert.match(out, /Loading big\.bin from 127\.0\.0\.1 \(via Vlan1\): !+\r\n%Error copying tftp:\/\/127\.0\.0\.1\/big\.bin \(Not enough space on device\)\r\n/);
  assert.equal(dev.state.defaultFs.get('big.bin'), undefined);
  assert.equal(dev.state.defaultFs.freeBytes(), free);
});

test('Class B flash (in.tftpd): opens the source, asks to erase, erases, then loads and verifies the checksum', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'c3640-new.bin'), 500_000, 9);
  const dev = await device(t, c3640ClassB(), { tftpPort: server.port });
  const sh = await enabled(t, dev);
  await sh.send('copy tftp://127.0.0.1/c3640-new.bin flash:\r', /\? $/);
  assert.equal(await sh.send('\r', /\[confirm\]$/), '\r\nAccessing tftp://127.0.0.1/c3640-new.bin...\r\nErase flash: before copying? [confirm]');
  assert.equal(await sh.send('\r', /\[confirm\]$/), '\r\nErasing the flash filesystem will remove all files! Continue? [confirm]');
  const out = await sh.send('\r', /R3640#$/, 30_000);
  assert.match(out, /^\r\nErasing device\.\.\. e+ \.\.\.erased\r\nErase of flash: complete\r\nLoading c3640-new\.bin from 127\.0\.0\.1 \(via FastEthernet0\/0\): !+\r\n\[OK - 500000 bytes\]\r\n\r\nVerifying checksum\.\.\. {2}OK \(0x[0-9A-F]{4}\)\r\n/);
  assert.deepEqual(dev.state.defaultFs.list().map((f) => f.name), ['c3640-new.bin']);
  const flash = await sh.run('show flash:');
  assert.match(flash, /System flash directory:\r\nFile {2}Length {3}Name\/status\r\n {2}1 {3}500000 +c3640-new\.bin/);
  assert.match(flash, /\(Read\/Write\)\r\n/);
});

test('copy flash: flash: copies locally with Copy in progress...C', { timeout: 30_000 }, async (t) => {
  const dev = await device(t, 'c3850-stack', {});
  const sh = await enabled(t, dev);
  await sh.send('copy flash:packages.conf flash-2:packages.bak\r', /\? $/);
  const out = await sh.send('\r', /SW3850#$/);
  assert.match(out, /^\r\nCopy in progress\.\.\.C+\r\n\d+ bytes copied in /);
  assert.equal(await dev.fileSystem('flash-2:')!.md5('packages.bak'), await dev.fileSystem('flash:')!.md5('packages.conf'));
});

test('copy ftp: uses vsftpd with anonymous login, and uploads with ip ftp credentials', { timeout: 60_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  writeTestFile(path.join(server.dir, 'ftp-image.bin'), 1_234_567, 11);
  const dev = await device(t, 'isr4331', { ftpPort: server.port });
  const sh = await enabled(t, dev);
  await sh.send('copy ftp://127.0.0.1/ftp-image.bin bootflash:\r', /\? $/);
  const out = await sh.send('\r', /ISR4331#$/, 40_000);
  assert.match(out, /\r\nAccessing ftp:\/\/127\.0\.0\.1\/ftp-image\.bin\.\.\.\r\nLoading ftp-image\.bin !+\r\n\[OK - 1234567\/4096 bytes\]\r\n/);
  assert.equal(await dev.state.defaultFs.md5('ftp-image.bin'), md5File(path.join(server.dir, 'ftp-image.bin')));
  await sh.send('conf t\r', /\(config\)#$/);
  await sh.run('ip ftp username anonymous');
  await sh.run('ip ftp password lab@example');
  await sh.run('end');
  await sh.send('copy bootflash:ftp-image.bin ftp://127.0.0.1/pub/up.bin\r', /\? $/);
  await sh.send('\r', /\? $/);
  const up = await sh.send('\r', /ISR4331#$/, 40_000);
  assert.match(up, /1234567 bytes copied in /);
  assert.equal(md5File(path.join(server.dir, 'pub', 'up.bin')), md5File(path.join(server.dir, 'ftp-image.bin')));
});

test('copy rcp: sends the ip rcmd remote-username and the hostname to in.rshd', { timeout: 60_000 }, async (t) => {
  const rshd = needTool(t, 'in.rshd', 'rsh-redone-server');
  if (!rshd || !needTool(t, 'rcp', 'rsh-client')) return;
  if (!isRoot) return t.skip('in.rshd needs root (accounts, privileged ports)');
  const server = await startRshd(t, rshd, 'R2911');
  writeTestFile(path.join(server.dir, 'rcp-image.bin'), 777_777, 13);
  const dev = await device(t, 'c2911', { rcpPort: server.port });
  const sh = await enabled(t, dev);
  await sh.send('conf t\r', /\(config\)#$/);
  await sh.run(`ip rcmd remote-username ${server.user}`);
  await sh.run('end');
  assert.equal(await sh.send('copy rcp: flash:\r', /\? $/), 'copy rcp: flash:\r\nAddress or name of remote host []? ');
  assert.equal(await sh.send('127.0.0.1\r', /\? $/), `127.0.0.1\r\nSource username [${server.user}]? `);
  await sh.send('\r', /\? $/);
  await sh.send('rcp-image.bin\r', /\? $/);
  const out = await sh.send('\r', /R2911#$/, 40_000);
  assert.match(out, new RegExp(`Accessing rcp://${server.user}@127\\.0\\.0\\.1/rcp-image\\.bin\\.\\.\\.\\r\\nLoading rcp-image\\.bin !+\\r\\n\\[OK - 777777 bytes\\]`));
  assert.equal(await dev.state.defaultFs.md5('rcp-image.bin'), md5File(path.join(server.dir, 'rcp-image.bin')));
});

test('faults: TFTP timeout, wrong checksum, dropped session', { timeout: 60_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'f.bin'), 400_000, 4);
  await t.test('tftpTimeout', async (t) => {
    const dev = await device(t, 'c2911', { tftpPort: server.port }, { tftpTimeout: true });
    const sh = await enabled(t, dev);
    await sh.send('copy tftp://127.0.0.1/f.bin flash:\r', /\? $/);
    assert.match(await sh.send('\r', /R2911#$/, 20_000), /%Error opening tftp:\/\/127\.0\.0\.1\/f\.bin \(Timed out\)\r\n/);
  });
  await t.test('wrongChecksum', async (t) => {
    const dev = await device(t, 'c2911', { tftpPort: server.port }, { wrongChecksum: true });
    const sh = await enabled(t, dev);
    await sh.send('copy tftp://127.0.0.1/f.bin flash:\r', /\? $/);
    await sh.send('\r', /R2911#$/, 20_000);
    const good = md5File(path.join(server.dir, 'f.bin'));
    const v = await sh.run(`verify /md5 flash:f.bin ${good}`);
    assert.match(v, /%Error verifying flash:f\.bin\r\n/);
  });
  await t.test('outOfSpace', async (t) => {
    const dev = await device(t, 'isr4331', { tftpPort: server.port }, { outOfSpace: true });
    const sh = await enabled(t, dev);
    await sh.send('copy tftp://127.0.0.1/f.bin bootflash:\r', /\? $/);
    assert.match(await sh.send('\r', /ISR4331#$/, 20_000), /!\r\n%Error copying tftp:\/\/127\.0\.0\.1\/f\.bin \(Not enough space on device\)\r\n/);
    assert.equal(dev.state.defaultFs.get('f.bin'), undefined);
  });
  await t.test('bytesPerSecond still delivers every byte', async (t) => {
    const dev = await device(t, 'c2911', { tftpPort: server.port }, { bytesPerSecond: 400_000 });
    const sh = await enabled(t, dev);
    await sh.send('copy tftp://127.0.0.1/f.bin flash:\r', /\? $/);
    assert.match(await sh.send('\r', /R2911#$/, 20_000), /\[OK - 400000 bytes\]/);
    assert.equal(await dev.state.defaultFs.md5('f.bin'), md5File(path.join(server.dir, 'f.bin')));
  });
  await t.test('dropSessionAfterBytes', async (t) => {
    const dev = await device(t, 'c2911', { tftpPort: server.port }, { dropSessionAfterBytes: 100_000 });
    const sh = await enabled(t, dev);
    await sh.send('copy tftp://127.0.0.1/f.bin flash:\r', /\? $/);
    sh.send('\r', /never/, 20_000).catch(() => undefined);
    await sh.closed;
    assert.equal(dev.state.defaultFs.get('f.bin'), undefined, 'an interrupted copy leaves no file');
  });
});

test('copy running-config startup-config saves like write memory', { timeout: 20_000 }, async (t) => {
  const dev = await device(t, 'c2911', {});
  const sh = await enabled(t, dev);
  assert.equal(await sh.send('copy running-config startup-config\r', /\? $/), 'copy running-config startup-config\r\nDestination filename [startup-config]? ');
  assert.equal(await sh.send('\r'), '\r\nBuilding configuration...\r\n[OK]\r\nR2911#');
});

test('the next copy offers the last host and source file as defaults', { timeout: 30_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'a.bin'), 10_000, 2);
  const dev = await device(t, 'isr4331', { tftpPort: server.port });
  const sh = await enabled(t, dev);
  await sh.send('copy tftp://127.0.0.1/a.bin bootflash:\r', /\? $/);
  await sh.send('\r', /ISR4331#$/, 20_000);
  assert.equal(await sh.send('copy tftp: bootflash:\r', /\? $/), 'copy tftp: bootflash:\r\nAddress or name of remote host [127.0.0.1]? ');
  assert.equal(await sh.send('\r', /\? $/), '\r\nSource filename [a.bin]? ');
  assert.equal(await sh.send('\r', /\? $/), '\r\nDestination filename [a.bin]? ');
  await sh.send('\r', /\[confirm\]$/);
  assert.match(await sh.send('\r', /ISR4331#$/, 20_000), /\[OK - 10000 bytes\]/);
});
