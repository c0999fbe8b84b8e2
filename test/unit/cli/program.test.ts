import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliPath, repoRoot, runCliProcess } from '../../helpers/run-cli';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

test('--help lists every subcommand and --version', () => {
  const r = runCliProcess(['--help']);
  assert.equal(r.code, 0);
  for (const name of ['serve', 'lab', 'inspect', 'push', 'pull']) {
    assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'), `help lists ${name}`);
  }
  assert.match(r.stdout, /--version/);
});

test('--version prints the package version', () => {
  const r = runCliProcess(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

const usageErrors: { title: string; args: string[]; says: RegExp }[] = [
  { title: 'unknown command', args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
  { title: 'unknown top-level flag', args: ['--frobnicate'], says: /unknown option '--frobnicate'/ },
  { title: 'unknown flag of a command', args: ['serve', '--bogus'], says: /serve: Unknown option '--bogus'/ },
  { title: 'string flag without a value', args: ['serve', '--tftp'], says: /serve: Option '--tftp <value>' argument missing/ },
  { title: 'missing positional', args: ['inspect'], says: /inspect: expected 1 argument\(s\), got 0/ },
  { title: 'extra positional', args: ['serve', 'extra'], says: /serve: expected 0 argument\(s\), got 1/ },
  { title: 'lab reload time out of range', args: ['lab', '--reload-seconds=-1'], says: /lab: --reload-seconds takes 0–3600, not '-1'/ },
  { title: 'lab device minute out of range', args: ['lab', '--minute-seconds=61'], says: /lab: --minute-seconds takes 0–60, not '61'/ },
  { title: 'lab install step not a number', args: ['lab', '--install-step-ms=fast'], says: /lab: --install-step-ms takes 0–60000, not 'fast'/ },
];

for (const { title, args, says } of usageErrors) {
  test(`usage error (${title}): one line on stderr, exit 2`, () => {
    const r = runCliProcess(args);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line, got: ${r.stderr}`);
    assert.match(r.stderr, says);
  });
}

test('each subcommand has its own --help', () => {
  for (const name of ['serve', 'lab', 'inspect', 'push', 'pull']) {
    const r = runCliProcess([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.match(r.stdout, new RegExp(`^Usage: ios-image-manager ${name}`, 'm'));
  }
});

test('the CLI bundle never loads vscode', () => {
  const bundle = readFileSync(cliPath, 'utf8');
  assert.doesNotMatch(bundle, /require\(["']vscode["']\)/);
});

test('the command table loads each command lazily, and its name and summary match the command', async () => {
  const { commands } = await import('../../../src/cli/commands.js');
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(command.summary, entry.summary, `${entry.name}: the table's summary is the command's`);
  }
});
