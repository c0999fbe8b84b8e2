// What is on a device: facts from `show version`, the boot variable, and per local file system its
// files and free space — the data behind the CLI's `inspect` and the Devices tree. It degrades per
// fact, not per device: an output that cannot be read becomes a problem naming the command and the
// line, and everything else that was read still comes back.
import type { DeviceSession } from './cli-session';
import { CommandRejectedError, DeviceError } from './errors';
import {
  type ChassisIdentity,
  chassisOf,
  type DirFormat,
  type FileSystemInfo,
  ParseError,
  type ParseNote,
  parseDir,
  parseShowBoot,
  parseShowFileSystems,
  parseShowInstallSummary,
  parseShowInventory,
  parseShowVersion,
  type ShowInstallSummary,
  type ShowVersion,
} from './parsers';

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
  /** The other names `show file systems` gives the same row (`bootflash:`, `flash-1:` for `flash:`). */
  aliases: string[];
  /** `show file systems` type: `disk`, `flash`, … */
  type: string;
  /** Bytes, from `dir` (or `show file systems` when `dir` prints no total); null if the device says nothing. */
  total: number | null;
  free: number | null;
  /** The default file system (`*` in `show file systems`): where `copy` puts a file by default. */
  isDefault: boolean;
  /** The `dir` layout: `class-b` flash asks to erase before a copy and reclaims space only by erasing. Null when `dir` could not be read. */
  format: DirFormat | null;
  /** Run-from-flash: flash is read-only while IOS runs from it. */
  readOnly: boolean;
  /** Null when `dir` could not be read (see the inventory's problems); [] when it is empty. */
  files: InventoryFile[] | null;
}

/** A fact that could not be read: which command, why, and the first offending line when there is one. */
export interface InspectProblem {
  command: string;
  message: string;
  line?: string;
}

/** A line a parser skipped, kept for the log. */
export interface InspectNote extends ParseNote {
  command: string;
}

export interface DeviceInventory {
  hostname: string;
  /** Model, e.g. `WS-C2960X-48FPD-L`, `ISR4331/K9`; undefined when it could not be read. */
  platform?: string;
  version?: string;
  /** IOS-XE: `17.09.04a`, the form image names use. */
  xeVersion?: string;
  /** As in `show version`'s `System image file is "…"`, e.g. `flash:c2960x-….bin`. */
  image?: string;
  /** IOS-XE: install mode (packages.conf) or bundle mode (a .bin). */
  bootMode?: 'install' | 'bundle';
  /** BOOT variable entries, in the order tried ([] when empty: the box boots the first image in flash); undefined when unknown. */
  bootVariable?: string[];
  fileSystems: InventoryFileSystem[];
  /** The network file systems of `show file systems` (`tftp:`, `http:` …): the copy clients this IOS has; undefined when unread. */
  networkPrefixes?: string[];
  /** The parsed `show version`, when it could be read (stack members, memory, serial …). */
  showVersion?: ShowVersion;
  /** From `show inventory`: the chassis or each stack member, with PID and serial (absent where the command does not exist). */
  chassis?: ChassisIdentity;
  /** IOS-XE in install mode: `show install summary` (packages and their state, the auto-abort timer). */
  installSummary?: ShowInstallSummary;
  /** Facts that could not be read. Empty on a device whose every output was understood. */
  problems: InspectProblem[];
  /** Lines the parsers skipped, for the log. */
  notes: InspectNote[];
}

/** File-system types that hold images; nvram, opaque (system:, null:) and network ones are skipped. */
const storageTypes = new Set(['flash', 'disk']);

type Run = (command: string) => Promise<string>;

/**
 * Reads a device's inventory over its session (privileged EXEC needed for `show file systems`).
 * Throws only for the session itself (lost, timed out, not privileged); an output that cannot be
 * read is a problem in the result.
 */
export async function inspectDevice(session: DeviceSession, opts: { timeoutMs?: number } = {}): Promise<DeviceInventory> {
  const run: Run = (command) => session.run(command, { timeoutMs: opts.timeoutMs ?? 60_000 });
  if (session.facts().mode === 'user') {
    throw new DeviceError(
      'E_PRIVILEGE',
      session.label,
      `${session.label}: inspecting needs privileged EXEC (prompt ${session.facts().prompt}): give the enable secret, or log in as a privilege-15 user`,
    );
  }
  const problems: InspectProblem[] = [];
  const notes: InspectNote[] = [];
  /** `optional`: a command some devices do not have at all — rejecting it is an answer, not a problem. */
  const read = async <T extends { notes: ParseNote[] }>(command: string, parse: (text: string) => T, optional = false): Promise<T | undefined> => {
    try {
      const parsed = parse(await run(command));
      for (const n of parsed.notes) notes.push({ command, ...n });
      return parsed;
    } catch (err) {
      const problem = asProblem(command, err);
      if (!problem) throw err;
      const rejected = err instanceof CommandRejectedError || (err instanceof ParseError && /rejected the command/.test(err.reason));
      if (!(optional && rejected)) problems.push(problem);
      return undefined;
    }
  };

  const version = await read('show version', parseShowVersion);
  if (version) {
    for (const n of version.notes) if (n.kind === 'missing') problems.push({ command: 'show version', message: n.message });
  }
  const bootVariable = await readBootVariable(run, problems, notes);
  const fileSystems: InventoryFileSystem[] = [];
  const table = await read('show file systems', parseShowFileSystems);
  for (const fs of (table?.fileSystems ?? []).filter((f) => storageTypes.has(f.type))) {
    fileSystems.push(await listFileSystem(fs, (command) => read(command, (t) => parseDir(t, fs.name))));
  }
  // Older IOS has no `show inventory`; install mode has `show install summary`, bundle mode not always.
  const inventory = await read('show inventory', parseShowInventory, true);
  const installSummary = version?.osFamily === 'ios-xe' && version.bootMode === 'install' ? await read('show install summary', parseShowInstallSummary, true) : undefined;
  const inv: DeviceInventory = { hostname: version?.hostname ?? session.facts().hostname, fileSystems, problems, notes };
  const chassis = inventory && chassisOf(inventory);
  if (chassis) inv.chassis = chassis;
  if (installSummary) inv.installSummary = installSummary;
  if (version) {
    inv.showVersion = version;
    if (version.platform !== undefined) inv.platform = version.platform;
    if (version.version !== undefined) inv.version = version.version;
    if (version.xeVersion !== undefined) inv.xeVersion = version.xeVersion;
    if (version.imageFile !== undefined) inv.image = version.imageFile;
    if (version.bootMode !== undefined) inv.bootMode = version.bootMode;
  }
  if (bootVariable !== undefined) inv.bootVariable = bootVariable;
  if (table) inv.networkPrefixes = table.fileSystems.filter((f) => f.type === 'network').flatMap((f) => f.prefixes);
  return inv;
}

/** A parse failure or a rejected command becomes a problem; anything else (the session) is not ours to absorb. */
function asProblem(command: string, err: unknown): InspectProblem | undefined {
  if (err instanceof ParseError) return { command, message: err.reason, ...(err.line ? { line: err.line } : {}) };
  if (err instanceof CommandRejectedError) return { command, message: `the device rejected the command: ${err.reason}` };
  return undefined;
}

/**
 * Catalyst switches answer `show boot`; routers `show bootvar` (older ones only that). A command the
 * device rejects is simply the wrong one for it; an output neither parser can read is a problem.
 */
async function readBootVariable(run: Run, problems: InspectProblem[], notes: InspectNote[]): Promise<string[] | undefined> {
  let unreadable: InspectProblem | undefined;
  for (const command of ['show boot', 'show bootvar']) {
    try {
      const boot = parseShowBoot(await run(command));
      for (const n of boot.notes) notes.push({ command, ...n });
      if (boot.bootVariable !== undefined) return boot.bootVariable;
      unreadable ??= { command, message: 'no BOOT variable in the output', ...firstUnparsed(boot.notes) };
    } catch (err) {
      if (err instanceof CommandRejectedError) continue;
      const problem = asProblem(command, err);
      if (!problem) throw err;
      // A rejection shows as a ParseError when the session does not recognise it: try the other command.
      if (err instanceof ParseError && /rejected/.test(err.reason)) continue;
      unreadable ??= problem;
    }
  }
  if (unreadable) problems.push(unreadable);
  else problems.push({ command: 'show boot', message: 'neither show boot nor show bootvar is accepted by this device' });
  return undefined;
}

function firstUnparsed(notes: ParseNote[]): { line?: string } {
  const n = notes.find((x) => x.kind === 'unparsed' && x.line !== undefined);
  return n ? { line: n.line! } : {};
}

async function listFileSystem(fs: FileSystemInfo, readDir: (command: string) => Promise<ReturnType<typeof parseDir> | undefined>): Promise<InventoryFileSystem> {
  const listing = await readDir(`dir ${fs.name}`);
  return {
    name: fs.name,
    aliases: fs.prefixes.filter((p) => p !== fs.name),
    type: fs.type,
    total: listing?.totalBytes ?? fs.totalBytes ?? null,
    free: listing?.freeBytes ?? fs.freeBytes ?? null,
    isDefault: fs.isDefault,
    format: listing?.format ?? null,
    readOnly: listing?.readOnly === true || fs.flags === 'ro',
    files: listing
      ? listing.files.filter((f) => !f.deleted).map((f) => ({ name: f.name, size: f.sizeBytes, date: f.dateIso ?? printedDate(f.date), permissions: f.permissions }))
      : null,
  };
}

/** Class B flash keeps no dates and IOS prints `<no date>` in their place. */
function printedDate(date: string | undefined): string | null {
  return date === undefined || /no date/i.test(date) ? null : date;
}
