// `boot system` per platform in the lab: a router adds an entry per line (and `no boot system`
// clears them); a Catalyst switch sets the whole BOOT list from one command — a second command
// replaces the first, several images go in one line separated by `;`, stacks say `switch all`.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { parseShowBoot } from '../../../src/device/parsers';
import { startLabDevice, type LabDevice } from '../../../src/lab/index';
import { openShell, type ShellDriver } from './lab-shell-client';

async function configured(t: TestContext, profile: string): Promise<{ dev: LabDevice; sh: ShellDriver; config: (line: string) => Promise<string> }> {
  const dev = await startLabDevice({ profile });
  t.after(() => dev.close());
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 0');
  const config = async (line: string) => {
    await sh.send('configure terminal\r', /\(config\)#$/);
    const out = await sh.send(`${line}\r`, /\(config\)#$/);
    await sh.run('end');
    return out.slice(line.length + 2).replace(/\S+\(config\)#$/, '');
  };
  return { dev, sh, config };
}

const bootLines = async (sh: ShellDriver) => (await sh.run('show running-config')).split('\r\n').filter((l) => l.startsWith('boot system '));

test('Catalyst 2960-X: one boot system command replaces the BOOT list; two images go in one line with ";"', { timeout: 30_000 }, async (t) => {
  const { sh, config } = await configured(t, 'c2960x');
  assert.equal(await config('boot system flash:/a.bin'), '');
  assert.equal(await config('boot system flash:/b.bin'), '');
  assert.deepEqual(parseShowBoot(await sh.run('show boot')).bootVariable, ['flash:/b.bin'], 'the second command replaced the first, at once (no write memory)');
  assert.deepEqual(await bootLines(sh), ['boot system flash:/b.bin']);
  await config('boot system flash:/new.bin;flash:/c2960x-universalk9-mz.152-7.E3.bin');
  assert.match(await sh.run('show boot'), /^BOOT path-list {6}: flash:\/new\.bin;flash:\/c2960x-universalk9-mz\.152-7\.E3\.bin\r\n/);
  assert.deepEqual(await bootLines(sh), ['boot system flash:/new.bin;flash:/c2960x-universalk9-mz.152-7.E3.bin']);
  await config('no boot system');
  assert.deepEqual(parseShowBoot(await sh.run('show boot')).bootVariable, []);
  assert.deepEqual(await bootLines(sh), []);
  assert.match(await config('boot system new.bin'), /% Invalid input detected/, 'a switch takes filesystem:/file-url');
});

test('Catalyst 3850 stack: boot system switch all sets every member; a member that does not exist is refused', { timeout: 30_000 }, async (t) => {
  const { sh, config } = await configured(t, 'c3850-stack');
  assert.equal(await config('boot system switch all flash:new.bin;flash:packages.conf'), '');
  const boot = parseShowBoot(await sh.run('show boot'));
  assert.deepEqual(boot.switches?.map((s) => s.bootVariable), [
    ['flash:new.bin', 'flash:packages.conf'],
    ['flash:new.bin', 'flash:packages.conf'],
  ]);
  assert.deepEqual(await bootLines(sh), ['boot system switch all flash:new.bin;flash:packages.conf']);
  assert.match(await config('boot system switch 3 flash:x.bin'), /% Invalid input detected/);
  await config('no boot system switch all');
  assert.deepEqual(parseShowBoot(await sh.run('show boot')).bootVariable, []);
});

test('router (ISR 2911): each boot system line adds an entry, written to the BOOT variable on write memory; no boot system clears', { timeout: 30_000 }, async (t) => {
  const { sh, config } = await configured(t, 'c2911');
  await config('boot system flash0:new.bin');
  assert.deepEqual(await bootLines(sh), ['boot system flash:c2900-universalk9-mz.SPA.157-3.M8.bin', 'boot system flash0:new.bin'], 'appended, not replaced');
  assert.deepEqual(parseShowBoot(await sh.run('show bootvar')).bootVariable, ['flash:c2900-universalk9-mz.SPA.157-3.M8.bin'], 'not before write memory');
  await sh.run('write memory');
  assert.deepEqual(parseShowBoot(await sh.run('show bootvar')).bootVariable, ['flash:c2900-universalk9-mz.SPA.157-3.M8.bin', 'flash0:new.bin']);
  assert.match(await config('boot system switch all flash0:new.bin'), /% Invalid input detected/, 'routers have no switch keyword');
  await config('no boot system');
  assert.deepEqual(await bootLines(sh), []);
});
