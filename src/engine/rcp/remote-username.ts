// Which remote username a Cisco device presents to an rcp server, from its configuration, in the
// order Cisco documents for `copy rcp:` (IOS Configuration Fundamentals, "rcp" username rules).
// The engine's offers must expect exactly this name, so the UI explains the rule that applied.

export interface RcpUsernameInputs {
  /** The user in the copy command: `copy rcp://USER@host/file flash:`. */
  urlUser?: string;
  /** `ip rcmd remote-username NAME` from the running configuration. */
  ipRcmdRemoteUsername?: string;
  /** The remote username of the current tty (e.g. the SSH or Telnet user authenticated with `username`). */
  ttyUser?: string;
  /** The device's hostname (`hostname` in its configuration): the last resort. */
  hostname: string;
}

export type RcpUsernameRule = 'url-user' | 'ip-rcmd-remote-username' | 'tty-user' | 'hostname';

export interface RcpUsernameChoice {
  username: string;
  rule: RcpUsernameRule;
}

/** The name and the rule that chose it: the first non-empty of URL user, `ip rcmd remote-username`, tty user, hostname. */
export function chooseRcpUsername(inputs: RcpUsernameInputs): RcpUsernameChoice {
  const order: [RcpUsernameRule, string | undefined][] = [
    ['url-user', inputs.urlUser],
    ['ip-rcmd-remote-username', inputs.ipRcmdRemoteUsername],
    ['tty-user', inputs.ttyUser],
  ];
  for (const [rule, value] of order) {
    const name = value?.trim();
    if (name) return { username: name, rule };
  }
  return { username: inputs.hostname.trim(), rule: 'hostname' };
}

/** The remote username the device will present to our RCP server. */
export function rcpRemoteUsername(inputs: RcpUsernameInputs): string {
  return chooseRcpUsername(inputs).username;
}

/** One sentence for the user: which name, and which of Cisco's rules chose it. */
export function explainRcpUsername(inputs: RcpUsernameInputs): string {
  const { username, rule } = chooseRcpUsername(inputs);
  switch (rule) {
    case 'url-user':
      return `The device will present remote username '${username}' because the copy command names it (rcp://${username}@…); the URL user overrides 'ip rcmd remote-username'.`;
    case 'ip-rcmd-remote-username':
      return `The device will present remote username '${username}' from 'ip rcmd remote-username ${username}', because the copy command names no user.`;
    case 'tty-user':
      return `The device will present remote username '${username}', the user logged in on this session's line, because neither the copy command nor 'ip rcmd remote-username' names one.`;
    case 'hostname':
      return `The device will present its hostname '${username}' as the remote username, because the copy command names no user, 'ip rcmd remote-username' is not set and the session has no logged-in username.`;
  }
}
