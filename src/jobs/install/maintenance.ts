// The install-mode commands a person runs on their own, each after its confirmation: `install remove
// inactive` (the device's own list shown first: the question answered `n`, then `y` only if the
// person agrees), `install commit` (makes an activation permanent, stops the auto-abort timer),
// `install abort` and `install rollback to …` (both reload the device into the previous version; the
// job waits for it and says what it runs — except a rollback to the running image, which IOS-XE does
// without a reload).
import type { DeviceSession, InstallOutput, RemovalFile } from '../../device';
import { parseShowVersion } from '../../device';
import { waitForDevice } from '../flash-load-helper';
import { JobLog } from '../job-log';
import { runInstallCommand } from './dialogue';
import { installReloadTiming } from './run';
import type { InstallListener } from './types';

export interface MaintenanceOutcome {
  status: 'succeeded' | 'declined' | 'failed' | 'nothing-to-do';
  message: string;
  output?: InstallOutput;
  /** After abort/rollback: the version the device came back on. */
  version?: string;
}

interface Common {
  hostname: string;
  onEvent?: InstallListener;
}

const emitter = (o: Common) => {
  const log = new JobLog((l) => o.onEvent?.({ type: 'log', text: `${l.kind === 'sent' ? '> ' : ''}${l.text}` }));
  return { log, onEvent: (e: Parameters<NonNullable<Parameters<typeof runInstallCommand>[3]['onEvent']>>[0]) => o.onEvent?.({ type: 'install', event: e }) };
};

const failedWith = (what: string, out: InstallOutput): MaintenanceOutcome => ({ status: 'failed', message: `${what} failed: ${out.failure?.line ?? out.result ?? 'no result line'}`, output: out });

/** `install remove inactive`: lists, asks `confirm(list)`, and deletes only what the device listed. */
export async function removeInactive(session: DeviceSession, o: Common & { confirm: (remove: RemovalFile[], keep: RemovalFile[]) => Promise<boolean> }): Promise<MaintenanceOutcome> {
  const { log, onEvent } = emitter(o);
  const listing = await runInstallCommand(session, 'install remove inactive', { removeFiles: false }, { log, onEvent });
  if (listing.output.failure) return failedWith('install remove inactive', listing.output);
  const remove = listing.output.removal?.remove ?? [];
  if (remove.length === 0) return { status: 'nothing-to-do', message: `${o.hostname} has no inactive package files to remove`, output: listing.output };
  if (!(await o.confirm(remove, listing.output.removal?.keep ?? []))) return { status: 'declined', message: `nothing was removed from ${o.hostname}`, output: listing.output };
  const r = await runInstallCommand(session, 'install remove inactive', { removeFiles: true }, { log, onEvent });
  if (r.output.failure || r.output.outcome !== 'succeeded') return failedWith('install remove inactive', r.output);
  const deleted = r.output.removal?.deleted ?? [];
  return { status: 'succeeded', message: `${o.hostname}: ${deleted.length} inactive file(s) removed${deleted.length ? ` (${deleted.join(', ')})` : ''}`, output: r.output };
}

/** `install commit`, after `confirm()`. */
export async function commitInstall(session: DeviceSession, o: Common & { confirm: () => Promise<boolean> }): Promise<MaintenanceOutcome> {
  if (!(await o.confirm())) return { status: 'declined', message: `nothing was committed on ${o.hostname}` };
  const { log, onEvent } = emitter(o);
  const r = await runInstallCommand(session, 'install commit', {}, { log, onEvent });
  if (r.output.failure || r.output.outcome !== 'succeeded') return failedWith('install commit', r.output);
  return { status: 'succeeded', message: `${o.hostname}: the activation is committed; the auto-abort timer is stopped`, output: r.output };
}

export type RollbackTarget = { to: 'base' } | { to: 'committed' } | { to: 'id'; id: number };

/**
 * `install abort` (undo an uncommitted activation) or `install rollback to …`: both reload. The reload
 * question is answered only after `confirm()`; the job then waits for the device (same host key) and
 * reads the version it came back on.
 */
export async function reloadingInstallCommand(
  session: DeviceSession,
  o: Common & { kind: 'abort' } | (Common & { kind: 'rollback'; target: RollbackTarget }),
  c: { confirm: () => Promise<boolean>; reconnect?: () => Promise<DeviceSession>; reloadTimeoutMs?: number; signal?: AbortSignal },
): Promise<MaintenanceOutcome & { session?: DeviceSession }> {
  const command = o.kind === 'abort' ? 'install abort' : `install rollback to ${o.target.to === 'id' ? `id ${o.target.id}` : o.target.to}`;
  if (!(await c.confirm())) return { status: 'declined', message: `'${command}' was not confirmed: nothing was sent to ${o.hostname}` };
  const { log, onEvent } = emitter(o);
  const hostKey = session.facts().hostKey.fingerprint;
  const r = await runInstallCommand(session, command, { reload: true }, { log, onEvent });
  if (!r.reloaded) {
    if (r.output.failure) return failedWith(command, r.output);
    // A rollback to the image that runs changes SMUs only: IOS-XE does it without a reload (fixture 09).
    if (o.kind === 'rollback' && r.output.outcome === 'succeeded') return { status: 'succeeded', message: `${o.hostname}: '${command}' succeeded without a reload (the rollback point runs the same image)`, output: r.output };
    return { status: 'failed', message: `${o.hostname} did not reload after '${command}'`, output: r.output };
  }
  session.close();
  if (!c.reconnect) return { status: 'succeeded', message: `${o.hostname} reloads after '${command}'`, output: r.output };
  const back = await waitForDevice({ device: o.hostname, reconnect: c.reconnect, hostKeyFingerprint: hostKey, timing: installReloadTiming(c.reloadTimeoutMs), ...(c.signal ? { signal: c.signal } : {}), log });
  const v = parseShowVersion(await back.run('show version', { timeoutMs: 60_000 }));
  const version = v.xeVersion ?? v.version;
  return { status: 'succeeded', message: `${o.hostname} is back after '${command}', running ${version ?? 'an unknown version'}`, output: r.output, ...(version ? { version } : {}), session: back };
}
