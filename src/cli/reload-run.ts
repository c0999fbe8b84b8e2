// What `push --set-boot --reload` and `reload` share: the reload's own confirmation (the plan printed,
// then the hostname typed on a terminal, or --yes-reload), the job run with the printer, and the exit
// status — 0 when the new image booted, 3 when the device came back on its fallback entry (reported),
// 1 otherwise (as push: nothing done, blocked or failed).
import type { DeviceSession } from '../device';
import { type DeviceSnapshot, type ReloadPlan, type ReloadResult, reloadIntoImage, type ReloadPlanRequest } from '../jobs';
import type { CliIo } from './io';
import type { JobProgressPrinter } from './job-progress';
import { confirmByHostname } from './typed-hostname';

export const reloadExitCode = (r: ReloadResult): number => (r.result === 'booted-new' ? 0 : r.result === 'booted-fallback' ? 3 : 1);

function describePlan(plan: ReloadPlan): string {
  return [
    `Reload ${plan.hostname} into ${plan.to}:`,
    `  running now:  ${plan.from ?? 'unknown'}`,
    `  boots next:   ${plan.to}`,
    `  fallback:     ${plan.fallback ?? 'none (if the new image does not load, the device may stop in ROMMON)'}`,
    `  outage:       ${plan.outage}`,
    `  unsaved configuration: ${plan.saveConfig ? 'saved if IOS asks (allowed with --save-config)' : 'if IOS asks, the job stops without reloading (allow saving with --save-config)'}`,
    '',
  ].join('\n');
}

/**
 * The reload's confirmation: printed always; --yes-reload confirms; a person at a terminal types the
 * hostname; without a terminal and without --yes-reload nothing is reloaded.
 */
export function confirmReload(io: CliIo, plan: ReloadPlan, preConfirmed: boolean, json: boolean): Promise<boolean> {
  return confirmByHostname(io, {
    hostname: plan.hostname,
    text: describePlan(plan),
    preConfirmed,
    json,
    question: `Type the hostname (${plan.hostname}) to reload it now, anything else to stop: `,
    refusal: 'Not reloaded: without a terminal to type the hostname at, --yes-reload is the confirmation.\n',
  });
}

export interface CliReload extends ReloadPlanRequest {
  io: CliIo;
  json: boolean;
  yesReload: boolean;
  reconnect: () => Promise<DeviceSession>;
  md5OnDevice?: string;
  signal: AbortSignal;
  printer?: JobProgressPrinter;
}

export function runCliReload(session: DeviceSession, snapshot: DeviceSnapshot, c: CliReload): Promise<ReloadResult> {
  return reloadIntoImage(session, snapshot, {
    ...(c.image ? { image: c.image } : {}),
    ...(c.expectedMd5 ? { expectedMd5: c.expectedMd5 } : {}),
    ...(c.md5OnDevice ? { md5OnDevice: c.md5OnDevice } : {}),
    ...(c.saveConfig ? { saveConfig: true } : {}),
    ...(c.timing ? { timing: c.timing } : {}),
    confirm: (plan) => confirmReload(c.io, plan, c.yesReload, c.json),
    reconnect: c.reconnect,
    signal: c.signal,
    onEvent: (e) => c.printer?.handle(e),
  });
}

/** The reload's part of a --json report. */
export function reloadJson(r: ReloadResult): object {
  return { result: r.result, outcome: r.outcome, checks: r.checks, ...(r.booted ? { booted: r.booted } : {}) };
}
