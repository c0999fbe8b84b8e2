// Issue 15 §5: RCP checks --allow (at accept) and the remote user (as soon as the header is whole)
// before it opens the stderr connection back to the peer, and says which was wrong. glibc's rcmd()
// sends the user only after that connection is up, so for it the user is checked afterwards.
/* eslint-disable no-control-regex -- rcp refusals are "\x01message\n" on the wire: the tests match them as sent. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { TransferEngine, type TransferEvent } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';
import { rawConnect, rshHeader } from './raw-rsh';

async function serve(t: TestContext, allowedPeers: string[]) {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  mkdirSync(root);
  writeFileSync(path.join(root, 'ios.bin'), 'image');
  const engine = new TransferEngine({ root, allowedPeers, credentials: { rcpUsers: ['netops'] } });
  const events: TransferEvent[] = [];
  engine.events.subscribe((e) => void (e.type !== 'progress' && events.push(e)));
  const server = await engine.startRcp({ port: 0, idleTimeoutMs: 2000 });
  t.after(() => engine.close());
  return { engine, port: server.port, dir, events };
}

/** A listener standing for the client's stderr port; counts the connections made to it. */
async function stderrListener(t: TestContext, address = '127.0.0.1') {
  const back = net.createServer((s) => {
    connections++;
    s.on('error', () => undefined);
    t.after(() => s.destroy());
  });
  let connections = 0;
  await new Promise<void>((resolve) => back.listen(0, address, resolve));
  t.after(() => back.close());
  return { port: (back.address() as net.AddressInfo).port, connections: () => connections };
}

const text = (b: Buffer) => b.toString('latin1');

test('a peer outside --allow is refused at once as not allowed (not as a wrong user), and never connected back to', { timeout: 10_000 }, async (t) => {
  const s = await serve(t, ['127.0.0.1']);
  const back = await stderrListener(t, '127.0.0.2');
  const c = await rawConnect(t, s.port, { localAddress: '127.0.0.2' });
  c.socket.write(rshHeader('netops', 'rcp -f ios.bin', String(back.port)));
  assert.match(text(await c.closed), /^\x01Permission denied: 127\.0\.0\.2 is not in the allowed list and nothing is offered to it\n$/);
  assert.equal(back.connections(), 0);
  const refused = s.events.find((e) => e.type === 'refused');
  assert.ok(refused?.type === 'refused' && refused.reason === 'wrong-peer' && refused.peer === '127.0.0.2');
});

test('a whole header with a user nobody expects is refused before the stderr connection is opened', { timeout: 10_000 }, async (t) => {
  const s = await serve(t, []);
  const back = await stderrListener(t);
  const c = await rawConnect(t, s.port);
  c.socket.write(rshHeader('intruder', 'rcp -f ios.bin', String(back.port)));
  assert.match(text(await c.closed), /^\x01rcp: ios\.bin: Permission denied \(remote user 'intruder' is not accepted from 127\.0\.0\.1/);
  assert.equal(back.connections(), 0);
});

test("a header sent as glibc's rcmd() does (the port alone first) is connected back to, then its user checked", { timeout: 10_000 }, async (t) => {
  const s = await serve(t, []);
  const back = await stderrListener(t);
  const c = await rawConnect(t, s.port);
  c.socket.write(`${back.port}\0`);
  while (back.connections() === 0) await new Promise((r) => setTimeout(r, 10));
  c.socket.write('router1\0intruder\0rcp -f ios.bin\0');
  assert.match(text(await c.closed), /^\x01rcp: ios\.bin: Permission denied \(remote user 'intruder'/);
});
