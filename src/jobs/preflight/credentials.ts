// Who the device will say it is to our server: for RCP the remote username by Cisco's order (URL
// user, `ip rcmd remote-username`, the tty's user, the hostname); for FTP the URL's credentials,
// else `ip ftp username`/`password`. Reported so the engine and the user expect the same name.
import { chooseRcpUsername, explainRcpUsername } from '../../engine';
import type { DeviceSnapshot } from '../device-snapshot';
import type { CheckResult } from './check';

export function rcpIdentity(device: DeviceSnapshot, urlUser?: string): { username: string; explanation: string } {
  const inputs = { urlUser, ipRcmdRemoteUsername: device.config.rcmdRemoteUsername, ttyUser: device.loginUser, hostname: device.hostname };
  return { username: chooseRcpUsername(inputs).username, explanation: explainRcpUsername(inputs) };
}

export function checkRcpUsername(device: DeviceSnapshot, urlUser?: string): CheckResult {
  const { username, explanation } = rcpIdentity(device, urlUser);
  return {
    id: 'rcp-username',
    title: 'RCP remote username',
    status: 'ok',
    summary: explanation,
    facts: [
      `copy URL user: ${urlUser ?? '(none)'}`,
      `ip rcmd remote-username: ${device.config.rcmdRemoteUsername ?? '(not set)'}`,
      `tty user: ${device.loginUser || '(none)'}`,
      `hostname: ${device.hostname}`,
      `the bundled RCP server will accept '${username}' from this device only, for this file only`,
    ],
  };
}

export function checkFtpCredentials(device: DeviceSnapshot, inUrl: boolean): CheckResult {
  const facts = [`ip ftp username: ${device.config.ftpUsername ?? '(not set)'}`, `ip ftp password: ${device.config.ftpPassword ? '(set)' : '(not set)'}`];
  return {
    id: 'ftp-credentials',
    title: 'FTP login',
    status: 'ok',
    summary: inUrl
      ? 'A one-time FTP user and password for this copy go in the copy URL (they override ip ftp username/password); they expire with the job.'
      : device.config.ftpUsername
        ? `The device logs in as '${device.config.ftpUsername}' from ip ftp username.`
        : 'The device would log in as anonymous, which the bundled server refuses.',
    facts,
  };
}
