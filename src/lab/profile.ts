// What a simulated device is made of, as data: platform, file systems with their files, running
// image, boot variable, users and recorded outputs. Built-in profiles live in ./profiles/*.json;
// a user may pass their own JSON file of the same shape.
import { readFileSync } from 'node:fs';
import c2500 from './profiles/c2500-run-from-flash.json';
import c2911 from './profiles/c2911.json';
import c2960x from './profiles/c2960x.json';
import c3850 from './profiles/c3850-stack.json';
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
  /** `show version` with `{hostname}`, `{image}`, `{uptime}`, `{configRegister}` placeholders. */
  showVersion: string;
  /** Verbatim outputs for given commands (full command text, lower-case), replayed as recorded. */
  recorded?: Record<string, string>;
  /** Whether `verify /md5` exists on this image (12.2(4)T and later). */
  hasVerifyMd5?: boolean;
}

export const builtinProfiles: readonly Profile[] = [isr4331, c2960x, c3850, c2911, c2500] as Profile[];

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
