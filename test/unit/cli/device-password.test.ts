// Where the device password comes from: --password-stdin, the URL (warned about), IIM_PASSWORD, a
// hidden prompt on a terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devicePassword } from '../../../src/cli/device-password';
import type { CliIo } from '../../../src/cli/io';
import { UsageError } from '../../../src/cli/usage-error';

function io(extra: Partial<CliIo> = {}) {
  const err: string[] = [];
  return { err, io: { stdout: () => undefined, stderr: (s: string) => void err.push(s), stopSignal: new AbortController().signal, isTty: false, ...extra } as CliIo };
}
const target = { username: 'netops', host: '10.0.0.1' };
const args = (values: Record<string, unknown> = {}) => ({ values: values as never, positionals: [] });

test('--password-stdin reads the first line of standard input', async () => {
  const { io: i } = io({ readStdin: async () => 's3cr3t\nrest\n' });
  assert.equal(await devicePassword('inspect', target, args({ 'password-stdin': true }), i), 's3cr3t');
});

test('--password-stdin with a password in the URL, or an empty first line, is a usage error', async () => {
  const { io: i } = io({ readStdin: async () => '\n' });
  await assert.rejects(devicePassword('push', { ...target, password: 'p' }, args({ 'password-stdin': true }), i), UsageError);
  await assert.rejects(devicePassword('push', target, args({ 'password-stdin': true }), i), /empty first line/);
});

test('a password in the URL works but is warned about (the process list shows it)', async () => {
  const { io: i, err } = io();
  assert.equal(await devicePassword('pull', { ...target, password: 'p' }, args(), i), 'p');
  assert.match(err.join(''), /visible to every local user in the process list/);
});

test('IIM_PASSWORD, then a prompt on a terminal, in that order', async (t) => {
  const asked: string[] = [];
  const { io: i } = io({ askSecret: async (q) => (asked.push(q), 'typed') });
  const saved = process.env.IIM_PASSWORD;
  t.after(() => (saved === undefined ? delete process.env.IIM_PASSWORD : (process.env.IIM_PASSWORD = saved)));
  process.env.IIM_PASSWORD = 'from-env';
  assert.equal(await devicePassword('inspect', target, args(), i), 'from-env');
  delete process.env.IIM_PASSWORD;
  assert.equal(await devicePassword('inspect', target, args(), i), 'typed');
  assert.deepEqual(asked, ['Password for netops@10.0.0.1: ']);
  assert.equal(await devicePassword('inspect', target, args(), io().io), undefined, 'no terminal, no password');
});
