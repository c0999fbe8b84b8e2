// Our RCP server against the lab's IOS-like rcp client (what the simulated `copy rcp:` runs): both
// directions byte for byte, and refusals that map to the causes IOS prints.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { TransferEngine } from '../../../src/engine';
import { ClientError, rcpDownload, rcpUpload } from '../../../src/lab/clients';
import { tempDir } from '../../helpers/temp-dir';

test('the lab rcp client copies to and from our server; refusals become IOS causes', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const slots = path.join(dir, 'slots');
  mkdirSync(slots);
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const server = await engine.startRcp({ port: 0 });
  const image = path.join(dir, 'c2911-universalk9-mz.SPA.155-3.M.bin');
  writeFileSync(image, randomBytes(3 * 1024 * 1024 + 7));
  engine.offerDownload({ name: 'c2911.bin', peer: '127.0.0.1', localPath: image, identity: { username: 'R1' } });
  const base = { host: '127.0.0.1', port: server.port, localUser: 'R1', remoteUser: 'R1' };

  const got = path.join(dir, 'got.bin');
  const down = await rcpDownload({ ...base, file: 'c2911.bin' }, createWriteStream(got));
  assert.equal(down.bytes, statSync(image).size);
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  assert.equal(sha(got), sha(image));

  engine.openUploadSlot({ name: 'R1-backup.bin', peer: '127.0.0.1', destPath: path.join(slots, 'R1-backup.bin'), maxBytes: 10 * 1024 * 1024, identity: { username: 'R1' } });
  await rcpUpload({ ...base, file: 'R1-backup.bin' }, createReadStream(image), statSync(image).size);
  assert.equal(sha(path.join(slots, 'R1-backup.bin')), sha(image));

  await assert.rejects(rcpDownload({ ...base, file: 'missing.bin' }, createWriteStream(path.join(dir, 'm'))), (err: unknown) => err instanceof ClientError && err.kind === 'not-found');
  await assert.rejects(rcpDownload({ ...base, remoteUser: 'someone', file: 'c2911.bin' }, createWriteStream(path.join(dir, 'w'))), (err: unknown) => err instanceof ClientError && err.kind === 'access-denied');
});
