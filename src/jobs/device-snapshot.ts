// What a copy job knows about a device before it starts: gathered over SSH by the device layer,
// reduced here to the facts the checks need, so every check is a pure function of it.

export interface DeviceFile {
  name: string;
  sizeBytes: number;
  isDirectory?: boolean;
}

export interface DeviceFileSystem {
  /** As IOS writes it: `flash:`, `bootflash:`, `flash-1:`. */
  name: string;
  totalBytes?: number;
  freeBytes?: number;
  files: DeviceFile[];
  isDefault?: boolean;
  /**
   * Class B flash (2500, 1600, 3600 before 12.2(4)T …): IOS asks `Erase flash: before copying?`,
   * and space freed by `delete` is not reclaimed without erasing the whole partition.
   */
  eraseBeforeCopy?: boolean;
  /** Run-from-flash platforms: flash is read-only while IOS runs from it. */
  readOnly?: boolean;
}

/** Device configuration that changes how its copy client behaves. */
export interface CopyClientConfig {
  rcmdRemoteUsername?: string;
  ftpUsername?: string;
  ftpPassword?: string;
  tftpBlocksize?: number;
  /** `file prompt quiet` suppresses confirmations: the job must know, and must not leave it set. */
  filePromptQuiet?: boolean;
}

export interface DeviceSnapshot {
  hostname: string;
  /** Model as `show version` prints it, e.g. `WS-C2960X-48FPD-L`, `ISR4331/K9`. */
  platform: string;
  version: string;
  /** `System image file is "…"`, e.g. `flash:c2960x-universalk9-mz.152-7.E3.bin`. */
  runningImage?: string;
  /** Entries of the BOOT variable / `boot system` lines, e.g. `flash:/c2960x….bin`. */
  bootVariable: string[];
  fileSystems: DeviceFileSystem[];
  config: CopyClientConfig;
  /** The SSH login user: IOS's "remote username of the current tty" for RCP. */
  loginUser: string;
}

/** `flash:/x.bin`, `flash:x.bin` and `FLASH:x.bin` name the same file. */
export function normalizeDevicePath(p: string): string {
  const m = /^([^:/]+:)\/*(.*)$/.exec(p.trim());
  if (!m) return p.trim();
  return `${m[1].toLowerCase()}${m[2]}`;
}

export function splitDevicePath(p: string): { fileSystem: string; name: string } {
  const n = normalizeDevicePath(p);
  const i = n.indexOf(':');
  return i < 0 ? { fileSystem: '', name: n } : { fileSystem: n.slice(0, i + 1), name: n.slice(i + 1) };
}

export function defaultFileSystem(device: DeviceSnapshot): DeviceFileSystem | undefined {
  return device.fileSystems.find((f) => f.isDefault) ?? device.fileSystems.find((f) => /^(flash|bootflash)(-\d+)?:$/.test(f.name)) ?? device.fileSystems[0];
}

/** Whether `fs:name` is the running image or named in the boot variable. */
export function imageRoles(device: DeviceSnapshot, fileSystem: string, name: string): { running: boolean; boot: boolean } {
  const me = normalizeDevicePath(`${fileSystem}${name}`);
  const running = device.runningImage !== undefined && normalizeDevicePath(device.runningImage) === me;
  const boot = device.bootVariable.some((b) => normalizeDevicePath(b.split(',')[0]) === me);
  return { running, boot };
}
