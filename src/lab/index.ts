// The simulated IOS lab's public API: start one device or a set of devices (one per profile) on
// loopback, each with its own SSH port, simulated flash in a temp dir, faults and service ports.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceState, type DeviceFaults, type ServicePorts, wellKnownPorts } from './device-state';
import type { SimFileSystem } from './flash';
import { labHostKey } from './host-keys';
import { builtinProfiles, loadProfile, type Profile } from './profile';
import type { SshAlgorithmSet } from './ssh-algorithms';
import { startSshFront } from './ssh-server';

export { builtinProfiles, loadProfile, ProfileError, type Profile } from './profile';
export type { DeviceFaults, LabTiming, PowerState, ServicePorts } from './device-state';
export { FlashFullError, type SimFile, type SimFileSystem } from './flash';
export { defaultLabStateDir, LabStateError } from './host-keys';
export { sshAlgorithmSets, type SshAlgorithmSet, type SshAlgorithmSetName } from './ssh-algorithms';

export interface LabDeviceOptions {
  /** A Profile, a built-in profile name, or a JSON file path. */
  profile: Profile | string;
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /**
   * Loopback ports standing for the well-known ports IOS cannot name in a URL, by protocol name
   * (`{ tftp: 6969 }`); default the well-known ports. tftpPort/ftpPort/rcpPort say the same.
   */
  ports?: Partial<Record<string, number>>;
  tftpPort?: number;
  ftpPort?: number;
  rcpPort?: number;
  faults?: DeviceFaults;
  legacyAlgorithms?: boolean;
  /** Where the simulated flash keeps copied files; default a fresh temp dir removed on close. */
  storageDir?: string;
  /** Where host keys are kept across restarts (one per profile); default none: a fresh key each start. */
  stateDir?: string;
  /** How long one reload takes (the Flash Load Helper reloads twice); default 5 s. */
  reloadMs?: number;
  /** The pause between two steps of an install operation; default 150 ms. */
  installStepMs?: number;
  /** One minute of device time (the auto-abort timer); default 1 s. */
  minuteMs?: number;
}

export interface LabDevice {
  profile: Profile;
  host: string;
  port: number;
  username: string;
  password: string;
  enableSecret: string;
  /** A user at privilege 15 (starts at `#`), when the profile has one. */
  privilegedUser?: { username: string; password: string };
  /** `ssh://USER:PASSWORD@HOST:PORT`. */
  url: string;
  hostKeyPublic: string;
  /** The SSH algorithms the device offers (its IOS era's, or the forced legacy set). */
  sshAlgorithms: SshAlgorithmSet;
  /** Where the simulated flash keeps copied-in files (removed on close unless it was given). */
  storageDir: string;
  /** The device's state, for tests: file systems, running settings, BOOT variable, faults. */
  state: DeviceState;
  fileSystem(prefix: string): SimFileSystem | undefined;
  close(): Promise<void>;
}

export interface LabOptions {
  profiles?: (Profile | string)[];
  host?: string;
  /** First SSH port; devices take consecutive ports. 0 (default) = any free port each. */
  basePort?: number;
  /** See LabDeviceOptions.ports. */
  ports?: Partial<Record<string, number>>;
  tftpPort?: number;
  ftpPort?: number;
  rcpPort?: number;
  faults?: DeviceFaults;
  legacyAlgorithms?: boolean;
  /** Where host keys are kept across restarts; default none (fresh keys). */
  stateDir?: string;
  reloadMs?: number;
  installStepMs?: number;
  minuteMs?: number;
}

export interface Lab {
  devices: LabDevice[];
  close(): Promise<void>;
}

export async function startLabDevice(options: LabDeviceOptions): Promise<LabDevice> {
  const profile = typeof options.profile === 'string' ? loadProfile(options.profile) : options.profile;
  const host = options.host ?? '127.0.0.1';
  const ownDir = options.storageDir === undefined;
  const storageDir = options.storageDir ?? mkdtempSync(path.join(os.tmpdir(), `iim-lab-${profile.name}-`));
  const given = options.ports ?? {};
  const ports: ServicePorts = {
    tftp: options.tftpPort ?? given.tftp ?? wellKnownPorts.tftp,
    ftp: options.ftpPort ?? given.ftp ?? wellKnownPorts.ftp,
    rcp: options.rcpPort ?? given.rcp ?? wellKnownPorts.rcp,
  };
  const state = new DeviceState(profile, storageDir, ports, options.faults ?? {}, { reloadMs: options.reloadMs, installStepMs: options.installStepMs, minuteMs: options.minuteMs });
  let front;
  try {
    front = await startSshFront(state, { host, port: options.port ?? 0, legacyAlgorithms: options.legacyAlgorithms, hostKey: labHostKey(options.stateDir, profile.name) });
  } catch (err) {
    if (ownDir) rmSync(storageDir, { recursive: true, force: true });
    throw err;
  }
  const login = profile.users[0];
  const privileged = profile.users.find((u) => u.privilege >= 15);
  let closing: Promise<void> | undefined;
  return {
    profile,
    host,
    port: front.port,
    username: login.username,
    password: login.password,
    enableSecret: profile.enableSecret,
    privilegedUser: privileged && { username: privileged.username, password: privileged.password },
    url: `ssh://${encodeURIComponent(login.username)}:${encodeURIComponent(login.password)}@${host}:${front.port}`,
    hostKeyPublic: front.hostKeyPublic,
    sshAlgorithms: front.algorithms,
    storageDir,
    state,
    fileSystem: (prefix) => state.fileSystem(prefix),
    close() {
      state.dispose();
      closing ??= front.close().then(() => {
        if (ownDir) rmSync(storageDir, { recursive: true, force: true });
      });
      return closing;
    },
  };
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const profiles = options.profiles ?? [...builtinProfiles];
  const devices: LabDevice[] = [];
  const close = async () => {
    await Promise.all(devices.map((d) => d.close()));
  };
  try {
    for (let i = 0; i < profiles.length; i++) {
      devices.push(
        await startLabDevice({
          profile: profiles[i],
          host: options.host,
          port: options.basePort ? options.basePort + i : 0,
          ...(options.ports ? { ports: options.ports } : {}),
          tftpPort: options.tftpPort,
          ftpPort: options.ftpPort,
          rcpPort: options.rcpPort,
          faults: options.faults,
          legacyAlgorithms: options.legacyAlgorithms,
          stateDir: options.stateDir,
          reloadMs: options.reloadMs,
          installStepMs: options.installStepMs,
          minuteMs: options.minuteMs,
        }),
      );
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { devices, close };
}
