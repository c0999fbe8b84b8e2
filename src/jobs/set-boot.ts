// Setting the boot image: the exact configuration lines are computed first (so the UI can show
// them and ask), then sent, then `write memory`. The image that runs now stays as a fallback entry
// when it is a different file, so a bad new image does not leave the device with nothing to boot —
// in the syntax the platform needs (boot-syntax.ts: a line per image on routers, one line on switches).
import type { DeviceSession } from '../device';
import { type BootSyntax, bootSyntax, bootSystemLines } from './boot-syntax';
import { type DeviceFileSystem, type DeviceSnapshot, devicePathOn, fileSystemOf, normalizeDevicePath, splitDevicePath, unknownBecause } from './device-snapshot';
import type { JobLog } from './job-log';
import type { SetBootPlan } from './preflight/set-boot';

export type { SetBootPlan } from './preflight/set-boot';

export function bootCommands(image: string, runningImage?: string, syntax: BootSyntax = 'router'): string[] {
  const target = normalizeDevicePath(image);
  const fallback = runningImage && normalizeDevicePath(runningImage) !== target ? normalizeDevicePath(runningImage) : undefined;
  return ['configure terminal', ...bootSystemLines(fallback ? [target, fallback] : [target], syntax), 'end', 'write memory'];
}

/**
 * The boot commands for a new image copied to `fs`. The running image stays as the fallback entry
 * unless the copy erases it (Class B / run-from-flash / the user chose to erase) or it is gone.
 */
export function planSetBoot(device: DeviceSnapshot, fs: DeviceFileSystem, name: string, erases: boolean): SetBootPlan {
  const target = normalizeDevicePath(`${fs.name}${name}`);
  const running = device.runningImage ? normalizeDevicePath(device.runningImage) : undefined;
  const syntax = bootSyntax(device.platform ?? '', device.fileSystems.map((f) => f.name));
  const without = (noFallbackBecause: string): SetBootPlan => ({ target, commands: bootCommands(target, undefined, syntax), syntax, noFallbackBecause });
  if (!running) return without(`${device.hostname} did not say which image it runs, so no fallback entry is kept`);
  // Routers add a line per entry, Catalyst switches replace the list with each line: with the model
  // unknown, a second line could replace the new image with the old one, so only the new one is set.
  if (device.platform === undefined) return without(`${unknownBecause(device, /^platform$/) ?? 'the model is unknown'}: the boot syntax for a fallback entry depends on it, so only the new image is set`);
  // `bootflash:x` and `flash:x` are one file where `show file systems` lists both prefixes on one row.
  if (devicePathOn(device, running) === devicePathOn(device, target)) return without(`the new image replaces the running one of the same name (${running})`);
  const where = splitDevicePath(running);
  const runningFs = fileSystemOf(device, where.fileSystem);
  if (erases && devicePathOn(device, where.fileSystem) === devicePathOn(device, fs.name)) return without(`the running image ${running} is erased by this copy, so it cannot be a fallback`);
  // An unreadable listing keeps the fallback: IOS skips a boot entry whose file is gone.
  if (runningFs?.files && !runningFs.files.some((f) => f.name === where.name)) return without(`the running image ${running} is no longer in ${runningFs.name}, so it cannot be a fallback`);
  return { target, commands: bootCommands(target, running, syntax), syntax, fallback: running };
}

export class SetBootError extends Error {
  readonly code = 'E_SET_BOOT';
  constructor(
    readonly device: string,
    readonly command: string,
    readonly output: string,
  ) {
    super(`${device} rejected '${command}': ${output.trim().split('\n').at(-1) ?? ''}. The boot variable may be partly changed: check 'show boot' before any reload.`);
    this.name = new.target.name;
  }
}

/** Sends `bootCommands` one line at a time; stops at the first line IOS rejects (`%` error). */
export async function setBootImage(session: DeviceSession, hostname: string, commands: string[], log?: JobLog): Promise<string> {
  let all = '';
  for (const line of commands) {
    log?.add('sent', line);
    const out = await session.run(line, { timeoutMs: line === 'write memory' ? 120_000 : 30_000 });
    if (out.trim()) log?.add('received', out.trim());
    all += out;
    if (/^%\s*(Invalid|Error|Incomplete|Ambiguous)/im.test(out)) throw new SetBootError(hostname, line, out);
  }
  return all;
}
