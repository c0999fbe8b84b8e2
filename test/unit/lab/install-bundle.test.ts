// The simulated ISR 4331 in bundle mode and the Catalyst 9200: a plain `install add` refused in bundle
// mode ("use one-shot CLI"), the bundle-to-install conversion (`no boot system`, `boot system
// flash:packages.conf`, `write memory`, then the one-shot) coming back in install mode on the new
// version, the same one-shot without the boot change (the question, and the router back in bundle
// mode on the old image), an image taken straight from TFTP, and the C9200's space failure.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { parseInstallOutput, parseShowBoot, parseShowInstallSummary, parseShowVersion, type InstallOutput } from '../../../src/device/parsers';
import { TransferEngine } from '../../../src/engine';
import { startLabDevice, type LabDevice } from '../../../src/lab/index';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { until } from './device-power';
import { openShell, type ShellDriver } from './lab-shell-client';

const ISR_IMAGE = sampleImages.isr4331!.name;
const lf = (text: string) => text.replace(/\r\n/g, '\n');

function parsed(text: string): InstallOutput {
  const o = parseInstallOutput(lf(text));
  assert.deepEqual(o.notes.filter((n) => n.kind === 'unparsed'), [], 'every line of the lab output is one the parser knows');
  return o;
}

async function device(t: TestContext, profile: string, tftpPort?: number): Promise<LabDevice> {
  const dev = await startLabDevice({ profile, reloadMs: 400, installStepMs: 2, minuteMs: 1000, ...(tftpPort ? { tftpPort } : {}) });
  t.after(() => dev.close());
  return dev;
}

async function login(t: TestContext, dev: LabDevice): Promise<ShellDriver> {
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 0');
  return sh;
}

/** A one-shot answered y at the reload question (and at the boot-config one if asked); returns the output up to the drop. */
async function oneShot(sh: ShellDriver, source: string): Promise<string> {
  let out = await sh.send(`install add file ${source} activate commit\r`, /\[y\/n\]$/);
  if (/boot config/.test(out.slice(out.lastIndexOf('\n')))) out += await sh.send('y\r', /\[y\/n\]$/);
  out += await sh.send('y\r', /SUCCESS: install_\w+ [^\r\n]*\r\n/);
  await sh.closed;
  return out.slice(out.indexOf('install_add_activate_commit'));
}

test('ISR 4331 in bundle mode: a plain install add FAILED — "Booted in bundle mode … use one-shot CLI", nothing added', { timeout: 30_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  dev.state.defaultFs.place(ISR_IMAGE, { sizeBytes: 2_000_000 });
  const sh = await login(t, dev);
  assert.equal(parseShowVersion(lf(await sh.run('show version'))).bootMode, 'bundle');
  const o = parsed(await sh.run(`install add file bootflash:${ISR_IMAGE}`));
  assert.deepEqual([o.operation, o.outcome, o.failure?.kind, o.failure?.member], ['add', 'failed', 'bundle-mode', 'R0']);
  assert.equal(o.result?.startsWith(`FAILED: install_add /bootflash/${ISR_IMAGE} `), true);
  assert.equal(dev.state.defaultFs.list().filter((f) => f.name.endsWith('.pkg')).length, 0);
});

test('ISR 4331 bundle-to-install conversion: no boot system, boot system flash:packages.conf, write memory, one-shot — back in install mode on 17.09.05', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  dev.state.defaultFs.place(ISR_IMAGE, { sizeBytes: 2_000_000 });
  const sh = await login(t, dev);
  for (const line of ['configure terminal', 'no boot system', 'boot system flash:packages.conf', 'end', 'write memory']) await sh.run(line);
  assert.deepEqual(parseShowBoot(lf(await sh.run('show bootvar'))).bootVariable, ['flash:packages.conf']);
  const o = parsed(await oneShot(sh, `bootflash:${ISR_IMAGE}`));
  assert.deepEqual(o.phases.map((p) => [p.name, p.passedOn?.join(' ')]), [
    ['initial file syncing', undefined],
    ['Add', 'R0'],
    ['Activate', 'R0'],
    ['Commit', 'R0'],
  ]);
  assert.deepEqual(o.sync, [`Copying bootflash:${ISR_IMAGE} from  R0 to  R0`, 'Info: Finished copying to the selected']);
  assert.ok(o.activating.includes('/bootflash/isr4300-mono-universalk9.17.09.05.SPA.pkg'));
  assert.deepEqual(o.questions.map((q) => q.kind), ['reload'], 'the boot variable was set: no boot-config question');
  await until('the router back', () => dev.state.power.state === 'up');
  const again = await login(t, dev);
  const v = parseShowVersion(lf(await again.run('show version')));
  assert.deepEqual([v.imageFile, v.bootMode, v.xeVersion, v.version, v.lastReloadReason], ['bootflash:packages.conf', 'install', '17.09.05', '17.9.5', 'Image Install']);
  const s = parseShowInstallSummary(lf(await again.run('show install summary')));
  assert.deepEqual(s.locations.map((l) => [l.members, l.packages.map((p) => [p.state, p.release])]), [[['R0'], [['activated-committed', '17.09.05']]]]);
  // Now in install mode, a plain add is allowed, and the old .bin is one of the files remove inactive offers.
  const rm = await again.send('install remove inactive\r', /\[y\/n\]$/);
  assert.ok(parsed(rm.slice(rm.indexOf('install_remove'))).removal?.remove.some((r) => r.file === '/bootflash/isr4300-universalk9.16.09.05.SPA.bin'));
  await again.send('n\r');
});

test('ISR 4331 one-shot without the boot change: the boot-config question, then the router boots its old .bin again (bundle, 16.9.5)', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'isr4331');
  dev.state.defaultFs.place(ISR_IMAGE, { sizeBytes: 2_000_000 });
  const sh = await login(t, dev);
  const o = parsed(await oneShot(sh, `bootflash:${ISR_IMAGE}`));
  assert.deepEqual(o.questions.map((q) => [q.kind, q.answer]), [
    ['boot-config', 'y'],
    ['reload', 'y'],
  ]);
  await until('the router back', () => dev.state.power.state === 'up');
  const v = parseShowVersion(lf(await (await login(t, dev)).run('show version')));
  assert.deepEqual([v.imageFile, v.bootMode, v.version], ['bootflash:isr4300-universalk9.16.09.05.SPA.bin', 'bundle', '16.9.5']);
});

test('install add file tftp://…: the image comes from the server into flash, then the one-shot', { timeout: 60_000 }, async (t) => {
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const tftp = await engine.startTftp({ port: 0 });
  const image = await writeSampleImage(tempDir(t), sampleImages.c9200!, 1_500_000, 3);
  engine.offerDownload({ localPath: image.path, name: sampleImages.c9200!.name, peer: '127.0.0.1', protocols: ['tftp'], maxUses: 1 });
  const dev = await device(t, 'c9200', tftp.port);
  const sh = await login(t, dev);
  const o = parsed(await oneShot(sh, `tftp://127.0.0.1/${sampleImages.c9200!.name}`));
  assert.equal(o.outcome, 'succeeded');
  assert.ok(o.sync.some((l) => l.startsWith('Copying flash:cat9k_lite_iosxe.17.09.06a.SPA.bin from Switch 1 to Switch 1')));
  assert.equal(await dev.state.defaultFs.md5(sampleImages.c9200!.name), image.md5);
  await until('the switch back', () => dev.state.power.state === 'up');
  assert.equal(parseShowVersion(lf(await (await login(t, dev)).run('show version'))).xeVersion, '17.09.06a');
});

test('C9200: the space failure as the real one prints it (/mnt/sd3/user, the figures in KB)', { timeout: 30_000 }, async (t) => {
  const dev = await device(t, 'c9200');
  const fs = dev.state.defaultFs;
  fs.place(sampleImages.c9200!.name, { sizeBytes: 4_000_000 });
  fs.place('filler.bin', { sizeBytes: fs.freeBytes() - 2_000_000 });
  const sh = await login(t, dev);
  const o = parsed(await sh.run(`install add file flash:${sampleImages.c9200!.name} activate commit`));
  assert.deepEqual([o.failure?.kind, o.failure?.member, o.failure?.path, o.failure?.requiredKB], ['space', 'Switch 1', '/mnt/sd3/user', Math.floor(4_000_000 / 1024)]);
  assert.match(o.failure?.line ?? '', /^\[1\] Switch 1 FAILED: \/mnt\/sd3\/user requires 3906 KB of free space, but only 19\d\d KB is available$/);
  assert.match(o.result ?? '', /^FAILED: add_activate_commit \/mnt\/sd3\/user\/cat9k_lite_iosxe\.17\.09\.06a\.SPA\.bin /);
});
