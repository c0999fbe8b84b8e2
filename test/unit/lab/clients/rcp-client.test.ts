// The lab's RCP client against the real rsh-redone in.rshd (spawned per connection, as inetd does)
// running the real netkit `rcp -f`/`rcp -t` as a throw-away account trusted by ~/.rhosts: byte-exact
// transfers, modes, IOS's causes for missing files, untrusted users, unprivileged ports, abort.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, createReadStream, createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { ClientError, rcpDownload, rcpUpload } from '../../../../src/lab/clients';
import { tempDir } from '../../../helpers/temp-dir';
import { isRoot, needTool } from '../../../helpers/tools';
import { fileSha256, freeTcpPort, loopback, startRshd, writeTestFile, type RunningRshd } from './real-servers';

async function rshdOrSkip(t: TestContext): Promise<RunningRshd | undefined> {
  if (!isRoot) {
    t.skip('needs root: a throw-away account with ~/.rhosts and a privileged client port');
    return undefined;
  }
  const rshd = needTool(t, 'in.rshd', 'rsh-redone-server');
  const rcp = needTool(t, 'rcp', 'rsh-client');
  const useradd = needTool(t, 'useradd', 'passwd');
  if (!rshd || !rcp || !useradd) return undefined;
  return startRshd(t, rshd);
}

function isClientError(kind: string, iosCause: string) {
  return (err: unknown) => {
    assert.ok(err instanceof ClientError, String(err));
    assert.equal(err.protocol, 'rcp');
    assert.equal(err.kind, kind, err.message);
    assert.equal(err.iosCause, iosCause);
    return true;
  };
}

test('downloads and uploads an image byte for byte through in.rshd and rcp', { timeout: 60_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  const local = tempDir(t);
  const size = 6 * 1024 * 1024 + 5;
  writeTestFile(path.join(server.dir, 'c2911-universalk9-mz.bin'), size, 4);
  chownSync(path.join(server.dir, 'c2911-universalk9-mz.bin'), server.uid, server.uid);
  const progress = t.mock.fn<(bytes: number) => void>();
  const base = { host: loopback, port: server.port, localUser: 'router1', remoteUser: server.user, privilegedPort: true };

  const down = await rcpDownload({ ...base, file: 'c2911-universalk9-mz.bin', onProgress: progress }, createWriteStream(path.join(local, 'img.bin')));
  assert.equal(down.bytes, size);
  assert.equal(await fileSha256(path.join(local, 'img.bin')), await fileSha256(path.join(server.dir, 'c2911-universalk9-mz.bin')));
  assert.deepEqual(progress.mock.calls.at(-1)?.arguments, [size]);

  const up = await rcpUpload({ ...base, file: 'router1-up.bin' }, createReadStream(path.join(local, 'img.bin')), size);
  assert.equal(up.bytes, size);
  assert.equal(await fileSha256(path.join(server.dir, 'router1-up.bin')), await fileSha256(path.join(local, 'img.bin')));
  assert.equal(statSync(path.join(server.dir, 'router1-up.bin')).mode & 0o777, 0o644);
  assert.equal(statSync(path.join(server.dir, 'router1-up.bin')).uid, server.uid); // written by the remote user, not root
});

test('uploads into a subfolder with the given mode, and moves empty files', { timeout: 30_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  mkdirSync(path.join(server.dir, 'configs'));
  chownSync(path.join(server.dir, 'configs'), server.uid, server.uid);
  const base = { host: loopback, port: server.port, localUser: 'router1', remoteUser: server.user, privilegedPort: true };
  const input = new PassThrough();
  input.end('hostname router1\n');
  await rcpUpload({ ...base, file: 'configs/router1-confg' }, input, 17, 0o600);
  assert.equal(readFileSync(path.join(server.dir, 'configs', 'router1-confg'), 'utf8'), 'hostname router1\n');
  assert.equal(statSync(path.join(server.dir, 'configs', 'router1-confg')).mode & 0o777, 0o600);

  await rcpUpload({ ...base, file: 'empty.bin' }, new PassThrough().end(), 0);
  assert.equal(statSync(path.join(server.dir, 'empty.bin')).size, 0);
  const chunks: Buffer[] = [];
  const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  const down = await rcpDownload({ ...base, file: 'empty.bin' }, out);
  assert.equal(down.bytes, 0);
  assert.equal(Buffer.concat(chunks).length, 0);
});

test("a missing file is 'not-found' with IOS's cause", { timeout: 20_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  await assert.rejects(
    rcpDownload({ host: loopback, port: server.port, localUser: 'router1', remoteUser: server.user, file: 'no-such.bin', privilegedPort: true }, new PassThrough()),
    isClientError('not-found', 'No such file or directory'),
  );
});

test("an upload into a folder the remote user cannot write is 'access-denied'", { timeout: 20_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  mkdirSync(path.join(server.dir, 'locked'));
  chmodSync(path.join(server.dir, 'locked'), 0o755); // owned by root
  const input = new PassThrough();
  input.end(Buffer.alloc(100, 7));
  await assert.rejects(
    rcpUpload({ host: loopback, port: server.port, localUser: 'router1', remoteUser: server.user, file: 'locked/x.bin', privilegedPort: true }, input, 100),
    isClientError('access-denied', 'Permission denied'),
  );
});

test("a local user the server's .rhosts does not trust is 'access-denied'", { timeout: 20_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  writeFileSync(path.join(server.dir, 'f.bin'), 'x');
  await assert.rejects(
    rcpDownload({ host: loopback, port: server.port, localUser: 'intruder', remoteUser: server.user, file: 'f.bin', privilegedPort: true }, new PassThrough()),
    isClientError('access-denied', 'Permission denied'),
  );
});

test("without a privileged source port in.rshd hangs up: 'access-denied'", { timeout: 20_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  writeFileSync(path.join(server.dir, 'f.bin'), 'x');
  await assert.rejects(
    rcpDownload({ host: loopback, port: server.port, localUser: 'router1', remoteUser: server.user, file: 'f.bin', privilegedPort: false }, new PassThrough()),
    isClientError('access-denied', 'Permission denied'),
  );
});

test("no server listening is 'refused' with IOS's cause", { timeout: 20_000 }, async () => {
  const port = await freeTcpPort();
  await assert.rejects(
    rcpDownload({ host: loopback, port, localUser: 'router1', remoteUser: 'cisco', file: 'f.bin' }, new PassThrough()),
    isClientError('refused', 'Connection refused by remote host'),
  );
});

test("aborting mid-download rejects with kind 'aborted'", { timeout: 30_000 }, async (t) => {
  const server = await rshdOrSkip(t);
  if (!server) return;
  writeTestFile(path.join(server.dir, 'big.bin'), 16 * 1024 * 1024, 8);
  chownSync(path.join(server.dir, 'big.bin'), server.uid, server.uid);
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    rcpDownload(
      {
        host: loopback,
        port: server.port,
        localUser: 'router1',
        remoteUser: server.user,
        file: 'big.bin',
        privilegedPort: true,
        signal: controller.signal,
        onProgress: (bytes) => {
          seen = bytes;
          if (bytes >= 1024 * 1024) controller.abort();
        },
      },
      new PassThrough().resume(),
    ),
    isClientError('aborted', 'Aborted'),
  );
  assert.ok(seen >= 1024 * 1024 && seen < 16 * 1024 * 1024);
});

test('tolerates a T (times) record and reports a fatal \\2 line (in-test rcp peer)', { timeout: 20_000 }, async (t) => {
  // A minimal rsh+rcp source, for the records in.rshd's `rcp -f` (run without -p) never sends.
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.on('data', (d: Buffer) => received.push(d));
    const steps = [
      () => socket.write(Buffer.from([0])), // rsh accepted
      () => socket.write('T1700000000 0 1700000000 0\n'),
      () => socket.write('C0644 5 f.bin\n'),
      () => socket.write(Buffer.concat([Buffer.from('hello'), Buffer.from([0])])),
      () => socket.end(),
    ];
    // Each step answers one client message: the rsh request, "ready", the T ack, the C ack, the final ack.
    socket.on('data', () => steps.shift()?.());
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  t.after(() => server.close());
  const chunks: Buffer[] = [];
  const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  const port = (server.address() as net.AddressInfo).port;
  const result = await rcpDownload({ host: loopback, port, localUser: 'router1', remoteUser: 'cisco', file: 'dir/f.bin' }, out);
  assert.equal(result.bytes, 5);
  assert.equal(Buffer.concat(chunks).toString(), 'hello');
  assert.ok(Buffer.concat(received).toString('latin1').startsWith('0\0router1\0cisco\0rcp -f dir/f.bin\0'));

  const fatal = net.createServer((socket) => socket.once('data', () => socket.end(Buffer.concat([Buffer.from([0, 2]), Buffer.from('rcp: f.bin: No space left on device\n')]))));
  await new Promise<void>((resolve) => fatal.listen(0, loopback, resolve));
  t.after(() => fatal.close());
  const input = new PassThrough();
  input.end('x');
  await assert.rejects(
    rcpUpload({ host: loopback, port: (fatal.address() as net.AddressInfo).port, localUser: 'router1', remoteUser: 'cisco', file: 'f.bin' }, input, 1),
    isClientError('disk-full', 'Not enough space on device'),
  );
});
