// One simulated device's state shared by all its SSH sessions: the profile, its flash, the running
// configuration settings the copy dialogue depends on, the saved BOOT variable, and its faults.
import path from 'node:path';
import { SimFileSystem } from './flash';
import type { InstallState, Profile } from './profile';
import { softwareOf, type RunningSoftware } from './software';

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
  /**
   * The boot ROM image's copy (Flash Load Helper) times out: the server could be opened from IOS but
   * not from the boot image. Flash is left erased and the device stays in its boot image.
   */
  flhCopyFails?: boolean;
  /** Stack members that do not come back from the next reloads (`show version` and the install summary lose them). */
  membersStayDown?: number[];
  /** Image files the boot loader finds corrupt (`flash:x.bin` or `x.bin`): a reload skips them for the next BOOT entry. */
  corruptImages?: string[];
}

/** Up (IOS answers SSH), or down: reloading, copying in the boot ROM image, or stuck there (boot image, ROMMON). */
export type PowerState = { state: 'up' } | { state: 'down'; phase: 'reloading' | 'flh-copy' | 'boot-image' | 'rommon'; since: number };

/** Why the device last reloaded, as `show version` tells it. */
export interface LastReload {
  returnedToRom: string;
  reason: string;
  restartedAt?: string;
}

/** Lab time: how long the slow things of a real device take here. */
export interface LabTiming {
  /** One reload (into the boot image, or back into IOS). */
  reloadMs: number;
  /** The pause between two steps of an install operation (real: seconds to minutes each). */
  installStepMs: number;
  /** One minute of device time, for the auto-abort timer (`auto-abort-timer 120` lasts 120 of these). */
  minuteMs: number;
}

/** A live vty session, dropped when the device reloads. */
export interface VtySession {
  drop(): void;
}

/** Which loopback ports stand for the well-known ports IOS cannot name in a URL (the simulated IOS's own clients). */
export interface ServicePorts {
  tftp: number;
  ftp: number;
  rcp: number;
}

export const wellKnownPorts: ServicePorts = { tftp: 69, ftp: 21, rcp: 514 };

export interface RunningSettings {
  hostname: string;
  rcmdRemoteUsername?: string;
  ftpUsername?: string;
  ftpPassword?: string;
  ftpPassive: boolean;
  tftpBlocksize?: number;
  filePromptQuiet: boolean;
  /** The BOOT list as configured (one entry per router line; a switch's one line split at `;`). */
  bootSystem: string[];
  /** Catalyst stacks: the `switch all` / `switch N` the `boot system` line was given with. */
  bootSwitches?: string;
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
  currentBootVariable: string[] | null;
  /** What `show version` names as running: versions and install or bundle mode. */
  software: RunningSoftware;
  lastReload: LastReload;
  /** Stack members that did not come back from the last reload. */
  membersDown = new Set<number>();
  /** The armed auto-abort timer: when it rolls the activation back, and its timer. */
  autoAbort: { armedBy: string; expiresAt: number; timer: NodeJS.Timeout } | undefined;
  /** An install operation is running (IOS refuses a second one). */
  installBusy = false;
  startupSaved = true;
  /** The running settings as last saved (`write memory`): what a reload comes back with. */
  private startup: RunningSettings;
  /** IOS offers the last remote host and file of a copy as the next prompt's default. */
  lastCopy: { host?: string; file?: string } = {};
  bootedAt = Date.now() - (3 * 86400 + 4 * 3600 + 17 * 60) * 1000;
  /** `System image file is "…"`: the profile's image until a reload boots another. */
  runningImage: string;
  power: PowerState = { state: 'up' };
  readonly sessions = new Set<VtySession>();
  /** What the boot ROM image printed during the last Flash Load Helper copy (`more flh:logfile`). */
  flhLog: string | undefined;
  readonly timing: LabTiming;
  private readonly lifetime = new AbortController();

  constructor(
    readonly profile: Profile,
    storageDir: string,
    readonly ports: ServicePorts,
    readonly faults: DeviceFaults = {},
    options: Partial<LabTiming> = {},
  ) {
    this.runningImage = profile.runningImage;
    this.timing = { reloadMs: options.reloadMs ?? 5_000, installStepMs: options.installStepMs ?? 150, minuteMs: options.minuteMs ?? 1_000 };
    this.fileSystems = profile.fileSystems.map((fs, i) => new SimFileSystem(fs, path.join(storageDir, `fs${i}`), profile.flashClass === 'B'));
    this.running = {
      hostname: profile.hostname,
      ftpPassive: false,
      filePromptQuiet: false,
      bootSystem: [...profile.bootSystem],
      configRegister: profile.configRegister,
    };
    this.startup = structuredClone(this.running);
    this.bootVariable = [...profile.bootSystem];
    this.install = profile.install && { ...profile.install, locations: [...profile.install.locations], packages: profile.install.packages.map((p) => ({ ...p })), rollbackPoints: profile.install.rollbackPoints?.map((r) => ({ ...r })) };
    this.currentBootVariable = profile.currentBootSystem === undefined ? [...profile.bootSystem] : profile.currentBootSystem && [...profile.currentBootSystem];
    this.software = softwareOf(profile, profile.runningImage);
    this.lastReload = { ...(profile.lastReload ?? { returnedToRom: 'power-on', reason: 'Reload Command' }) };
  }

  /** How long one reload takes. */
  get reloadMs(): number {
    return this.timing.reloadMs;
  }

  /** Aborted when the device is shut down for good (lab closed): pending reloads stop. */
  get lifetimeSignal(): AbortSignal {
    return this.lifetime.signal;
  }

  dispose(): void {
    this.lifetime.abort();
    if (this.autoAbort) clearTimeout(this.autoAbort.timer);
    this.autoAbort = undefined;
  }

  /** `write memory` / `copy running-config startup-config`: routers write the BOOT variable only now. */
  saveConfig(): void {
    this.startupSaved = true;
    this.startup = structuredClone(this.running);
    if (this.profile.bootVarOnSave) this.bootVariable = [...this.running.bootSystem];
  }

  /** A reload: the running configuration is the saved one again. */
  revertToStartup(): void {
    const saved = structuredClone(this.startup);
    for (const key of Object.keys(this.running) as (keyof RunningSettings)[]) if (!(key in saved)) delete this.running[key];
    Object.assign(this.running, saved);
    this.startupSaved = true;
  }

  /** Ends every vty session at once, as a reload does. */
  dropSessions(): void {
    for (const s of [...this.sessions]) s.drop();
    this.sessions.clear();
  }

  /** Stack members: one `flash-N:` per member (a standalone switch or a router counts as one). */
  stackMembers(): number {
    const members = new Set(this.fileSystems.flatMap((f) => f.prefixes.filter((p) => /^flash-\d+:$/.test(p))));
    return Math.max(1, members.size);
  }

  /** `boot system …` as the running configuration shows it: a line per entry, or a switch's one line. */
  bootSystemLines(): string[] {
    const r = this.running;
    if (this.profile.bootStyle === 'router') return r.bootSystem;
    return r.bootSystem.length ? [`${r.bootSwitches ? `switch ${r.bootSwitches} ` : ''}${r.bootSystem.join(';')}`] : [];
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
