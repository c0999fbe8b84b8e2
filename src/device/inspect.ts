// What is on a device: facts from `show version`, the boot variable, and per local file system its
// files and free space — the data behind the CLI's `inspect` and the Devices tree.
import type { DeviceSession } from './cli-session';
import { CommandRejectedError, DeviceError } from './errors';
import { type DirFormat, parseDir, parseShowBoot, parseShowFileSystems, parseShowVersion, type FileSystemInfo } from './parsers';

export interface InventoryFile {
  /** As IOS lists it, relative to the file system (`c2960x-universalk9-mz.152-7.E3.bin`). */
  name: string;
  /** Bytes. */
  size: number;
  /** ISO 8601 when IOS printed a date it can be read from, else the date as printed; null when none (Class B flash). */
  date: string | null;
  /** As printed: `-rwx`, `drwx`, … */
  permissions: string;
}

export interface InventoryFileSystem {
  /** As IOS writes it: `flash:`, `bootflash:`, `flash-2:`. */
  name: string;
  /** `show file systems` type: `disk`, `flash`, … */
  type: string;
  /** Bytes, from `dir` (or `show file systems` when `dir` prints no total); null if the device says nothing. */
  total: number | null;
  free: number | null;
  /** The default file system (`*` in `show file systems`): where `copy` puts a file by default. */
  isDefault: boolean;
  /** The `dir` layout: `class-b` flash asks to erase before a copy and reclaims space only by erasing. */
  format: DirFormat;
  /** Run-from-flash: flash is read-only while IOS runs from it. */
  readOnly: boolean;
  files: InventoryFile[];
}

export interface DeviceInventory {
  hostname: string;
  /** Model, e.g. `WS-C2960X-48FPD-L`, `ISR4331/K9`. */
  platform: string;
  version: string;
  /** As in `show version`'s `System image file is "…"`, e.g. `flash:c2960x-….bin`. */
  image: string;
  /** BOOT variable entries, in the order tried ([] when empty: the box boots the first image in flash). */
  bootVariable: string[];
  fileSystems: InventoryFileSystem[];
}

/** File-system types that hold images; nvram, opaque (system:, null:) and network ones are skipped. */
const storageTypes = new Set(['flash', 'disk']);

/** Reads a device's inventory over its session (privileged EXEC needed for `show file systems`). */
export async function inspectDevice(session: DeviceSession, opts: { timeoutMs?: number } = {}): Promise<DeviceInventory> {
  const run = (command: string) => session.run(command, { timeoutMs: opts.timeoutMs ?? 60_000 });
  if (session.facts().mode === 'user') {
    throw new DeviceError(
      'E_PRIVILEGE',
      session.label,
      `${session.label}: inspecting needs privileged EXEC (prompt ${session.facts().prompt}): give the enable secret, or log in as a privilege-15 user`,
    );
  }
  const version = parseShowVersion(await run('show version'));
  const bootVariable = await readBootVariable(run);
  const fileSystems: InventoryFileSystem[] = [];
  for (const fs of parseShowFileSystems(await run('show file systems')).filter((f) => storageTypes.has(f.type))) {
    fileSystems.push(await listFileSystem(run, fs));
  }
  return {
    hostname: version.hostname || session.facts().hostname,
    platform: version.platform,
    version: version.version,
    image: version.imageFile,
    bootVariable,
    fileSystems,
  };
}

/** Catalyst switches answer `show boot`; routers `show bootvar` (older ones only that). */
async function readBootVariable(run: (c: string) => Promise<string>): Promise<string[]> {
  for (const command of ['show boot', 'show bootvar']) {
    try {
      return parseShowBoot(await run(command)).bootVariable;
    } catch (err) {
      if (!(err instanceof CommandRejectedError)) throw err;
    }
  }
  return [];
}

async function listFileSystem(run: (c: string) => Promise<string>, fs: FileSystemInfo): Promise<InventoryFileSystem> {
  const listing = parseDir(await run(`dir ${fs.name}`), fs.name);
  return {
    name: fs.name,
    type: fs.type,
    total: listing.totalBytes ?? fs.totalBytes ?? null,
    free: listing.freeBytes ?? fs.freeBytes ?? null,
    isDefault: fs.isDefault,
    format: listing.format,
    readOnly: listing.readOnly === true || fs.flags === 'ro',
    files: listing.files
      .filter((f) => !f.deleted)
      .map((f) => ({ name: f.name, size: f.sizeBytes, date: f.dateIso ?? printedDate(f.date), permissions: f.permissions })),
  };
}

/** Class B flash keeps no dates and IOS prints `<no date>` in their place. */
function printedDate(date: string | undefined): string | null {
  return date === undefined || /no date/i.test(date) ? null : date;
}
