// A copy through the Flash Load Helper, from the job's side: the SSH session drops as the device
// reloads into its boot ROM image; the job waits (with a deadline), reconnects — the same host key
// only — reads what the boot image printed (`more flh:logfile`) and what the device runs and holds
// now (`show version`, `show flash`), for push.ts to judge the copy by name and size.
import { CommandRejectedError, DeviceError, type DeviceSession } from '../device';
import { type DeviceFile, type DeviceSnapshot, fileSystemOf } from './device-snapshot';
import { gatherSnapshot } from './gather';
import type { JobLog } from './job-log';

export interface ReloadTiming {
  /** From the session drop until the job gives up on the device. */
  timeoutMs: number;
  /** Between connection attempts. */
  retryMs: number;
  /** Before the first attempt: IOS takes a few seconds to stop after it announces the reload. */
  firstTryMs: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Default: two reloads of an old router (a minute or two each) plus the copy at the slowest rate a
 * job accepts. A shorter deadline tries more often (every twentieth of it, 1–10 s).
 */
export function reloadTiming(sizeBytes: number, given: Partial<ReloadTiming> = {}): ReloadTiming {
  const timeoutMs = given.timeoutMs ?? 15 * 60_000 + Math.ceil(sizeBytes / 50_000) * 1000;
  return {
    timeoutMs,
    retryMs: given.retryMs ?? clamp(timeoutMs / 20, 1_000, 10_000),
    firstTryMs: given.firstTryMs ?? clamp(timeoutMs / 10, 1_000, 15_000),
  };
}

/** The device did not answer SSH again within the deadline. */
export class DeviceNotBackError extends Error {
  readonly code = 'E_NOT_BACK';
  constructor(
    readonly device: string,
    readonly waitedMs: number,
    readonly attempts: number,
    readonly lastError: string | undefined,
  ) {
    super(`${device} did not answer SSH again within ${Math.round(waitedMs / 1000)} s (${attempts} attempts${lastError ? `; last: ${lastError}` : ''})`);
    this.name = new.target.name;
  }
}

/** The device came back with another host key than the session that started the copy. */
export class HostKeyDifferentError extends Error {
  readonly code = 'E_HOST_KEY_DIFFERENT';
  constructor(
    readonly device: string,
    readonly before: string,
    readonly after: string,
  ) {
    super(`${device} came back with host key ${after}, not ${before} as before the reload: refusing to go on (a replaced device, or someone in the middle)`);
    this.name = new.target.name;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Errors after which trying again cannot help: a key or login problem, not a device still booting. */
const fatal = new Set(['E_HOST_KEY_CHANGED', 'E_HOST_KEY_UNKNOWN', 'E_AUTH', 'E_ENABLE']);

/**
 * Tries `reconnect` until the device answers, or the deadline passes (DeviceNotBackError). The new
 * session must present `hostKeyFingerprint`, the key of the session that started the copy.
 */
export async function waitForDevice(o: {
  device: string;
  reconnect: () => Promise<DeviceSession>;
  hostKeyFingerprint: string;
  timing: ReloadTiming;
  signal?: AbortSignal;
  log: JobLog;
}): Promise<DeviceSession> {
  const started = Date.now();
  const deadline = started + o.timing.timeoutMs;
  await sleep(Math.min(o.timing.firstTryMs, o.timing.timeoutMs), o.signal);
  let attempts = 0;
  let lastError: string | undefined;
  for (;;) {
    attempts++;
    try {
      const session = await o.reconnect();
      const now = session.facts().hostKey.fingerprint;
      if (now !== o.hostKeyFingerprint) {
        session.close();
        throw new HostKeyDifferentError(o.device, o.hostKeyFingerprint, now);
      }
      o.log.add('note', `${o.device} answers SSH again after ${Math.round((Date.now() - started) / 1000)} s (attempt ${attempts}), host key ${now} as before`);
      return session;
    } catch (err) {
      if (err instanceof HostKeyDifferentError || (err instanceof DeviceError && fatal.has(err.code))) throw err;
      if (o.signal?.aborted) throw o.signal.reason;
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() + o.timing.retryMs > deadline) throw new DeviceNotBackError(o.device, Date.now() - started, attempts, lastError);
    await sleep(o.timing.retryMs, o.signal);
  }
}

export interface DeviceAfterReload {
  snapshot: DeviceSnapshot;
  /** The copied file as `show flash`/`dir` lists it now, if it is there. */
  file?: DeviceFile;
  /** What the boot image printed (`more flh:logfile`), when the IOS has that command. */
  flhLog?: string;
  /** The boot image said the copy failed (`%FLH: Flash download failed`). */
  flhFailed: boolean;
}

/** Reads what the device runs and holds after the Flash Load Helper's second reload. */
export async function readDeviceAfterReload(session: DeviceSession, before: DeviceSnapshot, fileSystem: string, name: string, log: JobLog, onOutput?: (text: string) => void): Promise<DeviceAfterReload> {
  let flhLog: string | undefined;
  log.add('sent', 'more flh:logfile');
  try {
    flhLog = await session.run('more flh:logfile', { timeoutMs: 30_000 });
    log.add('received', flhLog.trimEnd());
    onOutput?.(flhLog);
  } catch (err) {
    // IOS before 11.3AA has no FLH log; the result is still judged by what the device holds.
    if (!(err instanceof CommandRejectedError)) throw err;
    log.add('note', `no FLH log on ${before.hostname}: ${err.message}`);
  }
  const snapshot = await gatherSnapshot(session, before.loginUser);
  const fs = fileSystemOf(snapshot, fileSystem);
  const file = fs?.files?.find((f) => f.name === name && !f.isDirectory);
  return { snapshot, ...(file ? { file } : {}), ...(flhLog !== undefined ? { flhLog } : {}), flhFailed: /%FLH: Flash download failed/.test(flhLog ?? '') };
}

const duration = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** Why the job stopped waiting, and what the device is most likely left with. */
export function notBackMessage(host: string, fileSystem: string, err: unknown): string {
  const why =
    err instanceof DeviceNotBackError
      ? `${host} did not come back within ${duration(err.waitedMs)} after the Flash Load Helper reload (${err.attempts} attempts${err.lastError ? `; last: ${err.lastError}` : ''})`
      : err instanceof Error
        ? err.message
        : String(err);
  return `${why}. The boot ROM image erases ${fileSystem} before it copies: if its copy failed, ${host} sits in its boot image (prompt "${host}(boot)>", no SSH) with nothing to boot. Connect to its console and copy the image again from there (copy tftp flash), or by xmodem from ROM monitor.`;
}

/** What is wrong with the device after the reload, judged by name and size; undefined when nothing is. */
export function problemAfterReload(after: DeviceAfterReload, c: { host: string; target: string; fileSystem: string; sizeBytes: number; runsNew: boolean }): string | undefined {
  if (!after.file) {
    const listed = fileSystemOf(after.snapshot, c.fileSystem)?.files;
    const holds = listed === undefined ? 'unknown (its listing could not be read)' : listed.map((f) => f.name).join(', ') || 'nothing';
    return `${c.host} came back running ${after.snapshot.runningImage ?? 'an unnamed image'}, but ${c.target} is not in ${c.fileSystem}${after.flhFailed ? ' (its boot image reported "Flash download failed")' : ''}. ${c.fileSystem} now holds: ${holds}.`;
  }
  if (after.file.sizeBytes !== c.sizeBytes) {
    return `${c.host} holds ${c.target} with ${after.file.sizeBytes} bytes, the image has ${c.sizeBytes}: the copy is incomplete.${c.runsNew ? ` ${c.host} runs it now — reload it only after copying the image again.` : ''}`;
  }
  return undefined;
}
