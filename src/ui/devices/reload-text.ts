// What "Reload into New Image…" says in VS Code: the confirmation's detail (from → to, fallback,
// outage, what happens to unsaved changes) and the notice at the end — a fallback boot is an error
// the person cannot miss, a decline or a block is not a failure. Pure, for tests.
import type { ReloadPlan, ReloadResult } from '../../jobs';

export const reloadButton = 'Reload';
export const saveAndReloadButton = 'Save Configuration and Reload';

export function reloadConfirmationDetail(plan: ReloadPlan): string {
  return [
    `Running now: ${plan.from ?? 'unknown'}`,
    `Boots next: ${plan.to}`,
    `Fallback entry: ${plan.fallback ?? 'none — if the new image does not load, the device may stop in ROMMON (console needed)'}`,
    '',
    `Outage: ${plan.outage}. The job waits for SSH to answer again with the same host key, then reads show version to tell which image booted.`,
    '',
    ...plan.checks.filter((c) => c.status === 'warning').map((c) => `Warning: ${c.summary}`),
    `Unsaved configuration: "${saveAndReloadButton}" answers yes if IOS asks to save it; "${reloadButton}" stops without reloading if IOS asks.`,
  ].join('\n');
}

export interface ReloadNotice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

export function reloadNotice(device: string, r: ReloadResult): ReloadNotice {
  const text = `${device}: ${r.outcome.message}`;
  switch (r.result) {
    case 'booted-new':
    case 'declined':
    case 'cancelled':
      return { severity: 'info', text };
    case 'blocked':
    case 'unsaved-config':
      return { severity: 'warning', text };
    default:
      return { severity: 'error', text };
  }
}
