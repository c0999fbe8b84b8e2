// known_hosts: OpenSSH's file format (incl. [host]:port, hashed names, @revoked), fingerprints, and
// the unknown / accept / changed decisions. Checked against ssh-keygen where it is installed.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { utils as sshUtils } from 'ssh2';
import { HostKeyChangedError, HostKeyUnknownError } from '../../../src/device/errors';
import { FileKnownHostsStore, fingerprintSha256, type HostKey, keyTypeOfBlob, MemoryKnownHostsStore, parseKnownHosts, verifyHostKey } from '../../../src/device/known-hosts';
import { tempDir } from '../../helpers/temp-dir';
import { toolPath } from '../../helpers/tools';

function newKey(): HostKey {
  const blob = Buffer.from(sshUtils.generateKeyPairSync('ed25519').public.split(' ')[1], 'base64');
  return { type: keyTypeOfBlob(blob) ?? '', blob };
}

test('keyTypeOfBlob reads the type; garbage gives undefined', () => {
  assert.equal(newKey().type, 'ssh-ed25519');
  assert.equal(keyTypeOfBlob(Buffer.from([0, 0, 0, 200, 1])), undefined);
});

test('fingerprint equals ssh-keygen -l', (t) => {
  const keygen = toolPath('ssh-keygen');
  if (!keygen) return t.skip('ssh-keygen not installed (apt-get install openssh-client)');
  const dir = tempDir(t);
  const key = newKey();
  const file = path.join(dir, 'k.pub');
  writeFileSync(file, `${key.type} ${key.blob.toString('base64')}\n`);
  const out = spawnSync(keygen, ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' }).stdout;
  assert.equal(out.split(' ')[1], fingerprintSha256(key.blob));
});

test('file store writes [host]:port for non-22 ports, bare host for 22, mode 0600', async (t) => {
  const dir = tempDir(t);
  const store = new FileKnownHostsStore(path.join(dir, 'sub', 'known_hosts'));
  const a = newKey();
  const b = newKey();
  await store.add('127.0.0.1', 2222, a);
  await store.add('router1', 22, b);
  const text = readFileSync(store.file, 'utf8');
  assert.equal(text, `[127.0.0.1]:2222 ssh-ed25519 ${a.blob.toString('base64')}\nrouter1 ssh-ed25519 ${b.blob.toString('base64')}\n`);
  assert.equal(statSync(store.file).mode & 0o777, 0o600);
  assert.deepEqual(await store.lookup('127.0.0.1', 2222), [{ type: 'ssh-ed25519', base64: a.blob.toString('base64') }]);
  assert.deepEqual(await store.lookup('127.0.0.1', 22), [], 'the port is part of the name');
  assert.equal((await store.lookup('router1', 22)).length, 1);
});

test('file store reads OpenSSH lines: comments, patterns, negation, hashed names, markers', async (t) => {
  const dir = tempDir(t);
  const k = newKey().blob.toString('base64');
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.0.0.9]:830').digest('base64')}`;
  const file = path.join(dir, 'known_hosts');
  writeFileSync(
    file,
    [
      '# comment',
      '',
      `core-*.lab,!core-9.lab ssh-ed25519 ${k} comment here`,
      `${hashed} ssh-ed25519 ${k}`,
      `@revoked old-sw ssh-ed25519 ${k}`,
      `@cert-authority *.lab ssh-ed25519 ${k}`,
      'garbage line',
    ].join('\r\n'),
  );
  assert.equal(parseKnownHosts(readFileSync(file, 'utf8')).length, 4);
  const store = new FileKnownHostsStore(file);
  assert.equal((await store.lookup('core-1.lab', 22)).length, 1);
  assert.equal((await store.lookup('core-9.lab', 22)).length, 0, 'negated');
  assert.equal((await store.lookup('10.0.0.9', 830)).length, 1, 'hashed [host]:port');
  assert.deepEqual(await store.lookup('old-sw', 22), [{ type: 'ssh-ed25519', base64: k, revoked: true }]);
});

test('verifyHostKey: unknown refused without a decision, accepted and stored with one, changed refused', async () => {
  const store = new MemoryKnownHostsStore();
  const key = newKey();
  const o = { store, host: '127.0.0.1', port: 2200, key, device: 'lab' };
  await assert.rejects(verifyHostKey(o), (e: unknown) => e instanceof HostKeyUnknownError && e.fingerprint === fingerprintSha256(key.blob) && /127\.0\.0\.1\]:2200/.test(e.message));
  let asked = 0;
  await verifyHostKey({ ...o, onUnknown: (info) => (asked++, info.fingerprint === fingerprintSha256(key.blob)) });
  assert.equal(asked, 1);
  await verifyHostKey({ ...o, onUnknown: () => assert.fail('known keys are not asked about') });
  const other = newKey();
  await assert.rejects(verifyHostKey({ ...o, key: other, onUnknown: () => true }), (e: unknown) => {
    assert.ok(e instanceof HostKeyChangedError);
    assert.equal(e.code, 'E_HOST_KEY_CHANGED');
    assert.equal(e.host, '127.0.0.1');
    assert.equal(e.port, 2200);
    assert.deepEqual(e.oldFingerprints, [`ssh-ed25519 ${fingerprintSha256(key.blob)}`]);
    assert.equal(e.newFingerprint, fingerprintSha256(other.blob));
    assert.match(e.message, /HOST KEY CHANGED/);
    return true;
  });
});

test('a @revoked key is refused even when it is the one presented', async (t) => {
  const dir = tempDir(t);
  const key = newKey();
  const file = path.join(dir, 'known_hosts');
  writeFileSync(file, `@revoked sw1 ${key.type} ${key.blob.toString('base64')}\n`);
  await assert.rejects(verifyHostKey({ store: new FileKnownHostsStore(file), host: 'sw1', port: 22, key, device: 'sw1', onUnknown: () => true }), HostKeyChangedError);
});
