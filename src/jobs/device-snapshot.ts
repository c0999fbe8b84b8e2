// What a copy job knows about a device before it starts: gathered over SSH by the device layer,
// reduced here to the facts the checks need, so every check is a pure function of it. A fact the
// device's output did not give is absent, and `unknown` says which command failed and why, so each
// check can say "unknown: … could not be read" and block only what depends on it.
import { devicePathKey, normalizeDevicePath } from '../device';

export { normalizeDevicePath } from '../device';

export interface DeviceFile {
  name: string;
  sizeBytes: number;
  isDirectory?: boolean;
}

export interface DeviceFileSystem {
  /** As IOS writes it: `flash:`, `bootflash:`, `flash-1:`. */
  name: string;
  /** Other names of the same file system in `show file systems` (`bootflash:`, `flash-1:` for `flash:`). */
  aliases?: string[];
  totalBytes?: number;
  freeBytes?: number;
  /** Undefined when its listing could not be read (see the snapshot's `unknown`). */
  files?: DeviceFile[];
  isDefault?: boolean;
  /**
   * Class B flash (2500, 1600, 3600 before 12.2(4)T …): IOS asks `Erase flash: before copying?`,
   * and space freed by `delete` is not reclaimed without erasing the whole partition.
   */
  eraseBeforeCopy?: boolean;
  /** Run-from-flash platforms: flash is read-only while IOS runs from it. */
  readOnly?: boolean;
  /** Whether the flash class could be told at all (platform and listing both unread: unknown). */
  flashClassUnknown?: boolean;
}

/** Device configuration that changes how its copy client behaves. */
export interface CopyClientConfig {
  rcmdRemoteUsername?: string;
  ftpUsername?: string;
  ftpPassword?: string;
  tftpBlocksize?: number;
  /** `file prompt quiet` suppresses confirmations: the job must know, and must not leave it set. */
  filePromptQuiet?: boolean;
  /** `ip tcp window-size`: the receive window its TCP advertises (copies over TCP move one per round trip). */
  tcpWindowSize?: number;
}

/** A fact the job could not read from the device. */
export interface UnknownFact {
  /** What is unknown, in words: `platform`, `boot variable`, `files of flash:`. */
  fact: string;
  /** The command whose output could not be read. */
  command: string;
  reason: string;
}

export interface DeviceSnapshot {
  hostname: string;
  /** Model as `show version` prints it, e.g. `WS-C2960X-48FPD-L`, `ISR4331/K9`. */
  platform?: string;
  version?: string;
  /** `System image file is "…"`, e.g. `flash:c2960x-universalk9-mz.152-7.E3.bin`. */
  runningImage?: string;
  /** Entries of the BOOT variable / `boot system` lines, e.g. `flash:/c2960x….bin`; undefined when unknown. */
  bootVariable?: string[];
  fileSystems: DeviceFileSystem[];
  /**
   * The network file systems `show file systems` lists (`tftp:`, `ftp:`, `rcp:`, `http:` …): the
   * copy clients this IOS has. Undefined when the table could not be read.
   */
  urlPrefixes?: string[];
  config: CopyClientConfig;
  /** The SSH login user: IOS's "remote username of the current tty" for RCP. */
  loginUser: string;
  /** Facts that could not be read; empty when everything was. */
  unknown: UnknownFact[];
}

/** "unknown: `show boot` could not be read (reason)" for the first unknown fact matching `fact`, if any. */
export function unknownBecause(device: Pick<DeviceSnapshot, 'unknown'>, fact: RegExp): string | undefined {
  const u = device.unknown.find((x) => fact.test(x.fact));
  return u ? `unknown: \`${u.command}\` could not be read (${u.reason})` : undefined;
}

/** The alias groups of the device's file systems, for devicePathKey. */
function aliasGroups(device: Pick<DeviceSnapshot, 'fileSystems'>): string[][] {
  return device.fileSystems.map((f) => [f.name, ...(f.aliases ?? [])]);
}

/** A comparison key for a path on this device: `bootflash:/x` and `flash:x` are one file where `show file systems` says so. */
export function devicePathOn(device: Pick<DeviceSnapshot, 'fileSystems'>, p: string): string {
  return devicePathKey(p, aliasGroups(device));
}

export function splitDevicePath(p: string): { fileSystem: string; name: string } {
  const n = normalizeDevicePath(p);
  const i = n.indexOf(':');
  return i < 0 ? { fileSystem: '', name: n } : { fileSystem: n.slice(0, i + 1), name: n.slice(i + 1) };
}

export function defaultFileSystem(device: DeviceSnapshot): DeviceFileSystem | undefined {
  return device.fileSystems.find((f) => f.isDefault) ?? device.fileSystems.find((f) => /^(flash|bootflash)(-\d+)?:$/.test(f.name)) ?? device.fileSystems[0];
}

/** The file system a path names, by its name or one of its aliases. */
export function fileSystemOf(device: Pick<DeviceSnapshot, 'fileSystems'>, prefix: string): DeviceFileSystem | undefined {
  const p = prefix.toLowerCase();
  return device.fileSystems.find((f) => f.name.toLowerCase() === p || f.aliases?.some((a) => a.toLowerCase() === p));
}

/**
 * Whether `fs:name` is the running image or named in the boot variable; `boot` is undefined when the
 * boot variable could not be read.
 */
export function imageRoles(device: Pick<DeviceSnapshot, 'fileSystems' | 'runningImage' | 'bootVariable'>, fileSystem: string, name: string): { running: boolean; boot: boolean | undefined } {
  const me = devicePathOn(device, `${fileSystem}${name}`);
  const running = device.runningImage !== undefined && devicePathOn(device, device.runningImage) === me;
  const boot = device.bootVariable?.some((b) => devicePathOn(device, b.split(',')[0]!) === me);
  return { running, boot };
}
