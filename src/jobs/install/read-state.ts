// Reads what the install job plans from: the device snapshot every copy job starts from, `show
// version` (install or bundle mode, the stack's members with their versions and modes), `show install
// summary` (what is committed, uncommitted, inactive, and a running auto-abort timer), and — only when
// the plan asks, because space is short — what `install remove inactive` would delete, read from the
// device's own list by answering its question `n`.
import { CommandRejectedError, type DeviceSession, parseInstallOutput, parseShowInstallSummary, parseShowVersion, type ShowVersion } from '../../device';
import { defaultFileSystem, type DeviceSnapshot, fileSystemOf } from '../device-snapshot';
import { gatherSnapshot } from '../gather';
import type { JobLog } from '../job-log';
import { runInstallCommand } from './dialogue';
import type { InstallMember, InstallSnapshot } from './types';

/** The members that install and reload: each stack member with its own flash, else the box itself. */
export function membersOf(device: DeviceSnapshot, version: ShowVersion): InstallMember[] {
  const mode = (m: 'INSTALL' | 'BUNDLE' | undefined) => (m === 'INSTALL' ? 'install' : m === 'BUNDLE' ? 'bundle' : undefined);
  if (version.stack && version.stack.length > 0) {
    return version.stack.map((s) => {
      const fs = fileSystemOf(device, `flash-${s.switchNumber}:`) ?? (s.switchNumber === 1 ? fileSystemOf(device, 'flash:') : undefined);
      const m: InstallMember = { name: `Switch ${s.switchNumber}`, switchNumber: s.switchNumber, model: s.model, version: s.swVersion };
      const md = mode(s.mode);
      if (md) m.mode = md;
      if (fs) m.fileSystem = fs;
      return m;
    });
  }
  const fs = installFileSystem(device);
  const m: InstallMember = { name: 'R0' };
  if (version.platform) m.model = version.platform;
  if (version.xeVersion ?? version.version) m.version = version.xeVersion ?? version.version;
  if (version.bootMode) m.mode = version.bootMode;
  if (fs) m.fileSystem = fs;
  return [m];
}

/** Where the installer works: `bootflash:` on routers, `flash:` on switches (the default file system either way). */
export function installFileSystem(device: DeviceSnapshot) {
  return fileSystemOf(device, 'bootflash:') ?? fileSystemOf(device, 'flash:') ?? defaultFileSystem(device);
}

export async function readInstallState(session: DeviceSession, loginUser: string, log: JobLog): Promise<InstallSnapshot> {
  const device = await gatherSnapshot(session, loginUser);
  log.add('sent', 'show version');
  const version = parseShowVersion(await session.run('show version', { timeoutMs: 60_000 }));
  const snapshot: InstallSnapshot = { device, version, members: membersOf(device, version) };
  if (version.bootMode) snapshot.mode = version.bootMode;
  const fs = installFileSystem(device);
  if (fs) snapshot.installFs = fs;
  log.add('sent', 'show install summary');
  try {
    const text = await session.run('show install summary', { timeoutMs: 60_000 });
    log.add('received', text.trim());
    snapshot.summary = parseShowInstallSummary(text);
  } catch (err) {
    if (!(err instanceof CommandRejectedError) && !(err instanceof Error && err.name === 'ParseError')) throw err;
    snapshot.summaryProblem = err.message;
  }
  return snapshot;
}

/** `install remove inactive` answered `n`: the device's own list of what it would delete and keep. */
export async function readRemovable(session: DeviceSession, log: JobLog): Promise<NonNullable<InstallSnapshot['removable']>> {
  try {
    const r = await runInstallCommand(session, 'install remove inactive', { removeFiles: false }, { log });
    const removal = r.output.removal ?? parseInstallOutput(r.text).removal;
    return { remove: removal?.remove ?? [], keep: removal?.keep ?? [] };
  } catch (err) {
    return { remove: [], keep: [], problem: err instanceof Error ? err.message : String(err) };
  }
}
