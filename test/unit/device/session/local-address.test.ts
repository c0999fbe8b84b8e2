// The address a device should use to reach our transfer servers: the local end of the SSH session's
// own TCP socket on a direct connection (checked against what the device side saw), the routing
// table through a jump host, and how the CLI's job server and the pre-flight report use it.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Server } from 'ssh2';
import { connectDevice, MemoryKnownHostsStore } from '../../../../src/device';
import { jobServer } from '../../../../src/cli/job-server';
import { TransferEngine } from '../../../../src/engine';
import { facingAddressFor } from '../../../../src/jobs/facing-address';
import { checkReachability } from '../../../../src/jobs/preflight/reachability';
import { type EngineServer, reachEngine } from '../../../../src/jobs';
import { labDevice, labSession } from './lab-fixture';
import { readableKeyPair } from './ssh-keys';

const opts = { timeout: 30_000 };

/** A TCP relay in front of the device that notes each client's address as the device side sees it. */
async function relay(t: import('node:test').TestContext, target: number) {
  const seen: { address: string; port: number }[] = [];
  const server = net.createServer((sock) => {
    seen.push({ address: sock.remoteAddress!, port: sock.remotePort! });
    const up = net.connect(target, '127.0.0.1');
    sock.pipe(up).pipe(sock);
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => void server.close());
  return { port: (server.address() as AddressInfo).port, seen };
}

test('a direct connection reports the local address of its own TCP socket, the one the device side sees', opts, async (t) => {
  // IOS-XE 17 needs no legacy retry: one TCP connection to look at.
  const dev = await labDevice(t, { profile: 'c9300' });
  const front = await relay(t, dev.port);
  const session = await labSession(t, dev, { port: front.port });
  assert.equal(front.seen.length, 1);
  assert.equal(session.localAddress, front.seen[0].address, 'the address the other end saw us connect from');
  assert.equal(session.localAddress, '127.0.0.1');
  assert.equal(session.facts().localAddress, '127.0.0.1');
  assert.equal(session.facts().remoteAddress, '127.0.0.1');
  assert.deepEqual(await facingAddressFor(session, '127.0.0.1'), { address: '127.0.0.1', source: 'ssh' });
});

test('through a jump host the connection does not start here: no local address, the routing table is used', opts, async (t) => {
  const dev = await labDevice(t);
  const jumpKey = readableKeyPair();
  const jump = new Server({ hostKeys: [jumpKey.private] }, (client) => {
    client.on('authentication', (ctx) => (ctx.method === 'password' && ctx.username === 'hop' && ctx.password === 'hop-pw' ? ctx.accept() : ctx.reject(['password'])));
    client.on('tcpip', (accept, _reject, info) => {
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
  const session = await connectDevice({
    host: '127.0.0.1',
    port: dev.port,
    username: dev.username,
    password: dev.password,
    jumpHost: { host: '127.0.0.1', port: (jump.address() as AddressInfo).port, username: 'hop', password: 'hop-pw' },
    knownHosts: new MemoryKnownHostsStore(),
    onUnknownHostKey: () => true,
  });
  t.after(() => session.close());
  assert.equal(session.localAddress, undefined);
  assert.equal(session.facts().localAddress, undefined);
  assert.deepEqual(await facingAddressFor(session, '127.0.0.1'), { address: '127.0.0.1', source: 'routing' });
});

test("the CLI's job server binds the engine on the session's local address (or --bind), and the report says which", opts, async (t) => {
  const dev = await labDevice(t);
  const session = await labSession(t, dev);
  const engine = new TransferEngine({ log: () => undefined });
  t.after(() => engine.close());
  // The CLI passes the engine and --bind only; the jobs layer works out where the device reaches it.
  const server = await reachEngine(jobServer('push', { values: { 'engine-ports': 'tftp=0' }, positionals: [] }, engine) as EngineServer, session, dev.host, ['tftp']);
  assert.equal(server.facingAddress, session.localAddress);
  assert.equal(server.facingSource, 'ssh');
  assert.equal(server.peerAddress, session.remoteAddress, "the offer's peer comes from the session, not a fresh lookup");
  assert.equal(server.protocols.tftp?.bound?.address, '127.0.0.1', 'bound where the device will connect');
  const check = checkReachability({ protocol: 'tftp', deviceFacingAddress: server.facingAddress, facingSource: server.facingSource, bound: server.protocols.tftp?.bound, devicePortMapped: true });
  assert.equal(check.status, 'ok');
  assert.equal(check.facts[0], 'the device reaches this machine at 127.0.0.1 (local end of the SSH session)');

  const other = new TransferEngine({ log: () => undefined });
  t.after(() => other.close());
  const overridden = await reachEngine(jobServer('push', { values: { 'engine-ports': 'ftp=0', bind: '127.0.0.1' }, positionals: [] }, other) as EngineServer, session, dev.host, ['ftp']);
  assert.equal(overridden.facingSource, 'override');
  assert.match(checkReachability({ protocol: 'ftp', deviceFacingAddress: overridden.facingAddress, facingSource: 'override', bound: overridden.protocols.ftp?.bound, devicePortMapped: true }).facts[0], /\(set by the user\)$/);
});
