// `node dist/cli.js lab` as a user runs it: one ssh:// line per device, reachable, stopped by SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { cliPath } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/temp-dir';
import { openShell } from './lab-shell-client';
import { startLabProcess } from '../../helpers/lab-process';

test('lab prints one URL per profile, serves SSH on it, and stops on SIGTERM', { timeout: 30_000 }, async (t) => {
  const { child, out } = await startLabProcess(t, ['--profile', 'c2911', '--profile', 'c2500-run-from-flash', '--port', '0', '--state-dir', tempDir(t)]);
  const lines = out.split('\n').filter((l) => l.includes('ssh://'));
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^c2911 +ssh:\/\/admin:cisco@127\.0\.0\.1:\d+ /);
  assert.match(lines[1], /^c2500-run-from-flash +ssh:\/\/admin:cisco@127\.0\.0\.1:\d+ /);
  const url = new URL(/ssh:\/\/\S+/.exec(lines[1])![0]);
  const sh = await openShell(t, { host: url.hostname, port: Number(url.port), username: url.username, password: url.password });
  await sh.run('terminal length 0');
  assert.match(await sh.run('show version'), /System image file is "flash:c2500-js-l\.122-29b\.bin", booted via flash/);
  sh.client.end();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0);
});

test('lab refuses an unknown profile with a usage error', { timeout: 20_000 }, async () => {
  const child = spawn(process.execPath, [cliPath, 'lab', '--profile', 'c9999'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(err, /unknown lab profile 'c9999'/);
});

test('lab --reload-seconds, --minute-seconds, --install-step-ms: an activation nobody commits rolls back after the scaled timer', { timeout: 60_000 }, async (t) => {
  const { out } = await startLabProcess(t, ['--profile', 'c9200', '--port', '0', '--state-dir', tempDir(t), '--reload-seconds', '0.3', '--minute-seconds', '0.03', '--install-step-ms', '1']);
  const url = new URL(/ssh:\/\/\S+/.exec(out)![0]);
  const connect = async () => {
    const sh = await openShell(t, { host: url.hostname, port: Number(url.port), username: 'netops', password: 'netops' });
    await sh.run('terminal length 0');
    return sh;
  };
  const sh = await connect();
  // An image to install: any file of the flash copied under the image's name (the lab checks names and sizes).
  await sh.send('copy flash:cat9k_lite-srdriver.17.09.05.SPA.pkg flash:cat9k_lite_iosxe.17.09.06a.SPA.bin\r', /\]\? $/);
  await sh.send('\r');
  assert.match(await sh.run('install add file flash:cat9k_lite_iosxe.17.09.06a.SPA.bin'), /SUCCESS: install_add /);
  await sh.send('install activate auto-abort-timer 30\r', /\[y\/n\]$/);
  await sh.send('y\r', /SUCCESS: install_activate [^\r\n]*\r\n/);
  await sh.closed;
  // 30 device minutes of 30 ms: the switch comes back on 17.09.06a, then rolls back to 17.09.05 by itself.
  const versions: string[] = [];
  const deadline = Date.now() + 30_000;
  while (!versions.includes('17.09.05') && Date.now() < deadline) {
    try {
      const s = await connect();
      const v = /Cisco IOS XE Software, Version (\S+)/.exec(await s.run('show version'))?.[1];
      if (v && versions[versions.length - 1] !== v) versions.push(v);
      s.client.end();
    } catch {
      // Reloading: SSH refused for now.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(versions.slice(-1), ['17.09.05']);
});
