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
