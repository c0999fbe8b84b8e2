// Connecting to the simulated lab over real SSH: host keys (unknown, accepted, changed), legacy-only
// devices, authentication methods and keys, and a jump host (a real ssh2 server forwarding TCP).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { Server } from 'ssh2';
import {
  AuthenticationError,
  ConnectError,
  connectDevice,
  DeviceError,
  FileKnownHostsStore,
  fingerprintSha256,
  HostKeyChangedError,
  HostKeyUnknownError,
  MemoryKnownHostsStore,
  sshConnect,
} from '../../../../src/device';
import { startLabDevice } from '../../../../src/lab';
import { tempDir } from '../../../helpers/temp-dir';
import { labDevice } from './lab-fixture';
import { readableKeyPair } from './ssh-keys';

const opts = { timeout: 30_000 };

function labFingerprint(publicKey: string): string {
  return fingerprintSha256(Buffer.from(publicKey.trim().split(/\s+/)[1], 'base64'));
}

test('an unknown host key is refused without a decision, with its SHA256 fingerprint', opts, async (t) => {
  const dev = await labDevice(t);
  await assert.rejects(
    sshConnect({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: new MemoryKnownHostsStore() }),
    (e: unknown) => {
      assert.ok(e instanceof HostKeyUnknownError);
      assert.equal(e.fingerprint, labFingerprint(dev.hostKeyPublic));
      assert.equal(e.port, dev.port);
      return true;
    },
  );
});

test('an accepted key is written to known_hosts as [host]:port and not asked about again', opts, async (t) => {
  const dev = await labDevice(t);
  const file = path.join(tempDir(t), 'known_hosts');
  const store = new FileKnownHostsStore(file);
  const decide = t.mock.fn((info: { fingerprint: string }) => info.fingerprint === labFingerprint(dev.hostKeyPublic));
  const c1 = await sshConnect({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: store, onUnknownHostKey: decide });
  c1.close();
  assert.equal(decide.mock.callCount(), 1);
  const [type, b64] = dev.hostKeyPublic.trim().split(/\s+/);
  assert.equal(readFileSync(file, 'utf8'), `[127.0.0.1]:${dev.port} ${type} ${b64}\n`);
  const c2 = await sshConnect({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: store, onUnknownHostKey: decide });
  c2.close();
  assert.equal(decide.mock.callCount(), 1, 'known now');
});

test('a CHANGED host key (another device on the same host:port) is refused, naming both fingerprints', opts, async (t) => {
  const first = await startLabDevice({ profile: 'c2960x' });
  const port = first.port;
  const store = new MemoryKnownHostsStore();
  const c = await sshConnect({ host: first.host, port, username: first.username, password: first.password, knownHosts: store, onUnknownHostKey: () => true });
  c.close();
  await first.close();
  const second = await labDevice(t, { port });
  await assert.rejects(
    sshConnect({ host: second.host, port, username: second.username, password: second.password, knownHosts: store, onUnknownHostKey: () => true }),
    (e: unknown) => {
      assert.ok(e instanceof HostKeyChangedError);
      assert.equal(e.host, '127.0.0.1');
      assert.equal(e.port, port);
      // IOS host keys are RSA (`crypto key generate rsa`), on every release the lab simulates.
      assert.deepEqual(e.oldFingerprints, [`ssh-rsa ${labFingerprint(first.hostKeyPublic)}`]);
      assert.equal(e.newFingerprint, labFingerprint(second.hostKeyPublic));
      return true;
    },
  );
});

test('a legacy-only device: modern first, then one retry with legacy algorithms, reported', opts, async (t) => {
  const dev = await labDevice(t, { profile: 'c2500-run-from-flash', legacyAlgorithms: true });
  const s = await connectDevice({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
  t.after(() => s.close());
  const f = s.facts();
  assert.equal(f.legacy.used, true);
  assert.deepEqual(f.legacy.algorithms, ['diffie-hellman-group14-sha1', 'ssh-rsa', 'aes128-cbc']);
  assert.equal(f.hostKey.type, 'ssh-rsa');
  assert.match(await s.run('show version'), /Version 12\.2\(29b\)/);
});

test('a modern device never gets legacy algorithms; legacy "never" refuses an old device', opts, async (t) => {
  const modern = await labDevice(t, { profile: 'c9300' });
  const c = await sshConnect({ host: modern.host, port: modern.port, username: modern.username, password: modern.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
  c.close();
  assert.equal(c.legacy.used, false);
  assert.deepEqual(c.legacy.algorithms, []);
  const old = await labDevice(t, { legacyAlgorithms: true });
  await assert.rejects(
    sshConnect({ host: old.host, port: old.port, username: old.username, password: old.password, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true, legacyAlgorithms: 'never' }),
    (e: unknown) => e instanceof ConnectError && /no matching/.test(e.message) && /legacy algorithms are disabled/.test(e.message),
  );
});

test('a wrong password is an AuthenticationError listing what was tried', opts, async (t) => {
  const dev = await labDevice(t);
  await assert.rejects(
    sshConnect({ host: dev.host, port: dev.port, username: dev.username, password: 'nope', knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true }),
    (e: unknown) => e instanceof AuthenticationError && e.code === 'E_AUTH' && /password, keyboard-interactive/.test(e.message),
  );
});

test('keyboard-interactive: the handler sees the device prompt and its answer logs in', opts, async (t) => {
  const dev = await labDevice(t);
  const handler = t.mock.fn((prompts: { prompt: string; echo: boolean }[]) => prompts.map(() => dev.password));
  const c = await sshConnect({ host: dev.host, port: dev.port, username: dev.username, keyboardInteractive: handler, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true });
  c.close();
  assert.equal(handler.mock.callCount(), 1);
  assert.deepEqual(handler.mock.calls[0].arguments[0], [{ prompt: 'Password: ', echo: false }]);
});

test('an encrypted private key: no or wrong passphrase is E_KEY before connecting; the right one is offered', opts, async (t) => {
  const dev = await labDevice(t);
  const key = readableKeyPair('pp').private;
  const base = { host: dev.host, port: dev.port, username: dev.username, knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true };
  await assert.rejects(sshConnect({ ...base, privateKey: key }), (e: unknown) => e instanceof DeviceError && e.code === 'E_KEY' && /passphrase/.test(e.message));
  await assert.rejects(sshConnect({ ...base, privateKey: key, passphrase: 'wrong' }), (e: unknown) => e instanceof DeviceError && e.code === 'E_KEY');
  // The lab has no public-key users: the key is offered, refused, and the password logs in.
  await assert.rejects(sshConnect({ ...base, privateKey: key, passphrase: 'pp' }), (e: unknown) => e instanceof AuthenticationError && /tried publickey/.test(e.message));
  const c = await sshConnect({ ...base, privateKey: key, passphrase: 'pp', password: dev.password });
  c.close();
});

test('a jump host: the device is reached through a forwarded channel, both keys verified', opts, async (t) => {
  // IOS-XE 17: no legacy retry, so exactly one forwarded channel.
  const dev = await labDevice(t, { profile: 'c9300' });
  const jumpKey = readableKeyPair();
  const forwarded: string[] = [];
  const jump = new Server({ hostKeys: [jumpKey.private] }, (client) => {
    client.on('authentication', (ctx) => (ctx.method === 'password' && ctx.username === 'hop' && ctx.password === 'hop-pw' ? ctx.accept() : ctx.reject(['password'])));
    client.on('tcpip', (accept, _reject, info) => {
      forwarded.push(`${info.destIP}:${info.destPort}`);
      const channel = accept();
      const sock = net.connect(info.destPort, info.destIP);
      sock.pipe(channel).pipe(sock);
      sock.on('error', () => channel.close());
      channel.on('close', () => sock.destroy());
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => jump.listen(0, '127.0.0.1', resolve));
  t.after(() => void jump.close());
  const jumpPort = (jump.address() as AddressInfo).port;
  const store = new MemoryKnownHostsStore();
  const asked: number[] = [];
  const s = await connectDevice({
    host: '127.0.0.1',
    port: dev.port,
    username: dev.username,
    password: dev.password,
    enableSecret: dev.enableSecret,
    jumpHost: { host: '127.0.0.1', port: jumpPort, username: 'hop', password: 'hop-pw' },
    knownHosts: store,
    onUnknownHostKey: (info) => (asked.push(info.port), true),
  });
  t.after(() => s.close());
  assert.deepEqual(forwarded, [`127.0.0.1:${dev.port}`]);
  assert.deepEqual(asked, [jumpPort, dev.port]);
  assert.equal(s.facts().prompt, 'C9300-STACK#');
  assert.match(await s.run('dir flash:'), /packages\.conf/);
  s.close();
});
