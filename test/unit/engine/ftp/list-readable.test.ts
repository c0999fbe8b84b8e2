import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AccessDeniedError, AccessPolicy } from '../../../../src/engine';
import { tempDir } from '../../../helpers/temp-dir';

const denied = (reason: string) => (err: unknown) => err instanceof AccessDeniedError && err.reason === reason;

test('listReadable: an offer login sees its own live offers only, by folder', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'f.bin');
  writeFileSync(file, 'abcd');
  let now = 1_000_000;
  const policy = new AccessPolicy({ now: () => now, root: dir, credentials: { ftp: { username: 'cli', password: 'pw' } } });
  const me = { username: 'iim-1', password: 'p1' };
  policy.offers.offerDownload({ localPath: file, name: 'a.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: me });
  policy.offers.offerDownload({ localPath: file, name: 'images/b.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: me });
  policy.offers.offerDownload({ localPath: file, name: 'late.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: me, ttlMs: 10 });
  policy.offers.offerDownload({ localPath: file, name: 'theirs.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: { username: 'iim-2', password: 'p2' } });
  policy.offers.offerDownload({ localPath: file, name: 'elsewhere.bin', peer: '127.0.0.9', protocols: ['ftp'], identity: me });
  policy.offers.openUploadSlot({ destPath: path.join(dir, 'up.cfg'), maxBytes: 10, name: 'configs/up.cfg', peer: '127.0.0.1', protocols: ['ftp'], identity: me });
  now += 10;
  const req = { protocol: 'ftp' as const, peer: '127.0.0.1', ...me };
  const top = await policy.listReadable({ ...req, dir: '' });
  assert.deepEqual(top.map((e) => [e.name, e.kind, e.sizeBytes]), [['a.bin', 'file', 4], ['configs', 'dir', 0], ['images', 'dir', 0]]);
  assert.deepEqual((await policy.listReadable({ ...req, dir: 'images' })).map((e) => e.name), ['b.bin']);
  assert.deepEqual(await policy.listReadable({ ...req, dir: 'configs' }), [], 'an upload folder exists but lists nothing');
  await assert.rejects(policy.listReadable({ ...req, dir: 'nope' }), denied('not-found'));
  await assert.rejects(policy.listReadable({ ...req, dir: '../x' }), denied('unsafe-name'));
  assert.deepEqual(await policy.listReadable({ ...req, password: 'wrong', dir: '' }), []);
});

test('listReadable: the CLI login sees the root (not the inbox), jailed', async (t) => {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  mkdirSync(path.join(inbox, 'drop'), { recursive: true });
  writeFileSync(path.join(root, 'x.bin'), 'xx');
  writeFileSync(path.join(inbox, 'private.cfg'), 'secret');
  writeFileSync(path.join(dir, 'outside.txt'), 'no');
  symlinkSync(path.join(dir, 'outside.txt'), path.join(root, 'escape'));
  const policy = new AccessPolicy({ root, inbox, allowedPeers: ['127.0.0.1'], credentials: { ftp: { username: 'cli', password: 'pw' } } });
  const req = { protocol: 'ftp' as const, peer: '127.0.0.1', username: 'cli', password: 'pw' };
  assert.deepEqual((await policy.listReadable({ ...req, dir: '' })).map((e) => `${e.kind}:${e.name}`), ['dir:sub', 'file:x.bin']);
  assert.deepEqual(await policy.listReadable({ ...req, dir: 'drop' }), [], 'inbox folders exist for CWD but list nothing');
  assert.deepEqual(await policy.listReadable({ ...req, peer: '127.0.0.2', dir: '' }), [], 'peer not allowed');
  await assert.rejects(policy.listReadable({ ...req, peer: '127.0.0.2', dir: 'sub' }), denied('not-found'));
});
