// The lab's `copy http://…` pulls over a real HTTP connection (the engine's HTTP server serving a
// folder, as `serve --http --root` does) and prints what the 3850 capture prints
// (fixtures/iosxe/57): the destination question, `Accessing <url>...`, `Loading <url> !!!!`, then
// the closing lines; a missing file is IOS's `%Error opening`; an IOS without http: has no such URL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { TransferEngine } from '../../../src/engine';
import { startLabDevice, type LabDevice } from '../../../src/lab/index';
import { tempDir } from '../../helpers/temp-dir';
import { fixturesMissing } from '../device/parsers/fixtures';
import { writeTestFile } from './clients/real-servers';
import { fixtureText } from './fixture-text';
import { openShell, type ShellDriver } from './lab-shell-client';

async function device(t: TestContext, profile: string): Promise<LabDevice> {
  const dev = await startLabDevice({ profile });
  t.after(() => dev.close());
  return dev;
}

async function enabled(t: TestContext, dev: LabDevice): Promise<ShellDriver> {
  const user = dev.privilegedUser ?? { username: dev.username, password: dev.password };
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: user.username, password: user.password });
  if (!dev.privilegedUser) {
    await sh.send('enable\r', /Password: $/);
    await sh.send(`${dev.enableSecret}\r`);
  }
  await sh.run('terminal length 0');
  return sh;
}

async function httpRoot(t: TestContext): Promise<{ dir: string; port: number }> {
  const dir = tempDir(t);
  const engine = new TransferEngine({ root: dir, log: () => undefined });
  t.after(() => engine.close());
  const s = await engine.start('http', { port: 0 });
  return { dir, port: s.port };
}

const md5File = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');

test('copy http://host:port/file flash: on a 3850: the dialogue of the real capture, the file byte for byte', { timeout: 60_000 }, async (t) => {
  const server = await httpRoot(t);
  const name = 'cat3k_caa-universalk9.16.12.11.SPA.bin';
  writeTestFile(path.join(server.dir, name), 1_500_000, 5);
  const dev = await device(t, 'c3850-stack');
  const sh = await enabled(t, dev);
  const url = `http://127.0.0.1:${server.port}/${name}`;
  const asked = await sh.send(`copy ${url} flash:\r`, /\? $/);
  assert.equal(asked, `copy ${url} flash:\r\nDestination filename [${name}]? `);
  const out = await sh.send('\r', /#$/, 40_000);
  const lines = out.split('\r\n');
  assert.equal(lines[1], `Accessing ${url}...`);
  assert.match(lines[2]!, new RegExp(`^Loading ${url.replace(/[.?]/g, '\\$&')} !+$`));
  assert.equal(lines[2]!.replace(/[^!]/g, '').length, 1 + Math.floor(1_500_000 / 40960), 'a mark per 10 buffers of 4 KiB after the first');
  assert.equal(lines[3], '[OK - 1500000/4096 bytes]');
  assert.match(out, /\r\n1500000 bytes copied in \d+\.\d{3} secs \(\d+ bytes\/sec\)\r\n/);
  assert.equal(await dev.state.defaultFs.md5(name), md5File(path.join(server.dir, name)));

  if (fixturesMissing) return t.diagnostic('shared/fixtures is absent: the comparison with the 3850 capture is skipped');
  // Line by line against the capture, its address and image name standing for ours.
  const capture = fixtureText('iosxe/57_c3850_16.8.1a_copy_http_pull_wan_tcp_window.txt')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.includes('copy http://'));
  const captured = /http:\/\/(\S+?)\/(\S+?)(?:\.\.\.| |\]|$)/.exec(capture.find((l) => l.startsWith('Accessing'))!)!;
  const [capHost, capName] = [captured[1]!, captured[2]!];
  const ours = (asked + out).split('\r\n').map((l) => l.replace(/\? $/, '?'));
  for (const l of capture) {
    const shape = l
      .replace(/ \[\.\.\. truncated by the index \.\.\.\]$/, '')
      .split(`http://${capHost}/${capName}`)
      .join('@@URL@@')
      .split(capName)
      .join('@@NAME@@')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/@@URL@@/g, 'http://\\S+')
      .replace(/@@NAME@@/g, '[^\\s\\]]+')
      .replace(/!+$/, '!+');
    assert.ok(
      ours.some((o) => new RegExp(`^${shape}$`).test(o)),
      `the capture's line ${JSON.stringify(l)} has a counterpart in the lab's output:\n${ours.join('\n')}`,
    );
  }
});

test('copy http:// of a missing file: %Error opening (No such file or directory); flash untouched', { timeout: 60_000 }, async (t) => {
  const server = await httpRoot(t);
  const dev = await device(t, 'c2960x');
  const sh = await enabled(t, dev);
  const before = dev.state.defaultFs.list().map((f) => f.name);
  await sh.send(`copy http://127.0.0.1:${server.port}/missing.bin flash:\r`, /\? $/);
  const out = await sh.send('\r', /#$/, 20_000);
  assert.match(out, new RegExp(`\\r\\nAccessing http://127\\.0\\.0\\.1:${server.port}/missing\\.bin\\.\\.\\.\\r\\n%Error opening http://127\\.0\\.0\\.1:${server.port}/missing\\.bin \\(No such file or directory\\)\\r\\n`));
  assert.deepEqual(dev.state.defaultFs.list().map((f) => f.name), before);
});

test('an IOS whose show file systems lists no http: (the 2500) takes no http:// URL', { timeout: 60_000 }, async (t) => {
  const dev = await device(t, 'c2500-run-from-flash');
  const sh = await enabled(t, dev);
  const out = await sh.run('copy http://127.0.0.1/x.bin flash:');
  assert.match(out, /% Invalid input detected at '\^' marker\./);
});
