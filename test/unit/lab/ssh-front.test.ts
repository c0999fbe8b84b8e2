// The lab's SSH front as other clients see it: OpenSSH's `ssh` runs an exec command and a shell,
// and a device started with legacyAlgorithms offers only what old IOS offers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { Client } from 'ssh2';
import { startLabDevice, type LabDevice } from '../../../src/lab/index';
import { tempDir } from '../../helpers/temp-dir';
import { needTool } from '../../helpers/tools';

function runSsh(t: TestContext, ssh: string, dev: LabDevice, args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = tempDir(t);
  // OpenSSH reads passwords only from a tty or SSH_ASKPASS; a one-line script gives it the password.
  const askpass = path.join(dir, 'askpass.sh');
  writeFileSync(askpass, `#!/bin/sh\necho '${dev.password}'\n`);
  chmodSync(askpass, 0o700);
  const child = spawn(
    ssh,
    // What an engineer adds for old IOS: OpenSSH 8.8+ offers neither SHA-1 key exchange nor ssh-rsa signatures.
    ['-F', '/dev/null', '-o', 'KexAlgorithms=+diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1', '-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`, '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'ConnectTimeout=10', '-p', String(dev.port), `${dev.username}@${dev.host}`, ...args],
    { env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // stdin stays open: an early EOF would end the channel before the shell has read the typeahead.
  if (input !== undefined) child.stdin.write(input);
  else child.stdin.end();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

test('OpenSSH ssh runs one command as an exec request', { timeout: 30_000 }, async (t) => {
  const ssh = needTool(t, 'ssh', 'openssh-client');
  if (!ssh) return;
  const dev = await startLabDevice({ profile: 'c2960x' });
  t.after(() => dev.close());
  const r = await runSsh(t, ssh, dev, ['show version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /System image file is "flash:c2960x-universalk9-mz\.152-7\.E3\.bin"\r\n/);
});

test('OpenSSH ssh drives the interactive shell from a script', { timeout: 30_000 }, async (t) => {
  const ssh = needTool(t, 'ssh', 'openssh-client');
  if (!ssh) return;
  const dev = await startLabDevice({ profile: 'c2911' });
  t.after(() => dev.close());
  const r = await runSsh(t, ssh, dev, ['-tt'], `enable\r${dev.enableSecret}\rterminal length 0\rshow bootvar\rexit\r`);
  assert.match(r.stdout + r.stderr + String(r.code), /R2911>enable\r\nPassword: \r\nR2911#terminal length 0\r\nR2911#show bootvar\r\nBOOT variable = flash:c2900-universalk9-mz\.SPA\.157-3\.M8\.bin,1;\r\n/);
});

test('legacyAlgorithms offers only diffie-hellman-group14-sha1, ssh-rsa, aes128-cbc', { timeout: 30_000 }, async (t) => {
  const dev = await startLabDevice({ profile: 'c2500-run-from-flash', legacyAlgorithms: true });
  t.after(() => dev.close());
  const connect = (algorithms: object) =>
    new Promise<string>((resolve, reject) => {
      const c = new Client();
      c.on('handshake', (negotiated) => {
        c.end();
        resolve(`${negotiated.kex} ${negotiated.serverHostKey} ${negotiated.cs.cipher}`);
      });
      c.on('error', (err) => {
        c.end();
        reject(err);
      });
      c.connect({ host: dev.host, port: dev.port, username: dev.username, password: dev.password, algorithms, readyTimeout: 10_000 });
    });
  await assert.rejects(connect({}), /no matching/i, 'a modern-only client cannot agree on anything');
  assert.equal(
    await connect({ kex: ['curve25519-sha256', 'diffie-hellman-group14-sha1'], serverHostKey: ['ssh-ed25519', 'ssh-rsa'], cipher: ['aes128-gcm@openssh.com', 'aes128-cbc'], hmac: ['hmac-sha2-256', 'hmac-sha1'] }),
    'diffie-hellman-group14-sha1 ssh-rsa aes128-cbc',
  );
});
