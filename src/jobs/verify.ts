// `verify /md5` on the device, with a timeout that scales with the file: some platforms hash at
// under 4 MB/s, so a 1 GB image can take minutes. Output (the line of dots) is streamed.
import { CommandRejectedError, type DeviceSession, parseVerifyMd5 } from '../device';
import type { JobLog } from './job-log';

/** Hash rate assumed for the timeout: below what the slowest platforms do. */
const slowestHashBytesPerSecond = 1_000_000;

export function verifyTimeoutMs(sizeBytes: number): number {
  return 60_000 + Math.ceil((sizeBytes / slowestHashBytesPerSecond) * 1000);
}

/**
 * The device's MD5 of a file, or `undefined` when this IOS has no `verify /md5` (older than
 * 12.2(4)T rejects it with the `^` marker): the caller then reports the copy as unverified.
 */
export async function verifyOnDevice(session: DeviceSession, path: string, sizeBytes: number, opts: { log?: JobLog; onOutput?: (text: string) => void } = {}): Promise<{ md5?: string }> {
  const command = `verify /md5 ${path}`;
  opts.log?.add('sent', command);
  try {
    const out = await session.run(command, { timeoutMs: verifyTimeoutMs(sizeBytes), ...(opts.onOutput ? { onOutput: opts.onOutput } : {}) });
    opts.log?.add('received', out.trim());
    return { md5: parseVerifyMd5(out).md5 };
  } catch (err) {
    if (!(err instanceof CommandRejectedError)) throw err;
    opts.log?.add('note', `${path}: this IOS has no verify /md5 (${err.message})`);
    return {};
  }
}
