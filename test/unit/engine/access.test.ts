import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AccessDeniedError, AccessPolicy, TransferEngine } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';

function denied(reason: string) {
  return (err: unknown) => err instanceof AccessDeniedError && err.reason === reason;
}

test('an offer is served only to its peer, over its protocols, with its identity, until it expires or is used up', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  writeFileSync(file, Buffer.alloc(1000, 7));
  let now = 1_000_000;
  const policy = new AccessPolicy({ now: () => now });
  policy.offers.offerDownload({ localPath: file, name: 'c2960x.bin', peer: '10.0.0.5', protocols: ['tftp'], ttlMs: 60_000, maxUses: 1 });

  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.6', name: 'c2960x.bin' }), denied('wrong-peer'));
  await assert.rejects(policy.authorizeRead({ protocol: 'ftp', peer: '10.0.0.5', name: 'c2960x.bin' }), denied('not-found'));
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.5', name: 'other.bin' }), denied('not-found'));

  const grant = await policy.authorizeRead({ protocol: 'tftp', peer: '::ffff:10.0.0.5', name: 'c2960x.bin' });
  assert.equal(grant.sizeBytes, 1000);
  assert.equal(grant.path, file);
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.5', name: 'c2960x.bin' }), denied('exhausted'));
  grant.release(false); // a failed transfer gives its use back
  grant.release(false); // once only
  const again = await policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.5', name: 'c2960x.bin' });
  again.release(true);
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.5', name: 'c2960x.bin' }), denied('exhausted'));

  policy.offers.offerDownload({ localPath: file, name: 'late.bin', peer: '10.0.0.5', ttlMs: 1000 });
  now += 1000;
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '10.0.0.5', name: 'late.bin' }), denied('expired'));
});

test('FTP and RCP offers check the identity; anonymous never logs in', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'image.bin');
  writeFileSync(file, 'abc');
  const policy = new AccessPolicy();
  policy.offers.offerDownload({ localPath: file, name: 'x.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: { username: 'iim-1', password: 'pw' } });
  policy.offers.offerDownload({ localPath: file, name: 'y.bin', peer: '127.0.0.1', protocols: ['rcp'], identity: { username: 'R1' } });
  assert.equal(policy.authenticate('ftp', '127.0.0.1', 'iim-1', 'pw'), true);
  assert.equal(policy.authenticate('ftp', '127.0.0.1', 'iim-1', 'wrong'), false);
  assert.equal(policy.authenticate('ftp', '127.0.0.2', 'iim-1', 'pw'), false);
  assert.equal(policy.authenticate('ftp', '127.0.0.1', 'anonymous', ''), false);
  await assert.rejects(policy.authorizeRead({ protocol: 'ftp', peer: '127.0.0.1', name: 'x.bin', username: 'iim-1', password: 'nope' }), denied('wrong-user'));
  (await policy.authorizeRead({ protocol: 'ftp', peer: '127.0.0.1', name: 'x.bin', username: 'iim-1', password: 'pw' })).release(true);
  assert.equal(policy.acceptsRcpUser('127.0.0.1', 'R1'), true);
  assert.equal(policy.acceptsRcpUser('127.0.0.1', 'root'), false);
  await assert.rejects(policy.authorizeRead({ protocol: 'rcp', peer: '127.0.0.1', name: 'y.bin', username: 'root' }), denied('wrong-user'));
});

test('CLI mode: root is read-only and jailed, the inbox never overwrites, peers are filtered', async (t) => {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  writeFileSync(path.join(root, 'a.bin'), 'aaaa');
  writeFileSync(path.join(inbox, 'taken.cfg'), 'x');
  const policy = new AccessPolicy({ root, inbox, allowedPeers: ['127.0.0.1'], inboxMaxBytes: 100, credentials: { rcpUsers: ['backup'] } });

  assert.equal((await policy.authorizeRead({ protocol: 'tftp', peer: '127.0.0.1', name: 'a.bin' })).sizeBytes, 4);
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '127.0.0.2', name: 'a.bin' }), denied('wrong-peer'));
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '127.0.0.1', name: '../inbox/taken.cfg' }), denied('unsafe-name'));
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '127.0.0.1', name: 'missing.bin' }), denied('not-found'));
  await assert.rejects(policy.authorizeRead({ protocol: 'rcp', peer: '127.0.0.1', name: 'a.bin', username: 'root' }), denied('wrong-user'));
  await assert.rejects(policy.authorizeRead({ protocol: 'ftp', peer: '127.0.0.1', name: 'a.bin', username: 'x', password: 'y' }), denied('wrong-user'));

  const w = await policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'new.cfg' }, 50);
  assert.equal(w.finalPath, path.join(inbox, 'new.cfg'));
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'taken.cfg' }), denied('exists'));
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'big.bin' }, 101), denied('too-large'));
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'nodir/x.cfg' }), denied('not-found'));
});

test('without root, inbox or offers nothing is served or accepted', async () => {
  const policy = new AccessPolicy();
  await assert.rejects(policy.authorizeRead({ protocol: 'tftp', peer: '127.0.0.1', name: 'a.bin' }), denied('not-found'));
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'a.bin' }), denied('uploads-disabled'));
});

test('an upload slot accepts one file from one peer into its destination', async (t) => {
  const dir = tempDir(t);
  const policy = new AccessPolicy();
  const dest = path.join(dir, 'from-r1.cfg');
  policy.offers.openUploadSlot({ name: 'r1-confg', peer: '127.0.0.1', destPath: dest, maxBytes: 10 });
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.9', name: 'r1-confg' }), denied('wrong-peer'));
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'r1-confg' }, 11), denied('too-large'));
  const w = await policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'r1-confg' }, 5);
  assert.equal(w.finalPath, dest);
  await assert.rejects(policy.authorizeWrite({ protocol: 'tftp', peer: '127.0.0.1', name: 'r1-confg' }), denied('exhausted'));
});

test('the engine aborts only the transfers of a withdrawn offer, and forgets settled ones', () => {
  const engine = new TransferEngine();
  const a = engine.context.track({ protocol: 'tftp', peer: '127.0.0.1', peerPort: 1, file: 'a', localPath: '/a', direction: 'to-peer', offerId: 'A', options: {} });
  const b = engine.context.track({ protocol: 'tftp', peer: '127.0.0.1', peerPort: 2, file: 'b', localPath: '/b', direction: 'to-peer', offerId: 'B', options: {} });
  assert.equal(engine.context.active.size, 2);
  assert.equal(engine.abortOffer('A', new Error('job cancelled')), 1);
  assert.equal(a.signal.aborted, true);
  assert.equal(b.signal.aborted, false);
  a.fail(0, a.signal.reason as Error);
  assert.equal(engine.context.active.size, 1);
  b.finish(10);
  assert.equal(engine.context.active.size, 0);
});

test('offerSettled waits for the offer’s transfers in flight, and only for them', async () => {
  const engine = new TransferEngine();
  await engine.offerSettled('none'); // nothing in flight: at once
  const a = engine.context.track({ protocol: 'ftp', peer: '127.0.0.1', peerPort: 1, file: 'a', localPath: '/a', direction: 'to-peer', offerId: 'A', options: {} });
  const b = engine.context.track({ protocol: 'ftp', peer: '127.0.0.1', peerPort: 2, file: 'b', localPath: '/b', direction: 'to-peer', offerId: 'B', options: {} });
  let settled = false;
  const waiting = engine.offerSettled('A').then(() => (settled = true));
  engine.abortOffer('A');
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'aborted is not yet settled');
  b.finish(1);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'another offer settling changes nothing');
  a.fail(0, new Error('cancelled'));
  await waiting;
  assert.equal(settled, true);
  // A transfer that never settles does not hold the caller beyond the bound.
  engine.context.track({ protocol: 'ftp', peer: '127.0.0.1', peerPort: 3, file: 'c', localPath: '/c', direction: 'to-peer', offerId: 'C', options: {} });
  await engine.offerSettled('C', 20);
});
