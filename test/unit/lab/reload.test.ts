// `reload` on the classic profiles, over SSH: IOS's save question (no discards the changes at the
// reload), `Proceed with reload? [confirm]`, the drop, SSH refused, and the boot: the first BOOT entry
// whose file is there and intact — a file the lab marks corrupt is skipped for the next entry, as ROMMON
// falls through — with `show version` naming the image booted, its version and the reload reason.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { parseShowVersion } from '../../../src/device/parsers';
import { startLabDevice, type DeviceFaults, type LabDevice } from '../../../src/lab/index';
import { sshRefused, until } from './device-power';
import { openShell, type ShellDriver } from './lab-shell-client';

const M8 = 'c2900-universalk9-mz.SPA.157-3.M8.bin';
const M9 = 'c2900-universalk9-mz.SPA.157-3.M9.bin';
const lf = (text: string) => text.replace(/\r\n/g, '\n');

async function device(t: TestContext, profile: string, faults: DeviceFaults = {}): Promise<LabDevice> {
  const dev = await startLabDevice({ profile, reloadMs: 400, faults });
  t.after(() => dev.close());
  return dev;
}

async function login(t: TestContext, dev: LabDevice): Promise<ShellDriver> {
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 0');
  return sh;
}

/** `reload` answered: the save question (when asked) with `save`, then Enter at `[confirm]`; waits for the device to come back. */
async function reload(t: TestContext, dev: LabDevice, sh: ShellDriver, save?: 'yes' | 'no'): Promise<{ said: string; after: ShellDriver }> {
  let said = await sh.send('reload\r', /(\[yes\/no\]: |\[confirm\])$/);
  if (save !== undefined) said += await sh.send(`${save}\r`, /\[confirm\]$/);
  sh.send('\r', /$^/).catch(() => undefined);
  await sh.closed;
  assert.equal(await sshRefused(dev), true, 'SSH is refused while the device reloads');
  await until('the device back', () => dev.state.power.state === 'up');
  return { said, after: await login(t, dev) };
}

async function configure(sh: ShellDriver, ...lines: string[]): Promise<void> {
  for (const l of ['configure terminal', ...lines, 'end']) await sh.run(l);
}

test('ISR 2911: set boot to a new image and save, reload — it boots the new image; show version says which, its version, and why', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2911');
  dev.state.defaultFs.place(M9, { sizeBytes: 1_000_000 });
  const sh = await login(t, dev);
  await configure(sh, 'no boot system', `boot system flash:${M9}`, `boot system flash:${M8}`);
  await sh.run('write memory');
  const { said, after } = await reload(t, dev, sh);
  assert.match(said, /Proceed with reload\? \[confirm\]$/);
  assert.doesNotMatch(said, /Save\?/, 'saved: no save question');
  const v = parseShowVersion(lf(await after.run('show version')));
  assert.deepEqual([v.imageFile, v.version, v.lastReloadReason], [`flash0:${M9}`, '15.7(3)M9', 'Reload Command']);
  assert.match(await after.run('show version'), /\r\nSystem returned to ROM by reload at \d\d:\d\d:\d\d UTC \w{3} \w{3} \d+ \d{4}\r\n/);
  assert.match(await after.run('show version'), /\r\n\S+ uptime is 0 minutes\r\n/);
});

test('ISR 2911: the first entry marked corrupt is skipped — the fallback entry boots', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2911', { corruptImages: [`flash:${M9}`] });
  dev.state.defaultFs.place(M9, { sizeBytes: 1_000_000 });
  const sh = await login(t, dev);
  await configure(sh, 'no boot system', `boot system flash:${M9}`, `boot system flash:${M8}`);
  await sh.run('write memory');
  const { after } = await reload(t, dev, sh);
  const v = parseShowVersion(lf(await after.run('show version')));
  assert.deepEqual([v.imageFile, v.version], [`flash0:${M8}`, '15.7(3)M8']);
});

test('ISR 2911: an entry whose file is not there is skipped as well', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2911');
  const sh = await login(t, dev);
  await configure(sh, 'no boot system', 'boot system flash:c2900-universalk9-mz.SPA.159-3.M4.bin', `boot system flash:${M8}`);
  await sh.run('write memory');
  const { after } = await reload(t, dev, sh);
  assert.equal(parseShowVersion(lf(await after.run('show version'))).imageFile, `flash0:${M8}`);
});

test('unsaved changes: "Save? [yes/no]:" — no discards them at the reload, yes keeps them', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2911');
  const sh = await login(t, dev);
  await configure(sh, 'hostname LOST');
  const first = await reload(t, dev, sh, 'no');
  assert.match(first.said, /System configuration has been modified\. Save\? \[yes\/no\]: /);
  assert.equal(dev.state.running.hostname, 'R2911');
  await configure(first.after, 'hostname KEPT');
  const second = await reload(t, dev, first.after, 'yes');
  assert.match(second.said, /Building configuration\.\.\.\r\n\[OK\]\r\n/);
  assert.match(await second.after.run('show running-config | include hostname'), /hostname KEPT/);
});

test('declining [confirm] leaves the device up; a stack says it reloads the whole stack', { timeout: 30_000 }, async (t) => {
  const dev = await device(t, 'c9300');
  const sh = await login(t, dev);
  const said = await sh.send('reload\r', /\[confirm\]$/);
  assert.match(said, /Reload command is being issued on Active unit, this will reload the whole stack\r\nProceed with reload\? \[confirm\]$/);
  await sh.send('n');
  assert.equal(dev.state.power.state, 'up');
  assert.match(await sh.run('show clock'), /UTC/);
});

test('Catalyst 2960-X: the BOOT list with a corrupt first image boots the second; the member table shows its version', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2960x', { corruptImages: ['c2960x-universalk9-mz.152-7.E4.bin'] });
  dev.state.defaultFs.place('c2960x-universalk9-mz.152-7.E4.bin', { sizeBytes: 1_000_000 });
  dev.state.defaultFs.place('c2960x-universalk9-mz.152-7.E5.bin', { sizeBytes: 1_000_000 });
  const sh = await login(t, dev);
  await configure(sh, 'boot system flash:/c2960x-universalk9-mz.152-7.E4.bin;flash:/c2960x-universalk9-mz.152-7.E5.bin');
  await sh.run('write memory');
  const { after } = await reload(t, dev, sh);
  const v = parseShowVersion(lf(await after.run('show version')));
  assert.deepEqual([v.imageFile, v.version], ['flash:c2960x-universalk9-mz.152-7.E5.bin', '15.2(7)E5']);
  assert.deepEqual(v.stack?.map((m) => [m.switchNumber, m.swVersion]), [[1, '15.2(7)E5']]);
  // A Catalyst access switch resets its hardware on `reload` and says so in its own words, as the
  // 3750-E capture in the fixtures' corpus does: `power-on`, `Reload command` (lower-case c).
  assert.deepEqual([v.returnedToRomBy, v.lastReloadReason], ['power-on', 'Reload command']);
});
