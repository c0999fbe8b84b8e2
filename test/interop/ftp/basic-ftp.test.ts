// basic-ftp (a well-kept Node FTP client) against our FTP server with per-offer one-time logins:
// features, listing, SIZE/MDTM, download, upload, TYPE A conversion, and a cancelled upload that
// must leave nothing behind.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { test } from 'node:test';
import { Client } from 'basic-ftp';
import { generateIdentity } from '../../../src/engine';
import { eventually, startFtp } from './ftp-fixture';

const timeout = 60_000;

async function connect(t: import('node:test').TestContext, port: number, user: string, password: string): Promise<Client> {
  const client = new Client(15_000);
  t.after(() => client.close());
  await client.access({ host: '127.0.0.1', port, user, password });
  return client;
}

test('basic-ftp: one-time login sees only its offer; size, mdtm, download byte for byte; the offer is then used up', { timeout }, async (t) => {
  const f = await startFtp(t);
  const { path: localPath, data } = f.file('ios.bin', 1_500_000);
  const { path: otherPath } = f.file('other.bin', 10);
  const id = generateIdentity();
  f.engine.offerDownload({ localPath, name: 'cat9k.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  f.engine.offerDownload({ localPath: otherPath, name: 'secret.bin', peer: '127.0.0.1', protocols: ['ftp'], identity: generateIdentity() });
  const client = await connect(t, f.port, id.username, id.password);
  const features = await client.features();
  assert.ok(features.has('EPSV') && features.has('SIZE') && features.has('REST'));
  assert.deepEqual((await client.list()).map((e) => [e.name, e.size, e.isFile]), [['cat9k.bin', 1_500_000, true]]);
  assert.equal(await client.size('cat9k.bin'), 1_500_000);
  assert.equal(Math.floor((await client.lastMod('cat9k.bin')).getTime() / 1000), Math.floor(statSync(localPath).mtimeMs / 1000));
  await assert.rejects(client.size('secret.bin'), /550/);
  await assert.rejects(client.cd('nowhere'), /550/);
  const chunks: Buffer[] = [];
  await client.downloadTo(new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) }), 'cat9k.bin');
  assert.ok(Buffer.concat(chunks).equals(data));
  await assert.rejects(client.downloadTo(new Writable({ write: (_c, _e, cb) => cb() }), 'cat9k.bin'), /550/, 'one use only');
  assert.equal(await client.pwd(), '/', 'the session is still usable after a refusal');
});

test('basic-ftp: upload into a slot; TYPE A turns CRLF into LF; wrong login refused', { timeout }, async (t) => {
  const f = await startFtp(t);
  const id = generateIdentity();
  const dest = path.join(f.inbox, 'R1-confg');
  f.engine.openUploadSlot({ name: 'R1-confg', destPath: dest, maxBytes: 1_000_000, peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  await assert.rejects(connect(t, f.port, id.username, 'wrong'), /530/);
  const client = await connect(t, f.port, id.username, id.password);
  await client.send('TYPE A');
  await client.uploadFrom(Readable.from([Buffer.from('hostname R1\r\n!\r'), Buffer.from('\nend\r\n')]), 'R1-confg');
  assert.equal(readFileSync(dest, 'utf8'), 'hostname R1\n!\nend\n');
  const done = f.events.find((e) => e.type === 'finished');
  assert.ok(done?.type === 'finished' && done.transfer.options.type === 'A');
});

test('basic-ftp: an upload over the slot limit is cut off with 552 and discarded', { timeout }, async (t) => {
  const f = await startFtp(t);
  const id = generateIdentity();
  const dest = path.join(f.inbox, 'big.bin');
  f.engine.openUploadSlot({ name: 'big.bin', destPath: dest, maxBytes: 100_000, peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  const client = await connect(t, f.port, id.username, id.password);
  await assert.rejects(client.uploadFrom(Readable.from([Buffer.alloc(300_000, 1)]), 'big.bin'), /552|ECONNRESET|EPIPE/);
  await eventually(() => f.events.some((e) => e.type === 'failed'));
  assert.deepEqual(readdirSync(f.inbox), []);
});

test('basic-ftp: a client that closes mid-upload leaves no file; the slot can be used again', { timeout }, async (t) => {
  const f = await startFtp(t);
  const id = generateIdentity();
  const dest = path.join(f.inbox, 'image.bin');
  f.engine.openUploadSlot({ name: 'image.bin', destPath: dest, maxBytes: 50_000_000, peer: '127.0.0.1', protocols: ['ftp'], identity: id });
  const client = await connect(t, f.port, id.username, id.password);
  let sent = 0;
  const source = new Readable({
    read() {
      if (sent >= 2_000_000) return; // then stall: the upload never ends on its own
      sent += 65536;
      this.push(Buffer.alloc(65536, 2));
    },
  });
  const upload = client.uploadFrom(source, 'image.bin').catch((e: Error) => e);
  await eventually(() => f.events.some((e) => e.type === 'started'));
  await new Promise((r) => setTimeout(r, 200));
  client.close();
  assert.ok((await upload) instanceof Error);
  await eventually(() => f.events.some((e) => e.type === 'failed'));
  assert.deepEqual(readdirSync(f.inbox), [], 'partial upload discarded, no temp file');

  const again = await connect(t, f.port, id.username, id.password);
  await again.uploadFrom(Readable.from([Buffer.from('complete')]), 'image.bin');
  assert.equal(readFileSync(dest, 'utf8'), 'complete');
});

test('basic-ftp: repeated whole-file sends report the file’s MD5; a changed file gets its new digest', { timeout }, async (t) => {
  const { createHash } = await import('node:crypto');
  const { writeFileSync } = await import('node:fs');
  const f = await startFtp(t, { cliLogin: { username: 'u', password: 'p' } });
  const file = path.join(f.root, 'img.bin');
  const first = Buffer.alloc(3_000_000, 1);
  writeFileSync(file, first);
  const client = await connect(t, f.port, 'u', 'p');
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
  await client.downloadTo(sink(), 'img.bin');
  await client.downloadTo(sink(), 'img.bin');
  const second = Buffer.alloc(3_000_000, 2);
  writeFileSync(file, second);
  await client.downloadTo(sink(), 'img.bin');
  const md5s = f.events.flatMap((e) => (e.type === 'finished' ? [e.md5] : []));
  const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
  assert.deepEqual(md5s, [md5(first), md5(first), md5(second)]);
});
