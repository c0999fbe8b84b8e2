// The lab's FTP client against the real vsftpd (anonymous, passive, loopback): byte-exact download
// and upload, IOS's causes for a missing file, a refused upload, a bad login and a dead server, abort.
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { ClientError, ftpDownload, ftpUpload } from '../../../../src/lab/clients';
import { tempDir } from '../../../helpers/temp-dir';
import { needTool } from '../../../helpers/tools';
import { fileSha256, freeTcpPort, loopback, startVsftpd, writeTestFile } from './real-servers';

const anonymous = { user: 'anonymous', password: 'router1@lab.example', passive: true };

function isClientError(kind: string, iosCause: string) {
  return (err: unknown) => {
    assert.ok(err instanceof ClientError, String(err));
    assert.equal(err.protocol, 'ftp');
    assert.equal(err.kind, kind, err.message);
    assert.equal(err.iosCause, iosCause);
    return true;
  };
}

test('downloads and uploads an image byte for byte over passive FTP', { timeout: 60_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  const local = tempDir(t);
  const size = 5 * 1024 * 1024 + 321;
  writeTestFile(path.join(server.dir, 'pub', 'c2911.bin'), size, 9);
  const progress = t.mock.fn<(bytes: number) => void>();

  const down = await ftpDownload({ host: loopback, port: server.port, file: 'pub/c2911.bin', onProgress: progress, ...anonymous }, createWriteStream(path.join(local, 'c2911.bin')));
  assert.equal(down.bytes, size);
  assert.equal(await fileSha256(path.join(local, 'c2911.bin')), await fileSha256(path.join(server.dir, 'pub', 'c2911.bin')));
  assert.ok(progress.mock.callCount() > 1);
  assert.deepEqual(progress.mock.calls.at(-1)?.arguments, [size]);

  const up = await ftpUpload({ host: loopback, port: server.port, file: 'pub/uploaded.bin', ...anonymous }, createReadStream(path.join(local, 'c2911.bin')));
  assert.equal(up.bytes, size);
  assert.equal(await fileSha256(path.join(server.dir, 'pub', 'uploaded.bin')), await fileSha256(path.join(local, 'c2911.bin')));
});

test('an empty file downloads as zero bytes', { timeout: 20_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  writeFileSync(path.join(server.dir, 'empty.txt'), '');
  const local = tempDir(t);
  const down = await ftpDownload({ host: loopback, port: server.port, file: 'empty.txt', ...anonymous }, createWriteStream(path.join(local, 'e')));
  assert.equal(down.bytes, 0);
  assert.deepEqual(readFileSync(path.join(local, 'e')), Buffer.alloc(0));
});

test("a missing file is 'not-found' with IOS's cause", { timeout: 20_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  await assert.rejects(ftpDownload({ host: loopback, port: server.port, file: 'pub/no-such.bin', ...anonymous }, new PassThrough()), isClientError('not-found', 'No such file or directory'));
});

test("an upload the server refuses (anonymous may not overwrite) is 'access-denied'", { timeout: 20_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  writeFileSync(path.join(server.dir, 'pub', 'taken.bin'), 'x');
  const input = new PassThrough();
  input.end(Buffer.alloc(1000, 1));
  await assert.rejects(ftpUpload({ host: loopback, port: server.port, file: 'pub/taken.bin', ...anonymous }, input), isClientError('access-denied', 'Permission denied'));
  assert.equal(readFileSync(path.join(server.dir, 'pub', 'taken.bin'), 'utf8'), 'x');
});

test("a login the server refuses is 'access-denied'", { timeout: 20_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  writeFileSync(path.join(server.dir, 'pub', 'f.bin'), 'x');
  await assert.rejects(
    ftpDownload({ host: loopback, port: server.port, file: 'pub/f.bin', user: 'cisco', password: 'wrong', passive: true }, new PassThrough()),
    isClientError('access-denied', 'Permission denied'),
  );
});

test("no server listening is 'refused' with IOS's cause", { timeout: 20_000 }, async () => {
  const port = await freeTcpPort();
  await assert.rejects(ftpDownload({ host: loopback, port, file: 'f.bin', ...anonymous }, new PassThrough()), isClientError('refused', 'Connection refused by remote host'));
});

test("aborting mid-download rejects with kind 'aborted'", { timeout: 30_000 }, async (t) => {
  const vsftpd = needTool(t, 'vsftpd', 'vsftpd');
  if (!vsftpd) return;
  const server = await startVsftpd(t, vsftpd);
  writeTestFile(path.join(server.dir, 'pub', 'big.bin'), 64 * 1024 * 1024, 2);
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    ftpDownload(
      {
        host: loopback,
        port: server.port,
        file: 'pub/big.bin',
        signal: controller.signal,
        onProgress: (bytes) => {
          seen = bytes;
          if (bytes >= 1024 * 1024) controller.abort();
        },
        ...anonymous,
      },
      new PassThrough().resume(),
    ),
    isClientError('aborted', 'Aborted'),
  );
  assert.ok(seen >= 1024 * 1024 && seen < 64 * 1024 * 1024);
});
