import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSshConfig } from '../../../src/device/ssh-config';

test('reads Host blocks, skips wildcards and Match, first value wins', () => {
  const text = [
    '# lab',
    'Host core-sw1 core-sw1.lab',
    '  HostName 10.0.0.1',
    '  User admin',
    '  Port 2222',
    '  Port 2223',
    '  ProxyJump bastion',
    'Host bastion',
    '  HostName=bastion.example.net',
    '  IdentityFile "~/.ssh/id_ed25519"',
    'Host *',
    '  User nobody',
    'Match host foo',
    '  User bar',
    'Host edge-r1',
    '  ProxyJump none',
  ].join('\n');
  assert.deepEqual(parseSshConfig(text), [
    { alias: 'core-sw1', hostName: '10.0.0.1', user: 'admin', port: 2222, proxyJump: 'bastion' },
    { alias: 'core-sw1.lab', hostName: '10.0.0.1', user: 'admin', port: 2222, proxyJump: 'bastion' },
    { alias: 'bastion', hostName: 'bastion.example.net', identityFile: '~/.ssh/id_ed25519' },
    { alias: 'edge-r1', hostName: 'edge-r1' },
  ]);
});
