// Setting the boot image: the exact configuration lines are computed first (so the UI can show
// them and ask), then sent, then `write memory`. The image that runs now stays as a fallback entry
// when it is a different file, so a bad new image does not leave the device with nothing to boot.
import type { DeviceSession } from '../device';
import { normalizeDevicePath } from './device-snapshot';
import type { JobLog } from './job-log';

export function bootCommands(image: string, runningImage?: string): string[] {
  const target = normalizeDevicePath(image);
  const fallback = runningImage && normalizeDevicePath(runningImage) !== target ? normalizeDevicePath(runningImage) : undefined;
  return ['configure terminal', 'no boot system', `boot system ${target}`, ...(fallback ? [`boot system ${fallback}`] : []), 'end', 'write memory'];
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
