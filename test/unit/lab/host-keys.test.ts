// Host keys survive a lab restart: kept per profile in a state folder (0600), so a restarted lab is
// the same host to a known_hosts check; a fresh folder (or none) makes a new key.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { connectDevice, MemoryKnownHostsStore } from '../../../src/device';
import { defaultLabStateDir, startLabDevice } from '../../../src/lab';
import { tempDir } from '../../helpers/temp-dir';
import { startLabProcess } from '../../helpers/lab-process';

const opts = { timeout: 60_000 };

async function keyOf(profile: string, stateDir?: string): Promise<string> {
  const dev = await startLabDevice({ profile, stateDir });
  try {
    return dev.hostKeyPublic;
  } finally {
    await dev.close();
  }
}

test('the same state folder gives the same host key after a restart; a fresh folder or none, a new one', opts, async (t) => {
  const dir = tempDir(t);
  const first = await keyOf('c9300', dir);
  assert.match(first, /^ssh-rsa AAAA/);
  assert.equal(await keyOf('c9300', dir), first, 'restarted with the same state folder');
  assert.notEqual(await keyOf('c9300', tempDir(t)), first, 'a fresh folder');
  assert.notEqual(await keyOf('c9300'), first, 'no folder: a fresh key each start');
  assert.notEqual(await keyOf('c2911', dir), first, 'one key per profile');
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['c2911.ssh_host_rsa_key', 'c9300.ssh_host_rsa_key']);
  for (const f of files) assert.equal(statSync(path.join(dir, f)).mode & 0o777, 0o600, `${f} is private`);
});

test('the default state folder is under $XDG_STATE_HOME, else ~/.local/state', () => {
  assert.equal(defaultLabStateDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' }), '/x/state/ios-image-manager/lab');
  assert.match(defaultLabStateDir({ XDG_STATE_HOME: 'relative' }), /\/\.local\/state\/ios-image-manager\/lab$/);
});

/** Starts `lab` as a user does, returns the device URL and a stop function. */
async function cliLab(t: TestContext, args: string[], env: NodeJS.ProcessEnv): Promise<{ url: URL; stop: () => Promise<void> }> {
  const { child, out } = await startLabProcess(t, ['--profile', 'c2911', ...args], env);
  const url = new URL(/ssh:\/\/\S+/.exec(out)![0]);
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

async function fingerprintAt(url: URL): Promise<string> {
  const s = await connectDevice({ host: url.hostname, port: Number(url.port), username: url.username, password: url.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
  try {
    return s.facts().hostKey.fingerprint;
  } finally {
    s.close();
  }
}

test('`lab` keeps its keys in $XDG_STATE_HOME by default and in --state-dir when given', opts, async (t) => {
  const xdg = tempDir(t);
  const a = await cliLab(t, [], { XDG_STATE_HOME: xdg });
  const first = await fingerprintAt(a.url);
  await a.stop();
  const b = await cliLab(t, [], { XDG_STATE_HOME: xdg });
  assert.equal(await fingerprintAt(b.url), first, 'a restarted lab presents the same key');
  await b.stop();
  assert.deepEqual(readdirSync(path.join(xdg, 'ios-image-manager', 'lab')), ['c2911.ssh_host_rsa_key']);
  const other = tempDir(t);
  const c = await cliLab(t, ['--state-dir', other], { XDG_STATE_HOME: xdg });
  assert.notEqual(await fingerprintAt(c.url), first, 'another state folder, another key');
  await c.stop();
  assert.deepEqual(readdirSync(other), ['c2911.ssh_host_rsa_key']);
});
