// Cisco's documented order for the rcp remote username, and the explanation shown to the user.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRcpUsername, explainRcpUsername, rcpRemoteUsername, type RcpUsernameInputs, type RcpUsernameRule } from '../../../../src/engine';

test('URL user, then ip rcmd remote-username, then the tty user, then the hostname', () => {
  const cases: { title: string; input: RcpUsernameInputs; username: string; rule: RcpUsernameRule; mentions: string }[] = [
    { title: 'URL user overrides everything', input: { urlUser: 'netops', ipRcmdRemoteUsername: 'backup', ttyUser: 'admin', hostname: 'R1' }, username: 'netops', rule: 'url-user', mentions: 'rcp://netops@' },
    { title: 'ip rcmd remote-username', input: { ipRcmdRemoteUsername: 'backup', ttyUser: 'admin', hostname: 'R1' }, username: 'backup', rule: 'ip-rcmd-remote-username', mentions: "'ip rcmd remote-username backup'" },
    { title: 'tty user', input: { ttyUser: 'admin', hostname: 'R1' }, username: 'admin', rule: 'tty-user', mentions: 'logged in' },
    { title: 'hostname last', input: { hostname: 'R1' }, username: 'R1', rule: 'hostname', mentions: "hostname 'R1'" },
    { title: 'empty and blank values do not count', input: { urlUser: '', ipRcmdRemoteUsername: '  ', ttyUser: '', hostname: 'SW-3850' }, username: 'SW-3850', rule: 'hostname', mentions: 'SW-3850' },
  ];
  for (const c of cases) {
    assert.deepEqual(chooseRcpUsername(c.input), { username: c.username, rule: c.rule }, c.title);
    assert.equal(rcpRemoteUsername(c.input), c.username, c.title);
    assert.ok(explainRcpUsername(c.input).includes(c.mentions), `${c.title}: ${explainRcpUsername(c.input)}`);
  }
});
