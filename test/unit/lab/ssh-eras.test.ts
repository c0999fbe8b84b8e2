// Each profile's SSH server offers what its IOS release offers, so the device layer's legacy
// fallback is exercised end to end: the real client (connectDevice) connects to every profile, and
// what it negotiated — and whether it needed the legacy retry — is what that era implies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectDevice, MemoryKnownHostsStore } from '../../../src/device';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinProfiles, loadProfile, ProfileError, startLabDevice } from '../../../src/lab';
import { tempDir } from '../../helpers/temp-dir';
import { startLabProcess } from '../../helpers/lab-process';

/** Per profile: the algorithms negotiated (kex, host key, cipher, MAC) and the legacy ones among them. */
const expected: Record<string, { kex: string; serverHostKey: string; cipher: string; mac: string; legacy: string[] }> = {
  'c2500-run-from-flash': { kex: 'diffie-hellman-group1-sha1', serverHostKey: 'ssh-rsa', cipher: 'aes128-cbc', mac: 'hmac-sha1', legacy: ['diffie-hellman-group1-sha1', 'ssh-rsa', 'aes128-cbc'] },
  c2911: { kex: 'diffie-hellman-group14-sha1', serverHostKey: 'ssh-rsa', cipher: 'aes128-ctr', mac: 'hmac-sha1', legacy: ['diffie-hellman-group14-sha1', 'ssh-rsa'] },
  c2960x: { kex: 'diffie-hellman-group14-sha1', serverHostKey: 'ssh-rsa', cipher: 'aes128-ctr', mac: 'hmac-sha1', legacy: ['diffie-hellman-group14-sha1', 'ssh-rsa'] },
  isr4331: { kex: 'ecdh-sha2-nistp256', serverHostKey: 'ssh-rsa', cipher: 'aes128-gcm@openssh.com', mac: '', legacy: ['ssh-rsa'] },
  'c3850-stack': { kex: 'ecdh-sha2-nistp256', serverHostKey: 'ssh-rsa', cipher: 'aes128-gcm@openssh.com', mac: '', legacy: ['ssh-rsa'] },
  c9300: { kex: 'ecdh-sha2-nistp256', serverHostKey: 'rsa-sha2-512', cipher: 'aes128-gcm@openssh.com', mac: '', legacy: [] },
  c9200: { kex: 'ecdh-sha2-nistp256', serverHostKey: 'rsa-sha2-512', cipher: 'aes128-gcm@openssh.com', mac: '', legacy: [] },
};

const opts = { timeout: 60_000 };

test('every built-in profile has an expected SSH era', () => {
  assert.deepEqual(builtinProfiles.map((p) => p.name).sort(), Object.keys(expected).sort());
});

for (const p of builtinProfiles) {
  test(`${p.name}: connectDevice negotiates what ${p.sshAlgorithms ?? 'ios-xe-17'} offers${expected[p.name]?.legacy.length ? ', after the legacy retry' : ', without legacy algorithms'}`, opts, async (t) => {
    const dev = await startLabDevice({ profile: p });
    t.after(() => dev.close());
    const session = await connectDevice({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
    t.after(() => session.close());
    const want = expected[p.name]!;
    const f = session.facts();
    assert.deepEqual(
      { kex: f.algorithms.kex, serverHostKey: f.algorithms.serverHostKey, cipher: f.algorithms.cipher, mac: f.algorithms.mac },
      { kex: want.kex, serverHostKey: want.serverHostKey, cipher: want.cipher, mac: want.mac },
    );
    assert.equal(f.legacy.used, want.legacy.length > 0);
    assert.deepEqual(f.legacy.algorithms, want.legacy);
    assert.equal(f.hostKey.type, 'ssh-rsa', 'IOS host keys are RSA');
    assert.match(await session.run('show version'), /uptime is/);
  });
}

test('legacyAlgorithms forces the oldest set on a modern profile: group14-sha1, ssh-rsa, aes128-cbc, hmac-sha1', opts, async (t) => {
  const dev = await startLabDevice({ profile: 'c9300', legacyAlgorithms: true });
  t.after(() => dev.close());
  const s = await connectDevice({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
  t.after(() => s.close());
  assert.equal(s.facts().legacy.used, true);
  assert.deepEqual(s.facts().legacy.algorithms, ['diffie-hellman-group14-sha1', 'ssh-rsa', 'aes128-cbc']);
  assert.equal(s.facts().algorithms.mac, 'hmac-sha1');
});

test('`lab --legacy-ssh` makes every device legacy-only', opts, async (t) => {
  const { out } = await startLabProcess(t, ['--profile', 'c9300', '--profile', 'c9200', '--legacy-ssh', '--state-dir', tempDir(t)]);
  const urls = [...out.matchAll(/ssh:\/\/\S+/g)].map((m) => new URL(m[0]));
  assert.equal(urls.length, 2);
  for (const url of urls) {
    const s = await connectDevice({ host: url.hostname, port: Number(url.port), username: url.username, password: url.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
    assert.equal(s.facts().legacy.used, true, url.href);
    assert.equal(s.facts().algorithms.kex, 'diffie-hellman-group14-sha1');
    s.close();
  }
});

test('a profile file naming an SSH era the lab does not know is refused, naming the ones it does', (t) => {
  const file = path.join(tempDir(t), 'odd.json');
  const c2911 = builtinProfiles.find((p) => p.name === 'c2911')!;
  writeFileSync(file, JSON.stringify({ ...c2911, name: 'odd', sshAlgorithms: 'ios-99' }));
  assert.throws(() => loadProfile(file), (e: unknown) => e instanceof ProfileError && /ios-12, ios-15, ios-xe-16, ios-xe-17, not 'ios-99'/.test(e.message));
  writeFileSync(file, JSON.stringify({ ...c2911, name: 'odd', sshAlgorithms: 'ios-xe-17' }));
  assert.equal(loadProfile(file).sshAlgorithms, 'ios-xe-17');
});
