// One simulated device's state shared by all its SSH sessions: the profile, its flash, the running
// configuration settings the copy dialogue depends on, the saved BOOT variable, and its faults.
import path from 'node:path';
import { SimFileSystem } from './flash';
import type { InstallState, Profile } from './profile';

/** Faults a test injects into one device. */
export interface DeviceFaults {
  /** Drop the SSH session after this many bytes of a copy have moved. */
  dropSessionAfterBytes?: number;
  /** Every TFTP transfer times out (IOS prints `%Error opening tftp://h/f (Timed out)`). */
  tftpTimeout?: boolean;
  /** The flash reports no free space, whatever the profile says. */
  outOfSpace?: boolean;
  /** Copies move at most this many bytes per second. */
  bytesPerSecond?: number;
  /** Files copied into flash get one byte flipped, so `verify /md5` shows another digest. */
  wrongChecksum?: boolean;
}

/** Which loopback ports stand for the well-known ports IOS cannot name. */
export interface ServicePorts {
  tftp: number;
  ftp: number;
  rcp: number;
}

export interface RunningSettings {
  hostname: string;
  rcmdRemoteUsername?: string;
  ftpUsername?: string;
  ftpPassword?: string;
  ftpPassive: boolean;
  tftpBlocksize?: number;
  filePromptQuiet: boolean;
  bootSystem: string[];
  configRegister: string;
}

export class DeviceState {
  readonly fileSystems: SimFileSystem[];
  readonly running: RunningSettings;
  /** The BOOT variable as the boot loader sees it (routers: written on `write memory`). */
  bootVariable: string[];
  /** IOS-XE install mode: the package list and states `show install summary` prints; install commands change it. */
  install: InstallState | undefined;
  /** Cat9k/3850 `Current Boot Variables`: what the running image was booted with (null: did not exist). */
  readonly currentBootVariable: string[] | null;
  startupSaved = true;
  /** IOS offers the last remote host and file of a copy as the next prompt's default. */
  lastCopy: { host?: string; file?: string } = {};
  readonly bootedAt = Date.now() - (3 * 86400 + 4 * 3600 + 17 * 60) * 1000;

  constructor(
    readonly profile: Profile,
    storageDir: string,
    readonly ports: ServicePorts,
    readonly faults: DeviceFaults = {},
  ) {
    this.fileSystems = profile.fileSystems.map((fs, i) => new SimFileSystem(fs, path.join(storageDir, `fs${i}`), profile.flashClass === 'B'));
    this.running = {
      hostname: profile.hostname,
      ftpPassive: false,
      filePromptQuiet: false,
      bootSystem: [...profile.bootSystem],
      configRegister: profile.configRegister,
    };
    this.bootVariable = [...profile.bootSystem];
    this.install = profile.install && { ...profile.install, locations: [...profile.install.locations], packages: profile.install.packages.map((p) => ({ ...p })) };
    this.currentBootVariable = profile.currentBootSystem === undefined ? [...profile.bootSystem] : profile.currentBootSystem && [...profile.currentBootSystem];
  }

  get defaultFs(): SimFileSystem {
    return this.fileSystems.find((f) => f.isDefault) ?? this.fileSystems[0];
  }

  /** The file system owning a prefix (`flash:`, `bootflash:`, `flash-2:`), any alias, case-insensitive. */
  fileSystem(prefix: string): SimFileSystem | undefined {
    const p = prefix.toLowerCase();
    return this.fileSystems.find((f) => f.prefixes.includes(p));
  }

  /** Splits `flash:/dir/x.bin`, `flash:x.bin` or `x.bin` into its file system and file name. */
  resolve(spec: string): { fs: SimFileSystem; name: string; prefix: string } | { unknownPrefix: string } {
    const m = /^([a-z][a-z0-9-]*:)(.*)$/i.exec(spec);
    if (!m) return { fs: this.defaultFs, name: spec.replace(/^\/+/, ''), prefix: this.defaultFs.name };
    const fs = this.fileSystem(m[1]);
    if (!fs) return { unknownPrefix: m[1].toLowerCase() };
    return { fs, name: m[2].replace(/^\/+/, ''), prefix: m[1].toLowerCase() };
  }

  uptimeText(now = Date.now()): string {
    let minutes = Math.floor((now - this.bootedAt) / 60000);
    const weeks = Math.floor(minutes / (7 * 1440));
    minutes -= weeks * 7 * 1440;
    const days = Math.floor(minutes / 1440);
    minutes -= days * 1440;
    const hours = Math.floor(minutes / 60);
    minutes -= hours * 60;
    const parts: string[] = [];
    const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    if (weeks) parts.push(unit(weeks, 'week'));
    if (days) parts.push(unit(days, 'day'));
    if (hours) parts.push(unit(hours, 'hour'));
    parts.push(unit(minutes, 'minute'));
    return parts.join(', ');
  }
}
