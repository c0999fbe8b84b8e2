// The CLI over HTTP: `push --protocol http` with the engine's HTTP server on any free port — the URL
// names it, so nothing needs privileges or a port mapping (the lab is told nothing about HTTP) — and
// `--protocol auto` printing the estimates and picking the fastest; `serve --http` as a real process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliPath } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { cliIo, labWithCliEngine } from './cli-lab';
import { flashMd5 } from './job-lab';

test('push --protocol http on a free port: verified, no mapping needed; --protocol auto shows the estimates and picks HTTP', { timeout: 120_000 }, async (t) => {
  const { device, dir, args: push } = await labWithCliEngine(t, 'isr4331');
  const image = await writeSampleImage(dir, sampleImages.isr4331, 600 * 1024, 6);
  const io = cliIo(false);
  // The helper's arguments say TFTP; the later --protocol and --engine-ports win.
  assert.equal(await runCli(push(image.path, '--protocol', 'http', '--engine-ports', 'http=0'), io), 0, io.out + io.err);
  assert.match(io.out, /The device can reach the HTTP server: The device will connect to 127\.0\.0\.1:\d+ \(the port is in the copy URL\)/);
  assert.match(io.out, /SUCCEEDED: .* verified \(MD5 [0-9a-f]{32}\)/);
  assert.equal(await flashMd5(device, 'bootflash:', sampleImages.isr4331.name), image.md5);

  const next = await writeSampleImage(dir, { ...sampleImages.isr4331, name: 'isr4300-universalk9.17.09.06.SPA.bin' }, 300 * 1024, 7);
  const auto = cliIo(false);
  assert.equal(await runCli(push(next.path, '--protocol', 'auto', '--engine-ports', 'http=0'), auto), 0, auto.out + auto.err);
  assert.match(auto.out, /Protocol for this link: HTTP chosen: about .+, the fastest for this link\./);
  assert.match(auto.out, /round trip to \S+: \d+\.\d ms \(least of 5 SSH keep-alive round trips\)/);
  assert.match(auto.out, /TFTP: about .* blocks of 512 bytes, one per round trip/);
  assert.equal(await flashMd5(device, 'bootflash:', 'isr4300-universalk9.17.09.06.SPA.bin'), next.md5);

  const bad = cliIo(false);
  assert.equal(await runCli(push(next.path, '--protocol', 'gopher'), bad), 2);
  assert.match(bad.err, /--protocol is tftp, ftp, rcp, http or auto, not 'gopher'/);
});

test('serve --http 0 serves the root over HTTP, logs the transfer with its MD5, lists nothing', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const data = Buffer.alloc(123_457, 7);
  writeFileSync(path.join(dir, 'ios.bin'), data);
  const child = spawn(process.execPath, [cliPath, 'serve', '--http', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const m = re.exec(out);
    assert.ok(m, `expected ${re} in:\n${out}`);
    return m;
  };
  const port = Number((await waitFor(/HTTP listening on 127\.0\.0\.1:(\d+)/))[1]);
  const get = (p: string) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: p }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      }).on('error', reject),
    );
  const got = await get('/ios.bin');
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(data));
  await waitFor(/http 127\.0\.0\.1:\d+ sent ios\.bin .* ok md5=[0-9a-f]{32}/);
  assert.equal((await get('/')).status, 400, 'no listing');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  assert.ok(readFileSync(path.join(dir, 'ios.bin')).equals(data));
});
