// `node dist/cli.js serve --rcp` as a real process: a raw rcp client downloads from --root and
// uploads into --inbox, a wrong user is refused, and the log lines say so.
/* eslint-disable no-control-regex -- rcp refusals are "\x01message\n" on the wire: the tests match them as sent. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/temp-dir';
import { cliPath } from '../../helpers/run-cli';
import { rawConnect, rshHeader } from './raw-rsh';

test('serve --rcp: download from --root, upload into --inbox, refuse an unknown user', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(root);
  mkdirSync(inbox);
  const image = randomBytes(200_000);
  writeFileSync(path.join(root, 'ios.bin'), image);
  const child = spawn(process.execPath, [cliPath, 'serve', '--rcp', '0', '--rcp-user', 'R1', '--rcp-user', 'netops', '--root', root, '--inbox', inbox], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  const lines: (() => void)[] = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (const l of lines.splice(0)) l();
  });
  const waitOut = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve) => {
      const check = () => {
        const m = re.exec(out);
        if (m) resolve(m);
        else lines.push(check);
      };
      check();
    });
  const listening = await waitOut(/RCP listening on 127\.0\.0\.1:(\d+) \(remote users: R1, netops\)/);
  const port = Number(listening[1]);

  const down = await rawConnect(t, port);
  down.socket.write(rshHeader('R1', 'rcp -f ios.bin'));
  await down.waitFor(1);
  down.socket.write('\0');
  const record = `C0644 ${image.length} ios.bin\n`;
  await down.waitFor(1 + record.length);
  down.socket.write('\0');
  const got = await down.waitFor(1 + record.length + image.length + 1);
  assert.equal(got.subarray(0, 1 + record.length).toString('latin1'), `\0${record}`);
  assert.ok(got.subarray(1 + record.length, 1 + record.length + image.length).equals(image), 'byte for byte');
  assert.equal(got[got.length - 1], 0);
  down.socket.write('\0');
  await down.closed;

  const up = await rawConnect(t, port);
  up.socket.write(rshHeader('netops', 'rcp -t R1-confg'));
  await up.waitFor(2);
  up.socket.write('C0644 11 R1-confg\nhostname R1\0');
  assert.equal((await up.waitFor(4)).toString('latin1'), '\0\0\0\0');
  up.socket.end();
  await up.closed;

  const bad = await rawConnect(t, port);
  bad.socket.write(rshHeader('guest', 'rcp -f ios.bin'));
  assert.match((await bad.closed).toString('latin1'), /^\x01rcp: ios\.bin: Permission denied \(remote user 'guest' is not accepted from 127\.0\.0\.1/);

  await waitOut(/rcp 127\.0\.0\.1:\d+ sent ios\.bin .* ok md5=[0-9a-f]{32}/);
  await waitOut(/rcp 127\.0\.0\.1:\d+ received R1-confg 11 B .* ok/);
  await waitOut(/rcp 127\.0\.0\.1 refused ios\.bin: remote user 'guest' is not accepted/);
  assert.equal(readFileSync(path.join(inbox, 'R1-confg'), 'utf8'), 'hostname R1');
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  assert.match(out, /stopping/);
});
