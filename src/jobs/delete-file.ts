// Deleting a file from a device's flash: IOS asks `Delete filename [x]?` and `Delete flash:/x?
// [confirm]`; both are answered by rules named 'delete' that accept only the planned file. The
// running or boot image is never deleted without the explicit 'delete-running-image' confirmation.
import { confirmRule, type DeviceSession, type DialogueRule, DialogueRefusedError, enter, Refuse } from '../device';
import { type DeviceSnapshot, imageRoles, splitDevicePath, unknownBecause } from './device-snapshot';
import type { JobOutcome } from './job-events';
import type { JobLog } from './job-log';
import type { CheckResult, Confirmation } from './preflight/check';

/**
 * Why deleting `path` is dangerous on this device, if it is: it is the running image or named in the
 * boot variable — or the device did not say, in which case it is treated as possibly either.
 */
export function deleteCheck(device: Pick<DeviceSnapshot, 'hostname' | 'runningImage' | 'bootVariable' | 'fileSystems' | 'unknown'>, path: string): CheckResult {
  const { fileSystem, name } = splitDevicePath(path);
  const target = `${fileSystem}${name}`;
  const { running, boot } = imageRoles(device, fileSystem, name);
  const unknownRunning = device.runningImage === undefined ? (unknownBecause(device, /^running image$/) ?? 'unknown: the device did not say which image it runs') : undefined;
  const unknownBoot = boot === undefined ? (unknownBecause(device, /^boot variable$/) ?? 'unknown: the boot variable could not be read') : undefined;
  if (!running && boot === false && !unknownRunning) return { id: 'delete-target', title: 'File to delete', status: 'ok', summary: `${target} is neither the running image nor in the boot variable.`, facts: [] };
  if (!running && !boot) {
    return {
      id: 'delete-target',
      title: 'File to delete',
      status: 'blocking',
      summary: `Whether ${target} is the image ${device.hostname} runs or boots is not known.`,
      facts: [unknownRunning, unknownBoot].filter((f): f is string => f !== undefined),
      remedy: 'Refresh the device and check `show version` and `show boot` yourself; delete only with console access at hand, or confirm that this file is neither.',
      confirmation: 'delete-running-image',
    };
  }
  return {
    id: 'delete-target',
    title: 'File to delete',
    status: 'blocking',
    summary: `${target} is ${running ? 'the image ' + device.hostname + ' is running' : ''}${running && boot ? ' and ' : ''}${boot ? 'named in the boot variable' : ''}.`,
    facts: [running ? `running image: ${device.runningImage}` : undefined, boot ? `boot variable: ${device.bootVariable?.join('; ')}` : undefined].filter((f): f is string => f !== undefined),
    remedy: 'Deleting it leaves the device without that image at the next reload: it may not boot without console access. Point the boot variable at another verified image first.',
    confirmation: 'delete-running-image',
  };
}

export function deleteRules(path: string): DialogueRule[] {
  const { fileSystem, name } = splitDevicePath(path);
  const same = (asked: string) => asked.replace(/^[^:]+:\/*/, '').replace(/^\/+/, '') === name;
  return [
    {
      name: 'delete',
      prompt: /Delete filename \[([^\]\n]*)\]\? ?$/i,
      // IOS proposes the file named in the command; Enter accepts exactly that name, anything else is refused.
      answer: (ctx) => (same(ctx.match[1]) ? enter : new Refuse(`the device proposed to delete '${ctx.match[1]}', not ${fileSystem}${name}`)),
      continue: true,
    },
    confirmRule('delete', /Delete (\S+)\? ?\[confirm\] ?$/i, (ctx) => (same(ctx.match[1]) ? true : new Refuse(`the device asked to delete '${ctx.match[1]}', not ${fileSystem}${name}`))),
  ];
}

export async function deleteFile(
  session: DeviceSession,
  device: Pick<DeviceSnapshot, 'hostname' | 'runningImage' | 'bootVariable' | 'fileSystems' | 'unknown'>,
  path: string,
  opts: { confirmations?: Iterable<Confirmation>; log?: JobLog } = {},
): Promise<{ outcome: JobOutcome; check: CheckResult }> {
  const check = deleteCheck(device, path);
  const confirmed = new Set(opts.confirmations ?? []);
  if (check.status === 'blocking' && !confirmed.has('delete-running-image')) return { outcome: { status: 'blocked', message: check.summary, checks: [check] }, check };
  const { fileSystem, name } = splitDevicePath(path);
  const target = `${fileSystem}${name}`;
  const command = `delete ${target}`;
  opts.log?.add('sent', command);
  try {
    const out = await session.run(command, { rules: deleteRules(target), timeoutMs: 120_000 });
    if (out.trim()) opts.log?.add('received', out.trim());
    const error = /^%\s*Error.*$/im.exec(out);
    if (error) return { outcome: { status: 'failed', message: `${device.hostname}: ${error[0].trim()}` }, check };
    return { outcome: { status: 'succeeded', bytes: 0, md5: '', seconds: 0, verified: false, message: `${target} deleted from ${device.hostname}` }, check };
  } catch (err) {
    if (err instanceof DialogueRefusedError) return { outcome: { status: 'failed', message: `${device.hostname}: not deleted — ${err.message}` }, check };
    throw err;
  }
}
