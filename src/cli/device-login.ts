// Opens a device session for a CLI command from an ssh:// URL: password as device-password.ts finds
// it, enable secret from IIM_ENABLE_SECRET, host key checked against a known_hosts file (a new key
// only with --accept-new-host-key; a changed one never).
import { connectDevice, type DeviceSession, FileKnownHostsStore, HostKeyUnknownError, knownHostsName } from '../device';
import type { ParsedArgs } from './command';
import { defaultKnownHostsFile, parseSshUrl } from './commands/inspect';
import { devicePassword } from './device-password';
import type { CliIo } from './io';

export interface DeviceLogin {
  session: DeviceSession;
  host: string;
  port: number;
  username: string;
  /** A new session to the same device, accepting only the host key already on record (after a reload). */
  reconnect: () => Promise<DeviceSession>;
}

/** Returns the session, or undefined after printing why it could not be opened (unknown host key). */
export async function openDeviceFromArgs(command: string, url: string, args: ParsedArgs, io: CliIo): Promise<DeviceLogin | undefined> {
  const target = parseSshUrl(url);
  const knownHostsFile = typeof args.values['known-hosts'] === 'string' ? args.values['known-hosts'] : defaultKnownHostsFile();
  const acceptNew = args.values['accept-new-host-key'] === true;
  const options = {
    ...target,
    password: await devicePassword(command, target, args, io),
    enableSecret: process.env.IIM_ENABLE_SECRET || undefined,
    label: `${target.username}@${knownHostsName(target.host, target.port)}`,
    knownHosts: new FileKnownHostsStore(knownHostsFile),
  };
  try {
    const session = await connectDevice({
      ...options,
      onUnknownHostKey: (info) => {
        if (acceptNew) io.stderr(`Added the host key of ${knownHostsName(target.host, target.port)} (${info.keyType} ${info.fingerprint}) to ${knownHostsFile}.\n`);
        return acceptNew;
      },
    });
    return { session, host: target.host, port: target.port, username: target.username, reconnect: () => connectDevice(options) };
  } catch (err) {
    if (err instanceof HostKeyUnknownError) {
      io.stderr(
        `ios-image-manager ${command}: the host key of ${knownHostsName(err.host, err.port)} is not known (${err.keyType} ${err.fingerprint}). ` +
          `Check it on the device's console, then run again with --accept-new-host-key.\n`,
      );
      return undefined;
    }
    throw err;
  }
}
