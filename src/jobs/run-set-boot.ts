// The step after a copy that is there and verified: make it the boot image and save, only after its
// own confirmation, and only when `verify /md5` agreed — else the outcome says why nothing was sent.
import type { DeviceSession } from '../device';
import type { JobEvent, JobOutcome } from './job-events';
import type { JobLog } from './job-log';
import { SetBootError, setBootImage, type SetBootPlan } from './set-boot';

/** An outcome with the image on the device: copied, or already there with the right MD5. */
export type Done = Extract<JobOutcome, { status: 'succeeded' | 'skipped' }>;

export async function setBootAfter(
  done: Done,
  verified: boolean,
  c: { plan: SetBootPlan; session: DeviceSession; hostname: string; log: JobLog; emit: (e: JobEvent) => void; signal?: AbortSignal; confirm?: (plan: SetBootPlan) => Promise<boolean> },
): Promise<JobOutcome> {
  const { plan, hostname, log } = c;
  const { commands } = plan;
  if (!verified) {
    log.add('note', `set-boot not done: ${plan.target} could not be hash-verified on ${hostname}`);
    return { ...done, message: `${done.message}. The boot image was NOT changed: the copy could not be hash-verified.`, afterwards: { setBoot: 'not-verified', target: plan.target, commands } };
  }
  if (c.signal?.aborted) return { status: 'cancelled', message: `${done.message}; cancelled before the boot image was set (boot variable unchanged)` };
  if (c.confirm && !(await c.confirm(plan))) {
    log.add('note', `set-boot declined: the boot variable of ${hostname} was left as it was`);
    return { ...done, message: `${done.message}. The boot image was left as it was (not confirmed).`, afterwards: { setBoot: 'declined', target: plan.target, commands } };
  }
  c.emit({ type: 'phase', phase: 'setting-boot' });
  log.add('note', `setting the boot image of ${hostname} to ${plan.target}${plan.fallback ? `, ${plan.fallback} as fallback` : ''}, and saving`);
  try {
    await setBootImage(c.session, hostname, commands, log);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      status: 'failed',
      message: `${done.message}, but setting the boot image failed: ${why}${err instanceof SetBootError ? '' : ". The boot variable may be partly changed: check 'show boot' before any reload."}`,
    };
  }
  return { ...done, message: `${done.message}. ${hostname} boots ${plan.target} next${plan.fallback ? ` (then ${plan.fallback})` : ''}; configuration saved.`, afterwards: { setBoot: 'done', target: plan.target, commands } };
}
