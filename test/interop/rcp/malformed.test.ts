// The RCP server against hostile and broken clients on raw sockets: garbage, over-long and truncated
// headers, stalls and drops mid-transfer (the partial upload is discarded, never renamed into place),
// declared sizes over the limit, the stderr connection back, and the optional privileged-port check.
/* eslint-disable no-control-regex -- rcp refusals are "\x01message\n" on the wire: the tests match them as sent. */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { type RcpServerOptions, TransferEngine, type TransferEvent } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';
import { isRoot } from '../../helpers/tools';
import { rawConnect, rshHeader } from './raw-rsh';

async function serve(t: TestContext, options: Partial<RcpServerOptions> = {}, inboxMaxBytes?: number) {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  const engine = new TransferEngine({ root, inbox, credentials: { rcpUsers: ['netops'] }, ...(inboxMaxBytes ? { inboxMaxBytes } : {}) });
  const events: TransferEvent[] = [];
  const waiters: (() => void)[] = [];
  engine.events.subscribe((e) => {
    if (e.type === 'progress') return;
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const server = await engine.startRcp({ port: 0, idleTimeoutMs: 400, ...options });
  t.after(() => engine.close());
  /** Resolves with the n-th event of this type (already seen or still to come). */
  const next = (type: TransferEvent['type'], n = 1) =>
    new Promise<TransferEvent>((resolve) => {
      const check = () => {
        const e = events.filter((x) => x.type === type)[n - 1];
        if (e) resolve(e);
        else waiters.push(check);
      };
      check();
    });
  return { engine, server, port: server.port, root, inbox, events, next };
}

const text = (b: Buffer) => b.toString('latin1');

test('garbage instead of an rsh header is refused with a reason, and the server goes on', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const c = await rawConnect(t, s.port);
  c.socket.write('GET / HTTP/1.0\r\n\r\n');
  const answer = text(await c.closed);
  assert.match(answer, /^\x01malformed rsh header \(stderr port\): byte 0x47 is not a digit\n$/);
  const refused = await s.next('refused');
  assert.equal(refused.type === 'refused' && refused.reason, 'protocol');
  // Unharmed: a good request still works.
  writeFileSync(path.join(s.root, 'ok.bin'), 'fine');
  const d = await rawConnect(t, s.port);
  d.socket.write(rshHeader('netops', 'rcp -f ok.bin'));
  assert.equal(text(await d.waitFor(1)), '\0');
  d.socket.write('\0');
  assert.equal(text(await d.waitFor(1 + 'C0644 4 ok.bin\n'.length)), '\0C0644 4 ok.bin\n');
  d.socket.write('\0');
  assert.equal(text(await d.waitFor(1 + 15 + 5)), '\0C0644 4 ok.bin\nfine\0');
  d.socket.write('\0');
  await d.closed;
  const done = await s.next('finished');
  assert.equal(done.type === 'finished' && done.bytes, 4);
});

test('over-long and broken headers are refused', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const cases = [
    { bytes: Buffer.from(`\0${'u'.repeat(300)}`), expect: /local user\): longer than 255 bytes/ },
    { bytes: Buffer.from(`\0router1\0netops\0rcp -f ${'x'.repeat(2000)}`), expect: /command\): longer than 1024 bytes/ },
    { bytes: Buffer.from('\0r\0netops\0rcp -f a\nid\0'), expect: /command\): control character 0x0a/ },
    { bytes: Buffer.from('70000\0'), expect: /70000 is not a TCP port/ },
  ];
  for (const cs of cases) {
    const c = await rawConnect(t, s.port);
    c.socket.write(cs.bytes);
    const answer = text(await c.closed);
    assert.equal(answer[0], '\x01');
    assert.match(answer, cs.expect);
  }
});

test('a truncated header (client closes) and a stalled header (client goes quiet) end the connection', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const c = await rawConnect(t, s.port);
  c.socket.end('\0router1\0net');
  await c.closed;
  const stalled = await rawConnect(t, s.port);
  stalled.socket.write('\0router1\0netops\0rcp -f a');
  assert.match(text(await stalled.closed), /incomplete rsh header after 400 ms/);
  const refused = s.events.filter((e) => e.type === 'refused');
  assert.equal(refused.length, 2);
  assert.match(refused[0].type === 'refused' ? refused[0].message : '', /\(remote user\): the connection closed before the header was complete/);
});

async function startUpload(t: TestContext, port: number, name: string, size: number) {
  const c = await rawConnect(t, port);
  c.socket.write(rshHeader('netops', `rcp -t ${name}`));
  assert.equal(text(await c.waitFor(2)), '\0\0');
  c.socket.write(`C0644 ${size} ${name}\n`);
  assert.equal(text(await c.waitFor(3)), '\0\0\0');
  return c;
}

test('a connection dropped mid-upload leaves nothing in the inbox', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const c = await startUpload(t, s.port, 'half.bin', 1_000_000);
  c.socket.write(Buffer.alloc(300_000, 7));
  // Let the server write some of it to its temporary file before the drop.
  await new Promise((r) => setTimeout(r, 100));
  c.socket.destroy();
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /closed|connection/);
  assert.deepEqual(readdirSync(s.inbox), [], 'no partial file, no temporary file');
});

test('an upload that stalls mid-file times out and is discarded; one that sends all but the trailer too', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const c = await startUpload(t, s.port, 'stall.bin', 10_000);
  c.socket.write(Buffer.alloc(5_000, 1));
  await c.closed;
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /nothing from the peer in time \(in the middle of the file\)/);
  const d = await startUpload(t, s.port, 'notrailer.bin', 100);
  d.socket.end(Buffer.alloc(100, 2)); // every byte, but no \0 to say the source read it all
  await d.closed;
  // 'failed' is reported once the partial file is gone.
  await s.next('failed', 2);
  assert.deepEqual(readdirSync(s.inbox), []);
});

test('a declared size over the limit is refused before any data; a bad trailer discards the file', { timeout: 10_000 }, async (t) => {
  const s = await serve(t, {}, 1000);
  const c = await rawConnect(t, s.port);
  c.socket.write(rshHeader('netops', 'rcp -t big.bin'));
  await c.waitFor(2);
  c.socket.write('C0644 1001 big.bin\n');
  assert.match(text(await c.closed), /^\0\0\x01rcp: big\.bin: File too large \(1001 bytes is over the limit of 1000 bytes\)\n$/);
  const refused = await s.next('refused');
  assert.equal(refused.type === 'refused' && refused.reason, 'too-large');
  const d = await startUpload(t, s.port, 'bad.bin', 3);
  d.socket.write('abcX');
  await d.closed;
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /expected a reply byte \(0, 1 or 2\), got 0x58 after the file data/);
  assert.deepEqual(readdirSync(s.inbox), []);
});

test('a source that sends more than one file, or a directory, is refused after the first', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const c = await startUpload(t, s.port, 'one.bin', 3);
  c.socket.write('abc\0');
  assert.equal(text(await c.waitFor(4)), '\0\0\0\0');
  c.socket.write('C0644 3 two.bin\n');
  assert.match(text(await c.closed), /\x01only one file is accepted per copy\n$/);
  assert.deepEqual(readdirSync(s.inbox), ['one.bin']);
  const d = await rawConnect(t, s.port);
  d.socket.write(rshHeader('netops', 'rcp -r -t dir'));
  assert.match(text(await d.closed), /^\x01recursive copies \(rcp -r\) are not accepted/);
});

test('a stderr port makes the server connect back to the same peer, from a reserved port when it can', { timeout: 10_000 }, async (t) => {
  const s = await serve(t);
  const back = net.createServer();
  const accepted = new Promise<net.Socket>((resolve) => back.once('connection', resolve));
  await new Promise<void>((resolve) => back.listen(0, '127.0.0.1', resolve));
  t.after(() => back.close());
  const backPort = (back.address() as net.AddressInfo).port;
  const c = await rawConnect(t, s.port);
  c.socket.write(`${backPort}\0`);
  const stderr = await accepted;
  t.after(() => stderr.destroy());
  assert.equal(stderr.remoteAddress, '127.0.0.1');
  if (isRoot) assert.ok(stderr.remotePort !== undefined && stderr.remotePort >= 512 && stderr.remotePort <= 1023, `from port ${stderr.remotePort}`);
  c.socket.write('router1\0netops\0uname -a\0');
  assert.match(text(await c.closed), /^\x01only 'rcp -f FILE' and 'rcp -t FILE' are accepted/);
  // A port nobody listens on: refused with the reason, not hung.
  const d = await rawConnect(t, s.port);
  const dead = net.createServer();
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const deadPort = (dead.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  d.socket.write(`${deadPort}\0`);
  assert.match(text(await d.closed), new RegExp(`could not open the stderr connection back to 127\\.0\\.0\\.1:${deadPort}`));
});

test('requirePrivilegedPort refuses clients outside 512-1023 (off by default)', { timeout: 10_000 }, async (t) => {
  const s = await serve(t, { requirePrivilegedPort: true });
  writeFileSync(path.join(s.root, 'p.bin'), 'x');
  const c = await rawConnect(t, s.port);
  c.socket.write(rshHeader('netops', 'rcp -f p.bin'));
  assert.match(text(await c.closed), /^\x01source port \d+ is not a privileged port \(512-1023\)\n$/);
  if (!isRoot) return t.skip('binding a reserved client port needs root');
  for (let port = 1000; port > 900; port--) {
    const ok = await rawConnect(t, s.port, { localPort: port }).catch(() => undefined);
    if (!ok) continue;
    ok.socket.write(rshHeader('netops', 'rcp -f p.bin'));
    assert.equal(text(await ok.waitFor(1)), '\0');
    return;
  }
  assert.fail('no reserved port was free');
});

test('a download whose reader stalls or drops fails (and gives the offer its use back)', { timeout: 15_000 }, async (t) => {
  const s = await serve(t);
  const local = path.join(tempDir(t), 'big.bin');
  writeFileSync(local, Buffer.alloc(32 * 1024 * 1024, 9));
  const offer = s.engine.offerDownload({ name: 'big.bin', peer: '127.0.0.1', localPath: local, identity: { username: 'R1' } });
  const c = await rawConnect(t, s.port);
  c.socket.write(rshHeader('R1', 'rcp -f big.bin'));
  await c.waitFor(1);
  c.socket.write('\0');
  await c.waitFor(2);
  c.socket.write('\0');
  c.socket.pause(); // never read the data: the server's writes back up until its idle timeout
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /no reply from the peer in time \(while sending the file\)|connection/);
  assert.equal(offer.uses, 0, 'a failed transfer does not use up the offer');
  const d = await rawConnect(t, s.port);
  d.socket.write(rshHeader('R1', 'rcp -f big.bin'));
  await d.waitFor(1);
  d.socket.write('\0');
  await d.waitFor(2);
  d.socket.write('\0');
  await d.waitFor(1024 * 1024);
  d.socket.destroy();
  await s.next('failed', 2);
  assert.equal(offer.uses, 0);
});

test('stopping the server mid-upload discards the partial file and reports the failure', { timeout: 10_000 }, async (t) => {
  const s = await serve(t, { idleTimeoutMs: 5_000 });
  const c = await startUpload(t, s.port, 'cut.bin', 1_000_000);
  c.socket.write(Buffer.alloc(200_000, 3));
  await new Promise((r) => setTimeout(r, 100));
  await s.engine.close();
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /the server is stopping/);
  assert.deepEqual(readdirSync(s.inbox), []);
  await c.closed;
});

test('abortOffer ends an upload and a download in flight; the partial upload is discarded', { timeout: 15_000 }, async (t) => {
  const s = await serve(t, { idleTimeoutMs: 5_000 });
  const slotDir = tempDir(t);
  const slot = s.engine.openUploadSlot({ name: 'job.bin', peer: '127.0.0.1', destPath: path.join(slotDir, 'job.bin'), maxBytes: 1 << 20, identity: { username: 'R1' } });
  const c = await rawConnect(t, s.port);
  c.socket.write(rshHeader('R1', 'rcp -t job.bin'));
  await c.waitFor(2);
  c.socket.write('C0644 1000000 job.bin\n');
  await c.waitFor(3);
  c.socket.write(Buffer.alloc(100_000, 5));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.engine.abortOffer(slot.id, new Error('job cancelled')), 1);
  const failed = await s.next('failed');
  assert.match(failed.type === 'failed' ? failed.reason : '', /cancelled: job cancelled/);
  await c.closed;
  assert.deepEqual(readdirSync(slotDir), []);

  const local = path.join(slotDir, 'big.bin');
  writeFileSync(local, Buffer.alloc(32 * 1024 * 1024, 1));
  const offer = s.engine.offerDownload({ name: 'big.bin', peer: '127.0.0.1', localPath: local, identity: { username: 'R1' } });
  const d = await rawConnect(t, s.port);
  d.socket.write(rshHeader('R1', 'rcp -f big.bin'));
  await d.waitFor(1);
  d.socket.write('\0');
  await d.waitFor(2);
  d.socket.pause(); // a slow reader: the transfer is still in flight when cancelled
  d.socket.write('\0');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.engine.abortOffer(offer.id), 1);
  await s.next('failed', 2);
  assert.equal(s.engine.context.active.size, 0);
});
