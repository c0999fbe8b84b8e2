// Configuration a job changes on a device for one copy (e.g. `ip tftp blocksize`) is recorded and
// put back afterwards, whatever happens — the job never leaves its settings behind.
import type { DeviceSession } from '../device';
import type { JobEvent } from './job-events';
import type { JobLog } from './job-log';

export interface ConfigChange {
  set: string;
  restore: string;
}

async function configure(session: DeviceSession, lines: string[], log: JobLog): Promise<void> {
  for (const line of ['configure terminal', ...lines, 'end']) {
    log.add('sent', line);
    const out = await session.run(line, { timeoutMs: 30_000 });
    if (out.trim()) log.add('received', out.trim());
  }
}

export async function withTemporaryConfig<T>(session: DeviceSession, changes: ConfigChange[], log: JobLog, emit: (e: JobEvent) => void, work: () => Promise<T>): Promise<T> {
  if (changes.length === 0) return work();
  emit({ type: 'phase', phase: 'configuring' });
  await configure(session, changes.map((c) => c.set), log);
  try {
    return await work();
  } finally {
    emit({ type: 'phase', phase: 'restoring' });
    try {
      await configure(session, changes.map((c) => c.restore).reverse(), log);
    } catch (err) {
      // Say loudly what is left behind; the job's own outcome is reported separately.
      log.add('note', `COULD NOT RESTORE the configuration (${changes.map((c) => c.restore).join('; ')}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
