// What a simulated device is made of, as data: platform, file systems with their files, running
// image, boot variable, users and recorded outputs. Built-in profiles live in ./profiles/*.json;
// a user may pass their own JSON file of the same shape.
import { readFileSync } from 'node:fs';
import { sshAlgorithmSets, type SshAlgorithmSetName } from './ssh-algorithms';
import c2500 from './profiles/c2500-run-from-flash.json';
import c2911 from './profiles/c2911.json';
import c2960x from './profiles/c2960x.json';
import c3850 from './profiles/c3850-stack.json';
import c9200 from './profiles/c9200.json';
import c9300 from './profiles/c9300.json';
import isr4331 from './profiles/isr4331.json';

export interface ProfileFile {
  /** Path inside the file system, `/`-separated, no leading slash (e.g. `tracelogs/boot.log`). */
  name: string;
  /** Directories have no size of their own (IOS prints 4096 for them on Linux-backed flash). */
  dir?: boolean;
  sizeBytes?: number;
  /** Literal content (small text files: packages.conf, config.text); otherwise deterministic bytes. */
  content?: string;
  /** ISO date; absent on Class B flash, which keeps no dates. */
  date?: string;
  permissions?: string;
}

export interface ProfileFileSystem {
  /** Every alias, first one is the name (`['flash:', 'bootflash:', 'flash-1:']`). */
  prefixes: string[];
  type: 'flash' | 'disk';
  flags?: 'rw' | 'ro';
  sizeBytes: number;
  isDefault?: boolean;
  files: ProfileFile[];
}

export interface ProfileUser {
  username: string;
  password: string;
  /** 15 starts in privileged EXEC (`#`), 1 in user EXEC (`>`). */
  privilege: number;
}

/** A `show file systems` row that is not a simulated flash (opaque, network, nvram … rows). */
export interface FileSystemTableRow {
  prefixes: string[];
  type: string;
  flags: string;
  sizeBytes?: number;
  freeBytes?: number;
}

/** One `show inventory` entry (`NAME:`/`DESCR:` then `PID:`/`VID:`/`SN:`). */
export interface InventoryEntry {
  name: string;
  descr: string;
  pid: string;
  vid: string;
  sn: string;
  /** Column widths of this entry's PID/VID/SN values when they differ from the platform's (transceivers do). */
  widths?: { pid?: number; vid?: number; sn?: number };
}

/** One `show ip interface brief` row. */
export interface InterfaceEntry {
  name: string;
  address?: string;
  method?: string;
  status: string;
  protocol: string;
}

/** IOS-XE install mode: what `show install summary` lists, kept as data so install commands can change it. */
export interface InstallState {
  /** Stack members the summary names (`[ Switch 1 2 ]`); routers print `[ R0 ]`. */
  locations: string[];
  /** Each added image or SMU: its state, its four-part version (`17.09.04a.0.6`), and its `.pkg` files in flash. */
  packages: { type: 'IMG' | 'SMU'; state: 'I' | 'U' | 'C' | 'D'; version: string; files?: string[] }[];
  autoAbortTimer: 'inactive' | string;
  /** While an activation is uncommitted: the version `install abort` (or the timer) goes back to. */
  rollbackTo?: string;
  /**
   * The rollback points `show install rollback` lists, oldest first: the image committed when the lab
   * first needs them (id 1, the base), then one per `install commit` (or one-shot commit).
   */
  rollbackPoints?: { id: number; version: string; label?: string; description?: string }[];
}

/** What `show version` names as the running software, before any reload changes it. */
export interface ProfileSoftware {
  /** As the `Cisco IOS Software … Version X,` line prints it: `15.7(3)M8`, `17.9.4a`. */
  version: string;
  /** IOS-XE: as the first line prints it, `17.09.04a`. */
  xeVersion?: string;
}

/** `show version`'s reload lines as the profile's capture has them (after a lab reload they tell the lab's). */
export interface ProfileLastReload {
  /** After `System returned to ROM by `: `power-on`, `reload at 11:51:03 UTC Tue Mar 9 2021`, `Reload Command`. */
  returnedToRom: string;
  /** After `Last reload reason: `. */
  reason: string;
  /** After `System restarted at `, where the platform prints that line. */
  restartedAt?: string;
  /**
   * How `show version` words a reload by the `reload` command where the platform has its own words:
   * Catalyst access switches reset their hardware and say `power-on`, with `Reload command` (the
   * 3750-E capture in the fixtures' corpus). Without it: `reload [at …]`, `Reload Command`.
   */
  afterReloadCommand?: { returnedToRom: string; reason: string };
}

/** The `Switch Ports Model SW Version SW Image [Mode]` table of Catalyst switches, one row per member. */
export interface ProfileStackTable {
  /** `cat9k`: the IOS-XE layout with a Mode column; `catalyst`: classic IOS (no Mode column). */
  style: 'cat9k' | 'catalyst';
  ports: number;
  model: string;
  swImage: string;
  /** The SW Version column: the IOS-XE form (`17.09.04a`) or the IOS one (`16.12.5`, `15.2(7)E3`). */
  versionColumn: 'xe' | 'ios';
}

/**
 * IOS-XE install mode as the platform does it (`install add`): how its image and package files are
 * named, what the expansion is made of, and how its installer names members and paths.
 */
export interface InstallerProfile {
  /** The image's family as its file name starts: `cat9k_iosxe` for `cat9k_iosxe.17.09.05.SPA.bin`. */
  imagePrefix: string;
  /** The packages' family: `cat9k` for `cat9k-rpbase.17.09.05.SPA.pkg`. */
  packagePrefix: string;
  /** The expanded packages (`rpbase`, `rpboot` …) with their share of the image's size (they sum to about 1). */
  packages: { name: string; share: number }[];
  /** The directory IOS names in `FAILED: <path> requires N KB of free space …` (C9200: `/mnt/sd3/user`). */
  userPath: string;
  /** The directory in `Following packages shall be activated:` and remove lists (`/flash`, `/bootflash`). */
  listPath: string;
  /** Switch members (`Switch 1`, `[1 2]`) or a router's route processor (`R0`, `[R0]`). */
  members: 'switch' | 'router';
  /** Cat9300-style Upgrade_Service (FPGA/microcode) before the reload. */
  upgradeService?: boolean;
}

export interface Profile {
  name: string;
  description: string;
  hostname: string;
  osFamily: 'ios' | 'ios-xe';
  /** Class B flash asks `Erase flash: before copying?` and has the `System flash directory` layout. */
  flashClass: 'B' | 'C';
  /**
   * IOS runs from flash (2500, 1600): the flash it runs from is read-only (`flags: 'ro'`), and a copy
   * to it goes through the Flash Load Helper (reload into the boot ROM image, copy, reload).
   */
  runFromFlash?: boolean;
  /** `show boot` layout: Catalyst `BOOT path-list`, Cat9k/3850 `Current Boot Variables`, router `BOOT variable`. */
  bootStyle: 'catalyst' | 'cat9k' | 'router';
  /** Whether `boot system` reaches the BOOT variable at once (switches) or on `write memory` (routers). */
  bootVarOnSave: boolean;
  /** The interface IOS names in `Loading x from h (via IF)`. */
  interface: string;
  versionShort: string;
  runningImage: string;
  bootSystem: string[];
  configRegister: string;
  users: ProfileUser[];
  enableSecret: string;
  fileSystems: ProfileFileSystem[];
  /**
   * `show version` with placeholders: `{hostname}`, `{image}`, `{uptime}`, `{configRegister}`, and what
   * the device's state decides: `{version}`, `{xeVersion}`, `{returnedToRom}`, `{reloadReason}`,
   * `{restartedAt}`, `{stackTable}` (the member rows), `{memberDetails}` (the other members' blocks).
   */
  showVersion: string;
  software?: ProfileSoftware;
  lastReload?: ProfileLastReload;
  stackTable?: ProfileStackTable;
  /** The `Switch 02` … block of each member but the active one, by member number, each ending in a line end. */
  memberDetails?: Record<string, string>;
  /** Printed before `Proceed with reload? [confirm]` (a stack: `Reload command is being issued on Active unit, …`). */
  reloadNotice?: string;
  installer?: InstallerProfile;
  /** Verbatim outputs for given commands (full command text, lower-case), replayed as recorded. */
  recorded?: Record<string, string>;
  /** Whether `verify /md5` exists on this image (12.2(4)T and later). */
  hasVerifyMd5?: boolean;
  /** Which SSH algorithms the release offers (see ssh-algorithms.ts); default the modern IOS-XE 17 set. */
  sshAlgorithms?: SshAlgorithmSetName;
  /** `dir` columns: classic IOS (`%5d  %s  %10d`), IOS-XE 16 (inodes, `%15d`), IOS-XE 17 (`%-6d`). */
  dirStyle?: 'classic' | 'xe16' | 'xe17';
  /** `show file systems` rows in the platform's order; a string names a simulated file system by its first prefix. */
  fileSystemTable?: (string | FileSystemTableRow)[];
  /** Cat9k/3850: the BOOT variable the running image was booted with; null prints `BOOT variable does not exist`. */
  currentBootSystem?: string[] | null;
  /** `Manual Boot = yes` / `MANUAL_BOOT variable = yes`: the box stops in ROMMON on its next reload. */
  manualBoot?: boolean;
  /** Stack members (`Switch 1`, `Switch 2` blocks in `show boot`); default 1. */
  stackMembers?: number;
  /** `show inventory` layout (see render-inventory.ts); default by OS family. */
  inventoryStyle?: 'ios-xe' | 'ios-isr' | 'ios-catalyst' | 'ios-legacy';
  /** Printed above the entries (the ISR 4000's `show license UDI` notice), verbatim. */
  inventoryBanner?: string;
  inventory?: InventoryEntry[];
  interfaces?: InterfaceEntry[];
  /** nvram: size and the startup-config's neighbours, for `dir nvram:` and `show file systems`. */
  nvramBytes?: number;
  install?: InstallState;
  /** The time zone `show clock` names. */
  clockZone?: string;
}

export const builtinProfiles: readonly Profile[] = [isr4331, c2960x, c3850, c2911, c2500, c9300, c9200] as Profile[];

export class ProfileError extends Error {
  readonly code = 'E_LAB_PROFILE';
  constructor(
    message: string,
    readonly profile: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A built-in profile by name, or a JSON profile file by path. */
export function loadProfile(nameOrFile: string): Profile {
  const builtin = builtinProfiles.find((p) => p.name === nameOrFile);
  if (builtin) return builtin;
  if (!/[/\\]|\.json$/.test(nameOrFile)) {
    throw new ProfileError(`unknown lab profile '${nameOrFile}' (built-in: ${builtinProfiles.map((p) => p.name).join(', ')}; or a .json file)`, nameOrFile);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(nameOrFile, 'utf8'));
  } catch (err) {
    throw new ProfileError(`cannot read lab profile ${nameOrFile}: ${(err as Error).message}`, nameOrFile);
  }
  return validateProfile(parsed, nameOrFile);
}

function validateProfile(value: unknown, source: string): Profile {
  const p = value as Partial<Profile>;
  const missing = (['name', 'hostname', 'runningImage', 'fileSystems', 'users', 'showVersion'] as const).filter((k) => p[k] === undefined);
  if (missing.length) throw new ProfileError(`lab profile ${source} lacks ${missing.join(', ')}`, source);
  if (!Array.isArray(p.fileSystems) || p.fileSystems.length === 0) throw new ProfileError(`lab profile ${source} has no file systems`, source);
  if (p.sshAlgorithms !== undefined && !(p.sshAlgorithms in sshAlgorithmSets)) {
    throw new ProfileError(`lab profile ${source}: sshAlgorithms must be one of ${Object.keys(sshAlgorithmSets).join(', ')}, not '${String(p.sshAlgorithms)}'`, source);
  }
  return {
    description: '',
    osFamily: 'ios',
    flashClass: 'C',
    bootStyle: 'router',
    bootVarOnSave: true,
    interface: 'GigabitEthernet0/0',
    versionShort: '',
    bootSystem: [],
    configRegister: '0x2102',
    enableSecret: 'cisco',
    ...p,
  } as Profile;
}
